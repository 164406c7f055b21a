#!/usr/bin/env bats
# make check-rump: credcheck's NetBSD code on NetBSD's kernel code, in a rump
# kernel that mk/rump started (RUMP_SERVER).  Each process here is also a
# process of that kernel, with a pid of its own there; CREDCHECK_RUMP_AS
# gives it other ids (tests/rump/shim.c).  Paths are in the rump kernel's
# file system, not the host's.
# bats sets output, stderr and status (run --separate-stderr).
# shellcheck disable=SC2154,SC2034

bats_require_minimum_version 1.5.0
bats_load_library bats-support
bats_load_library bats-assert

setup() {
	[ -n "${RUMP_SERVER:-}" ] ||
	    skip "no rump kernel: make check-rump RUMP=dir (see README)"
	S=/tmp/t$BATS_TEST_NUMBER
	OUT=$(mktemp -d "${BATS_TMPDIR:-/tmp}/ccr.XXXXXX")
	CLIENT_IDS=1000:100:100,5
}

teardown() {
	[ -n "${SERVER_PID:-}" ] && kill -KILL "$SERVER_PID" 2>/dev/null
	rm -rf "$OUT"
}

# credcheck serve ARGS, as root of the rump kernel, output in $OUT.
start_server() {
	"$CREDCHECK" serve "$@" >"$OUT/out" 2>"$OUT/err" &
	SERVER_PID=$!
	local i
	for ((i = 0; i < 200; i++)); do
		grep -q "listening on" "$OUT/err" && return 0
		sleep 0.05
	done
	cat "$OUT/err" >&2
	return 1
}

as_client() {
	CREDCHECK_RUMP_AS=$CLIENT_IDS "$@"
}

@test "selftest: LOCAL_PEEREID, getpeereid and LOCAL_CREDS ok; in the race LOCAL_CREDS brings none" {
	run -0 "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq -e '
	    .result == "ok" and
	    ([.mechanisms[] | {(.mechanism): .result}] | add) ==
	        {"LOCAL_PEEREID": "ok", "getpeereid": "ok", "LOCAL_CREDS": "ok"} and
	    .unsynchronised == [{"mechanism": "LOCAL_CREDS", "captured": "send",
	        "fields": ["pid", "uid", "euid", "gid", "egid", "groups"],
	        "result": "none",
	        "detail": "no credentials came with the message"}]'
}

@test "selftest as uid 1000, gid 100, groups 100 5 20: every field as set, from the kernel's sockcred" {
	CLIENT_IDS=1000:100:100,5,20
	run -0 as_client "$CREDCHECK" selftest -j
	printf '%s\n' "$output" | jq -e '
	    .uid == 1000 and .euid == 1000 and .gid == 100 and .egid == 100 and
	    .groups == [100, 5, 20] and .pid > 1 and
	    .sources.groups.mechanism == "LOCAL_CREDS" and
	    .sources.pid.mechanism == "LOCAL_PEEREID"'
}

@test "the parsers read the kernel's bytes: a sockcred with NetBSD's most groups, 16" {
	CLIENT_IDS=1000:100:1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
	run -0 as_client "$CREDCHECK" selftest -j
	printf '%s\n' "$output" |
	    jq -e '.groups == [range(1; 17)] and .result == "ok"'
}

@test "serve and connect between uids: the server sees the client's ids and groups, one process" {
	start_server -1 -j -m 0666 "$S"
	run -0 --separate-stderr as_client "$CREDCHECK" connect -j "$S"
	wait "$SERVER_PID"
	jq -e '.uid == 1000 and .euid == 1000 and .gid == 100 and
	    .egid == 100 and .groups == [100, 5] and
	    (has("sent_by") | not) and .message == "credcheck connect" and
	    .sources.uid.mechanism == "LOCAL_CREDS"' "$OUT/out"
	client_pid=$(jq .pid "$OUT/out")
	printf '%s\n' "$output" | jq -e --argjson p "$client_pid" '
	    .seen_by_server.pid == $p and .seen_by_server.uid == 1000'
}

