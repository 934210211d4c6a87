#!/bin/sh
# One measurement, start to finish: on an arm64 host with a usable /dev/kvm
# virqbench runs natively; anywhere else it runs in the lab. analysis/ then
# turns the raw run into results/<run-id>/. Prints that directory last.
#
#   lab/measure.sh [--gic 2|3|4] [--hyp vhe|nvhe|protected] [--kernel K] [--qemu V]
#                  [--append "KERNEL_PARAM..."]
#                  [--results DIR] [--id RUN_ID] [--timeout S (the lab's, 900)]
#                  [--mem-mib N] [--out-disk-mib N] (the lab's memory and output disk)
#                  [--build DIR] [--cache DIR] -- VIRQBENCH_RUN_ARGS...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/exit_codes.sh"
gic=3 hyp=vhe kernel=6.1 qemu=7.2 extra="" results=results id="" build=build cache=cache timeout=900 lab_sizes=""

while [ $# -gt 0 ]; do
	case $1 in
	--gic) gic=$2; shift 2 ;;
	--hyp) hyp=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--qemu) qemu=$2; shift 2 ;;
	--append) extra=$2; shift 2 ;;
	--results) results=$2; shift 2 ;;
	--id) id=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--mem-mib | --out-disk-mib) lab_sizes="$lab_sizes $1 $2"; shift 2 ;;
	--) shift; break ;;
	*) echo "measure: unknown option '$1' (expected --gic, --hyp, --kernel, --qemu, --append, --results, --id, --build, --cache, --timeout, --mem-mib, --out-disk-mib, --)" >&2; exit $EXIT_USAGE ;;
	esac
done
[ -n "$id" ] || id=$(date -u +%Y%m%d-%H%M%S)
out="$results/$id"
if [ -e "$out" ]; then
	echo "measure: $out exists; not overwriting it (choose another --id)" >&2
	exit $EXIT_USAGE
fi

rc=0
if [ "$(uname -m)" = aarch64 ] && [ -w /dev/kvm ]; then
	raw="$build/raw/$id"
	rm -rf "$raw"
	echo "measure: native run on $(uname -n) (GIC, hyp mode and kernel are the host's own)" >&2
	"$build/arm64/virqbench" run --out "$raw" "$@" || rc=$?
else
	raw=$(sh "$here/run.sh" --gic "$gic" --hyp "$hyp" --kernel "$kernel" --qemu "$qemu" --append "$extra" --timeout "$timeout" $lab_sizes --work "$build/lab/$id" \
		--arm-out "$build/arm64" --cache "$cache" -- run "$@") || rc=$?
	if [ $rc = $EXIT_LAB ] || [ $rc = $EXIT_USAGE ] || [ -z "$raw" ]; then
		exit $rc
	fi
fi
# Whatever was measured is analysed, even from a run that failed part-way.
if [ ! -f "$raw/run.kv" ]; then
	echo "measure: no raw run was written (virqbench exit $rc)" >&2
	# What virqbench said in the lab is on its console, not here.
	log="$build/lab/$id/console.log"
	if [ -f "$log" ]; then
		grep -a '^virqbench: ' "$log" >&2 || true
		echo "measure: console log: $log" >&2
	fi
	exit $(( rc ? rc : EXIT_MEASURE ))
fi
mkdir -p "$results"
arc=0
# In the lab the counter/CLOCK_MONOTONIC bracket spans several ticks under
# TCG: accept it, and the report says how wide it is.
tol=""
[ -f "$raw/lab.kv" ] && tol="--calib-tolerance-ns 500"
"$build/host/virqbench-analyze" $tol "$raw" "$out" >&2 || arc=$?
[ -f "$build/lab/$id/console.log" ] && cp "$build/lab/$id/console.log" "$out/console.log" 2>/dev/null || true
echo "$out"
[ $rc = $EXIT_OK ] && exit $arc
exit $rc
