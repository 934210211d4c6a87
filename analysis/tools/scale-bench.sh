#!/bin/sh
# The analysis at scale: for each N, a synthetic raw run of N interrupts
# (synth-raw: one cell, 4 trace events each), then virqbench-analyze on one
# thread, timed by runstat. Prints interrupts per second and peak RSS.
#
#   scale-bench.sh HOST_OUT WORK N...
set -eu
host=$1 work=$2
shift 2
printf '%12s %10s %10s %14s %12s  %s\n' interrupts wall_s cpu_s interrupts/s peak_rss_MiB percentiles
for n in "$@"; do
	rm -rf "$work"
	"$host/analysis/tools/synth-raw" -n "$n" "$work/raw" >/dev/null
	out=$(VIRQBENCH_THREADS=0 "$host/analysis/tools/runstat" "$host/virqbench-analyze" -q \
		"$work/raw" "$work/out" 2>&1 | grep '^runstat:')
	wall=$(echo "$out" | sed -n 's/.*wall \([0-9.]*\) s.*/\1/p')
	cpu=$(echo "$out" | sed -n 's/.*user \([0-9.]*\) s, sys \([0-9.]*\) s.*/\1 \2/p' | awk '{ print $1 + $2 }')
	rss=$(echo "$out" | sed -n 's/.*peak RSS \([0-9.]*\) MiB.*/\1/p')
	method=$(grep -o '"percentile_method": "[a-z]*"' "$work/out/summary.json" | tail -n 1 | cut -d'"' -f4)
	printf '%12s %10s %10s %14s %12s  %s\n' "$n" "$wall" "$cpu" \
		"$(echo "$n $wall" | awk '{ printf "%.0f", $1 / $2 }')" "$rss" "$method"
	rm -rf "$work"
done
