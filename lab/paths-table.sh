#!/bin/sh
# Turns the summary.csv of one or more results directories into the README's
# per-path table: per GIC version and path, the median and p99 of the total
# latency and the median exits per interrupt that the interrupt caused
# (exits_caused_p50), busy and wfi side by side; a path run with a second
# vGIC (vmm-* with an ITS) has a row for each.
#
#   lab/paths-table.sh RESULTS_DIR...
set -eu
echo "| host GIC | hyp | path | busy p50 | busy p99 | busy exits | wfi p50 | wfi p99 | wfi exits |"
echo "|---|---|---|---:|---:|---:|---:|---:|---:|"
for dir in "$@"; do
	awk -F, '
	function us(ns) { return ns == "" ? "n/a" : sprintf("%.1f µs", ns / 1000) }
	NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
	$ix["stage"] != "total" { next }
	# a -cycles twin: its stages hold the trapped cycle stamps (doc/clocks.md)
	index($ix["cell"], "-cycles") { next }
	{
		# a vGIC other than the usual one (cell -vgicX: vmm-* with an ITS) is a row of its own
		path = $ix["path"] (index($ix["cell"], "-vgic") ? " (" $ix["vgic"] ")" : "")
		key = $ix["gic"] SUBSEP $ix["hyp"] SUBSEP path
		if (!(key in seen)) { seen[key] = 1; order[n++] = key }
		st = $ix["state"]
		p50[key, st] = us($ix["p50_ns"]); p99[key, st] = us($ix["p99_ns"])
		ex[key, st] = $ix["exits_caused_p50"] == "" ? "n/a" : $ix["exits_caused_p50"]
	}
	END {
		for (i = 0; i < n; i++) {
			split(order[i], k, SUBSEP)
			printf "| %s | %s | %s", k[1], k[2], k[3]
			for (j = 0; j < 2; j++) {
				st = j ? "wfi" : "busy"
				if ((order[i], st) in p50)
					printf " | %s | %s | %s", p50[order[i], st], p99[order[i], st], ex[order[i], st]
				else
					printf " | skipped | | "
			}
			printf " |\n"
		}
	}' "$dir/summary.csv"
done
