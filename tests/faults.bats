#!/usr/bin/env bats
# What a real system does rarely, made to happen (tests/shim.so through
# LD_PRELOAD): failed system calls, a kernel without an option, and
# mechanisms that lie.  Each costs a clear message, never a wrong answer.
# SERVER_WRAP is read by start_server in helper.bash.
# shellcheck disable=SC2154,SC2016,SC2030,SC2031,SC2034

load helper

shim() {
	LD_PRELOAD=$SHIM "$@"
}

@test "selftest catches a mechanism that answers with the receiver's own pid" {
	require_shim
	SHIM_LIE=peercred-self-pid run -1 --separate-stderr shim "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERCRED +connect +pid euid egid +FAIL: pid [0-9]+, expected [0-9]+$'
	# A field from a mechanism that failed is not shown as the peer's.
	run -1 bash -c 'SHIM_LIE=peercred-self-pid LD_PRELOAD=$1 "$2" selftest -j' _ "$SHIM" "$CREDCHECK"
	printf '%s\n' "$output" | jq_e '.result == "FAIL" and
	    .sources.pid.mechanism != "SO_PEERCRED"'
}

# As NetBSD's uipc_usrreq.c 1.180 does for a client's LOCAL_PEEREID.
@test "connect: a SO_PEERCRED that names the client itself is left out, with a warning; the server is known by go on" {
	require_shim
	start_server "$D" -1 -j "$D/s"
	SHIM_LIE=peercred-self-pid run -0 --separate-stderr shim "$CREDCHECK" connect -j "$D/s"
	[[ "$stderr" == *"SO_PEERCRED names this process, not the server"* ]]
	printf '%s\n' "$output" | jq_e --argjson p "$SERVER_PID" '
	    .server.pid == $p and .server.sources.pid.mechanism == "SCM_CREDENTIALS" and
	    .server.euid == null and .server.groups == null and
	    (.server | has("sent_by") | not)'
}

@test "selftest catches a mechanism that gives the wrong effective uid" {
	require_shim
	SHIM_LIE=peercred-euid run -1 shim "$CREDCHECK" selftest
	assert_line --regexp "^SO_PEERCRED +connect +pid euid egid +FAIL: euid 4242, expected $(id -u)\$"
	assert_line --regexp '^getpeereid +connect +euid egid +FAIL: euid 4242'
}

@test "a kernel without SO_PEERGROUPS makes it unsupported, not failed" {
	require_shim
	SHIM_FAIL=getsockopt/SO_PEERGROUPS:ENOPROTOOPT run -0 shim "$CREDCHECK" selftest
	assert_line --regexp '^SO_PEERGROUPS +connect +groups +unsupported$'
	assert_line "Supplementary groups: unavailable"
}

@test "a refused SO_PASSCRED fails SCM_CREDENTIALS with the reason" {
	require_shim
	SHIM_FAIL=setsockopt/SO_PASSCRED:EPERM run -1 shim "$CREDCHECK" selftest
	assert_line --regexp '^SCM_CREDENTIALS +send +pid uid gid +FAIL: Operation not permitted$'
	assert_line "UID: unavailable"
}

@test "placeholder credentials in the right order fail the check, whatever they look like" {
	require_shim
	SHIM_LIE=placeholder run -1 shim "$CREDCHECK" selftest
	assert_line --regexp '^SCM_CREDENTIALS +send +pid uid gid +FAIL: pid not visible here, expected [0-9]+$'
	SHIM_LIE=placeholder SHIM_FAIL=ioctl:EINVAL run -1 shim "$CREDCHECK" selftest
	assert_line --regexp '^SCM_CREDENTIALS +send +pid uid gid +FAIL: the kernel marked the credentials missing$'
}

@test "selftest says why when it cannot fork or make a socket pair" {
	require_shim
	SHIM_FAIL=fork:EAGAIN run -1 --separate-stderr shim "$CREDCHECK" selftest
	[ "$stderr" = "credcheck: synchronised exchange: Resource temporarily unavailable" ]
	assert_output ""
	SHIM_FAIL=socketpair:EMFILE run -1 --separate-stderr shim "$CREDCHECK" selftest
	[ "$stderr" = "credcheck: synchronised exchange: Too many open files" ]
	SHIM_FAIL=fork:EAGAIN:2 run -1 --separate-stderr shim "$CREDCHECK" selftest
	[ "$stderr" = "credcheck: unsynchronised exchange: Resource temporarily unavailable" ]
}

