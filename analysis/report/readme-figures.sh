#!/bin/sh
# The README's figures, its per-path table and its direct-injection figures,
# all from one results directory (make readme-figures runs the matrix, then
# this): every image the README shows is copied to doc/img/readme-*.png, and
# each generated block says the command and date that made it.
#
#   analysis/report/readme-figures.sh RESULTS_DIR README COMMAND
set -eu
res=$1 readme=$2 cmd=$3
top=$(cd "$(dirname "$0")/../.." && pwd)
img=$top/doc/img
tmp=${TMPDIR:-/tmp}/readme-figures.$$
trap 'rm -f "$tmp".*' EXIT
[ -f "$res/summary.csv" ] && [ -f "$res/report.html" ] ||
	{ echo "readme-figures: $res is not a results directory with its report" >&2; exit 1; }
# The richest GIC of the run: v4 runs every path.
gic=$(awk -F, 'NR > 1 && $5 == "total" && $9 != "" { print $1 }' "$res/summary.csv" | sort -u | tail -n 1)
[ -n "$gic" ] || { echo "readme-figures: no cell of $res has a total latency" >&2; exit 1; }
mkdir -p "$img"
rm -f "$img"/readme-*.png
copy() { [ -s "$res/$1" ] && cp "$res/$1" "$img/$2" && echo "$2"; }
{
	copy "report_tail_gic-$gic-busy.png" "readme-tail-$gic-busy.png" >/dev/null &&
		echo "![total latency by percentile per path, lab GIC $gic, busy](doc/img/readme-tail-$gic-busy.png)"
	echo
	copy "report_tail_gic-$gic-wfi.png" "readme-tail-$gic-wfi.png" >/dev/null &&
		echo "![total latency by percentile per path, lab GIC $gic, wfi](doc/img/readme-tail-$gic-wfi.png)"
	echo
	copy "breakdown_$gic.png" "readme-breakdown-$gic.png" >/dev/null &&
		echo "![where the time goes: stage medians per path, lab GIC $gic](doc/img/readme-breakdown-$gic.png)"
	echo
	copy cdf_total.png readme-cdf-total.png >/dev/null &&
		echo "![total latency CDF, one panel per lab GIC](doc/img/readme-cdf-total.png)"
} > "$tmp.figures"
sh "$top/lab/readme-table.sh" "$readme" figures "$tmp.figures" "$cmd"
sh "$top/lab/paths-table.sh" "$res" > "$tmp.paths"
sh "$top/lab/readme-table.sh" "$readme" paths "$tmp.paths" "$cmd"
# Device-to-vector: v4-direct against lr-msi on the same host, busy and wfi.
awk -F, '
	NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
	# a -cycles twin (its stages hold the trapped cycle stamps) is no path figure
	index($ix["cell"], "-cycles") { next }
	$ix["stage"] == "inject_to_vector" && $ix["p50_ns"] != "" { v[$ix["gic"], $ix["path"], $ix["state"]] = $ix["p50_ns"] }
	END {
		n = 0
		for (k in v) { split(k, p, SUBSEP); if (p[2] == "v4-direct") g[p[1]] = 1 }
		for (gg in g) for (s = 0; s < 2; s++) {
			st = s ? "wfi" : "busy"
			d = v[gg, "v4-direct", st]; m = v[gg, "lr-msi", st]
			if (d == "" || m == "" || d <= 0) continue
			printf "- %s, %s: inject→vector median %.1f µs (v4-direct) against %.1f µs (lr-msi): %.0f× shorter\n", gg, st, d / 1000, m / 1000, m / d
			n++
		}
		if (!n) print "- (this run has no GICv4 cell with both v4-direct and lr-msi)"
	}' "$res/summary.csv" > "$tmp.direct"
sh "$top/lab/readme-table.sh" "$readme" direct "$tmp.direct" "$cmd"
echo "readme-figures: $(grep -c . "$tmp.figures" | tr -d ' ') lines of figures, the paths table and the direct-injection ratios from $res"
