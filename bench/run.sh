#!/bin/bash
# make bench: serve against the baseline server on the same load, taking
# turns, then latency beside idle connections and memory with many open.
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
ulimit -n 4096

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
$on_server_cpu bench/baseline "$dir/base" 2>/dev/null &
base_pid=$!
# The floor before liveness (no pidfd, no command name), for comparison.
$on_server_cpu bench/baseline -n "$dir/floor" 2>/dev/null &
floor_pid=$!
pids="$serve_pid $base_pid $floor_pid"
wait_sock "$dir/serve"
wait_sock "$dir/base"
wait_sock "$dir/floor"

field() { sed -n "s/.* $1 \([0-9.]*\).*/\1/p"; }
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

echo "== memory with 1000 connections open"
mkfifo "$dir/hold"
tests/peer hold "$dir/serve" 1000 <"$dir/hold" >"$dir/held" &
hold_pid=$!
pids="$pids $hold_pid"
exec 5>"$dir/hold"
i=0
until grep -q "holding 1000" "$dir/held" 2>/dev/null || [ $i -ge 400 ]; do
	sleep 0.05; i=$((i + 1))
done
# Let the server accept and greet the last of them.
i=0
until [ "$(ls /proc/$serve_pid/fd | wc -l)" -ge 1000 ] || [ $i -ge 400 ]; do
	sleep 0.05; i=$((i + 1))
done
fds=$(ls /proc/$serve_pid/fd | wc -l)
rss=$(awk '/^VmRSS/ { print $2 }' /proc/$serve_pid/status)
hwm=$(awk '/^VmHWM/ { print $2 }' /proc/$serve_pid/status)
echo "serve: $fds descriptors open, VmRSS $rss KiB, VmHWM $hwm KiB (target <= 4096 KiB)"
exec 5>&-
