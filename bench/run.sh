#!/bin/bash
# make bench: serve against the baseline server on the same load, taking
# turns: memory with many connections open, and rate and latency behind
# 0, 1,000 and 10,000 idle connections.  As root the load's clients are
# of 16 users (bench/load -u), so that nothing a server keeps from one
# client to the next is the same user's every time.  Each target is
# checked, and the run exits 1 if one is missed.  Everything stays on this
# machine's loopback UNIX sockets and stops by itself.
# Usage: bench/run.sh [rounds] [exchanges]
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-11}
count=${2:-20000}
conc=32
dir=$(mktemp -d /tmp/ccbench.XXXXXX)
chmod 755 "$dir"
pids=""
missed=0
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
# 10,000 idle connections and more: as many descriptors as allowed.
ulimit -n "$(ulimit -Hn)"
idle_points="0 1000 10000"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 10100 ]; then
	idle_points="0 1000"
	echo "bench: the hard limit on open files is $(ulimit -n): no point at 10000 idle"
fi
users=()
if [ "$(id -u)" -eq 0 ]; then
	users=(-u 16)
	echo "bench: clients of 16 users, taking turns"
else
	echo "bench: not root, so every client is of one user"
fi

# Say whether a measure meets its target: check NAME VALUE OP TARGET.
check() {
	if awk "BEGIN { exit !($2 $3 $4) }"; then
		echo "target met: $1 $2 ($3 $4)"
	else
		echo "target MISSED: $1 $2 ($3 $4)"
		missed=1
	fi
}

field() { sed -n "s/.* $1 \([0-9.]*\).*/\1/p"; }

wait_sock() {
	i=0
	while [ ! -S "$1" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
	[ -S "$1" ] || { echo "bench: no socket $1" >&2; exit 1; }
}

# Servers on one core and the load on the other, where taskset(1) exists:
# the same split for both servers, and less noise from the scheduler.
on_server_cpu=""; on_load_cpu=""
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
	on_server_cpu="taskset -c 1"; on_load_cpu="taskset -c 0"
fi
$on_server_cpu ./credcheck serve -m 666 -t 3600 "$dir/serve" >/dev/null 2>"$dir/serve.err" &
serve_pid=$!
pids="$serve_pid"
wait_sock "$dir/serve"
# The baselines answer with as many bytes as serve's report carries (its
# record, the protocol's), padded: what is measured is the work, not the
# length of the answer.
report_bytes=$(bench/load "${users[@]}" -c 16 -n 64 "$dir/serve" | field report_bytes)
echo "serve's report: $report_bytes bytes; the baselines' replies are padded to it"
# Its socket is made with the umask: 0, so that the users' clients reach it.
(umask 0 && exec $on_server_cpu bench/baseline -r "$report_bytes" "$dir/base") 2>/dev/null &
base_pid=$!
pids="$serve_pid $base_pid"
wait_sock "$dir/base"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The server's descriptors, and its memory in KiB.
fds_of() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l; }
rss_of() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }

# Wait (up to 20 s) until the server has at least $2, or at most $3,
# descriptors open.
settle() {
	local i=0
	until { [ -n "$2" ] && [ "$(fds_of "$1")" -ge "$2" ]; } ||
	    { [ -n "$3" ] && [ "$(fds_of "$1")" -le "$3" ]; } ||
	    [ $i -ge 400 ]; do
		sleep 0.05; i=$((i + 1))
	done
}

# VmRSS of serve with $1 connections open, held by tests/peer; $2 the
# target in KiB.
memory_with() {
	mkfifo "$dir/hold.$1"
	tests/peer hold "$dir/serve" "$1" <"$dir/hold.$1" >"$dir/held.$1" &
	pids="$pids $!"
	exec 5>"$dir/hold.$1"
	settle $serve_pid "$1" ""
	echo "serve: $(fds_of $serve_pid) descriptors open"
	check "VmRSS (KiB) with $1 connections" "$(rss_of $serve_pid)" "<=" "$2"
	exec 5>&-
	settle $serve_pid "" 20
}

echo "== memory with 1000, then 10000 connections open"
memory_with 1000 4096
case $idle_points in *10000*) memory_with 10000 24576 ;; esac

# One load run behind $1 idle connections against the server at $2, and
# the wait until both servers have closed them: a server still closing
# thousands of connections would slow whichever runs next on its core.
behind() {
	$on_load_cpu bench/load "${users[@]}" -i "$1" -c $conc -n "$icount" "$2"
	settle $serve_pid "" 20
	settle $base_pid "" 20
}

irounds=$rounds
icount=$count
echo "== behind idle connections: $irounds rounds of $icount exchanges at concurrency $conc, at $idle_points idle, taking turns"
r=1
while [ $r -le "$irounds" ]; do
	for idle in $idle_points; do
		if [ $((r % 2)) -eq 1 ]; then
			s=$(behind "$idle" "$dir/serve")
			b=$(behind "$idle" "$dir/base")
		else
			b=$(behind "$idle" "$dir/base")
			s=$(behind "$idle" "$dir/serve")
		fi
		echo "round $r idle $idle serve:    $s"
		echo "round $r idle $idle baseline: $b"
		echo "$s" | field rate >>"$dir/srate.$idle"
		rs=$(echo "$s" | field rate); rb=$(echo "$b" | field rate)
		ps=$(echo "$s" | field p99_us); pb=$(echo "$b" | field p99_us)
		awk "BEGIN { print $rs / $rb }" >>"$dir/irate.$idle"
		awk "BEGIN { print $ps / $pb }" >>"$dir/ip99.$idle"
		[ "$idle" = 0 ] && r0=$rs
		awk "BEGIN { print $rs / $r0 }" >>"$dir/flat.$idle"
	done
	r=$((r + 1))
done
for idle in $idle_points; do
	printf 'idle %5s: serve %6.0f/s; serve/baseline: rate %.2f, p99 %.2f; serve against itself at 0 idle %.2f\n' \
	    "$idle" "$(median <"$dir/srate.$idle")" \
	    "$(median <"$dir/irate.$idle")" "$(median <"$dir/ip99.$idle")" \
	    "$(median <"$dir/flat.$idle")"
	check "rate, serve / baseline, at $idle idle" \
	    "$(median <"$dir/irate.$idle")" ">=" 0.8
done
case $idle_points in
*10000*)
	check "serve's rate at 10000 idle / at 0 idle" \
	    "$(median <"$dir/flat.10000")" ">=" 0.9
	;;
esac
exit $missed
