#!/bin/sh
# Lab integration test of every injection path: for each lab GIC (2, 3, 4)
# and hyp mode (vhe, nvhe), every path in busy and wfi. Each cell the host
# supports must deliver all its interrupts, lose none, and show the exits
# per interrupt the path catalogue states (include/virqbench/paths.h, read
# through `virqbench-analyze --paths`), and perf_event_open's count of every
# traced kvm tracepoint must equal the trace's (perf.tsv). A cell the host cannot run must be
# recorded as skipped with a reason, and must not be one the lab does
# support. A path with a real device must show no host IRQ for it.
#
#   tests/lab/paths_test.sh BUILD_DIR CACHE_DIR [COUNT] [GICS] [HYPS]
set -u
# 100 interrupts a cell: enough for the accounting, the exits' median and
# a p99; 6 boots of every path at 500 took most of make check's 20 minutes.
build=${1:-build} cache=${2:-cache} count=${3:-100}
gics=${4:-"2 3 4"} hyps=${5:-"vhe nvhe"}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work="$build/test-paths"
rm -rf "$work" && mkdir -p "$work"
. "$here/lib.sh"
catalogue="$work/paths.tsv"
"$build/host/virqbench-analyze" --paths >"$catalogue" || { echo "paths: no catalogue"; exit 1; }
column() { awk -F'\t' -v p="$1" -v c="$2" 'NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) ix[$i] = i; next }
	$1 == p { print $ix[c] }' "$catalogue"; }
expected() { column "$1" "exits_$2"; }
# What the lab supports, from what a path needs: GICv2 has no LPIs (no
# ITS); direct injection needs GICv4 (and the lab's edu device).
supported() {
	case $(column "$2" need) in
	its) [ "$1" != 2 ] ;;
	gicv4) [ "$1" = 4 ] ;;
	*) true ;;
	esac
}

