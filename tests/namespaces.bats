#!/usr/bin/env bats
# Linux namespaces: what a receiver in a user or pid namespace is told of
# a peer outside it, by the kernel's stand-ins (the overflow ids, pid 0),
# and how credcheck reports them.  Root, Linux, and a kernel that lets
# root make namespaces.
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031,SC2034

load helper

INNS=$TOP/tests/inns

setup() {
	require_root
	require_linux "user and pid namespaces"
	unshare --user --pid --fork true 2>/dev/null ||
	    skip "this kernel or container lets no namespaces be made"
	D=$(sockdir)
	chmod 755 "$D"
}

# A client of uid and gid 1000, effective too, in groups 5 and 100.
as_1000() {
	"$RUNAS" -u 1000 -U 1000 -g 1000 -G 1000 -s 5,100 "$@"
}

as_nobody() {
	"$RUNAS" -u 65534 -U 65534 -g 65534 -G 65534 -s none "$@"
}

@test "a server in a user namespace reads unmapped ids as not mapped here" {
	SERVER_WRAP=("$INNS" -u "0 0 1" -g "0 0 1")
	start_server "$D" -1 -m 666 "$D/s"
	run -0 as_1000 "$CREDCHECK" connect "$D/s"
	server_exit
	run cat "$D/out"
	assert_line "Receiver: not in the initial user namespace (uid_map 0 0 1; gid_map 0 0 1)"
	assert_line "UID: not mapped here"
	assert_line "EUID: not mapped here"
	assert_line "GID: not mapped here"
	assert_line "EGID: not mapped here"
	assert_line "Supplementary groups: 2 not mapped here"
	refute_output --partial "nobody"
	refute_output --partial "nogroup"
}

@test "in JSON, unmapped ids are null and listed, never the overflow id" {
	SERVER_WRAP=("$INNS" -u "0 0 1" -g "0 0 1")
	start_server "$D" -1 -j -m 666 "$D/s"
	run -0 as_1000 "$CREDCHECK" connect -j "$D/s"
	server_exit
	jq_e '.uid == null and .euid == null and .gid == null and
	    .egid == null and .groups == [] and .groups_unmapped == 2 and
	    .unmapped == ["uid", "euid", "gid", "egid", "groups"] and
	    .names == {} and .receiver.initial_user_namespace == false and
	    .receiver.uid_map == [[0, 0, 1]]' "$D/out"
	# connect reads the same back from the server's report.
	printf '%s\n' "$output" | jq_e '.seen_by_server |
	    .uid == null and .unmapped == ["uid", "euid", "gid", "egid", "groups"] and
	    .groups_unmapped == 2'
}

@test "where 65534 is mapped but others are not, it is ambiguous and unnamed" {
	SERVER_WRAP=("$INNS" -u "0 0 1,65534 65534 1" -g "0 0 1,65534 65534 1")
	start_server "$D" -c 2 -j -m 666 "$D/s"
	run -0 as_nobody "$CREDCHECK" connect "$D/s"
	run -0 as_1000 "$CREDCHECK" connect "$D/s"
	server_exit
	# The real nobody and uid 1000 look alike here: both are said to be.
	run jq -c '[.uid, .euid, .ambiguous, .names.uid]' "$D/out"
	assert_line --index 0 '[65534,65534,["uid","euid","gid","egid"],null]'
	assert_line --index 1 '[65534,65534,["uid","euid","gid","egid","groups"],null]'
}

@test "the human form says ambiguous, and names no one" {
	SERVER_WRAP=("$INNS" -u "0 0 1,65534 65534 1" -g "0 0 1,65534 65534 1")
	start_server "$D" -1 -m 666 "$D/s"
	run -0 as_nobody "$CREDCHECK" connect "$D/s"
	server_exit
	run cat "$D/out"
	assert_line "UID: 65534 (ambiguous: this id, or one not mapped here), as the sender chose"
	assert_line "GID: 65534 (ambiguous: this id, or one not mapped here), as the sender chose"
	refute_output --partial "(nobody)"
}

