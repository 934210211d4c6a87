#!/bin/sh
# The analysis at scale: for each N, a synthetic raw run of N interrupts
# (synth-raw: one cell, 4 trace events each, written once to WORK), then
# virqbench-analyze on one thread (no report), timed by runstat. Prints
# interrupts per second and peak RSS; a cell above the exact-percentile
# limit (summary.h SUMMARY_EXACT_MAX) is joined a window at a time
# (analysis/join_stream.h), and its peak RSS must stay within BOUND_MIB
# whatever N: checked, and the exit status says so.
#
#   scale-bench.sh HOST_OUT WORK BOUND_MIB N...
set -eu
host=$1 work=$2 bound=$3
shift 3
exact_max=4000000
fail=0
printf '%12s %10s %10s %10s %14s %12s  %-9s %s\n' interrupts gen_s wall_s cpu_s interrupts/s peak_rss_MiB join bound
for n in "$@"; do
	rm -rf "$work"
	t0=$(date +%s.%N)
	"$host/analysis/tools/synth-raw" -n "$n" "$work/raw" >/dev/null
	t1=$(date +%s.%N)
	raw_mb=$(du -sm "$work/raw" | cut -f1)
	out=$(VIRQBENCH_THREADS=0 "$host/analysis/tools/runstat" "$host/virqbench-analyze" -q --no-report \
		"$work/raw" "$work/out" 2>&1 | grep '^runstat:')
	wall=$(echo "$out" | sed -n 's/.*wall \([0-9.]*\) s.*/\1/p')
	cpu=$(echo "$out" | sed -n 's/.*user \([0-9.]*\) s, sys \([0-9.]*\) s.*/\1 \2/p' | awk '{ print $1 + $2 }')
	rss=$(echo "$out" | sed -n 's/.*peak RSS \([0-9.]*\) MiB.*/\1/p')
	status=$(echo "$out" | sed -n 's/.*exit status \([0-9]*\).*/\1/p')
	# 3: everything but the plots (no gnuplot here) is still the whole analysis.
	if [ "$status" != 0 ] && [ "$status" != 3 ]; then
		echo "scale-bench: virqbench-analyze failed at N=$n (exit status $status): $out" >&2
		fail=1
	fi
	if [ "$n" -gt "$exact_max" ]; then
		join=streamed
		verdict=$(echo "$rss $bound" | awk '{ print ($1 <= $2) ? "ok" : "EXCEEDED" }')
		[ "$verdict" = ok ] || fail=1
		verdict="bound $bound MiB: $verdict"
	else
		join=in-memory
		verdict="(exact percentiles: memory grows with N up to $exact_max)"
	fi
	method=$(grep -o '"percentile_method": "[a-z]*"' "$work/out/summary.json" | tail -n 1 | cut -d'"' -f4)
	printf '%12s %10.1f %10s %10s %14s %12s  %-9s %s\n' "$n" "$(echo "$t0 $t1" | awk '{ print $2 - $1 }')" \
		"$wall" "$cpu" "$(echo "$n $wall" | awk '{ printf "%.0f", $1 / $2 }')" "$rss" \
		"$join" "$method, $verdict; raw run $raw_mb MB"
	rm -rf "$work"
done
exit $fail
