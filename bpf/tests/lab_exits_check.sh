#!/bin/sh
# Host side of `make bpf-lab`: trace mode's exits per injection, attached to
# bench/'s VM, against bench/'s own account of the same cells (its trace,
# joined by virqbench-analyze: exits per interrupt from its start to its
# EOI, mean over the cell).
#
#   bpf/tests/lab_exits_check.sh OUT ANALYZE   (OUT: the lab's out/ dir)
#
# Trace mode counts every exit of a vCPU from its first interrupt on; the
# analysis only those inside an interrupt's window. So, for each cell:
#  - the recount: bench/'s own trace (trace.tsv) holds every exit of the
#    vCPU thread while its recorder ran; from the cell's first injection on
#    (a line raised, by time: exits_since_injection.awk says why both),
#    trace mode must count exactly those, and at most one more for each of
#    the recorder's perf counters (perf.tsv: one per tracepoint on the
#    thread, and the host cycle and instruction counters), whose close after
#    the recorder's programs came off is a cross-CPU call, an IRQ exit, on a
#    vCPU running in its guest; and one more, the kick that stops the vCPU
#    after the recorder's end. This holds whatever else the host does: a
#    loaded host adds IRQ exits between the interrupts, and both see them.
#  - against the analysis: a wfi cell's WFI trap precedes each interrupt,
#    outside its window: trace mode's exits less its WFx ones must be at
#    least the analysis' (more: exits between the windows; vtimer's guest
#    takes some there, a loaded host's timer others);
#  - vtimer: its guest's own timer programming between interrupts is not
#    bench/'s to inject: only the second comparison applies.
#  - the first cell may have begun before trace mode attached (its
#    attach-time exits land there): not compared.
# "At least" means within 0.05 exits per interrupt. Prints "ok"/"FAIL"
# lines and "N passed, N failed" last; exits 1 on a failure.
out=$1 analyze=$2
here=$(dirname "$0")
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT
if ! "$analyze" -q --calib-tolerance-ns 500 "$out/raw" "$res/an" > "$res/an.out" 2>&1; then
	# 2: plots missing, the numbers are there
	[ -s "$res/an/summary.csv" ] || { bad "virqbench-analyze failed: $(tail -n 1 "$res/an.out")"; exit 1; }
fi
first=$(sed -n 's/^cell \([^:]*\): .*/\1/p' "$out/bpf/bench.txt" | head -n 1)
# The final report's rows: tid -> "injections exits/inj WFx-count all-exits".
awk '/^total at/ { t = 1; next }
     t && NF >= 10 && $3 ~ /^[0-9]+$/ {
	wfx = 0; all = 0
	for (i = 11; i < NF; i += 2) {
		n = $(i + 1); sub(/,/, "", n); all += n
		if ($i == "WFx") wfx = n
	}
	print $3, $4, $10, wfx, all
     }
     t && /^$/ { t = 0 }' "$out/bpf/summary.txt" > "$res/tm"

for d in "$out"/raw/cells/*/; do
	c=$(basename "$d")
	[ "$c" = "$first" ] && continue
	tid=$(sed -n 's/^vcpu0_tid=//p' "$d/cell.kv")
	set -- $(awk -v tid="$tid" '$1 == tid { print $2, $3, $4, $5; exit }' "$res/tm")
	inj=${1:-} epi=${2:-} wfx=${3:-0} all=${4:-0}
	if [ -z "$inj" ] || [ "$epi" = - ]; then
		bad "$c: no trace mode row for tid $tid"
		continue
	fi
	mean=$(awk -F'\t' '/^# seq/ { for (i = 1; i <= NF; i++) if ($i == "exits") col = i; next }
		/^#/ { next }
		col && $col != "-" { n++; s += $col }
		END { if (n) printf "%.3f", s / n }' "$res/an/$c.samples.tsv")
	if [ -z "$mean" ]; then
		bad "$c: the analysis has no exits per interrupt"
		continue
	fi
	tm=$(awk -v e="$epi" -v w="$wfx" -v n="$inj" 'BEGIN { printf "%.3f", e - w / n }')
	if awk -v a="$tm" -v b="$mean" 'BEGIN { exit !(a + 0.05 >= b) }'; then
		ok "$c: trace mode $tm exits per interrupt (WFx traps aside), at least the analysis' $mean in the windows"
	else
		bad "$c: trace mode $tm exits per interrupt (WFx traps aside), fewer than the analysis' $mean in the windows"
	fi
	case $c in *vtimer*) continue ;; esac
	# The recount: trace.tsv's exits of the thread from the first injection on.
	rec=$(awk -v tid="$tid" -f "$here/exits_since_injection.awk" "$d/trace.tsv")
	# the recorder's counters on this thread (their close, after its last event)
	k=0
	[ -f "$d/perf.tsv" ] && k=$(awk -F'\t' -v tid="$tid" '
		/^# host_(cycles|instr)=on/ { hc++ }
		!/^#/ && NF == 7 && $1 == tid { n++ }
		END { print n + (n ? hc : 0) }' "$d/perf.tsv")
	if [ "$all" -ge "$rec" ] && [ "$all" -le $((rec + k + 1)) ]; then
		ok "$c: trace mode counted $all exits, bench/'s trace $rec from the first injection on (+ at most $k of the recorder's perf counters and the stop's kick)"
	else
		bad "$c: trace mode counted $all exits, bench/'s trace $rec from the first injection on (the recorder's $k perf counters and the stop's kick allowed for)"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
