#!/usr/bin/env bats
# serve under load and against clients that misbehave: none of them stops
# the others, and each costs at most a line on stderr.
# bats sets stderr and stderr_lines (run --separate-stderr); bash -c
# scripts are quoted to expand later; each @test is a subshell.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031,SC2034

load helper

@test "fifty concurrent clients are all served" {
	require_real_ids
	start_server "$D" -c 50 -j "$D/s"
	pids=()
	for i in $(seq 1 50); do
		"$CREDCHECK" connect -j "$D/s" >"$D/c$i" 2>&1 3>&- &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p"
	done
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	[ "$(wc -l < "$D/out")" -eq 50 ]
	for i in $(seq 1 50); do
		jq_e '.seen_by_server.uid == '"$(id -ru)" "$D/c$i" >/dev/null
	done
	[ "$(jq -r .client "$D/out" | sort -n | uniq | wc -l)" -eq 50 ]
}

@test "a stalled client does not delay another" {
	start_server "$D" -t 60 "$D/s"
	"$PEER" stall "$D/s" >"$D/stall" 3>&- &
	PEER_PID=$!
	run -0 "$CREDCHECK" connect -t 20 "$D/s"
	# The stalled client is still waiting: the other did not wait for it.
	kill -0 "$PEER_PID"
	[ "$(grep -c '^Client ' "$D/out")" -eq 1 ]
	stop_server
}

@test "a client that says nothing is dropped at the deadline" {
	start_server "$D" -1 -t 1 "$D/s"
	run -0 "$PEER" stall "$D/s"
	assert_output "dropped"
	grep -qx "credcheck: client 1: no complete exchange within 1 s; dropped" "$D/err"
	# A dropped client does not use up -1: the next one does.
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
}

@test "connect gives up on a server that never says go on" {
	socat_server 'sleep 5'
	run -1 --separate-stderr "$CREDCHECK" connect -t 1 "$D/s"
	[ "$stderr" = "credcheck: $D/s: no \"go on\" within 1 s" ]
	# What was known at connect(2) is printed first: the listener's pid.
	[ "${lines[0]}" = "Server:" ]
	[ "${lines[1]}" = "PID: $PEER_PID" ]
}

@test "connect refuses a server that says something else" {
	socat_server 'echo hello; sleep 2'
	run -1 --separate-stderr "$CREDCHECK" connect "$D/s"
	[ "$stderr" = "credcheck: $D/s: the server did not say \"go on\": it speaks another protocol" ]
	[ "${lines[1]}" = "PID: $PEER_PID" ]
}

@test "connect names another protocol at its first byte, not at -t" {
	# No newline, then silence: the first bytes are enough to tell.
	socat_server 'printf HELLO; sleep 30'
	run -1 --separate-stderr "$CREDCHECK" connect -t 25 "$D/s"
	[ "$stderr" = "credcheck: $D/s: the server did not say \"go on\": it speaks another protocol" ]
}

@test "connect refuses a report that is not a credential record" {
	socat_server 'echo go on; read l; echo "{\"pid\": oops}"'
	run -1 --separate-stderr "$CREDCHECK" connect -j "$D/s"
	[ "$stderr" = "credcheck: $D/s: the server's report is not a credential record" ]
	printf '%s\n' "$output" | jq_e '.server.pid == '"$PEER_PID"' and
	    (has("seen_by_server") | not)'
}

@test "connect to nothing fails with the reason" {
	run -1 --separate-stderr "$CREDCHECK" connect "$D/none"
	[ "$stderr" = "credcheck: connect $D/none: No such file or directory" ]
}

@test "connect to a file that is not a socket, or to a stale socket, says which" {
	touch "$D/file"
	run -1 --separate-stderr "$CREDCHECK" connect "$D/file"
	[ "$stderr" = "credcheck: connect $D/file: not a socket" ]
	start_server "$D" -1 "$D/stale"
	kill -KILL "$SERVER_PID"
	wait "$SERVER_PID" || true
	run -1 --separate-stderr "$CREDCHECK" connect "$D/stale"
	[ "$stderr" = "credcheck: connect $D/stale: no server is listening there" ]
}

