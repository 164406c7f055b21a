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

teardown() {
	[ -n "${SERVER_PID:-}" ] && kill -KILL "$SERVER_PID" 2>/dev/null
	rm -rf "$D"
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

@test "serve -u: a client that is not that user is refused, and answered" {
	start_server "$D" -1 -n -u "$OTHER" "$D/s"
	run -1 --separate-stderr "$CREDCHECK" connect "$D/s"
	[ "$stderr" = "credcheck: $D/s: the server refused us: client euid $ME is not $OTHER" ]
	# The refusal was its answer: it counts, and -1 is used up.
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	grep -qx "credcheck: client 1: refused: client euid $ME is not $OTHER" "$D/err"
	[ ! -s "$D/out" ]
}

@test "serve -u -g: a client that is who it must be is served as ever" {
	start_server "$D" -1 -j -u "$(id -un)" -g "$MYGROUP" "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	jq -e ".euid == $ME" "$D/out"
}

@test "serve -u: the refusal is one line of JSON any client can read" {
	start_server "$D" -1 -u "$OTHER" "$D/s"
	run -0 socat -t 5 UNIX-CONNECT:"$D/s" - </dev/null
	printf '%s\n' "$output" | jq -e '.client == 1 and
	    (.refused | startswith("client euid "))'
	server_exit
}

@test "serve -u: a real client of another user is let in or refused by its euid" {
	require_root
	start_server "$D" -c 2 -m 666 -u nobody "$D/s"
	chmod 755 "$D"
	run -0 "$RUNAS" -u 65534 -U 65534 -g 65534 -G 65534 -s none "$CREDCHECK" connect "$D/s"
	# Real uid nobody, effective uid 1: the effective one decides.
	run -1 --separate-stderr "$RUNAS" -u 65534 -U 1 -g 65534 -G 65534 -s none "$CREDCHECK" connect -n "$D/s"
	[ "$stderr" = "credcheck: $D/s: the server refused us: client euid 1 (daemon) is not 65534 (nobody)" ]
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
}

@test "-u and -g: an unknown user or group is a usage error" {
	run -2 --separate-stderr "$CREDCHECK" connect -u no-such-user-here "$D/s"
	[ "${stderr_lines[0]}" = "credcheck: no such user: no-such-user-here" ]
	run -2 --separate-stderr "$CREDCHECK" serve -g no-such-group-here "$D/s"
	[ "${stderr_lines[0]}" = "credcheck: no such group: no-such-group-here" ]
	run -2 "$CREDCHECK" connect -u 4294967295 "$D/s"
	[ ! -e "$D/s" ]
}
