#!/bin/sh
# Lab test of the kernels and hyp modes beyond 6.1/VHE, in three short boots:
# - Debian's 6.12 (bookworm-backports, compressed modules) on GICv4 in nVHE
#   ("Hyp nVHE mode initialized"): every path, busy, a few interrupts each,
#   all accounted for with the catalogue's exits; hyp mode and kernel
#   recorded per run and per cell, and in summary.csv's kernel column.
# - 6.12 in protected mode on GICv2: pKVM has no in-kernel vGIC there, and
#   the skip reason must say so (not "no vGICv3").
# - Debian's 6.1 RT kernel, built without KVM: named as such, a lab failure.
#
#   tests/lab/kernels_test.sh BUILD_DIR CACHE_DIR [COUNT]
set -u
build=${1:-build} cache=${2:-cache} count=${3:-30}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work="$build/test-kernels"
rm -rf "$work" && mkdir -p "$work"
. "$here/lib.sh"
vqb_exit_h="$top/include/virqbench/exit_codes.h"
. "$top/lab/exit_codes.sh"
catalogue="$work/paths.tsv"
"$build/host/virqbench-analyze" --paths >"$catalogue" || { echo "kernels: no catalogue"; exit 1; }
column() { awk -F'\t' -v p="$1" -v c="$2" 'NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) ix[$i] = i; next }
	$1 == p { print $ix[c] }' "$catalogue"; }

# measure ID KERNEL GIC HYP VIRQBENCH_ARGS...: the results directory, or "".
measure() {
	id=$1 kernel=$2 gic=$3 hyp=$4
	shift 4
	sh "$top/lab/measure.sh" --kernel "$kernel" --gic "$gic" --hyp "$hyp" --build "$build" \
		--cache "$cache" --results "$work/results" --id "$id" -- "$@" 2>"$work/$id.err"
}

# 1. 6.12, GICv4, nVHE: every path.
id=k612-v4-nvhe
res=$(measure $id 6.12 4 nvhe --path all --state busy --count "$count")
raw="$build/lab/$id/out/raw"
if [ -z "$res" ] || [ ! -f "$res/summary.csv" ]; then
	bad "$id: no results; see $work/$id.err"
	tail -n 5 "$work/$id.err"
else
	rel=$(kv "$raw/run.kv" uname_release)
	case $rel in
	6.12.*) ok "$id: booted $rel" ;;
	*) bad "$id: booted '$rel', expected a 6.12 kernel" ;;
	esac
	check "$id: run.kv hyp_mode=nvhe (6.12's 'Hyp nVHE mode initialized')" \
		test "$(kv "$raw/run.kv" hyp_mode)" = nvhe
	check "$id: run.kv kernel_kvm_config=y, kernel_flavour=arm64" \
		test "$(kv "$raw/run.kv" kernel_kvm_config)-$(kv "$raw/run.kv" kernel_flavour)" = y-arm64
	for cellkv in "$raw"/cells/*/cell.kv; do
		cell=$(basename "$(dirname "$cellkv")")
		path=$(kv "$cellkv" path) status=$(kv "$cellkv" status)
		if [ "$status" != ok ]; then
			bad "$cell: status $status: $(kv "$cellkv" error)$(kv "$cellkv" skip_reason)"
			continue
		fi
		check "$cell: cell.kv hyp=nvhe, kernel_release=$rel" \
			test "$(kv "$cellkv" hyp) $(kv "$cellkv" kernel_release)" = "nvhe $rel"
		row=$(awk -F, -v c="$cell" 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
			$ix["cell"] == c && $ix["stage"] == "total" {
				print $ix["count"], $ix["lost"], $ix["exits_caused_p50"], $ix["kernel"] }' \
			"$res/summary.csv")
		set -- $row
		want=$(column "$path" exits_busy)
		if [ "${1:-}" = "$count" ] && [ "${2:-}" = 0 ]; then
			ok "$cell: $count of $count accounted for, 0 lost"
		else
			bad "$cell: count ${1:-?} lost ${2:-?} (expected $count and 0)"
		fi
		if [ "${3:-}" = "$want" ]; then
			ok "$cell: exits it caused per interrupt, median $want"
		else
			bad "$cell: exits it caused per interrupt, median ${3:-?} (the catalogue: $want)"
		fi
		check "$cell: summary.csv kernel column is $rel" test "${4:-}" = "$rel"
	done
	# A path may run with more than one vGIC (vmm-*: with and without an ITS).
	n=$(cat "$raw"/cells/*/cell.kv | sed -n 's/^path=//p' | sort -u | wc -l)
	want=$(awk -F'\t' 'NR > 1 && !/^#/ { n++ } END { print n }' "$catalogue")
	check "$id: cells of each of the catalogue's $want paths ($n)" test "$n" = "$want"
fi

# 2. 6.12, GICv2, protected: no in-kernel vGIC, said so.
id=k612-v2-protected
res=$(measure $id 6.12 2 protected --path lr-line --state busy --count "$count")
raw="$build/lab/$id/out/raw"
check "$id: run.kv hyp_mode=protected (6.12's 'Protected hVHE mode initialized')" \
	test "$(kv "$raw/run.kv" hyp_mode)" = protected
reason=$(kv "$raw/cells/v2-protected-lr-line-busy/cell.kv" skip_reason)
case $reason in
*"protected KVM"*"no in-kernel vGIC"*) ok "$id: lr-line skipped: $reason" ;;
*) bad "$id: lr-line: skip reason '$reason' (expected: protected KVM offers no in-kernel vGIC)" ;;
esac

# 3. Debian 6.1 RT: built without KVM, named with the fix, a lab failure.
id=k61rt
res=$(measure $id 6.1-rt 3 vhe --path lr-line --state busy --count "$count")
rc=$?
check "$id: exit EXIT_LAB ($EXIT_LAB), got $rc" test "$rc" = "$EXIT_LAB"
if grep -q "built without KVM (CONFIG_KVM is not set): use a kernel with KVM" "$work/$id.err"; then
	ok "$id: $(grep -m 1 -o 'this kernel.*' "$work/$id.err")"
else
	bad "$id: the kernel without KVM is not named; see $work/$id.err"
	tail -n 5 "$work/$id.err"
fi
check "$id: no results directory" test -z "$res"

echo "kernels: $pass passed, $fail failed"
[ $fail = 0 ]
