#!/usr/bin/env bats
# credcheck serve and connect: the go-on protocol over a named socket.
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031,SC2034

load helper

@test "serve -1 and connect complete one exchange, then the socket is gone" {
	start_server "$D" -1 "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	assert_line "Server:"
	assert_line "Seen by the server:"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	[ ! -e "$D/s" ]
	run grep -c '^Client 1 on '"$D/s"':$' "$D/out"
	assert_output 1
	grep -q "^credcheck: listening on $D/s\$" "$D/err"
}

@test "the server's human record is a header, the block, and a blank line" {
	start_server "$D" -1 -n "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	run cat "$D/out"
	assert_line --index 0 "Client 1 on $D/s:"
	assert_line --index 1 --regexp '^PID: [0-9]+$'
	assert_line --index 2 "UID: $(id -ru), as the sender chose"
	assert_line --index 3 "EUID: $(id -u)"
	assert_line --index 4 "GID: $(id -rg), as the sender chose"
	assert_line --index 5 "EGID: $(id -g)"
	assert_line --index -1 "Message: credcheck connect"
	[ "$(tail -c 2 "$D/out" | od -An -c | tr -d ' ')" = '\n\n' ]
}

@test "connect reports the pid the server saw as its own" {
	start_server "$D" -1 -j "$D/s"
	run -0 bash -c 'echo $$; exec "$0" connect -j "$1"' "$CREDCHECK" "$D/s"
	me=${lines[0]}
	printf '%s\n' "${lines[1]}" | jq_e --argjson me "$me" \
	    '.seen_by_server.pid == $me and .server.pid == '"$SERVER_PID"
	server_exit
	jq_e --argjson me "$me" '.pid == $me and .client == 1' "$D/out"
}

@test "serve -j prints one JSON line per client, flushed as each ends" {
	require_linux
	start_server "$D" -j "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	wait_until grep -q '"client":1' "$D/out"
	run -0 "$CREDCHECK" connect "$D/s"
	wait_until grep -q '"client":2' "$D/out"
	stop_server
	[ "$(wc -l < "$D/out")" -eq 2 ]
	jq_e '.message == "credcheck connect" and
	    .sources.uid.mechanism == "SCM_CREDENTIALS" and
	    .sources.pid.captured == "connect"' "$D/out"
}

@test "a client with other credentials is described exactly, both ways" {
	require_real_ids
	require_root
	require_distinct_ids
	chmod 755 "$D"
	start_server "$D" -1 -j -m 666 "$D/s"
	run -0 "$RUNAS" -u 1000 -U 2000 -g 100 -G 200 -s 7,8,9 \
	    "$CREDCHECK" connect -j "$D/s"
	printf '%s\n' "$output" | jq_e '.seen_by_server |
	    .uid == 1000 and .euid == 2000 and .gid == 100 and .egid == 200
	    and (.groups | sort) == [7, 8, 9]'
	printf '%s\n' "$output" | jq_e '.server | .euid == 0 and .egid == 0'
	server_exit
	jq_e '.uid == 1000 and .euid == 2000 and .gid == 100 and
	    .egid == 200 and (.groups | sort) == [7, 8, 9]' "$D/out"
}

@test "-m sets the socket's mode; without it the umask decides" {
	start_server "$D" -1 -m 666 "$D/s"
	[ "$(mode_of "$D/s")" = rw-rw-rw- ]
	"$CREDCHECK" connect "$D/s" >/dev/null
	server_exit
	(umask 077 && start_server "$D" -1 "$D/u" &&
	    [ "$(mode_of "$D/u")" = rwx------ ] &&
	    "$CREDCHECK" connect "$D/u" >/dev/null && server_exit)
}

@test "a user the mode shuts out cannot connect" {
	require_root
	chmod 755 "$D"
	start_server "$D" -1 -m 600 "$D/s"
	run -1 --separate-stderr "$RUNAS" -u 1000 -U 1000 "$CREDCHECK" connect "$D/s"
	[[ $stderr == "credcheck: connect $D/s: Permission denied" ]]
}

@test "by the listening line the socket accepts, with its mode, and no other name was made" {
	start_server "$D" -1 -m 640 "$D/s"
	[ "$(mode_of "$D/s")" = "rw-r-----" ]
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	run ls -A "$D"
	assert_output "$(printf 'err\nout')"
}

@test "a regular file at the path is an error and is left alone" {
	echo precious > "$D/s"
	run -1 --separate-stderr "$CREDCHECK" serve "$D/s"
	[ "$stderr" = "credcheck: $D/s: exists and is not a stale socket; left alone" ]
	[ "$(cat "$D/s")" = precious ]
	[ "$(ls -A "$D")" = s ]
}