@test "selftest -T on a type the system does not make: one line, exit 1" {
	require_shim
	SHIM_FAIL=socketpair:EPROTONOSUPPORT:1 run -1 --separate-stderr \
	    shim "$CREDCHECK" selftest -T seqpacket
	[ "$stderr" = "credcheck: seqpacket UNIX-domain sockets: Protocol not supported" ]
	assert_output ""
}

@test "selftest says so when its sender dies before handing over its socket" {
	require_shim
	# The child's only sendmsg(2) passes the socket to the parent.
	SHIM_FAIL=sendmsg:EIO run -1 --separate-stderr shim "$CREDCHECK" selftest
	[ "$stderr" = "credcheck: synchronised exchange: Connection reset by peer" ]
}

@test "output that cannot be written is an error" {
	run -1 --separate-stderr bash -c '"$1" selftest >/dev/full' _ "$CREDCHECK"
	[ "$stderr" = "credcheck: stdout: No space left on device" ]
}

@test "serve says why it cannot bind, and leaves no file" {
	require_shim
	SHIM_FAIL=bind:EACCES run -1 --separate-stderr shim "$CREDCHECK" serve "$D/s"
	[ "$stderr" = "credcheck: $D/s: Permission denied" ]
	run ls -A "$D"
	assert_output ""
}

@test "serve leaves no file when the bound socket cannot listen" {
	require_shim
	SHIM_FAIL=listen:EPERM run -1 --separate-stderr shim "$CREDCHECK" serve "$D/s"
	[ "$stderr" = "credcheck: $D/s: Operation not permitted" ]
	run ls -A "$D"
	assert_output ""
}

@test "a failed accept costs a line and serving goes on" {
	require_shim
	# The first accept is aborted (silently: the client left), the
	# second fails; the connection waits in the queue for the third.
	SERVER_WRAP=(env LD_PRELOAD="$SHIM"
	    "SHIM_FAIL=accept4:ECONNABORTED:1,accept4:EINVAL:2")
	start_server "$D" -c 2 "$D/s"
	run -0 "$CREDCHECK" connect -t 20 "$D/s"
	run -0 "$CREDCHECK" connect -t 20 "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 0 ]
	run grep '^credcheck: accept' "$D/err"
	assert_output "credcheck: accept: Invalid argument"
}

@test "no memory for a new client costs that client only" {
	require_shim
	# An ASan build's own allocator is found before any preloaded one.
	if grep -q __asan_init "$CREDCHECK" 2>/dev/null; then
		skip "the ASan build allocates with its own calloc"
	fi
	SERVER_WRAP=(env LD_PRELOAD="$SHIM" SHIM_FAIL=calloc:ENOMEM:1)
	start_server "$D" -c 1 "$D/s"
	run -1 "$CREDCHECK" connect -t 20 "$D/s"
	run -0 "$CREDCHECK" connect -t 20 "$D/s"
	server_exit
	grep -qx "credcheck: new client: Cannot allocate memory" "$D/err"
}

@test "a placeholder after go on is taken for what it says: nobody, pid hidden" {
	require_shim
	SERVER_WRAP=(env LD_PRELOAD="$SHIM" SHIM_LIE=placeholder)
	start_server "$D" -1 -j "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	run -1 grep -q 'placeholder' "$D/err"
	jq_e '.uid == 65534 and .gid == 65534 and .euid == '"$(id -u)" "$D/out"
}

@test "a listener that did not take SO_PASSCRED: an unmeasured queue is never nobody" {
	require_shim
	# The listener's opt-in fails, so each client's own is measured, and
	# the measuring fails too.
	fail="setsockopt/SO_PASSCRED:EPERM:1,ioctl:EINVAL"
	SERVER_WRAP=(env LD_PRELOAD="$SHIM" SHIM_LIE=placeholder
	    SHIM_FAIL="$fail")
	start_server "$D" -1 -j "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	grep -qx 'credcheck: client 1: SCM_CREDENTIALS: placeholder credentials: the client wrote before "go on"' "$D/err"
	jq_e '.uid == null and .gid == null and .euid == '"$(id -u)" "$D/out"
}

