#!/usr/bin/env bats
# -T seqpacket for serve, connect and fd: the same protocol, a message a
# line; socat and python as peers; types that do not meet.
# bats sets output, stderr and status (run --separate-stderr).
# shellcheck disable=SC2154,SC2016,SC2034

load helper

# A python client of the server at $D/s: "go on", then one message (a
# python bytes expression), then the report.
seqpacket_client() {
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
s.connect(sys.argv[1])
s.recv(64)
s.send(eval(sys.argv[2]))
s.recv(1 << 20)' "$D/s" "$1"
}

@test "serve -T seqpacket and connect -T seqpacket: one exchange, both records" {
	start_server "$D" -1 -j -T seqpacket "$D/s"
	run -0 "$CREDCHECK" connect -j -T seqpacket "$D/s"
	printf '%s\n' "$output" | jq_e '.server.pid == '"$SERVER_PID"' and
	    .seen_by_server.pid > 0'
	wait "$SERVER_PID"
	jq_e '.message == "credcheck connect" and .client == 1' "$D/out"
}

@test "serve -T seqpacket answers socat's seqpacket client" {
	command -v socat >/dev/null || skip "socat is not installed"
	require_linux "SOCK_SEQPACKET's number in socat's type=5"
	start_server "$D" -1 -j -T seqpacket "$D/s"
	run -0 bash -c 'printf "hello\n" | socat -t 5 - UNIX-CONNECT:"$1",type=5' _ "$D/s"
	[ "${lines[0]}" = "go on" ]
	printf '%s\n' "${lines[1]}" | jq_e '.message == "hello"'
}

# A message is a line: the kernel keeps what fits and drops the rest, and
# Linux says how long the message was.
@test "a seqpacket line past 1 KiB: 1024 bytes kept, the rest counted" {
	require_linux "the length of a truncated message (MSG_TRUNC)"
	command -v python3 >/dev/null || skip "python3 is not installed"
	start_server "$D" -1 -j -T seqpacket "$D/s"
	seqpacket_client 'b"x" * 3000'
	wait "$SERVER_PID"
	jq_e '(.message | length) == 1024 and .message_dropped == 1976' "$D/out"
}

@test "an empty seqpacket message is an empty line, and a hang-up still one" {
	require_linux "credentials with every message (SO_PASSCRED)"
	command -v python3 >/dev/null || skip "python3 is not installed"
	start_server "$D" -c 2 -j -T seqpacket "$D/s"
	python3 -c '
import socket, sys
for line in (b"", None):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(sys.argv[1])
    s.recv(64)
    if line is None:
        s.close()
        continue
    s.send(line)
    s.recv(1 << 20)' "$D/s"
	wait_until grep -q "client 2: hung up before its line" "$D/err"
	jq_e '.client == 1 and .message == ""' "$D/out"
}

@test "a client of the other type is told so" {
	start_server "$D" -T seqpacket "$D/s"
	run -1 --separate-stderr "$CREDCHECK" connect "$D/s"
	[ "$stderr" = "credcheck: connect $D/s: the server's socket is not a stream socket (-T)" ]
}

@test "fd on a seqpacket connection from systemd-socket-activate --seqpacket --accept" {
	require_linux "systemd-socket-activate"
	command -v systemd-socket-activate >/dev/null ||
	    skip "systemd-socket-activate is not installed"
	systemd-socket-activate --seqpacket --accept -l "$D/s" \
	    "$CREDCHECK" fd -j >"$D/out" 2>"$D/err" 3>&- &
	SUP_PID=$!
	wait_listening "$D/s"
	run -0 "$CREDCHECK" connect -j -T seqpacket "$D/s"
	wait_until grep -q '"fd":3' "$D/out"
	jq_e '.fd == 3 and .message == "credcheck connect"' "$D/out"
	printf '%s\n' "$output" | jq_e --slurpfile rec "$D/out" '
	    .seen_by_server.pid == $rec[0].pid'
}

@test "a long line, a newline, then more: only the line's bytes past 1 KiB are counted" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	start_server "$D" -1 -j -T seqpacket "$D/s"
	seqpacket_client 'b"x" * 1100 + b"\n" + b"y" * 5000'
	wait "$SERVER_PID"
	jq_e '(.message | length) == 1024 and .message_dropped == 76' "$D/out"
}
