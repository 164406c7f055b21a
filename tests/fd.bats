#!/usr/bin/env bats
# credcheck fd: the peer of a socket that a supervisor accepted and handed
# down, under systemd-socket-activate --accept and s6-ipcserver, with a
# client of another uid; silent and early peers; what the supervisor says
# beside what the kernel says; descriptors that are not connections.
# bats sets output, stderr and status (run --separate-stderr).
# shellcheck disable=SC2154,SC2016,SC2034

load helper

setup() {
	D=$(sockdir)
	chmod 755 "$D"
}

# systemd-socket-activate --accept on $D/s, running "credcheck fd ARGS"
# for each connection, with its output in $D/out and $D/err; -E settings
# in SUP_ENV (an array) go to the child.
socket_activate() {
	command -v systemd-socket-activate >/dev/null ||
	    skip "systemd-socket-activate is not installed"
	systemd-socket-activate "${SUP_ENV[@]}" --accept -l "$D/s" \
	    "$CREDCHECK" fd "$@" >"$D/out" 2>"$D/err" 3>&- &
	SUP_PID=$!
	wait_listening "$D/s"
	chmod 666 "$D/s"
}

# s6-ipcserver on $D/s, running "credcheck fd ARGS" with the connection
# on its standard input and output.
s6_serve() {
	command -v s6-ipcserver >/dev/null || skip "s6-ipcserver is not installed"
	(umask 0 && exec s6-ipcserver "$D/s" "$CREDCHECK" fd "$@" \
	    >"$D/out" 2>"$D/err" 3>&-) &
	SUP_PID=$!
	wait_listening "$D/s"
}

# As another user: uid 1000, gid 100, no groups.
as_user() {
	"$RUNAS" -u 1000 -U 1000 -g 100 -G 100 -s none "$@"
}

@test "under systemd-socket-activate --accept: descriptor 3, and a client of another uid" {
	require_root
	require_linux "systemd-socket-activate"
	socket_activate -j
	run -0 as_user "$CREDCHECK" connect -j "$D/s"
	client=$output
	wait_until grep -q '"fd":3' "$D/out"
	jq_e '.fd == 3 and .path == "'"$D/s"'" and .euid == 1000 and
	    .egid == 100 and .uid == 1000 and .message == "credcheck connect" and
	    .sources.uid.mechanism == "SCM_CREDENTIALS"' "$D/out"
	# The client's own pid, as the kernel says; and its report came back.
	printf '%s\n' "$client" | jq_e --slurpfile rec "$D/out" '
	    .seen_by_server.pid == $rec[0].pid and .seen_by_server.euid == 1000'
}

@test "under s6-ipcserver: descriptor 0, the record on stderr, and IPCREMOTEEUID agrees" {
	require_root
	s6_serve -j
	run -0 as_user "$CREDCHECK" connect -j "$D/s"
	wait_until grep -q '"fd":0' "$D/err"
	grep '"fd":0' "$D/err" | jq_e '.euid == 1000 and .egid == 100 and
	    .supervisor.proto == "IPC" and .supervisor.euid == 1000 and
	    .supervisor.egid == 100 and (.supervisor | has("disagrees") | not)'
	# Nothing but the protocol went to the client: go on, then its report.
	printf '%s\n' "$output" | jq_e '.seen_by_server.euid == 1000'
}

@test "a supervisor that says another uid than the kernel: shown, flagged, exit 1" {
	require_root
	require_linux "systemd-socket-activate"
	SUP_ENV=(-E PROTO=IPC -E IPCREMOTEEUID=4242)
	socket_activate
	run -0 as_user "$CREDCHECK" connect "$D/s"
	wait_until grep -q "died with code" "$D/err"
	grep -q "died with code 1" "$D/err"
	grep -qx "credcheck: descriptor 3: the supervisor's IPCREMOTEEUID is not what the kernel says" "$D/err"
	grep -qx "Supervisor: IPCREMOTEEUID 4242 (not what the kernel says)" "$D/out"
	grep -q "^EUID: 1000 " "$D/out"
}

@test "a peer that says nothing: connect-time credentials, then the reason" {
	require_linux "systemd-socket-activate"
	command -v python3 >/dev/null || skip "python3 is not installed"
	socket_activate -t 1
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
time.sleep(3)' "$D/s" 3>&- &
	PEER_PID=$!
	wait_until grep -q "died with code" "$D/err"
	grep -q "died with code 0" "$D/err"
	grep -qx "credcheck: descriptor 3: no line within 1 s: connect-time credentials only" "$D/err"
	grep -q "^EUID: $(id -u)" "$D/out"
	grep -q "^UID: unavailable" "$D/out"
	run -1 grep -q "^Message:" "$D/out"
	wait "$PEER_PID"
}

