#!/bin/sh
# Lab integration test of the walking skeleton:
#  1. `make bench`'s path (lab/measure.sh): GICv3 lab, lr-line, 1000
#     interrupts: all accounted for, none lost, one exit per interrupt
#     (median), a CDF PNG.
#  2. faults on a GICv3 host: a guest that never answers, a tracer that
#     fails to load, bad options, no /dev/kvm.
#  3. a GICv2 host, which cannot give the guest a GICv3;
#  4. v4-direct's device on a GICv4 host: one that does not exist, one that
#     another VFIO user holds, and its driver binding restored after a run.
#
#   tests/lab/lr_line_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work="$build/test-lab"
rm -rf "$work" && mkdir -p "$work"
. "$here/lib.sh"
field() { # csv file, stage, column name
	awk -F, -v stage="$2" -v col="$3" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["path"] == "lr-line" && $idx["stage"] == stage { print $idx[col] }' "$1"
}

# 1. The measurement, as `make bench` makes it.
res=$(sh "$top/lab/measure.sh" --gic 3 --build "$build" --cache "$cache" \
	--results "$work/results" --id lr-line -- --path lr-line --count 1000)
rc=$?
check "measurement exits 0 (exit $rc)" test $rc = 0
csv="$res/summary.csv"
check "summary.csv exists" test -s "$csv"
check "summary.csv has the required leading columns" sh -c \
	"head -n 1 '$csv' | grep -q '^gic,hyp,path,state,stage,count,lost,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,exits_p50'"
for stage in inject_to_vector vector_to_ack ack_to_eoi total; do
	rows=$(field "$csv" $stage count | wc -l)
	check "$stage: one row" test "$rows" = 1
	check "$stage: count = 1000 (got $(field "$csv" $stage count))" test "$(field "$csv" $stage count)" = 1000
	check "$stage: lost = 0 (got $(field "$csv" $stage lost))" test "$(field "$csv" $stage lost)" = 0
done
# The exits the interrupt causes (the kick); host interrupts that land in
# its window are counted apart (host_irq_exits_mean) and shown here.
check "total: exits it caused per interrupt, median = 1 (got $(field "$csv" total exits_caused_p50); all exits $(field "$csv" total exits_p50), host IRQ exits $(field "$csv" total host_irq_exits_mean) per interrupt)" \
	test "$(field "$csv" total exits_caused_p50)" = 1
p50=$(field "$csv" total p50_ns) p99=$(field "$csv" total p99_ns) mx=$(field "$csv" total max_ns)
check "total: 0 < p50 <= p99 <= max ($p50 $p99 $mx)" \
	sh -c "[ '$p50' -gt 0 ] && [ '$p50' -le '$p99' ] && [ '$p99' -le '$mx' ]"
