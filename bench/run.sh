#!/bin/sh
# make bench: serve against the baseline server on the same load, taking
# turns, then latency beside idle connections and memory with many open.
# Everything stays on this machine's loopback UNIX sockets and stops by
# itself.  Usage: bench/run.sh [rounds] [exchanges]
set -eu
cd "$(dirname "$0")/.."
rounds=${1:-5}
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

./credcheck serve -t 3600 "$dir/serve" >/dev/null 2>"$dir/serve.err" &
serve_pid=$!
bench/baseline "$dir/base" 2>/dev/null &
base_pid=$!
pids="$serve_pid $base_pid"
wait_sock "$dir/serve"
wait_sock "$dir/base"

field() { sed -n "s/.* $1 \([0-9.]*\).*/\1/p"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "== throughput: $rounds rounds of $count exchanges at concurrency $conc, taking turns"
: >"$dir/rs"; : >"$dir/rb"
r=1
while [ $r -le "$rounds" ]; do
	s=$(bench/load -c $conc -n "$count" "$dir/serve")
	b=$(bench/load -c $conc -n "$count" "$dir/base")
	echo "round $r serve:    $s"
	echo "round $r baseline: $b"
	echo "$s" | field rate >>"$dir/rs"
	echo "$b" | field rate >>"$dir/rb"
	r=$((r + 1))
done
rs=$(median <"$dir/rs"); rb=$(median <"$dir/rb")
echo "median rate: serve $rs/s, baseline $rb/s, ratio $(awk "BEGIN { printf \"%.2f\", $rs / $rb }") (target >= 0.85)"

echo "== latency with 500 idle connections held open, concurrency $conc"
: >"$dir/ps"; : >"$dir/pb"
r=1
while [ $r -le "$rounds" ]; do
	s=$(bench/load -i 500 -c $conc -n "$count" "$dir/serve")
	b=$(bench/load -i 500 -c $conc -n "$count" "$dir/base")
	echo "round $r serve:    $s"
	echo "round $r baseline: $b"
	echo "$s" | field p99_us >>"$dir/ps"
	echo "$b" | field p99_us >>"$dir/pb"
	r=$((r + 1))
done
ps=$(median <"$dir/ps"); pb=$(median <"$dir/pb")
echo "median p99: serve ${ps} us, baseline ${pb} us, ratio $(awk "BEGIN { printf \"%.2f\", $ps / $pb }") (target <= 2)"

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