# Start, at $D/full, a listener that never accepts, its backlog (0)
# filled by one client; it stays until descriptor 4 is closed.
start_full_listener() {
	command -v python3 >/dev/null || skip "python3 is not installed"
	require_linux "EAGAIN from a full backlog"
	mkfifo "$D/hold"
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(0)
c = socket.socket(socket.AF_UNIX)
c.connect(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()' "$D/full" <"$D/hold" >"$D/ready" &
	exec 4>"$D/hold"
	wait_until grep -q ready "$D/ready"
}

@test "connect gives up on a listener whose backlog is full, at -t" {
	start_full_listener
	run -1 --separate-stderr timeout 30 "$CREDCHECK" connect -t 1 "$D/full"
	exec 4>&-
	[ "$stderr" = "credcheck: connect $D/full: the server took no connection within 1 s (it is not accepting; its backlog is full)" ]
}

@test "serve's probe of a listener that does not accept ends, and calls it in use" {
	start_full_listener
	run -1 --separate-stderr timeout 30 "$CREDCHECK" serve "$D/full"
	exec 4>&-
	[ "$stderr" = "credcheck: $D/full: address in use: a server is listening there" ]
	[ -S "$D/full" ]
}

@test "a server started with standard input and error closed still serves" {
	# Its signal pipe must not become descriptor 0 or 2.
	"$CREDCHECK" serve -1 -j "$D/s" >"$D/out" 0<&- 2>&- 3>&- &
	SERVER_PID=$!
	wait_listening "$D/s"
	run -0 "$CREDCHECK" connect -j "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	jq_e '.client == 1' "$D/out"
}

@test "a flood keeps 1 KiB of the line, drops the rest, and serving goes on" {
	start_server "$D" -c 2 -j "$D/s"
	run -0 "$PEER" flood "$D/s" 5000000
	printf '%s\n' "$output" | jq_e '(.message | length) == 1024 and
	    .message_dropped == (5000000 - 1024)'
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
}

@test "the human record says how much of a long line was dropped" {
	start_server "$D" -1 "$D/s"
	run -0 "$PEER" flood "$D/s" 3000
	server_exit
	grep -qx "Message: $(printf 'A%.0s' $(seq 1 1024)) (1976 more bytes dropped)" "$D/out"
}

@test "a record larger than the socket buffer reaches the client whole" {
	require_linux "65536 groups"
	require_root
	# 65536 groups make a report of about 400 KB: more than one write.
	start_server "$D" -1 -n -j -m 666 "$D/s"
	chmod 755 "$D"
	run -0 "$RUNAS" -s 100000-165535 "$CREDCHECK" connect -j -n -t 30 "$D/s"
	printf '%s\n' "$output" | jq_e '.seen_by_server.groups | length == 65536'
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
}

@test "control characters in a line are escaped, never written raw" {
	start_server "$D" -c 2 "$D/s"
	printf 'red \033[31m bell \a back\\slash\n' | "$PEER" raw "$D/s" >"$D/report"
	wait_until grep -q '^Message:' "$D/out"
	grep -qF 'Message: red \x1b[31m bell \x07 back\\slash' "$D/out"
	run -1 grep -q "$(printf '\033')" "$D/out"
	jq_e '.message == "red \u001b[31m bell \u0007 back\\slash"' "$D/report"
	stop_server
}

@test "C1 controls, bidi controls and line separators are escaped in JSON" {
	start_server "$D" -1 -j "$D/s"
	# U+0085, U+202E, U+2066, U+2028, U+2029, as valid UTF-8.
	printf 'a\302\205b\342\200\256c\342\201\246d\342\200\250e\342\200\251f\n' |
	    "$PEER" raw "$D/s" >"$D/report"
	server_exit
	grep -qF '"message":"a\u0085b\u202ec\u2066d\u2028e\u2029f"' "$D/out"
	grep -qF '"message":"a\u0085b\u202ec\u2066d\u2028e\u2029f"' "$D/report"
	run -1 env LC_ALL=C grep -q "$(printf '\302\205')" "$D/out"
	run -1 env LC_ALL=C grep -q "$(printf '\342\200\256')" "$D/out"
}

@test "the human record shows those code points as bytes, never raw" {
	start_server "$D" -1 "$D/s"
	printf 'a\302\205b\342\200\256c\n' | "$PEER" raw "$D/s" >/dev/null
	server_exit
	grep -qxF 'Message: a\xc2\x85b\xe2\x80\xaec' "$D/out"
}

@test "bytes after the newline are not the line's and are never counted" {
	start_server "$D" -c 2 -j "$D/s"
	printf 'hello\nand more after it\n' | "$PEER" raw "$D/s" >/dev/null
	# The server has answered and gone before the rest is written.
	{ printf 'hello\n'; sleep 0.2; printf 'and more after it\n'; } |
	    "$PEER" raw "$D/s" >/dev/null || true
	server_exit
	run jq -c '[.message, .message_dropped]' "$D/out"
	assert_output "$(printf '%s\n%s' '["hello",null]' '["hello",null]')"
}

@test "bytes that are not UTF-8 still give valid JSON" {
	start_server "$D" -1 -j "$D/s"
	printf 'a\377\376b\n' | "$PEER" raw "$D/s" >"$D/report"
	server_exit
	jq_e '.message == "a\ufffd\ufffdb"' "$D/out"
	jq_e '.message == "a\ufffd\ufffdb"' "$D/report"
}

@test "descriptors a client passes are refused where the kernel can" {
	kernel_refuses_fds || skip "this kernel has no SO_PASSRIGHTS (Linux 6.16)"
	require_proc
	start_server "$D" -t 30 "$D/s"
	before=$(fd_count "$SERVER_PID")
	run -1 --separate-stderr "$PEER" fds "$D/s" 5
	[ "$stderr" = "peer: sendmsg: Operation not permitted" ]
	run -0 "$CREDCHECK" connect "$D/s"
	[ "$(fd_count "$SERVER_PID")" -eq "$before" ]
	stop_server
}

@test "connect refuses descriptors a server passes, where the kernel can" {
	kernel_refuses_fds || skip "this kernel has no SO_PASSRIGHTS (Linux 6.16)"
	python3 -c '
import array, os, socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1)
print("ready", flush=True)
c, _ = s.accept()
fd = os.open("/dev/null", os.O_RDONLY)
try:
    c.sendmsg([b"go on\n"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
        array.array("i", [fd]))])
    print("passed", flush=True)
