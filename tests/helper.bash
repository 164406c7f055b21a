# Shared by every tests/*.bats file: where the programs are, a short socket
# directory (sun_path is small), and servers started and stopped by pid.
# shellcheck shell=bash
# Variables set here are used by the test files that load it.
# shellcheck disable=SC2034

bats_require_minimum_version 1.5.0

bats_load_library bats-support
bats_load_library bats-assert

TOP=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
CREDCHECK=${CREDCHECK:-$TOP/credcheck}
RUNAS=$TOP/tests/runas

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to run as other credentials"
}

# valgrind resets a process's effective ids to its real ones, so runs
# whose ids differ cannot be made under `make valgrind' (which sets this);
# `make sanitize' runs them.
require_distinct_ids() {
	[ -z "${CREDCHECK_VALGRIND:-}" ] ||
	    skip "valgrind resets the effective ids to the real ones"
}

# Tests that name Linux's mechanisms (SO_PEERCRED, SCM_CREDENTIALS,
# SO_PEERGROUPS) or its limits say so, and skip elsewhere with the reason.
require_linux() {
	[ "$(uname -s)" = Linux ] ||
	    skip "${1:-the mechanisms it names} are Linux only (credcheck -V lists this system's)"
}

# Tests that read a process's descriptors or CPU time from /proc.
require_proc() {
	[ -d /proc/self/fd ] || skip "needs /proc/PID/fd and /proc/PID/stat"
}

# Tests that expect the real ids: every system but OpenBSD gives them.
require_real_ids() {
	[ "$(uname -s)" != OpenBSD ] ||
	    skip "OpenBSD's SO_PEERCRED gives effective ids only"
}

# Whether this kernel lets a receiver refuse descriptors (SO_PASSRIGHTS,
# Linux 6.16), so that a peer's SCM_RIGHTS fails at its sendmsg(2).
kernel_refuses_fds() {
	command -v python3 >/dev/null &&
	    python3 -c 'import socket; socket.socket(socket.AF_UNIX).setsockopt(socket.SOL_SOCKET, 83, 0)' 2>/dev/null
}

# Start servers as a kernel without SO_PASSRIGHTS would run them, through
# the shim, so that descriptors reach them and are disposed of.
let_fds_through() {
	kernel_refuses_fds || return 0
	[ -f "$TOP/tests/shim.so" ] || skip "no tests/shim.so to let descriptors through"
	LD_PRELOAD=$TOP/tests/shim.so "$CREDCHECK" -V >/dev/null 2>&1 ||
	    skip "this build cannot take an LD_PRELOAD shim"
	SERVER_WRAP=(env LD_PRELOAD="$TOP/tests/shim.so"
	    SHIM_FAIL=setsockopt/SO_PASSRIGHTS:ENOPROTOOPT)
}

# A file's permission bits as ls(1) shows them (rw-rw-rw-): POSIX, unlike
# stat(1), whose flags differ between GNU and the BSDs.
mode_of() {
	ls -ld "$1" | cut -c 2-10
}

# A fresh directory with a short name for sockets.
sockdir() {
	mktemp -d /tmp/cc.XXXXXX
}

# Every test has a fresh directory, $D; a file that needs more in its
# setup says so in its own, which starts with D=$(sockdir).
setup() {
	D=$(sockdir)
}

# What a test started in the background is killed (a supervisor is asked
# to stop, and waited for, so that it stops what it started), and $D goes.
teardown() {
	local pid
	for pid in "${SERVER_PID:-}" "${PEER_PID:-}" "${VICTIM_PID:-}" \
	    "${HOG_PID:-}"; do
		[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
	done
	if [ -n "${SUP_PID:-}" ]; then
		kill "$SUP_PID" 2>/dev/null
		wait "$SUP_PID" 2>/dev/null
	fi
	cd / && rm -rf "$D"
}

# The value of a JSON member, with jq.
json() {
	jq -r "$1"
}

# jq -e, which fails on no input too: jq 1.6 exits 0 when it is given
# nothing, and a test of an empty file would pass.
jq_e() {
	local out
	out=$(jq -e "$@") || return
	printf '%s\n' "$out"
	[ -n "$out" ] || { echo "jq_e: no input to test" >&2; return 1; }
}

PEER=$TOP/tests/peer
SHIM=$TOP/tests/shim.so

# The fault shim needs a dynamic build it can come first in (not musl's
# static one, not valgrind's wrapper, not an ASan run-time that must be
# first).
require_shim() {
	[ -f "$SHIM" ] || skip "no tests/shim.so on this system"
	LD_PRELOAD=$SHIM "$CREDCHECK" -V >/dev/null 2>&1 ||
	    skip "this build cannot take an LD_PRELOAD shim"
}

# Poll until a command succeeds, for at most about ten seconds.
wait_until() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# Wait until the socket at a path listens.  A server's file exists from
# bind(2), a moment before listen(2): a client in between is refused.
# Linux lists listening sockets in /proc/net/unix (flag __SO_ACCEPTCON);
# elsewhere the file is the best sign there is.
wait_listening() {
	if [ -r /proc/net/unix ]; then
		wait_until awk -v p="$1" '$4 == "00010000" && $NF == p { f = 1 }
		    END { exit !f }' /proc/net/unix
	else
		wait_until test -S "$1"
	fi
}

# A socat server at $D/s that runs a shell command for its one client,
# as a server that does not speak the protocol; sets PEER_PID.
socat_server() {
	socat UNIX-LISTEN:"$D/s" SYSTEM:"$1" 3>&- &
	PEER_PID=$!
	wait_listening "$D/s"
}

# Start "credcheck serve ARGS" with its output in $DIR/out (or the file
# after -o) and $DIR/err, and wait for its readiness line.  Sets
# SERVER_PID.  SERVER_WRAP, an array, goes before the command (env
# settings, a limit: anything that ends by running its arguments).
start_server() {
	local out=
	if [ "$1" = -o ]; then
		out=$2
		shift 2
	fi
	local dir=$1
	shift
	# Emptied first: the background shell opens it only later, and a
	# readiness line left by an earlier server would be taken for this
	# one's, which could then be signalled before it catches signals.
	: >"$dir/err"
	"${SERVER_WRAP[@]}" "$CREDCHECK" serve "$@" >"${out:-$dir/out}" \
	    2>"$dir/err" 3>&- &
	SERVER_PID=$!
	wait_until grep -q "listening on" "$dir/err"
}

# For SERVER_WRAP: run the arguments under ulimit's flags in $1.
with_ulimit() {
	local flags=$1
	shift
	# shellcheck disable=SC2086
	ulimit $flags && exec "$@"
}

# Stop the server with a signal and wait for it; sets SERVER_STATUS.
stop_server() {
	kill -"${1:-TERM}" "$SERVER_PID" 2>/dev/null || true
	SERVER_STATUS=0
	wait "$SERVER_PID" || SERVER_STATUS=$?
}

# Wait for a server started with -c or -1 to finish by itself.
server_exit() {
	SERVER_STATUS=0
	wait "$SERVER_PID" || SERVER_STATUS=$?
}

# How many descriptors a process has open.
fd_count() {
	ls "/proc/$1/fd" | wc -l
}

# User plus system CPU time of a process, in clock ticks.
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}
