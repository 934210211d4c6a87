#!/bin/sh
# Host side of `make bpf-lab`: trace mode's exits per injection, attached to
# bench/'s VM, against bench/'s own account of the same cells (its trace,
# joined by virqbench-analyze: exits per interrupt from its start to its
# EOI, mean over the cell).
#
#   bpf/tests/lab_exits_check.sh OUT ANALYZE   (OUT: the lab's out/ dir)
#
# Trace mode counts every exit of a vCPU from its first interrupt on; the
# analysis only those inside an interrupt's window. So:
#  - a wfi cell's WFI trap precedes each interrupt, outside its window:
#    trace mode's exits less its WFx ones must equal the analysis';
#  - vtimer's guest takes exits between interrupts (outside any window):
#    trace mode must count at least the analysis' exits;
#  - the first cell may have begun before trace mode attached (its
#    attach-time exits land there): not compared.
#  - the recorder's perf counters (perf.tsv: one per tracepoint on each
#    thread, and the host cycle and instruction counters) are opened and
#    closed around the cell, outside every window; on a vCPU running in its
#    guest (busy) each open and close is a cross-CPU call, an IRQ exit that
#    trace mode counts: up to that many more are allowed.
# Equal means within 0.05 exits per interrupt. Prints "ok"/"FAIL" lines
# and "N passed, N failed" last; exits 1 on a failure.
out=$1 analyze=$2
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
# The final report's rows: tid -> "injections exits/inj WFx-count".
awk '/^total at/ { t = 1; next }
     t && NF >= 10 && $3 ~ /^[0-9]+$/ {
	wfx = 0
	for (i = 11; i <= NF; i++) if ($i == "WFx") { wfx = $(i + 1); sub(/,/, "", wfx) }
	print $3, $4, $10, wfx
     }
     t && /^$/ { t = 0 }' "$out/bpf/summary.txt" > "$res/tm"

for d in "$out"/raw/cells/*/; do
	c=$(basename "$d")
	[ "$c" = "$first" ] && continue
	tid=$(sed -n 's/^vcpu0_tid=//p' "$d/cell.kv")
	set -- $(awk -v tid="$tid" '$1 == tid { print $2, $3, $4; exit }' "$res/tm")
	inj=${1:-} epi=${2:-} wfx=${3:-0}
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
	case $c in
	*vtimer*)
		if awk -v a="$epi" -v b="$mean" 'BEGIN { exit !(a + 0.05 >= b) }'; then
			ok "$c: trace mode $epi exits per injection, at least the analysis' $mean in the windows"
		else
			bad "$c: trace mode $epi exits per injection, fewer than the analysis' $mean"
		fi ;;
	*)
		tm=$(awk -v e="$epi" -v w="$wfx" -v n="$inj" 'BEGIN { printf "%.3f", e - w / n }')
		# the recorder's counters on this thread (its close, after the last window)
		k=0
		[ -f "$d/perf.tsv" ] && k=$(awk -F'\t' -v tid="$tid" '
			/^# host_(cycles|instr)=on/ { hc++ }
			!/^#/ && NF == 7 && $1 == tid { n++ }
			END { print n + (n ? hc : 0) }' "$d/perf.tsv")
		if awk -v a="$tm" -v b="$mean" -v k="$k" -v n="$inj" \
			'BEGIN { d = a - b; exit !(d <= 0.05 + k / n && d >= -0.05) }'; then
			ok "$c: exits per interrupt, trace mode $tm (WFx traps aside) = analysis $mean (+ at most $k of the recorder's perf counters)"
		else
			bad "$c: exits per interrupt, trace mode $tm (WFx traps aside) but analysis $mean (the recorder's $k perf counters allowed for)"
		fi ;;
	esac
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