except PermissionError:
    print("refused", flush=True)
c.close()' "$D/fake" >"$D/said" &
	wait_until grep -q ready "$D/said"
	run -1 timeout 20 "$CREDCHECK" connect -t 2 "$D/fake"
	wait_until grep -qx refused "$D/said"
}

@test "clients that hang up at each step cost a line each" {
	start_server "$D" -c 2 "$D/s"
	"$PEER" hangup "$D/s" connect
	"$PEER" hangup "$D/s" greeting
	run -0 "$PEER" hangup "$D/s" line
	assert_output --partial '"message":"half a li"'
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$(grep -c '^credcheck: client [12]: hung up before' "$D/err")" -eq 2 ]
	[ "$(grep -c '^Client ' "$D/out")" -eq 2 ]
}

@test "nc or socat can speak the protocol by hand" {
	start_server "$D" -1 "$D/s"
	run -0 bash -c 'printf "by hand\n" | socat - UNIX-CONNECT:"$1"' _ "$D/s"
	assert_line --index 0 "go on"
	printf '%s\n' "${lines[1]}" | jq_e '.message == "by hand" and .client == 1'
	server_exit
}

@test "out of descriptors, the server backs off and recovers" {
	require_proc
	start_server "$D" -t 60 "$D/s"
	kill -KILL "$SERVER_PID"
	wait "$SERVER_PID" || true
	rm -f "$D/s"
	SERVER_WRAP=(with_ulimit "-n 24")
	start_server "$D" -t 60 "$D/s"
	mkfifo "$D/hold"
	"$PEER" hold "$D/s" 40 <"$D/hold" >"$D/held" 3>&- &
	PEER_PID=$!
	exec 4>"$D/hold"
	wait_until grep -q "holding 40" "$D/held"
	wait_until grep -q "accept: out of file descriptors; pausing" "$D/err"
	# Over one second, the paused server must not spin on accept().
	t0=$(cpu_ticks "$SERVER_PID")
	sleep 1
	t1=$(cpu_ticks "$SERVER_PID")
	[ $((t1 - t0)) -lt 20 ]
	exec 4>&-
	wait "$PEER_PID" || true
	run -0 "$CREDCHECK" connect -t 20 "$D/s"
	stop_server
	[ "$SERVER_STATUS" -eq 0 ]
}