@test "a server in a pid namespace: a waiting nobody is nobody, its pid not visible" {
	SERVER_WRAP=(unshare --pid --fork)
	start_server "$D" -1 -j -m 666 "$D/s"
	run -0 as_nobody "$CREDCHECK" connect "$D/s"
	server_exit
	jq_e '.pid == null and .unmapped == ["pid"] and .uid == 65534 and
	    .gid == 65534 and .euid == 65534 and .names.uid == "nobody" and
	    .receiver.initial_pid_namespace == false' "$D/out"
	run -1 grep -q placeholder "$D/err"
}

@test "a datagram server in a pid namespace: a nobody client is nobody, not a placeholder" {
	SERVER_WRAP=(unshare --pid --fork)
	start_server "$D" -1 -j -m 666 -T dgram "$D/s"
	run -0 as_nobody "$CREDCHECK" connect -T dgram "$D/s"
	server_exit
	jq_e '.pid == null and .unmapped == ["pid"] and .uid == 65534 and
	    .gid == 65534 and .names.uid == "nobody"' "$D/out"
	run -1 grep -Eq 'placeholder|before' "$D/err"
}

@test "the pid namespace's human record says so" {
	SERVER_WRAP=(unshare --pid --fork)
	start_server "$D" -1 -m 666 "$D/s"
	run -0 as_1000 "$CREDCHECK" connect "$D/s"
	server_exit
	run cat "$D/out"
	assert_line "Receiver: not in the initial pid namespace"
	assert_line "PID: not visible here"
	assert_line --regexp '^UID: 1000( |$)'
}

@test "a client in a pid namespace is still seen with its real pid" {
	start_server "$D" -1 -j -m 666 "$D/s"
	run -0 unshare --pid --fork "$CREDCHECK" connect "$D/s"
	server_exit
	jq_e '.pid > 1 and (has("unmapped") | not) and (has("receiver") | not)' \
	    "$D/out"
}

@test "selftest passes inside a user namespace, unmapped groups and all" {
	run -0 as_1000 unshare --user --map-root-user "$CREDCHECK" selftest
	assert_line "Receiver: not in the initial user namespace (uid_map 0 1000 1; gid_map 0 1000 1)"
	assert_line "Supplementary groups: 2 not mapped here"
	assert_line --regexp '^SCM_CREDENTIALS +send +pid uid gid +ok$'
}

@test "selftest passes inside a pid namespace" {
	run -0 unshare --pid --fork "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq_e '.result == "ok" and
	    .receiver.initial_pid_namespace == false'
}

@test "connect inside a user namespace says the server's ids are not mapped" {
	start_server "$D" -1 -m 666 "$D/s"
	run -0 as_1000 unshare --user --map-root-user "$CREDCHECK" connect -j "$D/s"
	server_exit
	# The connect-time ids, and the real ones that came with "go on"; and
	# the server's supplementary groups, where it has some (root under
	# autopkgtest does), are not mapped either.
	want='["uid", "euid", "gid", "egid"]'
	[ "$(awk '/^Groups:/ { print NF - 1 }' /proc/self/status)" -eq 0 ] ||
	    want='["uid", "euid", "gid", "egid", "groups"]'
	printf '%s\n' "$output" | jq_e --argjson want "$want" '.server |
	    .euid == null and .uid == null and .unmapped == $want'
	printf '%s\n' "$output" | jq_e '.receiver.uid_map == [[0, 1000, 1]]'
}

@test "an early writer is never reported as nobody, in a namespace or not" {
	SERVER_WRAP=(unshare --pid --fork)
	start_server "$D" -1 -j -m 666 "$D/s"
	run "$PEER" early "$D/s"
	server_exit
	jq_e '.uid == 0 and .gid == 0' "$D/out"
}
