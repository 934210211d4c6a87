#!/bin/sh
# Lab test of the matrix runner (what `make bench` runs):
#  1. a two-cell spec: both cells measured, summary.csv and the report's
#     tables agree, and every image the report names exists; the run ends
#     with the verdict and the report opens with it (2 measured, 0 skipped,
#     0 failed, 0 lost, both cells' exits as the model says), with the tail
#     plots and an exit-reason table per cell; every histogram (.hist.txt
#     and summary.json) has the one bucket width; the raw run and the
#     console log are kept in the results, and the raw run analysed by
#     hand gives the same summary.csv;
#     its --build and --results have a quote and a space in them, which the
#     runner must pass on as they are (it runs no shell command);
#  2. Ctrl-C part-way through a larger matrix: the finished cells are kept
#     and analysed, the run says it was interrupted, exit 130, and nothing
#     is left under the temporary name;
#  3. a lab that brings nothing out (its time limit ends it before a cell
#     finishes): the lab's own status, its console log and .err named, and
#     no analysis of nothing.
#
#   tests/lab/matrix_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
work="$build/test-matrix"
rm -rf "$work" && mkdir -p "$work"
# A previous run's console log would count as this run's saved cells.
rm -rf "$build/lab/two-v3-vhe" "$build/lab/cut-v3-vhe" "$build/lab/short-v3-vhe"
. "$here/lib.sh"
vqb_exit_h="$here/../../include/virqbench/exit_codes.h"
. "$here/../../lab/exit_codes.sh"
matrix="$build/host/virqbench-matrix"
# FILE has every one of the fixed strings that follow; FILE lacks the string.
has_all() {
	f=$1
	shift
	for s in "$@"; do grep -qF -- "$s" "$f" || { echo "     $f lacks: $s"; return 1; }; done
}
not_in() { ! grep -qF -- "$1" "$2"; }
# One cell in a summary.csv: 100 interrupts of its total counted, none lost.
counted() {
	awk -F, -v cell="$2" 'NR > 1 && $NF != "" && index($0, cell) && /,total,/' "$1" |
		grep -q ',total,100,0,'
}

# 1. Two cells, through a build and a results path with a quote and a space.
odd="$work/it's a dir"
mkdir -p "$odd" && ln -s "$(cd "$build" && pwd)" "$odd/build 'b'"
"$matrix" -q --build "$odd/build 'b'" --cache "$cache" --results "$odd/results x" --id two \
	"$here/two-cell.spec" >"$work/two.out" 2>"$work/two.err"
rc=$?
res="$odd/results x/two"
check "two-cell matrix exits 0 (exit $rc)" test $rc = 0
check "prints where its report is" grep -qxF "report: $res/report.html" "$work/two.out"
# 220: each cell's 10 warm-up interrupts are injected, and accounted for, with its 100.
check "ends with the verdict" grep -q "^verdict: 2 cells measured, 0 skipped, 0 failed; 0 of 220 interrupts lost; exits caused match the model in 2 of 2" "$work/two.out"
check "the verdict's table: both cells, exits caused / model" sh -c "grep -q 'v3 .* lr-line .* busy .* 100 .* 1/1 ok' '$work/two.out' && grep -q 'v3 .* lr-msi .* busy .* 100 .* 1/1 ok' '$work/two.out'"
check "prints the total wall time" grep -q "^total wall time: .* for 2 cells in 1 boot" "$work/two.out"
for cell in v3-vhe-lr-line-busy v3-vhe-lr-msi-busy; do
	check "$cell: 100 counted in summary.csv" counted "$res/summary.csv" "$cell"
done
check "the merged run.kv has the matrix's command, quoted as a shell reads it" \
	grep -qF "it'\\''s a dir/build '\\''b'\\'''" "$res/raw/run.kv"
check "the raw run is kept in the results, meta.json points at it" grep -q '"raw_run": "raw"' "$res/meta.json"
check "the boot's console log is in the results" test -s "$res/v3-vhe.console.log"
check "meta.json: the run's id, format version, provenance" has_all "$res/meta.json" \
	'"run_id": "two"' '"format_version": 1' '"cpu_model": "' '"vulnerabilities": "' '"boots": ['
