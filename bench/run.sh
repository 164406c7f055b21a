#!/bin/bash
# make bench: serve against the baseline server on the same load, taking
# turns, then latency beside idle connections, memory with many open, and
# rate and latency behind 0, 1,000 and 10,000 idle connections.
# Everything stays on this machine's loopback UNIX sockets and stops by
# itself.  Usage: bench/run.sh [rounds] [exchanges]
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-11}
count=${2:-20000}
conc=32
dir=$(mktemp -d /tmp/ccbench.XXXXXX)
pids=""
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
$on_server_cpu ./credcheck serve -t 3600 "$dir/serve" >/dev/null 2>"$dir/serve.err" &
serve_pid=$!
pids="$serve_pid"
wait_sock "$dir/serve"
# The baselines answer with as many bytes as serve's report carries (its
# record, the protocol's), padded: what is measured is the work, not the
# length of the answer.
report_bytes=$(bench/load -c 4 -n 64 "$dir/serve" | field report_bytes)
echo "serve's report: $report_bytes bytes; the baselines' replies are padded to it"
$on_server_cpu bench/baseline -r "$report_bytes" "$dir/base" 2>/dev/null &
base_pid=$!
# The floor before liveness (no pidfd, no command name), for comparison.
$on_server_cpu bench/baseline -n -r "$report_bytes" "$dir/floor" 2>/dev/null &
floor_pid=$!
pids="$serve_pid $base_pid $floor_pid"
wait_sock "$dir/base"
wait_sock "$dir/floor"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# CPU time (user + system, clock ticks) a process has used.
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

echo "== throughput: $rounds rounds of $count exchanges at concurrency $conc, taking turns"
: >"$dir/ratio"; : >"$dir/fratio"
# One load run against a server: its output line and the CPU it took.
measure() {
	local t0 t1 out
	t0=$(ticks "$1")
	out=$($on_load_cpu bench/load -c $conc -n "$count" "$2")
	t1=$(ticks "$1")
	echo "$out cpu_ticks $((t1 - t0))"
}
r=1
while [ $r -le "$rounds" ]; do
	# Odd rounds serve first, even rounds the baselines first: a machine
	# that speeds up or slows down during a round favours neither.
	if [ $((r % 2)) -eq 1 ]; then
		s=$(measure $serve_pid "$dir/serve")
		b=$(measure $base_pid "$dir/base")
		f=$(measure $floor_pid "$dir/floor")
	else
		f=$(measure $floor_pid "$dir/floor")
		b=$(measure $base_pid "$dir/base")
		s=$(measure $serve_pid "$dir/serve")
	fi
	echo "round $r serve:    $s"
	echo "round $r baseline: $b"
	echo "round $r baseline -n: $f"
	rs=$(echo "$s" | field rate); rb=$(echo "$b" | field rate)
	rf=$(echo "$f" | field rate)
	awk "BEGIN { print $rs / $rb }" >>"$dir/ratio"
	awk "BEGIN { print $rs / $rf }" >>"$dir/fratio"
	r=$((r + 1))
done
echo "median of the rounds' rate ratios, serve/baseline: $(median <"$dir/ratio" | awk '{ printf "%.2f", $1 }') (target >= 0.85)"
echo "for comparison, serve/baseline -n (no liveness): $(median <"$dir/fratio" | awk '{ printf "%.2f", $1 }')"

echo "== latency with 500 idle connections held open, concurrency $conc"
: >"$dir/pr"
r=1
while [ $r -le "$rounds" ]; do
	s=$($on_load_cpu bench/load -i 500 -c $conc -n "$count" "$dir/serve")
	b=$($on_load_cpu bench/load -i 500 -c $conc -n "$count" "$dir/base")
	echo "round $r serve:    $s"
	echo "round $r baseline: $b"
	ps=$(echo "$s" | field p99_us); pb=$(echo "$b" | field p99_us)
	awk "BEGIN { print $ps / $pb }" >>"$dir/pr"
	r=$((r + 1))
done
echo "median of the rounds' p99 ratios, serve/baseline: $(median <"$dir/pr" | awk '{ printf "%.2f", $1 }') (target <= 2)"

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
	echo "serve: $(fds_of $serve_pid) descriptors open, VmRSS $(rss_of $serve_pid) KiB (target <= $2 KiB)"
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
	$on_load_cpu bench/load -i "$1" -c $conc -n "$icount" "$2"
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
	printf 'idle %5s: serve %6.0f/s, serve/baseline rate %.2f (>= 0.9), p99 %.2f (<= 1.5), serve vs itself at 0 idle %.2f\n' \
	    "$idle" "$(median <"$dir/srate.$idle")" \
	    "$(median <"$dir/irate.$idle")" "$(median <"$dir/ip99.$idle")" \
	    "$(median <"$dir/flat.$idle")"
done
echo "(target: serve at 10000 idle >= 0.8 of itself at 0 idle)"