# NetBSD's uipc_usrreq.c 1.180 (2016) gives the connecting socket the ids
# it has just stored for the accepted one: the client's own.
@test "connect: LOCAL_PEEREID naming the client itself is left out, with a warning; the server is known by go on" {
	start_server -1 -j -m 0666 "$S"
	run -0 --separate-stderr as_client "$CREDCHECK" connect -j "$S"
	[[ "$stderr" == *"LOCAL_PEEREID names this process, not the server"* ]]
	printf '%s\n' "$output" | jq -e '
	    .server.euid == 0 and .server.uid == 0 and
	    .server.sources.pid.mechanism == "LOCAL_CREDS" and
	    (.server | has("sent_by") | not) and
	    .server.pid != .seen_by_server.pid'
}

# The server is stopped while the client connects and writes, so that the
# line is queued before the server can accept(2) and opt in.
@test "a client that writes before go on: LOCAL_CREDS set on the listener is inherited, so the line carries its ids" {
	start_server -1 -j -v -m 0666 "$S"
	grep -qx "credcheck: LOCAL_CREDS: enabled on the listening socket, which every accepted socket inherits" "$OUT/err"
	kill -STOP "$SERVER_PID"
	CREDCHECK_RUMP_AS=$CLIENT_IDS "$PEER" early "$S" >"$OUT/peer" &
	peer=$!
	sleep 1
	kill -CONT "$SERVER_PID"
	wait "$peer"
	wait "$SERVER_PID"
	jq -e '.uid == 1000 and .gid == 100 and .groups == [100, 5] and
	    .sources.uid.mechanism == "LOCAL_CREDS" and
	    .sources.uid.captured == "send" and .message == "peer"' "$OUT/out"
}

@test "a line in two writes: LOCAL_CREDS comes once on a stream, and the line is whole" {
	start_server -1 -j -m 0666 "$S"
	run -0 as_client bash -c '{ printf pe; sleep 1; printf "er\n"; } |
	    "$PEER" raw "$1"' _ "$S"
	wait "$SERVER_PID"
	jq -e '.message == "peer" and .uid == 1000 and .euid == 1000' "$OUT/out"
}

@test "seqpacket between uids: the same exchange, a message a line" {
	start_server -1 -j -m 0666 -T seqpacket "$S"
	run -0 --separate-stderr as_client "$CREDCHECK" connect -j -T seqpacket "$S"
	wait "$SERVER_PID"
	jq -e '.uid == 1000 and .groups == [100, 5] and
	    .message == "credcheck connect"' "$OUT/out"
	printf '%s\n' "$output" | jq -e '.seen_by_server.uid == 1000'
}

# The server is the other uid: it must reach the client's socket, in a
# directory of root's, through /tmp's tmpfs (shim.c mounts it), which
# keeps owners and modes.  With neither O_PATH nor O_SEARCH there, the
# server opens each directory for reading: a 0711 one refused it.
@test "datagrams between uids: every datagram carries LOCAL_CREDS; the client's socket is in TMPDIR" {
	CREDCHECK_RUMP_AS=$CLIENT_IDS start_server -1 -j -T dgram "$S"
	run -0 --separate-stderr env TMPDIR=/tmp "$CREDCHECK" connect -j -T dgram "$S"
	wait "$SERVER_PID"
	jq -e '.uid == 0 and .euid == 0 and .groups == [] and
	    .sources.uid.mechanism == "LOCAL_CREDS" and
	    .message == "credcheck connect"' "$OUT/out"
	printf '%s\n' "$output" | jq -e '.server.uid == 1000 and
	    .server.groups == [100, 5] and .seen_by_server.uid == 0'
}

@test "serve refuses a path whose socket another server holds, and leaves it" {
	start_server -m 0666 "$S"
	run -1 --separate-stderr "$CREDCHECK" serve -1 "$S"
	[[ "$stderr" == *"$S"* ]]
	run -0 as_client "$CREDCHECK" connect -j "$S"
}

# The event loop's kqueue backend (evloop_kqueue.c), never run elsewhere
# here: tests/unit built with -DEVLOOP_KQUEUE on NetBSD's kqueue.
@test "the event loop on NetBSD's kqueue: read, write, nothing wanted, hang-up, a regular file, forgotten watches" {
	run -0 "$UNIT" event-loop
	[[ "$output" == "ok event-loop: "* ]]
}