# Data written before the supervisor accepts carries credentials on Linux
# whatever the options; written after the accept and before credcheck is
# running (here: a second later), it does not, and that is said.
@test "a peer that wrote between the accept and credcheck: no credentials, and why" {
	require_linux "systemd-socket-activate"
	command -v python3 >/dev/null || skip "python3 is not installed"
	command -v systemd-socket-activate >/dev/null ||
	    skip "systemd-socket-activate is not installed"
	systemd-socket-activate --accept -l "$D/s" sh -c 'sleep 1; exec "$0" fd' \
	    "$CREDCHECK" >"$D/out" 2>"$D/err" 3>&- &
	SUP_PID=$!
	wait_listening "$D/s"
	python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
time.sleep(0.3)
s.sendall(b"early\n")
s.recv(4096)' "$D/s"
	wait_until grep -q "died with code" "$D/err"
	grep -q "SCM_CREDENTIALS: placeholder credentials: the peer wrote before \"go on\"" "$D/err"
	grep -qx "UID: unavailable" "$D/out"
	grep -qx "Message: early" "$D/out"
}

@test "descriptors that are not a connection: one line each, exit 1" {
	run -1 --separate-stderr "$CREDCHECK" fd 0 </etc/passwd
	[ "$stderr" = "credcheck: descriptor 0 is not a socket" ]
	run -1 --separate-stderr "$CREDCHECK" fd 9
	[ "$stderr" = "credcheck: descriptor 9 is not open" ]
	# LISTEN_FDS for another process: the default stays 0.
	LISTEN_FDS=1 LISTEN_PID=1 run -1 --separate-stderr "$CREDCHECK" fd </etc/passwd
	[ "$stderr" = "credcheck: descriptor 0 is not a socket" ]
}

@test "a listening socket handed down (Accept=no) is refused with the reason" {
	require_linux "systemd-socket-activate"
	command -v systemd-socket-activate >/dev/null ||
	    skip "systemd-socket-activate is not installed"
	systemd-socket-activate -l "$D/s" "$CREDCHECK" fd >"$D/out" \
	    2>"$D/err" 3>&- &
	SUP_PID=$!
	wait_listening "$D/s"
	socat -t 1 /dev/null UNIX-CONNECT:"$D/s" || true
	wait_until grep -q "listening socket" "$D/err"
	grep -qx "credcheck: descriptor 3 is a listening socket, not a connection (systemd: --accept, Accept=yes)" "$D/err"
}

@test "a socket that is neither listening nor connected: said so" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	run -1 --separate-stderr python3 -c '
import os, socket, subprocess, sys
s = socket.socket(socket.AF_UNIX)
os.set_inheritable(s.fileno(), True)
sys.exit(subprocess.call([sys.argv[1], "fd", str(s.fileno())],
    close_fds=False))' "$CREDCHECK"
	[[ $stderr =~ ^credcheck:\ descriptor\ [0-9]+\ is\ not\ connected\ to\ a\ peer$ ]]
}

@test "fd's usage errors: a bad descriptor, two of them" {
	run -2 --separate-stderr "$CREDCHECK" fd x
	[[ ${stderr_lines[0]} == "credcheck: "*"descriptor"* ]]
	run -2 --separate-stderr "$CREDCHECK" fd 1 2
	[ "${stderr_lines[0]}" = "credcheck: fd takes at most one descriptor" ]
}

# inetd's way: the connection on descriptors 0, 1 and 2 alike.
inetd_serve() {
	python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o666)
s.listen(1)
c, _ = s.accept()
for fd in (0, 1, 2):
    os.dup2(c.fileno(), fd)
os.execv(sys.argv[2], [sys.argv[2], "fd"])' "$D/s" "$CREDCHECK" 3>&- &
	SUP_PID=$!
	wait_listening "$D/s"
}

@test "inetd style, stderr the socket: a warning is not the peer's to read" {
	require_root
	require_linux "the hand-over helper"
	inetd_serve
	# The socket changes hands: fd would warn of it.
	run -0 --separate-stderr "$TOP/tests/handover" pass "$D/s"
	printf '%s\n' "$output" | jq_e '.changed_hands == true'
}