for gic in $gics; do
	for hyp in $hyps; do
		id="v$gic-$hyp"
		res=$(sh "$top/lab/measure.sh" --gic "$gic" --hyp "$hyp" --build "$build" \
			--cache "$cache" --results "$work/results" --id "$id" \
			-- --path all --state all --count "$count" 2>"$work/$id.err")
		rc=$?
		if [ -z "$res" ] || [ ! -f "$res/summary.csv" ]; then
			bad "$id: no results (exit $rc); see $work/$id.err"
			tail -n 5 "$work/$id.err"
			continue
		fi
		raw="$build/lab/$id/out/raw"
		for cellkv in "$raw"/cells/*/cell.kv; do
			cell=$(basename "$(dirname "$cellkv")")
			path=$(kv "$cellkv" path) state=$(kv "$cellkv" state) status=$(kv "$cellkv" status)
			if [ "$status" = skipped ]; then
				reason=$(kv "$cellkv" skip_reason)
				if supported "$gic" "$path"; then
					bad "$cell: skipped although the lab supports it ($reason)"
				elif [ -n "$reason" ]; then
					ok "$cell: skipped, with a reason ($reason)"
				else
					bad "$cell: skipped without a reason"
				fi
				continue
			fi
			if [ "$status" != ok ]; then
				bad "$cell: status $status: $(kv "$cellkv" error)"
				continue
			fi
			row=$(awk -F, -v c="$cell" 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
				$ix["cell"] == c && $ix["stage"] == "total" {
					print $ix["count"], $ix["lost"], $ix["exits_caused_p50"], $ix["exits_p50"],
					      $ix["host_irq_exits_mean"] }' "$res/summary.csv")
			set -- $row
			want=$(expected "$path" "$state")
			if [ "${1:-}" = "$count" ] && [ "${2:-}" = 0 ]; then
				ok "$cell: $count of $count accounted for, 0 lost"
			else
				bad "$cell: count ${1:-?} lost ${2:-?} (expected $count and 0)"
			fi
			if [ "${3:-}" = "$want" ]; then
				ok "$cell: exits it caused per interrupt, median $want (all exits ${4:-?}, host IRQ exits ${5:-?} per interrupt)"
			else
				bad "$cell: exits it caused per interrupt, median ${3:-?} (the catalogue: $want; all exits ${4:-?})"
			fi
			# The breakdown's stages add up to its total median, within a
			# counter tick per stage.
			bd=$(awk -F, -v c="$cell" -v res="$(kv "$cellkv" cntfrq)" '
				NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
				$ix["cell"] == c { sum += $ix["ns"]; n++; tot = $ix["total_p50_ns"] }
				END { if (n) { tick = 1e9 / res; d = sum - tot; if (d < 0) d = -d;
					printf "%d %d %d %s", sum, tot, n, (d <= tick * n) ? "yes" : "no" } }' \
				"$res/breakdown.csv" 2>/dev/null)
			set -- $bd
			if [ "${4:-}" = yes ]; then
				ok "$cell: breakdown of $3 stages adds up to the total median ($1 ns vs $2 ns)"
			elif [ -n "$bd" ]; then
				bad "$cell: breakdown of ${3:-?} stages sums to ${1:-?} ns, total median ${2:-?} ns"
			fi
			# The suite's own threads inside the windows (summary.json
			# suite_in_window: windows, with a suite thread, injector,
			# helper, tracer, device). Every thread of the suite is on
			# CPU 0 (the injector pinned there, the tracer forked from
			# it, a backend on the injector's CPU), the target vCPU alone
			# on CPU 1: a one-vCPU path's windows must hold none of them,
			# or a thread escaped its place. A two-vCPU path's sender
			# shares CPU 0 (the lab has 2): there the injector blocks on
			# a futex that only the agent's DONE exit, after t_eoi, wakes,
			# so it may show in at most 5 % of the windows (a stray
			# wake-up: its 100 ms futex timeout). The tracer's
			# 10 wake-ups a second are its cost of sharing CPU 0, about
			# window / 100 ms of the windows: shown, not bounded.
			sw=$(tr -d ' \n' < "$res/summary.json" | grep -o "{\"name\":\"$cell\".*" |
				grep -o '"suite_in_window":{[^}]*}[^}]*}' | head -n 1 |
				sed -n 's/.*"available":true,"cpus":\[[0-9,]*\],"windows":\([0-9]*\),"with_suite_thread":\([0-9]*\),"percent":[^,]*,"by_role":{"injector":\([0-9]*\),"helper":\([0-9]*\),"tracer":\([0-9]*\),"device":\([0-9]*\)}.*/\1 \2 \3 \4 \5 \6/p')
			set -- $sw
			if [ -z "$sw" ]; then
				bad "$cell: summary.json has no suite_in_window figure (a trace with sched_switch expected)"
			elif [ "$(column "$path" vcpus)" = 1 ]; then
				if [ "$2" = 0 ]; then
					ok "$cell: no suite thread on the target's CPU in any of its $1 windows"
				else
					bad "$cell: suite threads on the target's CPU in $2 of $1 windows (injector $3, helper $4, tracer $5; expected 0)"
				fi
			elif [ $(($3 * 100)) -le $(($1 * 5)) ]; then
				ok "$cell: injector in $3 of $1 windows (<= 5 %); tracer $5, helper $4, the path's device $6"
			else
				bad "$cell: injector in $3 of $1 windows (expected <= 5 %: it blocks until after t_eoi)"
			fi
			# perf_event_open's recount of the trace: equal, event by event.
			if [ "$(kv "$cellkv" trace)" = on ]; then
				pa=$(perf_agree "$(dirname "$cellkv")/perf.tsv")
				case $pa in
				agree*) ok "$cell: perf recount: BPF's counts $pa" ;;
				*) bad "$cell: perf recount: $pa" ;;
				esac
			fi
			if [ "$(column "$path" need)" = gicv4 ]; then
				irqs=$(kv "$cellkv" device_host_irqs)
				if [ "$irqs" = 0 ]; then
					ok "$cell: the device's host IRQ never fired (direct injection)"
				else
					bad "$cell: the device's host IRQ fired $irqs times (expected 0: direct injection)"
				fi
			fi
		done
	done
done
echo "paths: $pass passed, $fail failed"
[ $fail = 0 ]
