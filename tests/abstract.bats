#!/usr/bin/env bats
# Linux abstract names (@name): serve and connect, with socat on the other
# side; nothing made or removed in the file system; -m and "@" alone
# refused; ./@name for a file of that name.
# bats sets output, stderr and status (run --separate-stderr).
# shellcheck disable=SC2154,SC2016,SC2034

load helper

setup() {
	require_linux "abstract socket names"
	D=$(sockdir)
	# Unique to this test, so that runs side by side never meet.
	A=credcheck-test-$$-$BATS_TEST_NUMBER
	cd "$D" || exit 1
}

@test "serve @name answers socat's ABSTRACT-CONNECT, and makes no file" {
	command -v socat >/dev/null || skip "socat is not installed"
	start_server "$D" -1 -j "@$A"
	grep -qx "credcheck: listening on @$A" "$D/err"
	wait_listening "@$A"
	run -0 bash -c 'printf "hello\n" | socat -t 5 - ABSTRACT-CONNECT:"$1"' _ "$A"
	[ "${lines[0]}" = "go on" ]
	printf '%s\n' "${lines[1]}" | jq_e '.path == "@'"$A"'" and
	    .message == "hello" and (.pid | type) == "number"'
	wait "$SERVER_PID"
	jq_e '.path == "@'"$A"'"' "$D/out"
	# Nothing but the server's output in the directory it ran in.
	[ "$(find "$D" -mindepth 1 ! -name out ! -name err | wc -l)" -eq 0 ]
}

@test "connect @name talks to serve @name" {
	start_server "$D" -1 "@$A"
	run -0 "$CREDCHECK" connect -j "@$A"
	printf '%s\n' "$output" | jq_e '.server.pid == '"$SERVER_PID"' and
	    .seen_by_server.pid > 0'
}

@test "connect -P @name names socat's ABSTRACT-LISTEN server" {
	command -v socat >/dev/null || skip "socat is not installed"
	socat ABSTRACT-LISTEN:"$A" SYSTEM:'sleep 30' 3>&- &
	PEER_PID=$!
	wait_listening "@$A"
	run -0 "$CREDCHECK" connect -P -j "@$A"
	printf '%s\n' "$output" | jq_e '.server.pid == '"$PEER_PID"
}

@test "an abstract name nobody listens on: no server, and no file looked at" {
	# A file of the same name in the current directory changes nothing.
	: >"@$A"
	run -1 --separate-stderr "$CREDCHECK" connect "@$A"
	[ "$stderr" = "credcheck: connect @$A: no server is listening there" ]
}

@test "a second server on a taken abstract name: address in use" {
	start_server "$D" "@$A"
	run -1 --separate-stderr "$CREDCHECK" serve "@$A"
	[ "$stderr" = "credcheck: @$A: address in use: a server is listening there" ]
}

@test "the file of an abstract name's spelling is never touched" {
	printf 'keep\n' >"@$A"
	start_server "$D" "@$A"
	stop_server
	[ "$SERVER_STATUS" -eq 0 ]
	[ "$(cat "@$A")" = keep ]
}

@test "./@name is a file: serve binds there and removes it at the end" {
	start_server "$D" "./@$A"
	[ -S "$D/@$A" ]
	run -0 "$CREDCHECK" connect "./@$A"
	stop_server
	[ ! -e "$D/@$A" ]
}

@test "-m with an abstract name, and @ alone, are usage errors" {
	run -2 --separate-stderr "$CREDCHECK" serve -m 666 "@$A"
	[ "${stderr_lines[0]}" = "credcheck: -m: @$A is an abstract name, which has no file permissions" ]
	run -2 --separate-stderr "$CREDCHECK" serve @
	[[ ${stderr_lines[0]} == "credcheck: @ alone names no socket"* ]]
	run -2 --separate-stderr "$CREDCHECK" connect @
	[[ ${stderr_lines[0]} == "credcheck: @ alone names no socket"* ]]
}

@test "the longest abstract name fits, one byte more does not" {
	local long
	long=$(printf 'a%.0s' $(seq 107))
	start_server "$D" -1 "@$long"
	run -0 "$CREDCHECK" connect "@$long"
	run -1 --separate-stderr "$CREDCHECK" connect "@${long}b"
	[[ $stderr == *"too long for a UNIX-domain socket"* ]]
}

@test "an abstract name of another socket type: connect says which type is there" {
	start_server "$D" -T dgram "@$A"
	run -1 --separate-stderr "$CREDCHECK" connect "@$A"
	[ "$stderr" = "credcheck: connect @$A: no stream server is there, but a dgram one is (-T dgram): abstract names are per socket type" ]
	stop_server
	run -1 --separate-stderr "$CREDCHECK" connect "@$A"
	[ "$stderr" = "credcheck: connect @$A: no server is listening there" ]
}

@test "an abstract name with a NUL inside is shown whole, not cut at the NUL" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	# A listener on "\0A\0evil" hands its accepted connection to fd.
	run -0 --separate-stderr python3 -c '
import os, socket, subprocess, sys
name = b"\0" + sys.argv[2].encode() + b"\0evil"
l = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
l.bind(name)
l.listen(1)
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.connect(name)
a, _ = l.accept()
p = subprocess.Popen([sys.argv[1], "fd", "-j", "3"], pass_fds=[3],
    stdin=subprocess.DEVNULL, preexec_fn=lambda: os.dup2(a.fileno(), 3))
c.recv(64)
c.sendall(b"hi\n")
p.wait()
sys.exit(p.returncode)' "$CREDCHECK" "$A"
	printf '%s\n' "$output" | jq_e '.path == "@'"$A"'\u0000evil"'
}