# One bucket width for every histogram of the run: the .hist.txt files and summary.json.
widths=$(cat "$res"/*.hist.txt | sed -n 's/^# bucket width \([0-9]*\) ns.*/\1/p' | sort -u)
check "every .hist.txt has the one bucket width (1000 ns: $(echo $widths))" test "$widths" = 1000
jw=$(grep -o '"bucket_ns": [0-9]*' "$res/summary.json" | sort -u)
check "summary.json's histograms have it too ($(echo $jw))" test "$jw" = '"bucket_ns": 1000'
# By hand equals the matrix: the kept raw run, analysed again with no tolerance given.
"$build/host/virqbench-analyze" -q "$res/raw" "$work/by-hand" >"$work/by-hand.out" 2>&1
check "analyse the kept raw run by hand (exit $?)" test -s "$work/by-hand/summary.csv"
check "by hand: the lab's clock tolerance from lab.kv, the same summary" cmp -s "$res/summary.csv" "$work/by-hand/summary.csv"
check "by hand: the report is made too" test -s "$work/by-hand/report.html"
if [ -f "$res/report.html" ]; then
	ok "report.html exists"
	imgs=$(grep -o 'src="[^"]*"' "$res/report.html" | sed 's/src="//; s/"$//' | grep -v '^data:' | sort -u)
	missing=0
	for i in $imgs; do [ -s "$res/$i" ] || { missing=$((missing + 1)); echo "     missing image: $i"; }; done
	check "every image the report names exists ($(echo "$imgs" | grep -c .) images)" test $missing = 0
	# Each p50 of total in summary.csv appears in the report's table.
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
		$ix["stage"] == "total" { print $ix["p50_ns"] }' "$res/summary.csv" > "$work/p50s"
	miss=0
	while read -r v; do
		us=$(awk -v v="$v" 'BEGIN { printf "%.1f", v / 1000 }')
		grep -q -e "$v" -e "$us" "$res/report.html" || miss=$((miss + 1))
	done < "$work/p50s"
	check "the report's table matches summary.csv (every total p50)" test $miss = 0
	check "the report opens with the verdict" grep -q '<section id="verdict"' "$res/report.html"
	check "the verdict's counts: 2 measured, 0 skipped, 0 failed, 0 lost, exits match in 2" \
		has_all "$res/report.html" '<b class="n-measured">2</b>' '<b class="n-skipped">0</b>' \
		'<b class="n-failed">0</b>' '<b class="n-lost">0</b> of 220' '<b class="n-exits-match">2</b> of 2'
	check "the report has the tail plot" grep -qF 'src="report_tail_gic-v3-busy.png"' "$res/report.html"
	check "on the nines axis" grep -qF "'99%%' 100" "$res/report_tail_gic-v3-busy.gp"
	n=$(grep -c '<table class="kvmstat">' "$res/report.html")
	check "an exit-reason table per cell, in perf kvm stat's layout ($n)" test "$n" = 2
	check "the title is the run's id" grep -qF '<title>virqbench report: two</title>' "$res/report.html"
	check "the temporary name is nowhere in the report" not_in "two.tmp" "$res/report.html"
else
	bad "report.html exists"
fi

# 2. Ctrl-C part-way.
"$matrix" -q --build "$build" --cache "$cache" --results "$work/results" --id cut \
	"$here/interrupt.spec" >"$work/cut.out" 2>"$work/cut.err" &
mpid=$!
# Wait until the lab has saved three finished cells, then interrupt.
i=0
while [ $i -lt 240 ]; do
	n=$(grep -a -c '^VQB-LAB: saved' "$build/lab/cut-v3-vhe/console.log" 2>/dev/null)
	[ "${n:-0}" -ge 3 ] && break
	sleep 1
	i=$((i + 1))
done
kill -INT $mpid
wait $mpid
rc=$?
res="$work/results/cut"
check "interrupted matrix exits 130 (exit $rc)" test $rc = 130
check "its results are in place, not under the temporary name" sh -c "[ -d '$res' ] && [ ! -e '$res.tmp' ]"
check "meta.json says it was interrupted" grep -q '"interrupted": *\(true\|1\)' "$res/meta.json"
cells=$(awk -F, 'NR > 1 && $5 == "total" && $6 == 300' "$res/summary.csv" 2>/dev/null | wc -l)
check "every saved cell is kept and analysed ($cells cells of 300 interrupts, 3 saved)" test "$cells" -ge 3
check "the run says it was interrupted" grep -q "(interrupted)" "$work/cut.out"

# 3. A lab that brings nothing out.
printf 'gic 3\npath lr-line\nstate busy\ncount 100000\nboot_timeout_s 10\n' > "$work/short.spec"
"$matrix" -q --build "$build" --cache "$cache" --results "$work/results" --id short \
	"$work/short.spec" >"$work/short.out" 2>"$work/short.err"
rc=$?
check "a lab that brings nothing out: exit $EXIT_LAB (exit $rc)" test $rc = "$EXIT_LAB"
check "it names the console log and the .err" grep -qF \
	"see $build/lab/short-v3-vhe/console.log and $build/lab/short-v3-vhe.err" "$work/short.err"
check "and analyses nothing" sh -c "! grep -q -e 'cannot stat' -e 'run.kv' -e 'analysis' '$work/short.err'"
check "no results are made" test ! -e "$work/results/short"

echo "matrix: $pass passed, $fail failed"
[ $fail = 0 ]
