#!/usr/bin/env bats
# The parsers, at the byte level: every system's structures, laid out as
# that system lays them out, correct and truncated (tests/unit.c).
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031

load helper

UNIT=${UNIT:-$TOP/tests/unit}

@test "NetBSD sockcred: pid, ids and the whole group list; truncation refused" {
	run -0 "$UNIT" sockcred-netbsd
	assert_output ""
}

@test "FreeBSD sockcred: no pid, a list of 16 marked as cut; the egid led the list before 15, not since" {
	run -0 "$UNIT" sockcred-freebsd
	assert_output ""
}

@test "FreeBSD sockcred2: every field, in FreeBSD 14's layout and 15's; unknown version and truncation refused" {
	run -0 "$UNIT" sockcred2
	assert_output ""
}

@test "FreeBSD cmsgcred: egid is the first group, the rest supplementary; 17 groups refused" {
	run -0 "$UNIT" cmsgcred
	assert_output ""
}

@test "xucred: cr_groups[0] the egid, FreeBSD 13's pid, macOS's short form, bad versions refused" {
	run -0 "$UNIT" xucred
	assert_output ""
}

@test "NetBSD unpcbid: pid and effective ids; a short structure refused" {
	run -0 "$UNIT" unpcbid
	assert_output ""
}

@test "OpenBSD sockpeercred: uid, gid, pid order kept apart from Linux's" {
	run -0 "$UNIT" sockpeercred
	assert_output ""
}

@test "Linux ucred: no peer gives nothing; a placeholder and a hidden pid are marked" {
	run -0 "$UNIT" ucred
	assert_output ""
}

@test "the server's report: a well-formed record is read field by field" {
	run -0 "$UNIT" json-good
	assert_output ""
}

@test "the server's report: malformed JSON, deep nesting and repeated keys are refused" {
	run -0 "$UNIT" json-bad
	assert_output ""
}

@test "escaping: printable ASCII kept, the rest \\xNN; JSON keeps valid UTF-8 only" {
	run -0 "$UNIT" text
	assert_output ""
}

@test "records compare field by field, groups as sets, capped lists as subsets" {
	run -0 "$UNIT" peercred
	assert_output ""
}

@test "unavailable fields, query-time sources and capped lists print as documented" {
	run -0 "$UNIT" output
	assert_output ""
}

@test "FreeBSD's two SCM_CREDS structures go to the right parser" {
	run -0 "$UNIT" dispatch
	assert_output ""
}

@test "a pidfd's pid is read from fdinfo where PIDFD_GET_INFO is missing" {
	[ "$(uname -s)" = Linux ] || skip "pidfds are Linux's"
	run -0 "$UNIT" pidfd-fdinfo
	assert_output ""
}

@test "namespaces: the overflow id is genuine, not mapped or ambiguous by the map" {
	run -0 "$UNIT" namespaces
	assert_output ""
}

@test "namespaces: unmapped and ambiguous fields survive the JSON round trip" {
	run -0 "$UNIT" json-namespaces
	assert_output ""
}

@test "the placeholder is missing only in what was queued before the option" {
	run -0 "$UNIT" placeholder
	assert_output ""
}

@test "two processes are kept apart: merged only when their pids agree" {
	run -0 "$UNIT" identities
	assert_output ""
}

@test "the event loop: read, write, nothing wanted, hang-up, forgotten watches" {
	run -0 "$UNIT" event-loop
	assert_output ""
}
