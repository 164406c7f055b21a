#!/usr/bin/env bats
# Who holds a socket now (Linux: sock_diag and /proc/PID/fd): for
# connect -P the listener bound at the path, matched by its device and
# inode; for connect, serve -v and fd the peer's socket.  Where the
# process the kernel vouched for is not a holder, a line says so.
# bats sets output, stderr and lines (run --separate-stderr).
# shellcheck disable=SC2154,SC2016,SC2034

load helper

setup() {
	require_linux "sock_diag and /proc"
	D=$(sockdir)
}

# A listener at $1 whose process forks $2 children that keep it, and
# exits; the children's pids in $D/kids.
forking_listener() {
	python3 - "$1" "${2:-1}" "$D/kids" <<'PY'
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(8)
kids = []
for _ in range(int(sys.argv[2])):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        time.sleep(60)
        os._exit(0)
    kids.append(pid)
with open(sys.argv[3], "w") as f:
    f.write(" ".join(map(str, kids)) + "\n")
PY
}

# A regular expression for the Held by line naming $1 (a regular
# expression itself), with what a user who cannot read every process's
# descriptors is told besides.
held() {
	printf '^Held by: %s( \\(and maybe some of [0-9]+ process(es)? whose descriptors cannot be read here\\))?$' "$1"
}

teardown() {
	local kid
	if [ -f "$D/kids" ]; then
		for kid in $(cat "$D/kids"); do
			kill "$kid" 2>/dev/null
		done
	fi
	[ -n "${SERVER_PID:-}" ] && kill -KILL "$SERVER_PID" 2>/dev/null
	cd / && rm -rf "$D"
}

@test "connect -P on a listener that forked and exited names the process that holds it" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	forking_listener "$D/s"
	kid=$(cat "$D/kids")
	run -0 "$CREDCHECK" connect -P "$D/s"
	assert_line "Process: exited"
	assert_line --regexp "$(held "$kid \\(python3\\)")"
	assert_line --regexp "^Note: listened by [0-9]+, exited; held by $kid \\(python3\\)\$"
	run -0 "$CREDCHECK" connect -P -j "$D/s"
	printf '%s\n' "$output" | jq_e --argjson k "$kid" '
	    .server.held_by.count == 1 and
	    .server.held_by.processes == [{"pid": $k, "command": "python3"}] and
	    .server.held_by.vouched_pid_holds == false and
	    (.server.held_by.socket_inode | type) == "number"'
}

@test "dbus-daemon --fork: the daemon that answers is named, not the pid that listened" {
	command -v dbus-daemon >/dev/null || skip "dbus-daemon is not installed"
	cat >"$D/bus.conf" <<EOF
<busconfig><type>session</type><listen>unix:path=$D/bus</listen>
<auth>EXTERNAL</auth><policy context="default"><allow own="*"/></policy>
</busconfig>
EOF
	dbus-daemon --config-file="$D/bus.conf" --fork --print-pid >"$D/kids"
	daemon=$(cat "$D/kids")
	run -0 "$CREDCHECK" connect -P "$D/bus"
	assert_line --regexp "$(held "$daemon \\(dbus-daemon\\)")"
	assert_line --regexp "^Note: listened by [0-9]+, exited; held by $daemon \\(dbus-daemon\\)\$"
}

@test "more holders than are named: the first four, and a count" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	forking_listener "$D/s" 6
	run -0 "$CREDCHECK" connect -P "$D/s"
	assert_line --regexp "$(held '([0-9]+ \(python3\), ){4}and 2 more')"
	refute_line --partial "Note:"
	run -0 "$CREDCHECK" connect -P -j "$D/s"
	printf '%s\n' "$output" | jq_e '.server.held_by.count == 6 and
	    (.server.held_by.processes | length) == 4'
}

@test "the listener is found by the file's device and inode, not by the name it was bound at" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	forking_listener "$D/s"
	old=$(cat "$D/kids")
	mv "$D/s" "$D/moved"
	start_server "$D" -1 "$D/s"
	# Both sockets were bound as $D/s; only the file tells them apart.
	run -0 "$CREDCHECK" connect -P "$D/moved"
	assert_line --regexp "$(held "$old \\(python3\\)")"
	run -0 "$CREDCHECK" connect -P "$D/s"
	assert_line --regexp "$(held "$SERVER_PID \\(credcheck\\)")"
}

@test "an abstract name's listener is found by its name" {
	start_server "$D" -1 "@cc-held-$$"
	run -0 "$CREDCHECK" connect -P "@cc-held-$$"
	assert_line --regexp "$(held "$SERVER_PID \\(credcheck\\)")"
}

@test "serve -v: a client that connected, forked and exited is held by its child" {
	require_root
	start_server "$D" -1 -v "$D/s"
	run -0 --separate-stderr "$TOP/tests/handover" fork "$D/s"
	server_exit
	read -r _ connector _ writer <<<"$stderr"
	run cat "$D/out"
	assert_line --regexp "$(held "$writer \\(handover\\)")"
	assert_line "Note: connected by $connector, exited; held by $writer (handover)"
}

@test "serve without -v does not look for holders; connect does" {
	start_server "$D" -1 "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	assert_line --regexp "$(held "$SERVER_PID \\(credcheck\\)")"
	run cat "$D/out"
	refute_line --partial "Held by"
}

@test "holders another user cannot see read not visible here, never none" {
	require_root
	require_distinct_ids
	chmod 755 "$D"
	start_server "$D" -1 -m 666 "$D/s"
	run -0 "$RUNAS" -u 1000 -U 1000 -g 1000 -G 1000 -s none \
	    "$CREDCHECK" connect -P "$D/s"
	stop_server
	assert_line --regexp '^Held by: not visible here \([0-9]+ process(es)? whose descriptors cannot be read here\)$'
}

@test "fd: the descriptor's peer is held by the client" {
	command -v socat >/dev/null || skip "socat is not installed"
	command -v systemd-socket-activate >/dev/null ||
	    skip "systemd-socket-activate is not installed"
	systemd-socket-activate --accept -l "$D/s" "$CREDCHECK" fd \
	    >"$D/out" 2>"$D/err" &
	SERVER_PID=$!
	wait_listening "$D/s"
	printf 'hi\n' | socat - "UNIX-CONNECT:$D/s" >/dev/null &
	client=$!
	wait_until grep -q "^Held by" "$D/out"
	wait "$client" || true
	run cat "$D/out"
	assert_line --regexp "$(held '[0-9]+ \(socat\)')"
}
