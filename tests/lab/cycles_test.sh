#!/bin/sh
# Lab integration test of the guest cycle stamps (bench --guest-cycles,
# doc/clocks.md "Guest cycles"), two boots of the GICv3 lab:
#  1. -cpu max (a PMU): lr-line, sgi and soft-vi, busy, each cell plain and
#     as its -cycles twin (--guest-cycles both). In each twin the vPMU is
#     on, guest.tsv has the cycle columns and they are monotonic, the agent
#     calibrated the counter, summary.csv has cycle figures for the
#     guest-only stages, and the exits it caused are the plain cell's model
#     plus the two trapped stamps inside the window. The plain cells have
#     no cycle columns and the plain model.
#  2. -cpu max,pmu=off: KVM has no KVM_CAP_ARM_PMU_V3; a -cycles cell says
#     why (cell.kv, summary.json, summary.csv) and is measured all the same.
#
#   tests/lab/cycles_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work="$build/test-lab-cycles"
rm -rf "$work" && mkdir -p "$work"
. "$here/lib.sh"
# csv file, cell, stage, column name
field() {
	awk -F, -v cell="$2" -v stage="$3" -v col="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["cell"] == cell && $idx["stage"] == stage { print $idx[col] }' "$1"
}
# guest.tsv: c_vector <= c_ack <= c_eoi, and each row's c_vector past the row before's c_eoi.
monotonic() {
	awk -F'\t' '/^#/ { next }
		{ if (!($8 > 0 && $8 <= $9 && $9 <= $10 && $8 > last)) bad++; last = $10; n++ }
		END { exit !(n > 0 && !bad) }' "$1"
}

# 1. With a vPMU.
raw=$(sh "$top/lab/run.sh" --gic 3 --work "$work/pmu" --arm-out "$build/arm64" --cache "$cache" \
	-- run --path lr-line,sgi,soft-vi --state busy --count 100 --guest-cycles both)
rc=$?
check "vPMU boot: virqbench exits 0 (exit $rc)" test $rc = 0
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$raw" "$work/pmu-res" \
	> "$work/pmu-analyze.out" 2>&1
check "vPMU boot: analysed" test -s "$work/pmu-res/summary.csv"
csv="$work/pmu-res/summary.csv"
for p in lr-line sgi soft-vi; do
	plain="v3-vhe-$p-busy" twin="v3-vhe-$p-busy-cycles"
	ck="$raw/cells/$twin/cell.kv" g="$raw/cells/$twin/guest.tsv"
	check "$p: the -cycles twin ran (status $(kv "$ck" status))" test "$(kv "$ck" status)" = ok
	check "$p: its vPMU is on (guest_cycles=$(kv "$ck" guest_cycles))" test "$(kv "$ck" guest_cycles)" = on
	check "$p: the agent calibrated its counter (guest_cycle_hz=$(kv "$ck" guest_cycle_hz))" \
		test "$(kv "$ck" guest_cycle_hz)" -gt 0
	check "$p: guest.tsv has the cycle columns" \
		sh -c "head -n 1 '$g' | grep -q 'c_vector	c_ack	c_eoi$'"
	check "$p: 110 rows of cycle stamps (10 warm-up + 100)" test "$(grep -vc '^#' "$g")" = 110
	if monotonic "$g"; then ok "$p: every row's cycle stamps monotonic"; else bad "$p: cycle stamps not monotonic ($g)"; fi
	check "$p: the plain cell has no cycle columns" \
		sh -c "! head -n 1 '$raw/cells/$plain/guest.tsv' | grep -q c_vector"
	for st in vector_to_ack ack_to_eoi; do
		c50=$(field "$csv" "$twin" $st cycles_p50) n50=$(field "$csv" "$twin" $st cycles_p50_ns)
		check "$p $st: cycles p50 $c50 (= $n50 ns at the calibrated rate)" \
			sh -c "[ -n '$c50' ] && [ '$c50' -gt 0 ] && [ -n '$n50' ]"
		check "$p $st: the plain cell has no cycle figure" \
			test -z "$(field "$csv" "$plain" $st cycles_p50)"
		check "$p $st: states its resolution ($(field "$csv" "$twin" $st resolution_ns) ns)" \
			test -n "$(field "$csv" "$twin" $st resolution_ns)"
	done
	pe=$(field "$csv" "$plain" total exits_expected) te=$(field "$csv" "$twin" total exits_expected)
	tc=$(field "$csv" "$twin" total exits_caused_p50) pc=$(field "$csv" "$plain" total exits_caused_p50)
	check "$p: the twin's model is the plain one plus the 2 trapped stamps ($pe + 2 = $te)" \
		test "$te" = "$((pe + 2))"
	check "$p: exits caused match: plain $pc of $pe, twin $tc of $te" \
		sh -c "[ '$pc' = '$pe' ] && [ '$tc' = '$te' ]"
done
check "summary.json: the twins' guest_cycles are on and monotonic" \
	test "$(grep -c '"monotonic": true' "$work/pmu-res/summary.json")" = 3

# 2. Without a PMU.
raw=$(sh "$top/lab/run.sh" --gic 3 --pmu off --work "$work/nopmu" --arm-out "$build/arm64" \
	--cache "$cache" -- run --path lr-line --state busy --count 50 --guest-cycles on)
rc=$?
check "no-PMU boot: virqbench exits 0 (exit $rc)" test $rc = 0
ck="$raw/cells/v3-vhe-lr-line-busy-cycles/cell.kv"
check "no-PMU boot: the cell is measured (status $(kv "$ck" status), $(kv "$ck" count_received) received)" \
	test "$(kv "$ck" status) $(kv "$ck" count_received)" = "ok 60"
check "no-PMU boot: guest_cycles=off" test "$(kv "$ck" guest_cycles)" = off
check "no-PMU boot: cell.kv says why ($(kv "$ck" guest_cycles_why))" \
	sh -c "kv() { sed -n \"s/^\$2=//p\" \"\$1\"; }; kv '$ck' guest_cycles_why | grep -q KVM_CAP_ARM_PMU_V3"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$raw" "$work/nopmu-res" \
	> "$work/nopmu-analyze.out" 2>&1
csv="$work/nopmu-res/summary.csv"
check "no-PMU boot: summary.csv's rows say why" \
	sh -c "[ \$(grep -c 'KVM_CAP_ARM_PMU_V3' '$csv') -ge 4 ]"
check "no-PMU boot: summary.json's guest_cycles is off with the reason" \
	sh -c "grep -A2 '\"guest_cycles\": {' '$work/nopmu-res/summary.json' | grep -q '\"on\": false' &&
		grep -q '\"why\": \"no vPMU: KVM lacks KVM_CAP_ARM_PMU_V3' '$work/nopmu-res/summary.json'"
check "no-PMU boot: the rest measured: total count 50, exits caused = the plain model ($(field "$csv" v3-vhe-lr-line-busy-cycles total exits_caused_p50))" \
	test "$(field "$csv" v3-vhe-lr-line-busy-cycles total count) $(field "$csv" v3-vhe-lr-line-busy-cycles total exits_caused_p50)" = "50 1"

echo "cycles: $pass passed, $fail failed"
[ "$fail" = 0 ]