samples=$(ls "$res"/*lr-line*samples.tsv 2>/dev/null | head -n 1)
check "samples file has 1010 rows (10 of them warm-up, flagged)" sh -c \
	"[ \$(grep -vc '^#' '$samples') = 1010 ] && [ \$(grep -v '^#' '$samples' | head -n 10 | grep -c warmup) = 10 ]"
check "meta.json names the GIC and the command" sh -c "grep -q '\"host_gic\"' '$res/meta.json' && grep -q 'lr-line' '$res/meta.json'"
png="$res/cdf_total.png"
check "cdf_total.png is a non-empty PNG" sh -c "[ -s '$png' ] && head -c 8 '$png' | od -An -c | grep -q 'P   N   G'"

# 2. Faults on a GICv3 host.
raw=$(sh "$top/lab/run.sh" --gic 3 --work "$work/faults-v3" --arm-out "$build/arm64" \
	--cache "$cache" --script "$here/faults_v3.sh")
rc=$?
f="$work/faults-v3/out/faults"
check "fault boot (GICv3) finished (exit $rc)" test -d "$f"
check "guest that never answers: exit 1" test "$(cat "$f/hang.rc")" = 1
check "guest that never answers: one clear message" grep -q "did not start within 2000 ms" "$f/hang.err"
check "guest that never answers: cell.kv says timeout" \
	test "$(kv "$f/hang/cells/v3-vhe-lr-line-busy/cell.kv" status)" = timeout
for c in lr-line lr-irqfd; do
	ck="$f/hangmid/cells/v3-vhe-$c-busy/cell.kv"
	check "guest that hangs mid-cell ($c): cell.kv says timeout, 41 injected, 40 received" \
		test "$(kv "$ck" status) $(kv "$ck" count_injected) $(kv "$ck" count_received)" = "timeout 41 40"
	check "guest that hangs mid-cell ($c): the tracer stopped cleanly" test "$(kv "$ck" trace)" = on
done
check "guest that hangs mid-cell: exit 1, the interrupt and the time limit named" sh -c \
	"[ \$(cat '$f/hangmid.rc') = 1 ] && grep -q 'did not take interrupt 40 within 2000 ms' '$f/hangmid.err'"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$f/hangmid" "$work/hangmid" \
	> "$work/hangmid.out" 2>&1
check "guest that hangs mid-cell: analysed, each cell's 40 interrupts measured (30 past the warm-up) and 1 lost" \
	test "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
		$ix["stage"] == "total" { print $ix["count"] "/" $ix["lost"] }' "$work/hangmid/summary.csv" |
		sort -u)" = "30/1"
check "tracer that fails to load: exit 3" test "$(cat "$f/notrace.rc")" = 3
check "tracer that fails to load: its message is shown" grep -q "verifier" "$f/notrace.err"
check "tracer that fails to load: the run says it has no trace" grep -q "WITHOUT a trace" "$f/notrace.err"
check "tracer that fails to load: all 10 + 50 interrupts still measured" \
	test "$(kv "$f/notrace/cells/v3-vhe-lr-line-busy/cell.kv" count_received)" = 60
check "tracer that fails to load: cell.kv says trace=failed" \
	test "$(kv "$f/notrace/cells/v3-vhe-lr-line-busy/cell.kv" trace)" = failed
check "unknown option: exit 2" test "$(cat "$f/badopt.rc")" = 2
check "unknown option: named" grep -q "bogus" "$f/badopt.err"
check "unknown path: exit 2 and the paths listed" sh -c \
	"[ \$(cat '$f/badpath.rc') = 2 ] && grep -q \"unknown value 'nope' (expected one of: soft-vi, lr-line\" '$f/badpath.err'"
check "bad number: exit 2" sh -c "[ \$(cat '$f/badcount.rc') = 2 ] && grep -q \"'12x' is not a whole number\" '$f/badcount.err'"
check "unknown command: exit 2" sh -c "[ \$(cat '$f/nocmd.rc') = 2 ] && grep -q \"unknown command 'frobnicate'\" '$f/nocmd.err'"
check "no /dev/kvm: exit 1 and one clear message" sh -c \
	"[ \$(cat '$f/nokvm.rc') = 1 ] && grep -q 'cannot open /dev/kvm' '$f/nokvm.err'"

# 3. A host without a GICv3.
sh "$top/lab/run.sh" --gic 2 --work "$work/faults-v2" --arm-out "$build/arm64" \
	--cache "$cache" --script "$here/faults_v2.sh" >/dev/null
f="$work/faults-v2/out/faults"
check "GICv2 host: exit 1" test "$(cat "$f/nov3.rc" 2>/dev/null)" = 1
check "GICv2 host: says KVM offers no vGICv3" grep -q "KVM offers no vGICv3 here" "$f/nov3.err"
check "GICv2 host: says nothing was measured" grep -q "nothing was measured" "$f/nov3.err"
check "GICv2 host: the cell is recorded as skipped, with the reason" sh -c \
	"c=\$(ls '$f'/nov3/cells/*/cell.kv | head -n 1); grep -qx 'status=skipped' \$c && grep -q '^skip_reason=KVM offers no vGICv3' \$c"

# 4. v4-direct's device on a GICv4 host: missing, in use, given back.
sh "$top/lab/run.sh" --gic 4 --work "$work/faults-v4" --arm-out "$build/arm64" \
	--cache "$cache" --script "$here/faults_v4.sh" >/dev/null
f="$work/faults-v4/out/faults"
check "missing device: exit 1" test "$(cat "$f/nodev.rc" 2>/dev/null)" = 1
check "missing device: named, and the cells skipped with it" sh -c \
	"grep -q 'no PCI device 0000:00:1f.7' '$f/nodev.err' && grep -q 'nothing was measured' '$f/nodev.err'"
check "device in use: exit 1" test "$(cat "$f/inuse.rc" 2>/dev/null)" = 1
check "device in use: says another VFIO user has it" grep -q "in use by another VFIO user" "$f/inuse.err"
check "device in use: the cell is recorded as an error" \
	test "$(kv "$(ls "$f"/inuse/cells/*/cell.kv 2>/dev/null | head -n 1)" status)" = error
check "a v4-direct run measures (exit 0)" test "$(cat "$f/v4ok.rc" 2>/dev/null)" = 0
dk="$f/v4door/cells/v4-vhe-v4-direct-wfi-contended/cell.kv"
check "doorbell (v4-direct, wfi, --contend): measured, exit 0" test "$(cat "$f/v4door.rc" 2>/dev/null)" = 0
# Every interrupt the cell injected, its warm-up ones included (cell.kv warmup).
dn=$(kv "$dk" count_injected)
check "doorbell: all $dn interrupts (100 and the warm-up) found their vCPU asleep, none reached the host as the device's IRQ" \
	test "$(kv "$dk" count_requested) $(kv "$dk" wfi_asleep) $(kv "$dk" wfi_not_trapped) $(kv "$dk" device_host_irqs)" = "$dn $dn 0 0"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$f/v4door" "$work/v4door" \
	> "$work/v4door.out" 2>&1
check "doorbell: the trace shows every interrupt woke its vCPU (route wakeup: $dn)" \
	sh -c "tr -d ' \n' < '$work/v4door/summary.json' | grep -q '\"wakeup\":$dn,'"
check "the device's binding is as it was found, after a run" cmp -s "$f/bindings.middle" "$f/bindings.after"
check "the device's binding is as it was found, after the faults" cmp -s "$f/bindings.before" "$f/bindings.middle"

echo "lab: $pass passed, $fail failed"
[ $fail = 0 ]
