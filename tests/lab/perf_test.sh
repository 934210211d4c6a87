#!/bin/sh
# Lab test of perf's recount and the host counters (bpf/perf_count.h), and
# of how they degrade. Two boots of GICv3:
#  1. the lab's PMU (QEMU -cpu max: PMUv3, a cycle counter, no instruction
#     counter under TCG without icount): in every traced cell perf's count
#     of every kvm tracepoint equals the trace's, host cycles per exit are
#     there, instructions are off and say why; then the same bench with
#     CAP_PERFMON/CAP_SYS_ADMIN out of its effective set
#     (VIRQTRACE_PERF_DROP_CAPS=1) under the lab's kernel.perf_event_paranoid
#     (3, Debian's): the recount is off and names the sysctl, the cell is
#     measured and traced all the same;
#  2. -cpu max,pmu=off (no PMU): the recount still agrees (tracepoints are
#     software events), host cycles are off and say there is no PMU.
#
#   tests/lab/perf_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work="$build/test-perf"
rm -rf "$work" && mkdir -p "$work"
. "$here/lib.sh"

cat >"$work/job-pmu" <<'JOB'
out=$1
/opt/virqbench/virqbench run --path lr-line,soft-vi,vtimer --state all --count 20 --out "$out/raw"
VIRQTRACE_PERF_DROP_CAPS=1 /opt/virqbench/virqbench run --path lr-line --state busy --count 20 \
	--out "$out/raw-nocaps"
JOB
cat >"$work/job-nopmu" <<'JOB'
out=$1
/opt/virqbench/virqbench run --path lr-line,soft-vi --state busy --count 20 --out "$out/raw"
JOB

# boot TAG [off]: the lab's raw runs under $work/TAG/out
boot() {
	sh "$top/lab/run.sh" --gic 3 --work "$work/$1" --arm-out "$build/arm64" --cache "$cache" \
		${2:+--pmu "$2"} --script "$work/job-$1" >"$work/$1.log" 2>&1
	[ -d "$work/$1/out/raw" ] || { bad "$1: no raw run (see $work/$1.log)"; return 1; }
}

# every_cell_agrees RAW: each traced cell's perf.tsv, straight from the raw run.
every_cell_agrees() {
	n=0
	for cd in "$1"/cells/*; do
		[ "$(kv "$cd/cell.kv" trace)" = on ] || continue
		n=$((n + 1))
		pa=$(perf_agree "$cd/perf.tsv")
		case $pa in
		agree*) ok "$(basename "$cd"): perf recount: BPF's counts $pa" ;;
		*) bad "$(basename "$cd"): perf recount: $pa" ;;
		esac
	done
	[ $n -gt 0 ] || bad "$1: no traced cell"
}

# analyse RAW OUT: results, and the verdict's text in OUT.verdict
analyse() {
	"$build/host/virqbench-analyze" -q "$1" "$2" >"$2.log" 2>&1 &&
		"$build/host/virqbench-report" --verdict "$2" >"$2.verdict" 2>&1 ||
		bad "analysis of $1 failed (see $2.log)"
}

if boot pmu ""; then
	raw="$work/pmu/out/raw"
	every_cell_agrees "$raw"
	analyse "$raw" "$work/pmu-results"
	cells=$(ls -d "$raw"/cells/* | wc -l)
	if grep -q "perf recount: BPF's event counts equal perf_event_open's in $cells of $cells traced cells" \
		"$work/pmu-results.verdict"; then
		ok "verdict: perf and BPF agree in $cells of $cells cells"
	else
		bad "verdict: $(grep 'perf recount' "$work/pmu-results.verdict")"
	fi
	f=$(ls "$raw"/cells/*-lr-line-busy/perf.tsv)
	check "host cycles on with the lab's PMU" grep -qx '# host_cycles=on' "$f"
	check "no instruction counter under TCG, and the reason named" \
		grep -q '^# host_instr=off: instructions: perf_event_open: No such file or directory: the PMU has no such event' "$f"
	# kvm_entry rows carry the host's cycles since their exit (a1).
	cyc=$(awk -F'\t' '$4 == "entry" && $6 > 0 { n++ } END { print n + 0 }' "$(dirname "$f")/trace.tsv")
	if [ "$cyc" -gt 0 ]; then ok "entry rows carry host cycles ($cyc of them)"; else bad "no entry row with host cycles"; fi
	check "summary.json: exit classes with host cycles beside the time" \
		grep -q '"host_cycles_mean": [0-9]' "$work/pmu-results/summary.json"

	nocaps="$work/pmu/out/raw-nocaps"
	# (check's own variable is d)
	nc=$(ls -d "$nocaps"/cells/*)
	check "without CAP_PERFMON: the cell is measured" grep -qx 'status=ok' "$nc/cell.kv"
	check "without CAP_PERFMON: and traced" grep -qx 'trace=on' "$nc/cell.kv"
	check "without CAP_PERFMON: the recount names perf_event_paranoid" \
		grep -q '^# perf_error=kvm tracepoint counters: perf_event_open: Permission denied: perf_event_paranoid too strict (kernel.perf_event_paranoid is [2-9])' "$nc/perf.tsv"
	analyse "$nocaps" "$work/nocaps-results"
	check "without CAP_PERFMON: the verdict says why the recount is off" \
		grep -q 'perf recount off in 1 cell: .*perf_event_paranoid too strict' "$work/nocaps-results.verdict"
fi

if boot nopmu off; then
	raw="$work/nopmu/out/raw"
	every_cell_agrees "$raw"
	for f in "$raw"/cells/*/perf.tsv; do
		if grep -q '^# host_cycles=off: cycles: perf_event_open: .*: no PMU: ' "$f"; then
			ok "$(basename "$(dirname "$f")"): no PMU: host cycles off, and said so"
		else
			bad "$(basename "$(dirname "$f")"): no PMU: $(grep '^# host_cycles=' "$f")"
		fi
	done
	analyse "$raw" "$work/nopmu-results"
	check "no PMU: summary.json names it" grep -q '"host_cycles": "off: cycles: perf_event_open' \
		"$work/nopmu-results/summary.json"
fi
echo "perf: $pass passed, $fail failed"
[ $fail = 0 ]
