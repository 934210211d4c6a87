#!/bin/sh
# results/ out of disk space, for real: a 4 MiB tmpfs in a mount namespace
# of this test's own (as root, or as anyone with unprivileged user
# namespaces), holding good outputs of analyze, report and compare. Each is
# then run again where its new output does not fit (a larger raw run, or a
# disk filled to the last block): it must exit 1 naming the write that
# failed, leave every earlier file byte-identical and give the space back
# (no temporary left). The unit tests cut writes with RLIMIT_FSIZE (EFBIG);
# this is the error a full disk gives (ENOSPC).
#   tests/unit/results/enospc_test.sh BUILD_DIR WORK_DIR
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
build=$(cd "$1" && pwd)
rm -rf "$2" && mkdir -p "$2"
work=$(cd "$2" && pwd)
host="$build/host"

if [ "${VQB_ENOSPC_INNER:-}" != 1 ]; then
	# Into a mount namespace of our own: the tmpfs is gone with it.
	if [ "$(id -u)" = 0 ]; then set -- unshare --mount; else set -- unshare --user --map-root-user --mount; fi
	if ! "$@" true 2>"$work/unshare.err"; then
		echo "results-enospc: SKIP: cannot make a mount namespace ($*: $(head -n 1 "$work/unshare.err")); needs root or unprivileged user namespaces"
		exit 0
	fi
	VQB_ENOSPC_INNER=1 exec "$@" sh "$0" "$build" "$work"
fi

. "$top/tests/lab/lib.sh"
full="$work/full"
mkdir -p "$full"
if ! mount -t tmpfs -o size=4m vqb-enospc "$full" 2>"$work/mount.err"; then
	echo "results-enospc: SKIP: cannot mount a tmpfs in the namespace: $(head -n 1 "$work/mount.err")"
	exit 0
fi
# Every file's checksum and every directory's name: a temporary left behind shows.
sums() { (cd "$1" && find . -type d | LC_ALL=C sort && find . -type f | LC_ALL=C sort | xargs sha256sum); }
used() { df -k "$full" | awk 'NR == 2 { print $3 }'; }
# Fills the tmpfs to its last block; the filler is removed afterwards.
fill() { dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null; sync; }

"$host/analysis/tools/synth-raw" -n 5000 "$work/raw-small" >/dev/null
"$host/analysis/tools/synth-raw" -n 100000 "$work/raw-big" >/dev/null
"$host/analysis/tools/synth-raw" -n 5000 -m 2 "$work/raw-b" >/dev/null

# analyze: a good analysis, then a larger one over it.
"$host/virqbench-analyze" -q "$work/raw-small" "$full/res" >"$work/an1.out" 2>&1
rc=$?
check "analyze: a good analysis of 5,000 interrupts fits (exit $rc)" sh -c "[ $rc = 0 ] || [ $rc = 3 ]"
sums "$full/res" >"$work/res.before"
u0=$(used)
"$host/virqbench-analyze" -q "$work/raw-big" "$full/res" >"$work/an2.out" 2>&1
rc=$?
check "analyze of 100,000 into it: exit 1 (exit $rc)" test "$rc" = 1
check "analyze: says which write found no space ($(head -n 1 "$work/an2.out"))" \
	grep -q "No space left on device" "$work/an2.out"
sums "$full/res" >"$work/res.after"
check "analyze: the earlier analysis byte-identical, nothing left behind ($(grep -c '^[0-9a-f]\{64\} ' "$work/res.before") files)" \
	sh -c "[ -s '$work/res.before' ] && cmp -s '$work/res.before' '$work/res.after'"
check "analyze: the space given back ($u0 KiB used before, $(used) after)" test "$(used)" = "$u0"

# On the tmpfs filled to its last block, TOOL ARGS... (writing into DIR)
# must fail naming the write, and leave DIR as it was: full_refused WHAT DIR TOOL ARGS...
full_refused() {
	what=$1 dir=$2
	shift 2
	sums "$dir" >"$work/$what.before"
	u0=$(used)
	fill
	"$@" >"$work/$what.out" 2>&1
	rc=$?
	rm -f "$full/filler"
	check "$what on a full disk: exit 1 (exit $rc)" test "$rc" = 1
	check "$what: says which write found no space ($(grep -m 1 'No space' "$work/$what.out"))" \
		grep -q "No space left on device" "$work/$what.out"
	sums "$dir" >"$work/$what.after"
	check "$what: the earlier files byte-identical, nothing left behind ($(grep -c '^[0-9a-f]\{64\} ' "$work/$what.before") files)" \
		sh -c "[ -s '$work/$what.before' ] && cmp -s '$work/$what.before' '$work/$what.after'"
	check "$what: the space given back ($u0 KiB used before, $(used) after)" test "$(used)" = "$u0"
}

# report: a good report, then the same one again with no space left.
"$host/virqbench-report" -q "$full/res" >"$work/rep1.out" 2>&1
rc=$?
check "report: a good report fits (exit $rc)" sh -c "[ $rc = 0 ] || [ $rc = 3 ]"
full_refused report "$full/res" "$host/virqbench-report" -q "$full/res"

# compare: a good comparison, then again with no space left.
"$host/virqbench-analyze" -q "$work/raw-b" "$work/res-b" >"$work/anb.out" 2>&1
"$host/virqbench-compare" -q -o "$full/cmp" "$full/res" "$work/res-b" >"$work/cmp1.out" 2>&1
rc=$?
check "compare: a good comparison fits (exit $rc)" sh -c "[ $rc = 0 ] || [ $rc = 3 ] || [ $rc = 4 ]"
full_refused compare "$full/cmp" "$host/virqbench-compare" -q -o "$full/cmp" "$full/res" "$work/res-b"
umount "$full"
echo "results-enospc: $pass passed, $fail failed"
[ $fail = 0 ]
