#!/usr/bin/env bats
# A datagram server against a hostile local user: a sender's address that
# is made to lead elsewhere after it was bound (a link to the server
# itself, to another user's socket; a directory swapped; another user's
# socket moved in), answers sent back as lines, floods of bad datagrams.
# The attacker is uid 65534; the victim, where there is one, uid 1000.
# bats sets output, stderr and status (run --separate-stderr).
# shellcheck disable=SC2154,SC2034

load helper

setup() {
	require_linux "python's datagram sender (autobind)"
	command -v python3 >/dev/null || skip "python3 is not installed"
	D=$(sockdir)
	chmod 755 "$D"
	# The attacker's own directory.
	mkdir -m 777 "$D/a"
}

# The hostile peer, as uid 65534 when root runs the tests.
attacker() {
	if [ "$(id -u)" -eq 0 ]; then
		"$RUNAS" -u 65534 -U 65534 -g 65534 -G 65534 -s none \
		    python3 "$TOP/tests/dgram_peer.py" "$@"
	else
		python3 "$TOP/tests/dgram_peer.py" "$@"
	fi
}

# A socket of uid 1000 at $D/v/v that only it may write to, in a directory
# only it may enter; counts what reaches it for $1 seconds into $D/victim.
start_victim() {
	require_root
	mkdir -m 700 "$D/v"
	chown 1000:100 "$D/v"
	"$RUNAS" -u 1000 -U 1000 -g 100 -G 100 -s none \
	    python3 "$TOP/tests/dgram_peer.py" victim "$D/v/v" "$1" \
	    >"$D/victim" 3>&- &
	VICTIM_PID=$!
	wait_until grep -q ready "$D/victim"
}

# The server is still there for an honest client.
still_serves() {
	run -0 "$CREDCHECK" connect -j -T dgram "$D/s"
	printf '%s\n' "$output" | jq_e '.seen_by_server.uid == '"$(id -u)"
}

# The attacker got no answer, serve said why ($1), and printed no record.
not_answered() {
	[ "$output" = "no answer" ]
	wait_until grep -qx "credcheck: a datagram not answered: $1" "$D/err"
	[ ! -s "$D/out" ]
}

@test "a sender whose address became a link to the server itself is not answered" {
	start_server "$D" -j -m 666 -T dgram "$D/s"
	run -0 attacker link "$D/s" "$D/a" "$D/s"
	not_answered "its sender's address leads through a symbolic link"
	still_serves
	[ "$(wc -l <"$D/out")" -eq 1 ]
}

# The attack $1 against the server at $D/s, with the victim's socket
# (link) or directory (dirlink) as its target: the victim gets nothing.
victim_untouched() {
	start_victim 3
	start_server "$D" -j -m 666 -T dgram "$D/s"
	run -0 attacker "$1" "$D/s" "$D/a" "$2"
	[ "$output" = "no answer" ]
	wait "$VICTIM_PID"
	VICTIM_PID=
	grep -qx "got 0" "$D/victim"
	grep -q "symbolic link" "$D/err"
}

@test "a link to another user's socket does not carry the server's answer there" {
	victim_untouched link "$D/v/v"
}

@test "a directory of the sender's address swapped for a link is not followed" {
	victim_untouched dirlink "$D/v"
}

@test "another user's socket moved to the sender's address is not answered" {
	require_root
	# A socket of root's in the attacker's directory, which it may rename.
	python3 -c 'import socket, sys
socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind(sys.argv[1])' \
	    "$D/a/root"
	start_server "$D" -j -m 666 -T dgram "$D/s"
	run -0 attacker swap "$D/s" "$D/a" "$D/a/root"
	not_answered "its sender's address is a socket of another user"
}

@test "a line that is a credcheck server's answer is not answered" {
	start_server "$D" -j -m 666 -T dgram "$D/s"
	run -0 attacker send "$D/s" 'go on' 1
	[ "$output" = "no answer" ]
	run -0 attacker send "$D/s" '{"client":7,"path":"x"}' 1
	[ "$output" = "no answer" ]
	grep -q "a datagram that is a credcheck server's answer: not answered" "$D/err"
	[ ! -s "$D/out" ]
	# A line that merely looks like JSON is a line.
	run -0 attacker send "$D/s" '{"hello":1}' 5
	[[ "$output" == 'answered: {"client":1,'* ]]
}

