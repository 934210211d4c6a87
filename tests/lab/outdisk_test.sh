#!/bin/sh
# Lab test of the lab's output disk filling mid-run: a 1 MiB disk
# (lab/run.sh --out-disk-mib 1) that holds the first cells' saves and not
# all three. The saves after it fail (bench/ says so and goes on), the job's last
# save fails too, and the lab still brings out the cells saved before the
# disk filled, whole, with the lab's own status (EXIT_LAB_UNFINISHED) and
# the reason; the matrix would analyse it. Nothing saved is lost, nothing
# unsaved passes for measured.
#
# A second boot takes the disk away mid-run (QEMU's drive_del): the same,
# with I/O errors for the writes.
#
# A third fills the lab's own /tmp mid-cell, where the run waits to be
# saved (lab/run.sh --tmp-mib): the cell stops with every interrupt it
# injected recorded, the run stops after it, and the lab ends normally,
# bringing out everything (its manifest checked).
#
#   tests/lab/outdisk_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
work="$build/test-outdisk"
rm -rf "$work" && mkdir -p "$work"
. "$here/lib.sh"
vqb_exit_h="$top/include/virqbench/exit_codes.h"
. "$top/lab/exit_codes.sh"
# Each cell's save about 0.4 MiB (its trace.tsv most of it): one or two fit.
raw=$(sh "$top/lab/run.sh" --gic 3 --out-disk-mib 1 --work "$work/lab" --arm-out "$build/arm64" \
	--cache "$cache" -- run --path lr-line,lr-irqfd,vtimer --state busy --count 1500 --warmup 0 \
	2>"$work/lab.err")
rc=$?
check "a full output disk: the lab's status for an unfinished run, $EXIT_LAB_UNFINISHED (exit $rc)" \
	test "$rc" = "$EXIT_LAB_UNFINISHED"
check "it names the reason" grep -q "lab: FAIL cannot write the output disk" "$work/lab.err"
check "and the saves that failed" grep -q -e "--after-cell command failed" "$work/lab.err"
# The saves that reached the disk, by the lab's console: the first cells.
n=$(grep -a -c '^VQB-LAB: saved' "$work/lab/console.log")
check "some saves fit, not all three cells' (saved $n)" sh -c "[ $n -ge 1 ] && [ $n -lt 3 ]"
check "it brings out what was saved (save $n)" grep -q "bringing out the cells finished so far (save $n)" "$work/lab.err"
check "and prints its path ($raw)" test "$raw" = "$(cd "$work/lab" && pwd)/out/raw"
want=$(printf 'v3-vhe-lr-line-busy\nv3-vhe-lr-irqfd-busy\n' | head -n "$n" | sort | tr '\n' ' ')
cells=$(ls "$raw/cells" 2>/dev/null | sort | tr '\n' ' ')
check "the cells saved before the disk filled, and no other ($cells)" test "$cells" = "$want"
c="$raw/cells/v3-vhe-lr-line-busy"
check "whole: 1500 injected, 1500 received, 1500 rows in host.tsv and guest.tsv, trace.tsv with its trailer" sh -c \
	"[ '$(kv "$c/cell.kv" count_injected) $(kv "$c/cell.kv" count_received)' = '1500 1500' ] &&
	 [ \$(grep -vc '^#' '$c/host.tsv') = 1500 ] && [ \$(grep -vc '^#' '$c/guest.tsv') = 1500 ] &&
	 grep -q '^# events=' '$c/trace.tsv'"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$raw" "$work/an" >"$work/an.out" 2>&1
arc=$?
totals=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
	$ix["stage"] == "total" { print $ix["count"] "/" $ix["lost"] }' "$work/an/summary.csv" 2>/dev/null | tr '\n' ' ')
check "and analysed (exit $arc): each cell 1500 interrupts, none lost (count/lost: $totals)" \
	sh -c "{ [ $arc = 0 ] || [ $arc = 3 ]; } && [ '$totals' = '$(printf '1500/0 %.0s' $(seq "$n"))' ]"

# The disk gone mid-run: QEMU's backend taken away (`drive_del out` on its
# monitor) once two cells are saved, while the third, long one runs. The
# guest's writes now fail with an I/O error, not for space; the rest must
# go as above: the two saved cells brought out whole, exit 91. Cells of
# 4,000 interrupts: the third runs for seconds, a wide mark to hit.
g="$work/gone"
mkdir -p "$g"
sh "$top/lab/run.sh" --gic 3 --monitor "$g/mon" --work "$g/lab" --arm-out "$build/arm64" \
	--cache "$cache" -- run --path lr-line,lr-irqfd,vtimer --state busy --count 4000 \
	--warmup 0 >"$g/raw.path" 2>"$g/lab.err" &
lab=$!
waited=0
while kill -0 $lab 2>/dev/null && [ "$(grep -a -c '^VQB-LAB: saved' "$g/lab/console.log" 2>/dev/null)" != 2 ]; do
	sleep 0.2
done
grep -a -q '^VQB-LAB: saved' "$g/lab/console.log" 2>/dev/null && echo "drive_del out" >"$g/mon.in"
wait $lab
rc=$?
raw=$(cat "$g/raw.path")
check "the disk gone mid-run: exit $EXIT_LAB_UNFINISHED (exit $rc)" test "$rc" = "$EXIT_LAB_UNFINISHED"
check "QEMU took the disk away after the second save" sh -c \
	"[ \$(grep -a -c '^VQB-LAB: saved' '$g/lab/console.log') = 2 ] && ! grep -qi error '$g/mon.out'"
