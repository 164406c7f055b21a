#!/usr/bin/env bats
# credcheck selftest: every mechanism of this system, checked against what
# the process knows of itself, as the user running the tests and, as root,
# as other credentials.
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031

load helper

@test "selftest passes and lists every mechanism with a result" {
	require_linux
	run -0 "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERCRED +connect +pid euid egid +ok$'
	assert_line --regexp '^SO_PEERGROUPS +connect +groups +ok$'
	# getpeereid comes from the C library: ok where this build has it.
	if "$CREDCHECK" -V | grep -qw getpeereid; then
		assert_line --regexp '^getpeereid +connect +euid egid +ok$'
	else
		assert_line --regexp '^getpeereid +connect +euid egid +unsupported$'
	fi
	assert_line --regexp '^SCM_CREDENTIALS +send +pid uid gid +ok$'
	refute_output --partial FAIL
}

@test "the peer's pid is the sender child's, not credcheck's own" {
	require_linux
	run -0 bash -c 'echo $$; exec "$0" selftest -j' "$CREDCHECK"
	self=${lines[0]}
	peer=$(printf '%s\n' "${lines[1]}" | json .pid)
	[ "$peer" -gt 0 ]
	[ "$peer" -ne "$self" ]
	# Every mechanism that gives a pid agrees on it.
	printf '%s\n' "${lines[1]}" | jq_e '.sources.pid.mechanism == "SO_PEERCRED"'
}

@test "selftest reports this process's ids" {
	run -0 "$CREDCHECK" selftest -n
	assert_line "UID: $(id -ru), as the sender chose"
	assert_line "EUID: $(id -u)"
	assert_line "GID: $(id -rg), as the sender chose"
	assert_line "EGID: $(id -g)"
}

@test "the unsynchronised order shows the placeholder without failing" {
	require_linux
	run -0 "$CREDCHECK" selftest
	assert_line --regexp '^SCM_CREDENTIALS +send +pid uid gid +missing: placeholder'
	run -0 "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq_e '.unsynchronised[] |
	    select(.mechanism == "SCM_CREDENTIALS") | .result == "missing"'
	printf '%s\n' "$output" | jq_e '.result == "ok"'
}

@test "selftest -j is one JSON object with the credentials and mechanisms" {
	require_linux
	run -0 "$CREDCHECK" selftest -j
	[ "${#lines[@]}" -eq 1 ]
	printf '%s\n' "$output" | jq_e '
	    (.pid | type) == "number" and (.uid | type) == "number" and
	    (.euid | type) == "number" and (.gid | type) == "number" and
	    (.egid | type) == "number" and (.groups | type) == "array" and
	    (.sources.uid == {"mechanism": "SCM_CREDENTIALS", "captured": "send", "chosen_by_sender": true}) and
	    (.sources.euid == {"mechanism": "SO_PEERCRED", "captured": "connect"}) and
	    ([.mechanisms[].result] | all(. == "ok" or . == "unsupported"))'
}

@test "selftest -v names the mechanism and capture time of each field" {
	require_linux
	run -0 "$CREDCHECK" selftest -v
	assert_line --regexp '^PID: [0-9]+ .*\[SO_PEERCRED, at connect\]$'
	assert_line --regexp '^UID: [0-9]+ .*, as the sender chose \[SCM_CREDENTIALS, at send\]$'
	assert_line --regexp '^EUID: [0-9]+ .*\[SO_PEERCRED, at connect\]$'
	assert_line --regexp '^Supplementary groups: .*\[SO_PEERGROUPS, at connect\]$'
}

@test "names follow the numbers, and -n leaves them out" {
	require_root
	run -0 "$CREDCHECK" selftest
	assert_line "UID: 0 (root), as the sender chose"
	run -0 "$CREDCHECK" selftest -n
	assert_line "UID: 0, as the sender chose"
	run -0 "$CREDCHECK" selftest -j -n
	printf '%s\n' "$output" | jq_e 'has("names") | not'
	run -0 "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq_e '.names.uid == "root"'
}

