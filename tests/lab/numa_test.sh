#!/bin/sh
# Lab test of bench/'s NUMA placement (bench/placement.c): one boot of a
# lab with two NUMA nodes (lab/run.sh --numa-nodes 2: node 0 CPUs 0-1,
# node 1 CPUs 2-3, nohz_full 1 and 3), one sgi cell placed same-node and
# one cross-node (tests/lab/numa.spec, 20 interrupts each). Checks:
#  - both cells measured, every interrupt accounted for, exits as the model;
#  - cell.kv: the same target CPU (1, isolated, node 0) in both; the sender
#    vCPU and the injector on node 0 (same) and node 1 (cross); the tracer
#    on the other node's housekeeping CPU;
#  - the trace: every kvm event of the target's and the sender's threads
#    ran on the CPU cell.kv names (the pinning took);
#  - run.kv, lab.kv, summary.json, the report and the verdict say it.
#
#   tests/lab/numa_test.sh BUILD_DIR CACHE_DIR
set -u
build=${1:-build} cache=${2:-cache}
here=$(cd "$(dirname "$0")" && pwd)
work="$build/test-numa"
rm -rf "$work" "$build/lab/numa-"* && mkdir -p "$work"
. "$here/lib.sh"
matrix="$build/host/virqbench-matrix"

t0=$(date +%s)
"$matrix" -q --build "$build" --cache "$cache" --results "$work/results" --id numa \
	"$here/numa.spec" >"$work/numa.out" 2>"$work/numa.err"
rc=$?
wall=$(( $(date +%s) - t0 ))
res="$work/results/numa"
check "the matrix exits 0 (exit $rc)" test $rc = 0
check "2 cells measured, 0 lost, exits as the model says" grep -q \
	"^verdict: 2 cells measured, 0 skipped, 0 failed; 0 of 60 interrupts lost; exits caused match the model in 2 of 2" \
	"$work/numa.out"
check "the verdict names the placements" sh -c \
	"grep -q 'sgi cross-node .* 20 ' '$work/numa.out' && grep -q 'sgi same-node .* 20 ' '$work/numa.out'"
check "the lab had 4 CPUs in two nodes" sh -c \
	"grep -qx 'qemu_smp=4' '$res/raw/lab.kv' && grep -qx 'lab_numa_nodes=2' '$res/raw/lab.kv'"
check "run.kv: the guest's NUMA nodes" grep -qx 'numa_nodes=node0:0-1 node1:2-3' "$res/raw/run.kv"
# cell NAME KEY: the key's value in the cell's cell.kv
ck() { kv "$res/raw/cells/v3-vhe-sgi-busy-$1/cell.kv" "$2"; }
for m in same cross; do
	c=v3-vhe-sgi-busy-$m-node
	check "$c: the target vCPU on CPU 1, isolated (nohz_full), node 0" sh -c \
		"[ '$(ck $m-node vcpu1_cpu)' = 1 ] && [ '$(ck $m-node target_cpu_isolated)' = nohz_full ] && [ '$(ck $m-node target_node)' = 0 ]"
	check "$c: placement_numa=$m" test "$(ck $m-node placement_numa)" = $m
	# Every kvm event of a vCPU thread on the CPU cell.kv gives it.
	for v in 0 1; do
		tid=$(ck $m-node vcpu${v}_tid) cpu=$(ck $m-node vcpu${v}_cpu)
		n=$(awk -F'\t' -v t="$tid" '!/^#/ && $2 == t' "$res/raw/cells/$c/trace.tsv" | wc -l)
		off=$(awk -F'\t' -v t="$tid" -v c="$cpu" '!/^#/ && $2 == t && $3 != c' "$res/raw/cells/$c/trace.tsv" | wc -l)
		check "$c: vCPU$v's $n traced events all on CPU $cpu ($off elsewhere)" sh -c "[ $n -gt 0 ] && [ $off = 0 ]"
	done
done
check "same-node: sender and injector on CPU 0, node 0; the tracer on CPU 2" sh -c \
	"[ '$(ck same-node vcpu0_cpu)' = 0 ] && [ '$(ck same-node injector_cpu)' = 0 ] && [ '$(ck same-node sender_node)' = 0 ] && [ '$(ck same-node injector_node)' = 0 ] && [ '$(ck same-node tracer_cpus)' = 2 ]"
check "cross-node: sender and injector on CPU 2, node 1; the tracer on CPU 0" sh -c \
	"[ '$(ck cross-node vcpu0_cpu)' = 2 ] && [ '$(ck cross-node injector_cpu)' = 2 ] && [ '$(ck cross-node sender_node)' = 1 ] && [ '$(ck cross-node injector_node)' = 1 ] && [ '$(ck cross-node tracer_cpus)' = 0 ]"
check "summary.json: each cell's placement" sh -c \
	"grep -q '\"numa\": \"cross\"' '$res/summary.json' && grep -q '\"sender_node\": \"1\"' '$res/summary.json' && grep -q '\"numa\": \"same\"' '$res/summary.json'"
check "the report's pinning says both placements" sh -c \
	"grep -qF 'cross-node (NUMA nodes: target 0, sender 1, injector 1)' '$res/report.html' && grep -qF 'same-node (NUMA nodes: target 0, sender 0, injector 0)' '$res/report.html'"
echo "numa: one 4-CPU lab boot in $wall s"
echo "numa: $pass passed, $fail failed"
[ $fail = 0 ]
