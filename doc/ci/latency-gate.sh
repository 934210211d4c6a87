#!/bin/sh
# The CI gate of doc/ci/*.yml: this run against the stored baseline with
# virqbench-compare's regression threshold. Fails the job (exit 4) when a
# stage got slower than PCT % even at the low end of its interval over the
# rounds; noise the rounds cannot resolve passes. Plots missing (compare's
# exit 3) pass too: the verdicts are all there.
#
#   doc/ci/latency-gate.sh BASELINE RUN PCT OUTDIR
#
# BASELINE is a results directory kept on the runner (an earlier run of the
# same spec on the same host); OUTDIR gets compare.html and its data.
set -u
usage="usage: latency-gate.sh BASELINE RUN PCT OUTDIR"
base=${1:?$usage} run=${2:?$usage} pct=${3:?$usage} out=${4:?$usage}
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -f "$base/meta.json" ]; then
	echo "latency-gate: no baseline at $base (expected a results directory of an earlier run on this runner; to keep this run as the baseline: cp -r $run $base)" >&2
	exit 2
fi
"$top/virqbench" compare -o "$out" "$base" "$run" --fail-above "$pct"
rc=$?
case $rc in
0) echo "latency-gate: no stage slower than $pct % beyond the noise between rounds" ;;
3) echo "latency-gate: no stage slower than $pct % (some plots missing: see $out/compare.html)"; rc=0 ;;
4) echo "latency-gate: FAIL: a stage is slower than $pct % beyond the noise between rounds (the verdicts above; $out/compare.html)" >&2 ;;
*) echo "latency-gate: compare could not judge (exit $rc, its message above)" >&2 ;;
esac
exit $rc
