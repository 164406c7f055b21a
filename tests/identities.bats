#!/usr/bin/env bats
# Two identities: the process that connected and the one that sent, when
# they are not the same (the socket changed hands), and ids the sender
# chose.  Linux (SCM_CREDENTIALS), root (other uids).
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031,SC2034

load helper

HANDOVER=$TOP/tests/handover

setup() {
	require_root
	require_linux "SCM_CREDENTIALS"
	require_distinct_ids
	D=$(sockdir)
	chmod 755 "$D"
}

# The pids the helper printed: "connector N writer M".
pids() {
	read -r _ CONNECTOR _ WRITER <"$D/pids"
}

@test "a socket handed to another user shows both identities, never a chimera" {
	start_server "$D" -1 -n -m 666 "$D/s"
	"$HANDOVER" pass "$D/s" >/dev/null 2>"$D/pids"
	server_exit
	pids
	run cat "$D/out"
	assert_line --index 1 "Warning: the socket changed hands: the process that connected is not the one that sent"
	assert_line --index 2 "Connected by:"
	assert_line --index 3 "PID: $CONNECTOR"
	assert_line --index 4 "UID: unavailable"
	assert_line --index 5 "EUID: 65534"
	assert_line --index 9 "Process: exited"
	assert_line --index 10 "Command: unavailable"
	assert_line --index 11 "Security label: unavailable"
	assert_line --index 12 "Sent by:"
	assert_line --index 13 "PID: $WRITER, as the sender chose"
	assert_line --index 14 "UID: 1000, as the sender chose"
	assert_line --index 15 "EUID: unavailable"
	grep -qx "credcheck: client 1: the socket changed hands: connected by pid $CONNECTOR, sent by pid $WRITER" "$D/err"
}

@test "in JSON the sender is an object of its own" {
	start_server "$D" -1 -j -m 666 "$D/s"
	"$HANDOVER" pass "$D/s" >"$D/report" 2>"$D/pids"
	server_exit
	pids
	jq_e --argjson c "$CONNECTOR" --argjson w "$WRITER" '
	    .changed_hands and .pid == $c and .euid == 65534 and .uid == null and
	    .sent_by.pid == $w and .sent_by.uid == 1000 and
	    .sent_by.euid == null and .sent_by.sources.uid.chosen_by_sender' \
	    "$D/out"
	# The client reads the same back.
	jq_e --argjson w "$WRITER" '.sent_by.pid == $w' "$D/report"
}

@test "a connector that forks and exits: the child that writes is shown apart" {
	start_server "$D" -1 -j -m 666 "$D/s"
	"$HANDOVER" fork "$D/s" >/dev/null 2>"$D/pids"
	server_exit
	pids
	jq_e --argjson c "$CONNECTOR" --argjson w "$WRITER" \
	    '.changed_hands and .pid == $c and .sent_by.pid == $w' "$D/out"
}

@test "ids the sender chose are labelled; the connect-time ones are the kernel's" {
	start_server "$D" -1 -n -m 666 "$D/s"
	# Real and effective 1000, saved 0: it may claim uid 0.
	run -0 "$HANDOVER" forge "$D/s" 0 0 self 1000,1000,0
	server_exit
	run cat "$D/out"
	refute_line --partial "changed hands"
	assert_line "UID: 0, as the sender chose"
	assert_line "EUID: 1000"
	assert_line "GID: 0, as the sender chose"
	assert_line "EGID: 1000"
}

@test "a root client naming the server's pid is shown as two processes" {
	start_server "$D" -1 -j "$D/s"
	run -0 "$HANDOVER" forge "$D/s" 0 0 "$SERVER_PID"
	server_exit
	jq_e --argjson s "$SERVER_PID" '.changed_hands and .pid != $s and
	    .sent_by.pid == $s and .sent_by.sources.pid.chosen_by_sender' \
	    "$D/out"
}