# N clients with lines of 1000 bytes, records of some 1.8 KB each.  They
# are tests/peer, not credcheck: under `make valgrind' only the server
# pays.
long_clients() {
	local i line
	line=$(printf 'x%.0s' $(seq 1 1000))
	for ((i = 0; i < $1; i++)); do
		printf '%s\n' "$line" | "$PEER" raw "$D/s" >/dev/null || return 1
	done
}

# A reader that holds the pipe open and never reads, as `| sleep 1000'.
idle_reader() {
	mkfifo "$D/fifo"
	# shellcheck disable=SC2217 # the open is the point, not the reading
	sleep 600 <"$D/fifo" 3>&- &
	PEER_PID=$!
}

@test "a standard output nobody reads stops no client; the records wait" {
	idle_reader
	start_server -o "$D/fifo" "$D" -j "$D/s"
	# 80 records of some 1.8 KB: twice what a pipe holds.
	long_clients 80
	cat "$D/fifo" >"$D/out" &
	reader=$!
	stop_server
	[ "$SERVER_STATUS" -eq 0 ]
	wait "$reader"
	[ "$(jq -r .client "$D/out" | sort -n | uniq | wc -l)" -eq 80 ]
}

@test "records are written before serve exits, for as long as -t" {
	idle_reader
	start_server -o "$D/fifo" "$D" -c 80 -j -t 30 "$D/s"
	long_clients 80
	# The count is reached, and serve waits for a reader to take the rest.
	kill -0 "$SERVER_PID"
	cat "$D/fifo" >"$D/out"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	[ "$(wc -l <"$D/out")" -eq 80 ]
}

@test "records stdout never takes are said lost, and the status is 1" {
	idle_reader
	start_server -o "$D/fifo" "$D" -c 80 -j -t 1 "$D/s"
	long_clients 80
	server_exit
	[ "$SERVER_STATUS" -eq 1 ]
	grep -qx "credcheck: stdout: [1-9][0-9]* bytes of records not written" "$D/err"
}

@test "with 1 MiB of records waiting, serve takes no new client until stdout drains" {
	require_linux "65536 groups"
	require_root
	idle_reader
	start_server -o "$D/fifo" "$D" -n -j -m 666 -t 60 "$D/s"
	chmod 755 "$D"
	# Three records of some 400 KB each fill the queue.
	for i in 1 2 3; do
		"$RUNAS" -s 100000-165535 "$CREDCHECK" connect -n -t 30 "$D/s" >/dev/null
	done
	"$CREDCHECK" connect -t 60 "$D/s" >"$D/late" 2>&1 3>&- &
	late=$!
	# It is queued by the kernel, not greeted, and stays so: a second in
	# which serve would have taken it if it took new clients.
	command -v ss >/dev/null || skip "ss (iproute2) is not installed"
	queued() { [ "$(ss -xlH src "$D/s" | awk '{ print $3 }')" = 1 ]; }
	wait_until queued
	sleep 1
	queued
	kill -0 "$late"
	cat "$D/fifo" >"$D/out" &
	reader=$!
	wait "$late"
	stop_server
	[ "$SERVER_STATUS" -eq 0 ]
	wait "$reader"
	[ "$(wc -l <"$D/out")" -eq 4 ]
}

@test "a signal while records wait for stdout ends the wait" {
	idle_reader
	start_server -o "$D/fifo" "$D" -j -t 600 "$D/s"
	long_clients 80
	# The first ends serving, the second the wait for the reader.
	kill -TERM "$SERVER_PID"
	# Serving has ended when the socket is gone; the wait has begun.
	wait_until test ! -e "$D/s"
	kill -TERM "$SERVER_PID" 2>/dev/null || true
	server_exit
	[ "$SERVER_STATUS" -eq 1 ]
	grep -qx "credcheck: stdout: [1-9][0-9]* bytes of records not written" "$D/err"
}