@test "where they cannot be refused, descriptors a client passes are closed at once" {
	require_proc
	let_fds_through
	start_server "$D" -t 30 "$D/s"
	before=$(fd_count "$SERVER_PID")
	run -0 "$PEER" fds "$D/s" 5
	wait_until grep -q "client 1: closed 5 descriptor(s) it passed" "$D/err"
	[ "$(fd_count "$SERVER_PID")" -eq "$before" ]
	stop_server
}

@test "more descriptors than the control buffer holds: truncation reported, all closed" {
	require_real_ids
	require_proc
	let_fds_through
	start_server "$D" -t 30 -j "$D/s"
	before=$(fd_count "$SERVER_PID")
	run -0 "$PEER" fds "$D/s" 250
	printf '%s\n' "$output" | jq_e '.control_truncated == true and
	    .fds_closed > 0 and .fds_closed < 250 and .uid == '"$(id -ru)"
	wait_until grep -q "client 1: control data truncated (MSG_CTRUNC)" "$D/err"
	[ "$(fd_count "$SERVER_PID")" -eq "$before" ]
	stop_server
}

@test "a passed socket that lingers is closed at once, and no one waits" {
	command -v python3 >/dev/null || skip "python3 is not installed"
	let_fds_through
	start_server "$D" -t 30 -j "$D/s"
	mkfifo "$D/hold"
	# A TCP socket on loopback with data its peer never reads, SO_LINGER
	# of 30 s, passed to the server and closed by its owner: the server
	# holds the last reference, and a plain close(2) would wait 30 s.
	python3 -c '
import array, socket, struct, sys
t = socket.socket(); t.bind(("127.0.0.1", 0)); t.listen(1)
c = socket.socket(); c.connect(t.getsockname()); a, _ = t.accept()
c.setblocking(False)
try:
    while True:
        c.send(b"x" * 65536)
except BlockingIOError:
    pass
c.setblocking(True)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 30))
u = socket.socket(socket.AF_UNIX); u.connect(sys.argv[1]); u.recv(6)
u.sendmsg([b"linger\n"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
    array.array("i", [c.fileno()]))])
c.close()
print(u.recv(65536).decode(), flush=True)
sys.stdin.read()' "$D/s" <"$D/hold" >"$D/linger" &
	exec 4>"$D/hold"
	wait_until grep -q '"fds_closed":1' "$D/linger"
	# The next client is served at once, well inside its 5 s.
	run -0 timeout 20 "$CREDCHECK" connect -t 5 "$D/s"
	exec 4>&-
	stop_server
	grep -qx "credcheck: client 1: closed 1 descriptor(s) it passed" "$D/err"
}

@test "a per-message option the server cannot enable is said per client" {
	require_shim
	SERVER_WRAP=(env LD_PRELOAD="$SHIM" SHIM_FAIL=setsockopt/SO_PASSCRED:EPERM)
	start_server "$D" -1 -j "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	grep -qx "credcheck: client 1: SCM_CREDENTIALS: Operation not permitted" "$D/err"
	jq_e '.uid == null and .euid != null' "$D/out"
}

@test "a report the client cannot take is dropped with a line" {
	require_shim
	# The server's own write(2) calls: "go on", then the report.
	SERVER_WRAP=(env LD_PRELOAD="$SHIM" SHIM_FAIL=write:EPIPE:2)
	start_server "$D" -1 "$D/s"
	run -1 "$CREDCHECK" connect -t 20 "$D/s"
	wait_until grep -qx "credcheck: client 1: hung up before the report" "$D/err"
	# It got no answer, so -1 is not used up; the status is the server's.
	kill -0 "$SERVER_PID"
	stop_server
	[ "$SERVER_STATUS" -eq 0 ]
}

@test "a standard output whose reader is gone ends the server with 1" {
	# head(1) takes the first record and goes: the next record's write
	# meets EPIPE, and serve stops rather than lose every record after.
	bash -o pipefail -c '"$0" serve -j "$1" 2>"$2" | head -1 >"$3"' \
	    "$CREDCHECK" "$D/s" "$D/err" "$D/out" 3>&- &
	SERVER_PID=$!
	wait_until grep -q "listening on" "$D/err"
	run -0 "$CREDCHECK" connect "$D/s"
	wait_until test -s "$D/out"
	run "$CREDCHECK" connect "$D/s"
	server_exit
	[ "$SERVER_STATUS" -eq 1 ]
	grep -qx "credcheck: stdout: Broken pipe; [1-9][0-9]* bytes of records lost" "$D/err"
	[ ! -e "$D/s" ]
}