@test "a directory at the path is an error and is left alone" {
	mkdir "$D/s"
	touch "$D/s/inside"
	run -1 --separate-stderr "$CREDCHECK" serve "$D/s"
	[[ $stderr == *"exists and is not a stale socket; left alone" ]]
	[ -f "$D/s/inside" ]
}

@test "a symbolic link at the path is an error; link and target stay" {
	echo target > "$D/t"
	ln -s "$D/t" "$D/s"
	run -1 --separate-stderr "$CREDCHECK" serve "$D/s"
	[[ $stderr == *"exists and is not a stale socket; left alone" ]]
	[ -L "$D/s" ]
	[ "$(cat "$D/t")" = target ]
}

@test "a dangling symbolic link at the path is left alone too" {
	ln -s "$D/nowhere" "$D/s"
	run -1 "$CREDCHECK" serve "$D/s"
	[ -L "$D/s" ]
	[ ! -e "$D/nowhere" ]
}

@test "-c counts exchanges that completed: probes and hang-ups do not" {
	start_server "$D" -c 2 -j "$D/s"
	"$PEER" hangup "$D/s" connect || true
	"$PEER" hangup "$D/s" greeting || true
	# A second server's probe of the path is a connection too.
	run -1 "$CREDCHECK" serve "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	kill -0 "$SERVER_PID"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	[ "$(wc -l <"$D/out")" -eq 2 ]
	[ -S "$D/s" ] || [ ! -e "$D/s" ]
}

@test "the listening line escapes control bytes in the path" {
	start_server "$D" -1 "$D/a$(printf '\033')b"
	grep -qxF "credcheck: listening on $D/a\x1bb" "$D/err"
	stop_server
}

@test "a socket with a live server is refused as in use" {
	start_server "$D" "$D/s"
	first=$SERVER_PID
	run -1 --separate-stderr "$CREDCHECK" serve "$D/s"
	[ "$stderr" = "credcheck: $D/s: address in use: a server is listening there" ]
	run -0 "$CREDCHECK" connect "$D/s"
	SERVER_PID=$first
	stop_server
}

@test "a stale socket is replaced" {
	start_server "$D" "$D/s"
	kill -KILL "$SERVER_PID"
	wait "$SERVER_PID" || true
	[ -S "$D/s" ]
	start_server "$D" -1 "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
}

@test "a path too long for sun_path is an error before anything is made" {
	long=$D/$(printf 'x%.0s' $(seq 1 120))
	run -1 --separate-stderr "$CREDCHECK" serve "$long"
	[[ $stderr == "credcheck: $long: path too long for a UNIX-domain socket"* ]]
	[ -z "$(ls -A "$D")" ]
}

