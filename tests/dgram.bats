#!/usr/bin/env bats
# -T dgram for serve and connect: an empty datagram asks for "go on", the
# next is the line, and the record comes back to the sender's address;
# only what came with each datagram is known.  Clients: credcheck,
# python and socat; one of another uid; one with no address.
# bats sets output, stderr and status (run --separate-stderr).
# shellcheck disable=SC2154,SC2016,SC2034

load helper

# A python client at $D/s that asks, sends the line $1, and prints the
# greeting and the report; PY_WRAP, an array, goes before python3.
py_client() {
	require_linux "python's datagram client address (autobind)"
	command -v python3 >/dev/null || skip "python3 is not installed"
	"${PY_WRAP[@]}" python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("")
s.connect(sys.argv[1])
s.settimeout(10)
s.send(b"")
print(s.recv(64).decode().strip())
s.send(sys.argv[2].encode() + b"\n")
print(s.recv(1 << 20).decode().strip())' "$D/s" "$1"
}

@test "serve -T dgram and connect -T dgram: the credentials that came with each datagram" {
	start_server "$D" -1 -j -T dgram "$D/s"
	run -0 "$CREDCHECK" connect -j -T dgram "$D/s"
	# The server's go on came with its pid; no connection to ask.
	printf '%s\n' "$output" | jq_e '.server.pid == '"$SERVER_PID"' and
	    .server.euid == null and .server.sources.pid.mechanism ==
	    "SCM_CREDENTIALS"'
	wait "$SERVER_PID"
	jq_e '.message == "credcheck connect" and .euid == null and
	    .uid == '"$(id -u)"' and .sources.uid.mechanism == "SCM_CREDENTIALS" and
	    .sources.uid.captured == "send"' "$D/out"
}

@test "a python datagram client of another uid: go on, then its record" {
	require_root
	chmod 755 "$D"
	start_server "$D" -1 -j -m 666 -T dgram "$D/s"
	PY_WRAP=("$RUNAS" -u 1000 -U 1000 -g 100 -G 100 -s none)
	run -0 py_client "from python"
	[ "${lines[0]}" = "go on" ]
	printf '%s\n' "${lines[1]}" | jq_e '.uid == 1000 and .gid == 100 and
	    .message == "from python" and .alive == true'
}

@test "a datagram with no address to answer: said, and serving goes on" {
	require_linux "python's datagram client address (autobind)"
	start_server "$D" -1 -j -T dgram "$D/s"
	run python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.sendto(b"", sys.argv[1])' "$D/s"
	wait_until grep -q "no address" "$D/err"
	grep -qx "credcheck: a datagram not answered: its sender has no address" "$D/err"
	run -0 py_client "second"
	[ "${lines[0]}" = "go on" ]
	wait "$SERVER_PID"
	jq_e '.client == 1 and .message == "second"' "$D/out"
}

@test "-T dgram with -u, -g or -P is a usage error: datagrams have no connect-time credentials" {
	run -2 --separate-stderr "$CREDCHECK" serve -T dgram -u root "$D/s"
	[ "${stderr_lines[0]}" = "credcheck: -T dgram: -u and -g need connect-time credentials, which datagrams have not" ]
	run -2 --separate-stderr "$CREDCHECK" connect -T dgram -P "$D/s"
	[ "${stderr_lines[0]}" = "credcheck: -T dgram: -P, -u and -g need connect-time credentials, which datagrams have not" ]
	[ ! -e "$D/s" ]
}

@test "serve -T dgram leaves a file that is not a stale socket alone, and removes its own" {
	: >"$D/f"
	run -1 --separate-stderr "$CREDCHECK" serve -T dgram "$D/f"
	[ "$stderr" = "credcheck: $D/f: exists and is not a stale socket; left alone" ]
	start_server "$D" -T dgram "$D/s"
	[ -S "$D/s" ]
	stop_server
	[ "$SERVER_STATUS" -eq 0 ]
	[ ! -e "$D/s" ]
}

