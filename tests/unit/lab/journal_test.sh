#!/bin/sh
# The lab's output journal (lab/snapshot writes it inside the lab,
# lab/journal.sh reads it on the build machine), run here on files:
#  1. saves after each "cell" and a final one bring out exactly the
#     output directory, its manifest checking out;
#  2. a save costs what changed: a segment holds the new cell and the
#     run's small files, not the cells saved before;
#  3. a segment cut or altered on the disk ends the journal there: what
#     was saved before it comes out whole, nothing after it;
#  4. a disk that refuses a save: the snapshot fails, earlier saves stay,
#     and the next save that works takes what the failed ones would have.
#   tests/unit/lab/journal_test.sh WORK_DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
. "$top/tests/lab/lib.sh"
rm -rf "$1" && mkdir -p "$1"
work=$(cd "$1" && pwd) # lab/snapshot reads its state from inside the output
out="$work/out" disk="$work/disk.img"
export VQB_SNAPSHOT_DISK="$disk" VQB_SNAPSHOT_CONSOLE="$work/console" VQB_SNAPSHOT_STATE="$work/state"
snap() { sh "$top/lab/snapshot" "$out" "$@"; }
journal() { sh "$top/lab/journal.sh" "$disk" "$1"; }
cell() { # NAME BYTES: a cell of a host.tsv that size
	mkdir -p "$out/raw/cells/$1"
	head -c "$2" /dev/urandom > "$out/raw/cells/$1/host.tsv"
	echo "status=ok" > "$out/raw/cells/$1/cell.kv"
}
# Segment N (1-based): its size and where it starts (in 64 KiB), walking the journal.
seg_size() {
	off=0 i=1
	while :; do
		h=$(dd if="$disk" bs=512 skip=$((off * 128)) count=1 2>/dev/null | tr -d '\000' | head -n 1)
		s=${h#*size=} s=${s%% *}
		[ $i = "$1" ] && { echo "$s $off"; return; }
		off=$((off + 1 + (s + 65535) / 65536)) i=$((i + 1))
	done
}

# 1. Three cells, a save after each, then the final save.
truncate -s 64M "$disk"
mkdir -p "$out/raw" && echo "format=1" > "$out/raw/run.kv"
for c in a b c; do
	cell "$c" 200000
	check "save after cell $c" snap
done
echo 0 > "$out/rc"
check "the final save" snap final
check "four saves on the console" test "$(grep -c '^VQB-LAB: saved' "$work/console")" = 4
last=$(journal "$work/x1")
check "the journal reads back four saves (got ${last:-none})" test "${last:-0}" = 4
check "what it brings out is the output directory" diff -r "$out" "$work/x1"
check "its manifest checks out" sh -c "cd '$work/x1' && sha256sum --quiet -c MANIFEST.sha256"

# 2. The third save (after cell c): cell c, not a or b.
set -- $(seg_size 3)
check "a save holds what changed: segment 3 is $1 bytes, one cell's 200000 and a little" \
	sh -c "[ $1 -lt 220000 ] && [ $1 -gt 200000 ]"
# Many cells at once (skipped cells come within a second): each save has its own.
for c in d e f g; do cell "$c" 1000; snap; done
check "four quick saves, each with its new cell" sh -c \
	"sh '$top/lab/journal.sh' '$disk' '$work/xq' >/dev/null && for c in d e f g; do cmp -s '$out/raw/cells/'\$c/host.tsv '$work/xq/raw/cells/'\$c/host.tsv || exit 1; done"

# 3. Segment 3 altered: saves 1 and 2 come out, cell c does not.
cp "$disk" "$work/bad.img"
set -- $(seg_size 3)
printf 'X' | dd of="$work/bad.img" bs=1 seek=$((($2 + 1) * 65536 + 1000)) conv=notrunc 2>/dev/null
last=$(sh "$top/lab/journal.sh" "$work/bad.img" "$work/x2")
check "an altered segment 3 ends the journal at save 2 (got ${last:-none})" test "${last:-0}" = 2
check "with cells a and b whole" sh -c "cmp -s '$out/raw/cells/a/host.tsv' '$work/x2/raw/cells/a/host.tsv' && cmp -s '$out/raw/cells/b/host.tsv' '$work/x2/raw/cells/b/host.tsv'"
check "and no cell c" test ! -e "$work/x2/raw/cells/c"
# Cut in the middle of segment 2 (a kill while it was written): save 1 only.
set -- $(seg_size 2)
head -c $((($2 + 1) * 65536 + $1 / 2)) "$disk" > "$work/cut.img"
last=$(sh "$top/lab/journal.sh" "$work/cut.img" "$work/x3")
check "a cut segment 2 ends the journal at save 1 (got ${last:-none})" test "${last:-0}" = 1
check "no disk written at all: nothing to bring out" sh -c "! sh '$top/lab/journal.sh' /dev/null '$work/x4'"

# 4. A disk that refuses a save (/dev/full): it fails, the saves before it
# stay, and the next save that works takes what the failed one would have.
rm -rf "$out" "$work/state" "$disk" && truncate -s 64M "$disk"
mkdir -p "$out/raw" && echo "format=1" > "$out/raw/run.kv"
cell a 100000
check "a save" snap
cell b 100000
check "a save to a full disk fails" sh -c "! VQB_SNAPSHOT_DISK=/dev/full sh '$top/lab/snapshot' '$out' 2>/dev/null"
check "and a second one" sh -c "! VQB_SNAPSHOT_DISK=/dev/full sh '$top/lab/snapshot' '$out' 2>/dev/null"
last=$(journal "$work/x5")
check "the save before them comes out (got ${last:-none})" test "${last:-0}" = 1
cell c 100000
check "the next save that works" snap
last=$(journal "$work/x6")
check "is save 2 (got ${last:-none}), with cells b and c" \
	sh -c "[ '${last:-0}' = 2 ] && cmp -s '$out/raw/cells/b/host.tsv' '$work/x6/raw/cells/b/host.tsv' && cmp -s '$out/raw/cells/c/host.tsv' '$work/x6/raw/cells/c/host.tsv'"

echo "journal: $pass passed, $fail failed"
[ $fail = 0 ]