@test "a record that cannot be written to stdout is said, and serving goes on" {
	start_server -o /dev/full "$D" -c 2 "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	server_exit
	# A line for each record, and the output error makes the status 1.
	[ "$SERVER_STATUS" -eq 1 ]
	[ "$(grep -c '^credcheck: stdout: No space left on device' "$D/err")" -ge 2 ]
}

@test "a wait that fails ends the server with 1 and removes its socket" {
	require_shim
	SHIM_FAIL=epoll_wait:EINVAL,poll:EINVAL run -1 --separate-stderr \
	    shim "$CREDCHECK" serve -1 "$D/s"
	[[ $stderr =~ credcheck:\ e?poll:\ Invalid\ argument$ ]]
	[ ! -e "$D/s" ]
}

@test "an event loop that cannot be made: one line, exit 1, no socket" {
	require_shim
	SHIM_FAIL=epoll_create1:EMFILE run -1 --separate-stderr \
	    shim "$CREDCHECK" serve -1 "$D/s"
	[ "$stderr" = "credcheck: epoll: Too many open files" ]
	[ ! -e "$D/s" ]
}

# The third epoll_ctl(2) is the first client's, after its go on (the
# signal pipe's and the listener's come first): that client is dropped,
# and the next one served.
@test "a client the event loop cannot watch is dropped, and serving goes on" {
	require_shim
	SERVER_WRAP=(env SHIM_FAIL=epoll_ctl:ENOMEM:3 LD_PRELOAD="$SHIM")
	start_server "$D" -1 "$D/s"
	run -1 "$CREDCHECK" connect "$D/s"
	run -0 "$CREDCHECK" connect "$D/s"
	wait "$SERVER_PID"
	grep -qx "credcheck: client 1: epoll: Cannot allocate memory" "$D/err"
	grep -q "^Client 2 " "$D/out"
}

@test "connect says when the server hangs up before its report" {
	socat UNIX-LISTEN:"$D/s" SYSTEM:'echo go on; read l' 3>&- &
	SERVER_PID=$!
	wait_listening "$D/s"
	run -1 --separate-stderr "$CREDCHECK" connect "$D/s"
	[ "$stderr" = "credcheck: $D/s: the server hung up before the report" ]
}

@test "connect says why it cannot send its line" {
	require_shim
	start_server -o /dev/null "$D" -1 -t 5 "$D/s"
	SHIM_FAIL=write:EIO run -1 --separate-stderr shim "$CREDCHECK" connect "$D/s"
	[ "$stderr" = "credcheck: $D/s: sending: Input/output error" ]
}

@test "servers racing for a stale socket leave one listening, however slow the removal" {
	require_shim
	start_server "$D" "$D/s"
	kill -KILL "$SERVER_PID"
	wait "$SERVER_PID" || true
	pids=()
	for i in $(seq 1 8); do
		SHIM_SLOW=unlink:200 LD_PRELOAD=$SHIM "$CREDCHECK" serve "$D/s" \
		    >/dev/null 2>"$D/err.$i" 3>&- &
		pids+=($!)
	done
	refused() { [ "$(grep -l "address in use" "$D"/err.* | wc -l)" -eq 7 ]; }
	wait_until refused
	[ "$(grep -l "listening on" "$D"/err.* | wc -l)" -eq 1 ]
	run -0 "$CREDCHECK" connect "$D/s"
	kill "${pids[@]}" 2>/dev/null || true
	wait
	[ ! -e "$D/s" ]
}

@test "a directory another process keeps locked is an error, after a wait" {
	command -v flock >/dev/null || skip "no flock(1)"
	flock "$D" sleep 30 3>&- &
	holder=$!
	wait_until bash -c '! flock -n "$1" true' _ "$D"
	run -1 --separate-stderr "$CREDCHECK" serve "$D/s"
	[ "$stderr" = "credcheck: $D/s: its directory stays locked by another process" ]
	kill "$holder"
	wait "$holder" || true
	[ -z "$(ls -A "$D")" ]
}
