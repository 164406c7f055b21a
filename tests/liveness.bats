#!/usr/bin/env bats
# Liveness: where the kernel gives pidfds (Linux 6.5+), whether each
# identity's process still runs when the record is made, and its command
# name, read so that a reused pid cannot lend its name.
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031,SC2034

load helper

setup() {
	require_linux "pidfds"
	"$CREDCHECK" -V | grep -q SO_PEERPIDFD ||
	    skip "this kernel gives no SO_PEERPIDFD"
	D=$(sockdir)
}

@test "selftest checks that the pidfds call the sender running, by its name" {
	run -0 "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERPIDFD +connect +pid alive command +ok$'
	assert_line --regexp '^SCM_PIDFD +send +pid alive command +ok$'
	assert_line "Process: running"
	# Its own name, which the tools that run it (valgrind) may change.
	assert_line --regexp '^Command: [^ ]+$'

}

@test "a client that runs is said to run, with its own command name" {
	command -v socat >/dev/null || skip "socat is not installed"
	start_server "$D" -1 -j "$D/s"
	printf 'hello\n' | socat - "UNIX-CONNECT:$D/s" >/dev/null
	server_exit
	jq_e '.alive == true and .command == "socat" and
	    .sources.alive.mechanism == "SO_PEERPIDFD"' "$D/out"
}

@test "a connector that has exited reads as exited, with no name" {
	require_root
	require_distinct_ids
	chmod 755 "$D"
	start_server "$D" -1 -j -m 666 "$D/s"
	"$TOP/tests/handover" pass "$D/s" >/dev/null 2>&1
	server_exit
	jq_e '.changed_hands and .alive == false and .command == null' \
	    "$D/out"
}

@test "the human record says running or exited, and the name escaped" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	start_server "$D" -1 "$D/s"
	# A client that names itself with a control character in it.
	python3 - "$D/s" <<'PY'
import ctypes, socket, sys
ctypes.CDLL(None).prctl(15, b"evil\x1bname", 0, 0, 0)
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.recv(6)
s.sendall(b"hi\n")
s.recv(65536)
PY
	server_exit
	run cat "$D/out"
	assert_line "Process: running"
	assert_line 'Command: evil\x1bname'
}

@test "a peer outside the server's pid namespace runs, unnamed" {
	require_root
	unshare --pid --fork true 2>/dev/null || skip "no pid namespaces here"
	chmod 755 "$D"
	SERVER_WRAP=(unshare --pid --fork)
	start_server "$D" -1 -j -m 666 "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	# Its pid there is another's: no name is read by it.
	jq_e '.pid == null and .alive == true and .command == null' "$D/out"
}