# The options are on before any datagram comes: a client that sends its
# line without asking is served as well.
@test "socat as a datagram client that does not ask: its line, its record back" {
	command -v socat >/dev/null || skip "socat is not installed"
	start_server "$D" -1 -j -T dgram "$D/s"
	run -0 bash -c 'printf "hello from socat\n" |
	    socat -t 5 - UNIX-CLIENT:"$1",bind="$2"' _ "$D/s" "$D/c"
	printf '%s\n' "$output" | jq_e '.message == "hello from socat" and
	    .command == "socat" and .uid == '"$(id -u)"
	wait "$SERVER_PID"
	jq_e '.client == 1 and .command == "socat"' "$D/out"
}

# Where the client's address is a file (not Linux; the musl build of make
# xcheck), it is made under TMPDIR and removed however connect ends.
@test "connect -T dgram leaves nothing behind in TMPDIR, answered or not" {
	mkdir -m 755 "$D/tmp"
	start_server "$D" -1 -T dgram "$D/s"
	TMPDIR=$D/tmp run -0 "$CREDCHECK" connect -T dgram "$D/s"
	[ "$(find "$D/tmp" -mindepth 1 | wc -l)" -eq 0 ]
	TMPDIR=$D/tmp run -1 "$CREDCHECK" connect -T dgram "$D/nothing"
	[ "$(find "$D/tmp" -mindepth 1 | wc -l)" -eq 0 ]
}

@test "a long datagram line, a newline, then more: only the line's bytes past 1 KiB are counted" {
	require_linux "python's datagram client address (autobind)"
	start_server "$D" -1 -j -T dgram "$D/s"
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("")
s.connect(sys.argv[1])
s.send(b"x" * 1100 + b"\n" + b"y" * 5000)
s.recv(1 << 20)' "$D/s"
	wait "$SERVER_PID"
	jq_e '(.message | length) == 1024 and .message_dropped == 76' "$D/out"
}

@test "root makes a datagram client's address only in a TMPDIR no other user can change" {
	require_root
	mkdir -m 777 "$D/open"
	start_server "$D" -1 -j -T dgram "$D/s"
	TMPDIR=$D/open run --separate-stderr "$CREDCHECK" connect -T dgram "$D/s"
	if [ "$status" -eq 0 ]; then
		# Linux's autobind: no file, so no directory to trust.
		[ "$(find "$D/open" -mindepth 1 | wc -l)" -eq 0 ]
		skip "this build's client address is abstract, not a file"
	fi
	[ "$status" -eq 1 ]
	[ "$stderr" = "credcheck: TMPDIR $D/open: another user can change the directory $D/open, where a datagram client's address is made" ]
	[ "$(find "$D/open" -mindepth 1 | wc -l)" -eq 0 ]
}

@test "a root sender that names pid 1: pid 1's command is marked as the sender chose" {
	require_root
	require_linux "SCM_CREDENTIALS a sender attaches"
	start_server "$D" -1 -j -T dgram "$D/s"
	python3 -c '
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("")
creds = struct.pack("iII", 1, 0, 0)
s.sendmsg([b"as pid 1\n"], [(socket.SOL_SOCKET, socket.SCM_CREDENTIALS, creds)],
    0, sys.argv[1])
s.settimeout(10)
s.recv(1 << 20)' "$D/s"
	wait "$SERVER_PID"
	jq_e '.pid == 1 and .sources.pid.chosen_by_sender == true and
	    (.sources.command == null or .sources.command.chosen_by_sender == true) and
	    (.sources.alive == null or .sources.alive.chosen_by_sender == true)' "$D/out"
	jq_e '.sources.command != null' "$D/out"
}

@test "a TMPDIR that cannot take a datagram client's address is named as the fault" {
	start_server "$D" -1 -j -T dgram "$D/s"
	TMPDIR=$D/missing run --separate-stderr "$CREDCHECK" connect -T dgram "$D/s"
	if [ "$status" -eq 0 ]; then
		skip "this build's client address is abstract, not a file"
	fi
	[ "$status" -eq 1 ]
	[ "$stderr" = "credcheck: TMPDIR $D/missing: No such file or directory" ]
	long=$D/$(printf 'x%.0s' $(seq 1 100))
	mkdir -m 755 "$long"
	TMPDIR=$long run -1 --separate-stderr "$CREDCHECK" connect -T dgram "$D/s"
	[[ "$stderr" == "credcheck: TMPDIR $long: too long for a datagram client's address in it"* ]]
}
