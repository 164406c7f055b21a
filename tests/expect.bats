#!/usr/bin/env bats
# -u and -g: connect insists on who the server is, serve on who its
# clients are, by their connect-time effective ids.
# shellcheck disable=SC2154

load helper

setup() {
	D=$(sockdir)
	ME=$(id -u)
	MYGROUP=$(id -g)
	# An id that is not ours, and its name where it has one.
	if [ "$ME" -eq 0 ]; then OTHER=1; else OTHER=0; fi
	if [ "$MYGROUP" -eq 0 ]; then OTHERG=1; else OTHERG=0; fi
}

@test "connect -u and -g: a server that is who it must be, by name or number" {
	start_server "$D" -c 2 "$D/s"
	run -0 "$CREDCHECK" connect -u "$ME" -g "$MYGROUP" "$D/s"
	run -0 "$CREDCHECK" connect -u "$(id -un)" -g "$(id -gn)" "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
}

@test "connect -u: an impostor is printed, named, and told nothing" {
	start_server "$D" -1 "$D/s"
	run -1 --separate-stderr "$CREDCHECK" connect -n -u "$OTHER" "$D/s"
	[ "$stderr" = "credcheck: $D/s: server euid $ME is not $OTHER" ]
	[ "${lines[0]}" = "Server:" ]
	[ "${lines[1]}" = "PID: $SERVER_PID" ]
	# Not a byte was sent: the server saw a hang-up, and still waits.
	wait_until grep -qE 'client 1: hung up before (its line|"go on")' "$D/err"
	kill -0 "$SERVER_PID"
	[ ! -s "$D/out" ]
	stop_server
}

@test "connect -g names the group in the reason, with its name" {
	start_server "$D" "$D/s"
	name=$(getent group "$OTHERG" | cut -d: -f1)
	run -1 --separate-stderr "$CREDCHECK" connect -g "$OTHERG" "$D/s"
	[ "$stderr" = "credcheck: $D/s: server egid $MYGROUP ($(id -gn)) is not $OTHERG${name:+ ($name)}" ]
	stop_server
}

@test "connect -P -u: the check applies to a peek too" {
	start_server "$D" "$D/s"
	run -0 "$CREDCHECK" connect -P -u "$ME" "$D/s"
	run -1 --separate-stderr "$CREDCHECK" connect -P -n -u "$OTHER" "$D/s"
	[ "$stderr" = "credcheck: $D/s: server euid $ME is not $OTHER" ]
	[ "${lines[1]}" = "PID: $SERVER_PID" ]
	stop_server
}

@test "serve -u: a client that is not that user is refused, and answered, without being told whom the server wants" {
	start_server "$D" -1 -n -u "$OTHER" "$D/s"
	run -1 --separate-stderr "$CREDCHECK" connect "$D/s"
	[ "$stderr" = "credcheck: $D/s: the server refused us: client euid $ME is not one this server serves" ]
	grep -qx "credcheck: client 1: refused: client euid $ME is not $OTHER" "$D/err"
	[ ! -s "$D/out" ]
	stop_server
}

@test "serve -1 -u: a refused client does not use up the count" {
	require_root
	chmod 755 "$D"
	start_server "$D" -1 -j -m 666 -u "$ME" "$D/s"
	run -1 "$RUNAS" -u 1 -U 1 -g 1 -G 1 -s none "$CREDCHECK" connect "$D/s"
	kill -0 "$SERVER_PID"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	jq_e ".client == 2 and .euid == $ME" "$D/out"
}

@test "serve -u -g: a client that is who it must be is served as ever" {
	start_server "$D" -1 -j -u "$(id -un)" -g "$MYGROUP" "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	jq_e ".euid == $ME" "$D/out"
}

@test "serve -u: the refusal is one line of JSON any client can read" {
	start_server "$D" -1 -u "$OTHER" "$D/s"
	run -0 socat -t 5 UNIX-CONNECT:"$D/s" - </dev/null
	printf '%s\n' "$output" | jq_e '.client == 1 and
	    (.refused | startswith("client euid "))'
	stop_server
}

@test "serve -u: a real client of another user is let in or refused by its euid" {
	require_root
	start_server "$D" -c 2 -m 666 -u nobody "$D/s"
	chmod 755 "$D"
	run -0 "$RUNAS" -u 65534 -U 65534 -g 65534 -G 65534 -s none "$CREDCHECK" connect "$D/s"
	# Real uid nobody, effective uid 1: the effective one decides.
	run -1 --separate-stderr "$RUNAS" -u 65534 -U 1 -g 65534 -G 65534 -s none "$CREDCHECK" connect -n "$D/s"
	[ "$stderr" = "credcheck: $D/s: the server refused us: client euid 1 (daemon) is not one this server serves" ]
	grep -qx "credcheck: client 2: refused: client euid 1 (daemon) is not 65534 (nobody)" "$D/err"
	stop_server
}

@test "-u and -g: an unknown user or group is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" connect -u no-such-user-here "$D/s"
	[ "${stderr_lines[0]}" = "credcheck: no such user: no-such-user-here" ]
	run -2 --separate-stderr "$CREDCHECK" serve -g no-such-group-here "$D/s"
	[ "${stderr_lines[0]}" = "credcheck: no such group: no-such-group-here" ]
	run -2 "$CREDCHECK" connect -u 4294967295 "$D/s"
	[ ! -e "$D/s" ]
}

# A root process listens, then drops to nobody and serves: the
# connect-time ids are root's, but nobody answers.
@test "connect -u: a server root listened on but nobody serves fails, naming the identity that answered" {
	require_root
	require_linux "SCM_CREDENTIALS with go on"
	python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(1)
os.setgid(65534)
os.setuid(65534)
c, _ = s.accept()
c.sendall(b"go on\n")
c.recv(1024)
c.sendall(b"{}\n")' "$D/s" 3>&- &
	LISTENER_PID=$!
	wait_listening "$D/s"
	run -1 --separate-stderr "$CREDCHECK" connect -n -u root "$D/s"
	[ "$stderr" = "credcheck: $D/s: server (as it said \"go on\") uid 65534 is not 0" ]
	# It was told nothing: no line was sent.
	kill "$LISTENER_PID" 2>/dev/null || true
	wait "$LISTENER_PID" || true
}

@test "serve -u: a client whose socket changed hands after it was let in is refused" {
	require_root
	require_linux "the hand-over helper"
	chmod 755 "$D"
	start_server "$D" -n -m 666 -u 65534 "$D/s"
	run "$TOP/tests/handover" pass "$D/s"
	wait_until grep -q refused "$D/err"
	grep -qx "credcheck: client 1: refused: client (as it sent its line) uid 1000 is not 65534" "$D/err"
	[ ! -s "$D/out" ]
	stop_server
}