check "the guest's writes failed with I/O errors" grep -a -q "I/O error" "$g/lab/console.log"
check "it names the reason, and the save that failed" sh -c \
	"grep -q 'lab: FAIL cannot write the output disk' '$g/lab.err' && grep -q -e '--after-cell command failed' '$g/lab.err'"
check "it brings out the two saved cells, and no other ($(ls "$raw/cells" 2>/dev/null | tr '\n' ' '))" sh -c \
	"grep -q 'bringing out the cells finished so far (save 2)' '$g/lab.err' &&
	 [ \"\$(ls '$raw/cells' | tr '\n' ' ')\" = 'v3-vhe-lr-irqfd-busy v3-vhe-lr-line-busy ' ]"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$raw" "$g/an" >"$g/an.out" 2>&1
arc=$?
totals=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
	$ix["stage"] == "total" { print $ix["count"] "/" $ix["lost"] }' "$g/an/summary.csv" 2>/dev/null | tr '\n' ' ')
check "and analysed (exit $arc): each 4000 interrupts, none lost (count/lost: $totals)" \
	sh -c "{ [ $arc = 0 ] || [ $arc = 3 ]; } && [ '$totals' = '4000/0 4000/0 ' ]"

# The lab's /tmp full mid-cell: 1 MiB, of which the lab and bench/ each
# hold back 256 KiB (lab/init, bench/rawout.h). Untraced cells, so that
# the writer that finds no space is bench/ itself (its rows, bench/
# rowfile.h; a tracer that dies of it is any dead tracer, the
# faults-midcell test's): the lr-line cell of 4,000 interrupts (about
# 0.37 MB of rows) fits, vtimer's does not. lr-irqfd is never run.
t="$work/tmpfull"
mkdir -p "$t"
raw=$(sh "$top/lab/run.sh" --gic 3 --tmp-mib 1 --work "$t/lab" --arm-out "$build/arm64" \
	--cache "$cache" -- run --path lr-line,vtimer,lr-irqfd --state busy --count 4000 --warmup 0 \
	--trace off 2>"$t/lab.err")
rc=$?
check "/tmp full mid-cell: virqbench's status for a failed cell, $EXIT_MEASURE (exit $rc)" test "$rc" = "$EXIT_MEASURE"
# A finished job's files are checked against its manifest by lab/run.sh.
check "the lab finished its job and brought out all of it, manifest checked" sh -c \
	"grep -a -q '^VQB-LAB: done rc=$EXIT_MEASURE' '$t/lab/console.log' && [ -f '$t/lab/out/MANIFEST.sha256' ]"
check "the lab's console says what filled" grep -a -q "No space left on device" "$t/lab/console.log"
check "the cells up to the one that filled /tmp, and no other ($(ls "$raw/cells" 2>/dev/null | tr '\n' ' '))" \
	test "$(ls "$raw/cells" 2>/dev/null | tr '\n' ' ')" = "v3-vhe-lr-line-busy v3-vhe-vtimer-busy "
c="$raw/cells/v3-vhe-lr-line-busy"
check "the cell before: whole (4000 injected and received, all rows)" sh -c \
	"[ '$(kv "$c/cell.kv" count_injected) $(kv "$c/cell.kv" count_received) $(kv "$c/cell.kv" status)' = '4000 4000 ok' ] &&
	 [ \$(grep -vc '^#' '$c/host.tsv') = 4000 ] && [ \$(grep -vc '^#' '$c/guest.tsv') = 4000 ]"
c="$raw/cells/v3-vhe-vtimer-busy"
inj=$(kv "$c/cell.kv" count_injected) rcv=$(kv "$c/cell.kv" count_received)
hrows=$(grep -vc '^#' "$c/host.tsv" 2>/dev/null) grows=$(grep -vc '^#' "$c/guest.tsv" 2>/dev/null)
echo "outdisk: the full cell: $(kv "$c/cell.kv" error)"
check "the cell that filled it: an error naming the file and the full file system" sh -c \
	"[ '$(kv "$c/cell.kv" status)' = error ] && grep -q '^error=cannot write .*\.tsv at interrupt .*file system is full' '$c/cell.kv'"
check "stopped part-way, every interrupt it injected recorded: $inj injected, $rcv received, $hrows host rows, $grows guest rows" \
	sh -c "[ '$inj' -gt 0 ] && [ '$inj' -lt 4000 ] && [ '$inj $rcv' = '$hrows $grows' ] && [ '$inj' = '$rcv' ]"
check "no row cut in half" sh -c "[ -z \"\$(tail -c 1 '$c/host.tsv' | tr -d '\n')\" ] && [ -z \"\$(tail -c 1 '$c/guest.tsv' | tr -d '\n')\" ]"
check "run.kv says why the run stopped, and its status" sh -c \
	"grep -q '^stopped=.*less than 256 KiB free after cell v3-vhe-vtimer-busy' '$raw/run.kv' &&
	 [ '$(kv "$raw/run.kv" exit_code)' = '$EXIT_MEASURE' ]"
"$build/host/virqbench-analyze" -q --calib-tolerance-ns 500 "$raw" "$t/an" >"$t/an.out" 2>&1
arc=$?
totals=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
	$ix["stage"] == "total" { print $ix["cell"] ":" $ix["count"] "/" $ix["lost"] }' "$t/an/summary.csv" 2>/dev/null | tr '\n' ' ')
check "and analysed (exit $arc): every recorded interrupt, none lost ($totals)" \
	sh -c "{ [ $arc = 0 ] || [ $arc = 3 ]; } && [ '$totals' = 'v3-vhe-lr-line-busy:4000/0 v3-vhe-vtimer-busy:$inj/0 ' ]"
echo "outdisk: $pass passed, $fail failed"
[ $fail = 0 ]
