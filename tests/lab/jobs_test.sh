#!/bin/sh
# Lab test of `virqbench-matrix -j N` (make bench -j N): a two-boot spec
# (GICv3 and GICv4, one lr-line cell of 20 interrupts each) run with -j 2,
# both boots at once, and with -j 1, one after the other. The two results
# must have the same structure: the same cells in the same order (summary.csv's
# cell columns), the same counts and accounting per cell (count, lost; the
# verdict line), the same cells in the merged raw run and the same boots in
# meta.json. Times are not compared: they are whatever the machine gave.
# It prints both wall times.
#
#   tests/lab/jobs_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
work="$build/test-jobs"
rm -rf "$work" && mkdir -p "$work"
. "$here/lib.sh"
matrix="$build/host/virqbench-matrix"

# summary.csv without its times: cell, stage, count and lost.
shape() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
		{ print $ix["gic"], $ix["hyp"], $ix["path"], $ix["state"], $ix["stage"], $ix["count"], $ix["lost"] }' "$1"
}
for j in 2 1; do
	rm -rf "$build/lab/jobs$j-"*
	t0=$(date +%s)
	"$matrix" -q -j $j --build "$build" --cache "$cache" --results "$work/results" --id jobs$j \
		"$here/two-boot.spec" >"$work/j$j.out" 2>"$work/j$j.err"
	rc=$?
	eval "wall$j=$(( $(date +%s) - t0 ))"
	check "-j $j: the matrix exits 0 (exit $rc)" test $rc = 0
	check "-j $j: 2 cells measured, 0 lost, exits as the model says" grep -q \
		"^verdict: 2 cells measured, 0 skipped, 0 failed; 0 of 60 interrupts lost; exits caused match the model in 2 of 2" \
		"$work/j$j.out"
done
r2="$work/results/jobs2" r1="$work/results/jobs1"
shape "$r2/summary.csv" > "$work/shape2" 2>/dev/null
shape "$r1/summary.csv" > "$work/shape1" 2>/dev/null
check "summary.csv: the same cells, stages, counts and losses in the same order ($(wc -l < "$work/shape1") rows)" \
	sh -c "[ -s '$work/shape1' ] && cmp -s '$work/shape1' '$work/shape2'"
check "both cells counted 20 of 20 in total" sh -c \
	"[ \$(grep -c ' lr-line busy total 20 0\$' '$work/shape2') = 2 ]"
check "the merged raw runs hold the same cells" sh -c \
	"[ \"\$(ls '$r1/raw/cells')\" = \"\$(ls '$r2/raw/cells')\" ] && [ \$(ls '$r2/raw/cells' | wc -l) = 2 ]"
check "and the same boots" sh -c "[ \"\$(ls '$r1/raw/boots')\" = \"\$(ls '$r2/raw/boots')\" ]"
for f in "$r1" "$r2"; do
	grep -o '"tag": "[^"]*"' "$f/meta.json" > "$f.tags"
done
check "meta.json lists the boots in the same order ($(tr '\n' ' ' < "$r1.tags"))" cmp -s "$r1.tags" "$r2.tags"
# The verdict's table without its times: gic, hyp, path, state, n, exits.
for j in 1 2; do
	sed -n 's/^ *\(v[0-9]\) *\([a-z]*\) *\([a-z-]*\) *\([a-z]*\) *\([0-9]*\) .* \([0-9]*\/[0-9]* [a-z]*\).*/\1 \2 \3 \4 \5 \6/p' \
		"$work/j$j.out" > "$work/verdict$j"
done
check "the verdict's cells: the same n and exits ($(tr '\n' ';' < "$work/verdict1"))" sh -c \
	"[ -s '$work/verdict1' ] && cmp -s '$work/verdict1' '$work/verdict2'"
check "the per-cell wall-time table lists the cells in plan order" sh -c \
	"grep -n -e '^v3-vhe-lr-line-busy ' -e '^v4-vhe-lr-line-busy ' '$work/j2.out' | cut -d: -f2 | cut -d' ' -f1 | tr '\n' ' ' | grep -qx 'v3-vhe-lr-line-busy v4-vhe-lr-line-busy '"
# The lab's two CPUs (CPU 1 nohz_full): bench/'s placement keeps CPU 1 for the target.
c1="$r1/raw/cells/v3-vhe-lr-line-busy/cell.kv"
check "placement on the lab's 2 CPUs: target vCPU on CPU 1 (nohz_full), injector and tracer on CPU 0" sh -c \
	"[ '$(kv "$c1" vcpu0_cpu)' = 1 ] && [ '$(kv "$c1" target_cpu_isolated)' = nohz_full ] && [ '$(kv "$c1" injector_cpu)' = 0 ] && [ '$(kv "$c1" tracer_cpus)' = 0 ] && [ '$(kv "$c1" placement_numa)' = any ]"
check "run.kv: no placement warning in the lab" grep -qx 'placement_warning=none' "$r1/raw/run.kv"
echo "jobs: wall time -j 2: ${wall2} s, -j 1: ${wall1} s (two boots; $(nproc) CPUs here)"
echo "jobs: $pass passed, $fail failed"
[ $fail = 0 ]