@test "two servers led to each other do not answer each other" {
	start_server "$D" -j -m 666 -T dgram "$D/s"
	first=$SERVER_PID
	mkdir "$D/2"
	# The second server is the attacker's own.
	if [ "$(id -u)" -eq 0 ]; then
		SERVER_WRAP=("$RUNAS" -u 65534 -U 65534 -g 65534 -G 65534 -s none)
	fi
	start_server "$D/2" -j -m 666 -T dgram "$D/a/t"
	SERVER_WRAP=()
	# The attacker's line leads the first server's record to the second,
	# which takes it for an answer.
	run -0 attacker swap "$D/s" "$D/a" "$D/a/t"
	wait_until grep -q "server's answer" "$D/2/err"
	[ "$(wc -l <"$D/out")" -eq 1 ]
	[ ! -s "$D/2/out" ]
	kill "$first"
}

@test "a flood of bad datagrams costs a line a second of each kind, with a count" {
	start_server "$D" -j -m 666 -T dgram "$D/s"
	run -0 attacker burst "$D/s" 300
	# Each later line comes after one that counts the lines left out.
	wait_until sh -c 'python3 "$1" burst "$2" 1 >/dev/null;
	    grep -q "more lines like the next were left out" "$3"' _ "$TOP/tests/dgram_peer.py" \
	    "$D/s" "$D/err"
	n=$(grep -c "its sender has no address" "$D/err")
	[ "$n" -lt 100 ]
	grep -A1 "more lines like the next were left out" "$D/err" | head -2 >"$D/pair"
	grep -Eqx 'credcheck: [1-9][0-9]* more lines like the next were left out' "$D/pair"
	grep -qx "credcheck: a datagram not answered: its sender has no address" "$D/pair"
}

@test "one user's sockets that never read do not starve another user's clients" {
	require_root
	start_server "$D" -j -m 666 -T dgram "$D/s"
	# Forty sockets of uid 65534, each asking and sending twenty lines.
	attacker hog "$D/s" 40 20 60 >"$D/hog" 3>&- &
	HOG_PID=$!
	wait_until grep -q holding "$D/hog"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		still_serves
	done
	grep -q "a datagram of uid 65534 not answered: its sockets hold 32 answers unread" "$D/err"
}

@test "a user whose clients read their answers is answered however many ask" {
	start_server "$D" -j -m 666 -T dgram "$D/s"
	for _ in $(seq 40); do
		"$CREDCHECK" connect -T dgram "$D/s" >/dev/null
	done
	! grep -q "answers unread" "$D/err"
}

@test "a datagram client takes only the report about itself, from the process that said go on" {
	python3 "$TOP/tests/dgram_peer.py" server "$D/s" >"$D/said" 3>&- &
	SERVER_PID=$!
	wait_until grep -q ready "$D/said"
	run -0 --separate-stderr "$CREDCHECK" connect -j -T dgram "$D/s"
	printf '%s\n' "$output" | jq_e '.seen_by_server.uid == '"$(id -u)"
	[ "${stderr_lines[0]}" = "credcheck: $D/s: a datagram that is not the server's report of us: passed over" ]
}

@test "connect -T dgram waits out -t for a server whose queue is full" {
	start_server "$D" -j -T dgram "$D/s"
	kill -STOP "$SERVER_PID"
	# Fill the stopped server's queue.
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("")
s.connect(sys.argv[1])
s.setblocking(False)
try:
    while True:
        s.send(b"")
except BlockingIOError:
    pass' "$D/s"
	"$CREDCHECK" connect -j -T dgram -t 10 "$D/s" >"$D/c.out" 2>"$D/c.err" 3>&- &
	client=$!
	# The client waits in poll(2) rather than fail at once; then let the
	# server go on.
	wait_until grep -q poll "/proc/$client/wchan"
	kill -CONT "$SERVER_PID"
	wait "$client"
	jq_e '.seen_by_server.uid == '"$(id -u)" "$D/c.out"
}