@test "the longest path that fits sun_path is served" {
	sub=$D/$(printf 'y%.0s' $(seq 1 $((104 - ${#D}))))
	mkdir -m 755 "$sub"
	[ $((${#sub} + 2)) -eq 107 ]
	start_server "$D" -1 "$sub/s"
	run -0 "$CREDCHECK" connect "$sub/s"
	server_exit
	[ -z "$(ls -A "$sub")" ]
}

@test "the socket is bound at its own path: getpeername(2) names it" {
	start_server "$D" -1 "$D/s"
	run -0 "$PEER" name "$D/s"
	[ "$output" = "$D/s" ]
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	# No other name was ever made beside it.
	[ "$(ls -A "$D")" = "$(printf 'err\nout')" ]
}

@test "many servers started at once on one stale socket: exactly one listens" {
	start_server "$D" "$D/s"
	kill -KILL "$SERVER_PID"
	wait "$SERVER_PID" || true
	[ -S "$D/s" ]
	pids=()
	for i in $(seq 1 12); do
		"$CREDCHECK" serve "$D/s" >/dev/null 2>"$D/err.$i" 3>&- &
		pids+=($!)
	done
	refused() { [ "$(grep -l "address in use" "$D"/err.* | wc -l)" -eq 11 ]; }
	wait_until refused
	listening() { [ "$(grep -l "listening on" "$D"/err.* | wc -l)" -ge 1 ]; }
	wait_until listening
	[ "$(grep -l "listening on" "$D"/err.* | wc -l)" -eq 1 ]
	[ "$(grep -l "address in use" "$D"/err.* | wc -l)" -eq 11 ]
	run -0 "$CREDCHECK" connect "$D/s"
	kill "${pids[@]}" 2>/dev/null || true
	wait
	[ ! -e "$D/s" ]
}

@test "connect to a path too long says so" {
	long=$D/$(printf 'x%.0s' $(seq 1 120))
	run -1 --separate-stderr "$CREDCHECK" connect "$long"
	[ "$stderr" = "credcheck: connect $long: path too long for a UNIX-domain socket (at most 107 bytes)" ]
}

@test "SIGINT, SIGTERM and SIGHUP end the server with 0 and remove the socket" {
	for sig in INT TERM HUP; do
		start_server "$D" "$D/s"
		stop_server "$sig"
		[ "$SERVER_STATUS" -eq 0 ]
		[ ! -e "$D/s" ]
	done
}

@test "a socket file that is no longer ours is not removed at exit" {
	start_server "$D" "$D/s"
	mv "$D/s" "$D/moved"
	echo other > "$D/s"
	stop_server
	[ "$SERVER_STATUS" -eq 0 ]
	[ "$(cat "$D/s")" = other ]
}

@test "group names in JSON have one key per group, however often it is listed" {
	require_root
	require_linux "SO_PEERGROUPS keeping repeats"
	chmod 755 "$D"
	start_server "$D" -1 -j -m 666 "$D/s"
	run -0 "$RUNAS" -u 1000 -g 100 -s 7,8,7,8,7 "$CREDCHECK" connect -j "$D/s"
	server_exit
	# jq would keep one of the repeats silently: count the raw keys.
	[ "$(grep -o '"7":' "$D/out" | wc -l)" -eq 1 ]
	[ "$(grep -o '"8":' "$D/out" | wc -l)" -eq 1 ]
	jq_e '(.groups | length) == 5 and (.names.groups | keys) == ["7", "8"]' "$D/out"
}

@test "serve raises its open-file limit to the hard one, and -v says so" {
	require_proc
	[ -z "${CREDCHECK_VALGRIND:-}" ] || skip "valgrind keeps descriptors of its own"
	hard=$(ulimit -H -n)
	[ "$hard" = unlimited ] || [ "$hard" -gt 64 ] || skip "hard limit $hard"
	SERVER_WRAP=(with_ulimit "-S -n 64")
	start_server "$D" -v -1 "$D/s"
	grep -qx "credcheck: open files: limit raised from 64 to $hard" "$D/err"
	[ "$(awk '/^Max open files/ { print $4 }' "/proc/$SERVER_PID/limits")" = "$hard" ]
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
}

# Linux passes SO_PASSCRED on from the listening socket (NetBSD its
# LOCAL_CREDS: tests/rump); -v names what serve set there, and a datagram
# server, which accepts nothing, names nothing.
@test "serve -v names the options its listening socket passes on to every client" {
	require_linux "SO_PASSCRED, which Linux passes on to accepted sockets"
	start_server "$D" -v -1 "$D/s"
	grep -qx "credcheck: SCM_CREDENTIALS: enabled on the listening socket, which every accepted socket inherits" "$D/err"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	start_server "$D" -v -1 -T dgram "$D/d"
	run -1 grep -q "listening socket" "$D/err"
	stop_server
}

@test "another user's socket that is bound but not listening is left alone, even by root" {
	require_root
	# Shared, as /tmp is: others may add names, not take ours.
	chmod 1777 "$D"
	"$RUNAS" -u 1000 -U 1000 -g 100 -G 100 -s none python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
print("bound", flush=True)
time.sleep(30)' "$D/s" >"$D/bound" 3>&- &
	OWNER=$!
	wait_until grep -q bound "$D/bound"
	ino=$(ls -i "$D/s" | cut -d' ' -f1)
	run -1 --separate-stderr "$CREDCHECK" serve "$D/s"
	[ "$stderr" = "credcheck: $D/s: a socket of another user, which may not be stale; left alone" ]
	[ "$(ls -i "$D/s" | cut -d' ' -f1)" = "$ino" ]
	kill "$OWNER"
}

@test "root serves only below directories no other user can change" {
	require_root
	mkdir "$D/theirs" "$D/open" "$D/shared"
	chown 1000 "$D/theirs"
	chmod 777 "$D/open"
	chmod 1777 "$D/shared"
	run -1 --separate-stderr "$CREDCHECK" serve "$D/theirs/s"
	[ "$stderr" = "credcheck: $D/theirs/s: another user can change the directory $D/theirs; root serves only where no other user can" ]
	run -1 --separate-stderr "$CREDCHECK" serve "$D/open/s"
	[ "$stderr" = "credcheck: $D/open/s: another user can change the directory $D/open; root serves only where no other user can" ]
	ln -s "$D/shared" "$D/link"
	run -1 --separate-stderr "$CREDCHECK" serve "$D/link/s"
	[ "$stderr" = "credcheck: $D/link/s: another user can change the directory $D/link; root serves only where no other user can" ]
	[ "$(find "$D/theirs" "$D/open" -mindepth 1 | wc -l)" -eq 0 ]
	# A sticky directory, as /tmp, is fine.
	start_server "$D" "$D/shared/s"
	[ -S "$D/shared/s" ]
}