@test "real and effective ids that differ are each reported exactly" {
	require_root
	require_distinct_ids
	run -0 "$RUNAS" -u 1000 -U 2000 -g 100 -G 200 -s 7,8,9 \
	    "$CREDCHECK" selftest -n
	assert_line "UID: 1000, as the sender chose"
	assert_line "EUID: 2000"
	assert_line "GID: 100, as the sender chose"
	assert_line "EGID: 200"
	assert_line "Supplementary groups: 7 8 9"
	refute_output --partial FAIL
}

@test "SO_PEERCRED gives the effective ids and SCM_CREDENTIALS the real ones" {
	require_linux
	require_root
	require_distinct_ids
	run -0 "$RUNAS" -u 1000 -U 2000 -g 100 -G 200 "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq_e '
	    .uid == 1000 and .sources.uid.mechanism == "SCM_CREDENTIALS" and
	    .euid == 2000 and .sources.euid.mechanism == "SO_PEERCRED" and
	    .gid == 100 and .egid == 200'
}

@test "three hundred supplementary groups all arrive" {
	require_root
	groups=$(seq -s, 10000 10299)
	run -0 "$RUNAS" -u 1000 -U 1000 -s "$groups" "$CREDCHECK" selftest -j -n
	printf '%s\n' "$output" | jq_e --arg want "$groups" \
	    '(.groups | sort | map(tostring) | join(",")) == $want'
}

@test "a group list longer than the first SO_PEERGROUPS buffer arrives whole" {
	require_linux
	require_root
	groups=$(seq -s, 20000 23000)
	run -0 "$RUNAS" -s "$groups" "$CREDCHECK" selftest -j -n
	printf '%s\n' "$output" | jq_e '.groups | length == 3001'
}

@test "the longest group list Linux allows, 65536, arrives whole" {
	require_linux
	require_root
	run -0 "$RUNAS" -s 100000-165535 "$CREDCHECK" selftest -j -n
	printf '%s\n' "$output" | jq_e '(.groups | length) == 65536 and
	    .result == "ok"'
}

@test "no supplementary groups reads none" {
	require_root
	run -0 "$RUNAS" -s none "$CREDCHECK" selftest
	assert_line "Supplementary groups: none"
}

@test "a peer that really is nobody is reported as 65534, not as missing" {
	require_linux
	require_root
	run -0 "$RUNAS" -u 65534 -U 65534 -g 65534 -G 65534 -s none \
	    "$CREDCHECK" selftest -n
	assert_line "UID: 65534, as the sender chose"
	assert_line "GID: 65534, as the sender chose"
	assert_line --regexp '^SCM_CREDENTIALS +send +pid uid gid +ok$'
}

@test "selftest -T seqpacket and -T dgram: every mechanism on that type of socket pair" {
	local t
	for t in seqpacket dgram; do
		run -0 "$CREDCHECK" selftest -T "$t"
		[ "${lines[0]}" = "Socket type: $t" ]
		run -0 "$CREDCHECK" selftest -j -T "$t"
		printf '%s\n' "$output" | jq_e --arg t "$t" '.type == $t and
		    .result == "ok" and
		    ([.mechanisms[] | select(.result != "ok" and
		    .result != "unsupported")] | length == 0)'
	done
}

@test "selftest -T dgram shows the race on datagrams too (Linux: placeholders)" {
	require_linux "SCM_CREDENTIALS"
	run -0 "$CREDCHECK" selftest -j -T dgram
	printf '%s\n' "$output" | jq_e '.unsynchronised[] |
	    select(.mechanism == "SCM_CREDENTIALS") | .result == "missing"'
}

@test "selftest names its socket type in JSON, stream by default; a bad -T is a usage error" {
	run -0 "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq_e '.type == "stream"'
	run -0 "$CREDCHECK" selftest
	[ "${lines[0]}" != "Socket type: stream" ]
	run -2 --separate-stderr "$CREDCHECK" selftest -T raw
	[ "${stderr_lines[0]}" = "credcheck: -T: stream, seqpacket or dgram, not raw" ]
}
