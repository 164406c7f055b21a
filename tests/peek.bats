#!/usr/bin/env bats
# connect -P: the connect-time credentials of any stream server, without
# the protocol.  The servers here are other people's: socat, python,
# dbus-daemon.
# SERVER_WRAP is read by start_server in helper.bash.
# shellcheck disable=SC2154,SC2016,SC2034

load helper

# A python server at $D/s that accepts one client and says nothing.
silent_server() {
	command -v python3 >/dev/null || skip "python3 is not installed"
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(1)
c, _ = s.accept()
time.sleep(30)' "$D/s" 3>&- &
	PEER_PID=$!
	wait_listening "$D/s"
}

@test "-P names a socat server's process and hangs up at once" {
	require_linux "SO_PEERCRED and SO_PEERPIDFD"
	socat_server 'sleep 30'
	run -0 --separate-stderr "$CREDCHECK" connect -P -t 20 "$D/s"
	[ "${lines[0]}" = "Server:" ]
	[ "${lines[1]}" = "PID: $PEER_PID" ]
	assert_line "EUID: $(id -u) ($(id -un))"
	assert_line "Command: socat"
	[ -z "$stderr" ]
}

@test "-P -j: the server's record alone, with its sources" {
	require_linux "SO_PEERCRED"
	silent_server
	run -0 "$CREDCHECK" connect -P -j "$D/s"
	printf '%s\n' "$output" | jq_e '.server.pid == '"$PEER_PID"' and
	    .server.euid == '"$(id -u)"' and
	    .server.sources.pid.mechanism == "SO_PEERCRED" and
	    .server.sources.pid.captured == "connect" and
	    (has("seen_by_server") | not)'
}

@test "a server that says nothing: its credentials, then the error, at -t" {
	silent_server
	run -1 --separate-stderr "$CREDCHECK" connect -t 1 "$D/s"
	[ "${lines[1]}" = "PID: $PEER_PID" ]
	[ "$stderr" = "credcheck: $D/s: no \"go on\" within 1 s" ]
}

@test "-P on no listener, a regular file, a directory: the reason, exit 1" {
	run -1 --separate-stderr "$CREDCHECK" connect -P "$D/none"
	[ "$stderr" = "credcheck: connect $D/none: No such file or directory" ]
	: >"$D/file"
	run -1 --separate-stderr "$CREDCHECK" connect -P "$D/file"
	[ "$stderr" = "credcheck: connect $D/file: not a socket" ]
	run -1 --separate-stderr "$CREDCHECK" connect -P "$D"
	[ "$stderr" = "credcheck: connect $D: not a socket" ]
	[ -z "$output" ]
}

@test "-P on a stale socket says no server listens" {
	start_server "$D" "$D/s"
	kill -KILL "$SERVER_PID"
	wait "$SERVER_PID" || true
	run -1 --separate-stderr "$CREDCHECK" connect -P "$D/s"
	[ "$stderr" = "credcheck: connect $D/s: no server is listening there" ]
}

@test "-P against credcheck serve: no exchange, and the server is not used up" {
	start_server "$D" -1 "$D/s"
	run -0 "$CREDCHECK" connect -P "$D/s"
	[ "${lines[1]}" = "PID: $SERVER_PID" ]
	run -0 "$CREDCHECK" connect "$D/s"
	wait "$SERVER_PID"
	[ "$(grep -c '^Client ' "$D/out")" -eq 1 ]
}

# A dbus-daemon at $D/bus with its own configuration; $1 is an extra
# element, such as <user>, and the rest the command that runs it.
start_dbus() {
	local extra=$1
	shift
	command -v dbus-daemon >/dev/null || skip "dbus-daemon is not installed"
	id messagebus >/dev/null 2>&1 || skip "no messagebus user"
	cat >"$D/bus.conf" <<-CONF
	<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
	 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
	<busconfig>
	  <type>custom</type>
	  $extra
	  <listen>unix:path=$D/bus</listen>
	  <auth>EXTERNAL</auth>
	  <policy context="default"><allow user="*"/></policy>
	</busconfig>
	CONF
	chmod 755 "$D"
	chown messagebus "$D"
	"$@" dbus-daemon --config-file="$D/bus.conf" --nofork 2>/dev/null 3>&- &
	PEER_PID=$!
	wait_listening "$D/bus"
}

# The field of /proc/PID/status named $2, the first number: Uid or Gid.
proc_id() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

# Where ss(8) is installed, it names $2 as the process listening on $1.
ss_names() {
	command -v ss >/dev/null || return 0
	[ "$(ss -xlp | grep -F "$1 " | sed -n 's/.*pid=\([0-9]*\),.*/\1/p')" = "$2" ]
}

@test "-P on dbus-daemon run as messagebus: pid and ids as /proc and ss show them" {
	require_linux "SO_PEERCRED"
	require_root
	start_dbus "" "$RUNAS" -u "$(id -u messagebus)" -U "$(id -u messagebus)" \
	    -g "$(id -g messagebus)" -G "$(id -g messagebus)" -s none
	run -0 "$CREDCHECK" connect -P -j "$D/bus"
	printf '%s\n' "$output" | jq_e --argjson pid "$PEER_PID" \
	    --argjson uid "$(proc_id "$PEER_PID" Uid)" \
	    --argjson gid "$(proc_id "$PEER_PID" Gid)" '
	    .server.pid == $pid and .server.euid == $uid and
	    .server.egid == $gid and .server.names.euid == "messagebus" and
	    .server.command == "dbus-daemon" and .server.alive == true'
	ss_names "$D/bus" "$PEER_PID"
}

# dbus-daemon started as root listens as root and then becomes messagebus:
# the kernel's connect-time credentials are those of the listen(2) call.
@test "-P on dbus-daemon started as root: its pid, and the ids it listened with" {
	require_linux "SO_PEERCRED"
	require_root
	start_dbus "<user>messagebus</user>"
	wait_until grep -q "^Uid:[[:space:]]*$(id -u messagebus)[[:space:]]" "/proc/$PEER_PID/status"
	run -0 "$CREDCHECK" connect -P -j "$D/bus"
	printf '%s\n' "$output" | jq_e '.server.pid == '"$PEER_PID"' and
	    .server.command == "dbus-daemon" and .server.alive == true and
	    .server.euid == 0'
	ss_names "$D/bus" "$PEER_PID"
}

@test "connect shows the server's real ids too, as they came with go on" {
	require_linux "SCM_CREDENTIALS"
	require_root
	require_distinct_ids
	chmod 755 "$D"
	mkdir -m 1777 "$D/pub"
	SERVER_WRAP=("$RUNAS" -u 1000 -U 2000 -g 100 -G 200 -s none)
	start_server "$D" -1 -m 666 "$D/pub/s"
	PEER_PID=$SERVER_PID
	run -0 "$CREDCHECK" connect -j "$D/pub/s"
	printf '%s\n' "$output" | jq_e '.server.uid == 1000 and
	    .server.euid == 2000 and .server.gid == 100 and
	    .server.egid == 200 and
	    .server.sources.uid.mechanism == "SCM_CREDENTIALS" and
	    .server.sources.uid.captured == "send" and
	    .server.sources.euid.captured == "connect"'
}
