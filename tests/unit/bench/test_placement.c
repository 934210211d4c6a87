// SPDX-License-Identifier: GPL-2.0
/*
 * placement.c against fake sysfs trees (a directory standing for /): the
 * lab's two CPUs, a server with isolated CPUs, no isolation at all, two
 * NUMA nodes in both modes, and the refusals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt.h"
#include "kvout.h"
#include "placement.h"

static struct topology topo;	/* large: not on the stack */

/* A fake root: online CPUs, isolcpus, nohz_full, governors (NULL: no cpufreq), nodes. */
static char *fake_root(const char *name, const char *online, const char *isolated,
		       const char *nohz, const char *gov, const char *const *nodes, int nnodes)
{
	char *root = t_dir(name), path[256];
	struct cpuset on;

	t_write(root, "sys/devices/system/cpu/online", online);
	if (isolated)
		t_write(root, "sys/devices/system/cpu/isolated", isolated);
	if (nohz)
		t_write(root, "sys/devices/system/cpu/nohz_full", nohz);
	cpuset_parse(online, &on);
	for (int c = 0; gov && c < 64; c++) {
		if (!cpuset_has(&on, c))
			continue;
		snprintf(path, sizeof(path), "sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", c);
		t_write(root, path, gov);
	}
	for (int i = 0; i < nnodes; i++) {
		snprintf(path, sizeof(path), "sys/devices/system/node/node%d/cpulist", i);
		t_write(root, path, nodes[i]);
	}
	return root;
}

static struct placement_req autoreq(enum numa_mode m)
{
	return (struct placement_req){ .target = PL_AUTO, .sender = PL_AUTO, .injector = PL_AUTO,
				       .numa = m };
}

static void test_cpuset(void)
{
	struct cpuset s;
	char buf[64];

	CHECK(!cpuset_parse("0-3,8,10-11", &s) && cpuset_count(&s) == 7 && cpuset_has(&s, 10) &&
	      !cpuset_has(&s, 9));
	cpuset_format(&s, buf, sizeof(buf));
	CHECK_STR(buf, "0-3,8,10-11");
	CHECK(!cpuset_parse("", &s) && !cpuset_count(&s));
	CHECK(!cpuset_parse("(null)", &s) && !cpuset_count(&s));	/* nohz_full without it */
	CHECK(cpuset_parse("1-", &s) && cpuset_parse("3-1", &s) && cpuset_parse("x", &s) &&
	      cpuset_parse("1,,2", &s) && cpuset_parse("4096", &s));
}

/* The lab: two CPUs, CPU 1 nohz_full, no cpufreq, no NUMA directory. */
static void test_lab(void)
{
	char *root = fake_root("pl-lab", "0-1\n", "\n", "1\n", NULL, NULL, 0), err[512] = "";
	struct placement_req rq = autoreq(NUMA_ANY);
	struct placement p;
	struct kv_out kv;
	enum numa_mode cross = NUMA_CROSS;

	CHECKF(!topology_read(&topo, root, err, sizeof(err)), "%s", err);
	CHECK(topo.nnodes == 1 && !topo.numa_known);
	CHECKF(!placement_choose(&topo, &rq, &p, err, sizeof(err)), "%s", err);
	CHECK(p.target == 1 && p.sender == 0 && p.injector == 0 && p.injector_shares);
	CHECK(cpuset_has(&p.tracer, 0) && cpuset_count(&p.tracer) == 1);
	CHECK_HAS(p.reason, "target vCPU on CPU 1 (the first isolated CPU; isolated: nohz_full)");
	CHECK_HAS(p.reason, "injector on CPU 0, the sender's (no third CPU is left)");
	CHECK_STR(p.warning, "");	/* nohz_full counts; no cpufreq, no governor to judge */
	kvo_init(&kv);
	placement_cell_kv(&topo, &p, &kv);
	placement_run_kv(&topo, &p, 1, &kv);
	CHECK_HAS(kv.buf, "placement_numa=any\n");
	CHECK_HAS(kv.buf, "target_cpu_isolated=nohz_full\n");
	CHECK_HAS(kv.buf, "tracer_cpus=0\n");
	CHECK_LACKS(kv.buf, "target_node=");
	CHECK_HAS(kv.buf, "numa_nodes=node0:0-1 (no /sys/devices/system/node)\n");
	CHECK_HAS(kv.buf, "placement=any: target 1, sender 0, injector 0, tracer 0\n");
	CHECK_HAS(kv.buf, "placement_warning=none\n");
	CHECK(!kv.refused);
	kvo_free(&kv);
	/* One node: --numa is refused, and says why and what to do. */
	CHECK(placement_choose_all(&topo, &rq, &cross, 1, &p, err, sizeof(err)) == -1);
	CHECK_STR(err, "--numa cross: this host has one NUMA node (CPUs 0-1; no /sys/devices/system/node): there is no other node to compare with; leave --numa out (spec: numa)");
	/* As the options used to say: the injector and the sender where told. */
	rq.target = 1;
	rq.injector = 0;
	CHECKF(!placement_choose(&topo, &rq, &p, err, sizeof(err)), "%s", err);
	CHECK(p.target == 1 && p.sender == 0 && p.injector == 0);
	CHECK_HAS(p.reason, "target vCPU on CPU 1 (--vcpu-cpu; isolated: nohz_full)");
	CHECK_HAS(p.reason, "sender vCPU on 0 (with the injector: --injector-cpu)");
	/* Never the target's CPU; never a CPU that is not there. */
	rq.injector = 1;
	CHECK(placement_choose(&topo, &rq, &p, err, sizeof(err)) == -1);
	CHECK_HAS(err, "--injector-cpu 1: that is the target vCPU's CPU (--vcpu-cpu 1)");
	rq.injector = PL_AUTO;
	rq.target = 7;
	CHECK(placement_choose(&topo, &rq, &p, err, sizeof(err)) == -1);
	CHECK_STR(err, "--vcpu-cpu 7: CPU 7 is not online (expected one of 0-1)");
	free(root);
}

/* A server: 8 CPUs, isolcpus and nohz_full on 2-5, governor schedutil. */
static void test_server(void)
{
	char *root = fake_root("pl-server", "0-7\n", "2-5\n", "2-5\n", "schedutil\n", NULL, 0);
	struct placement_req rq = autoreq(NUMA_ANY);
	struct placement p;
	char err[512] = "";

	CHECKF(!topology_read(&topo, root, err, sizeof(err)), "%s", err);
	CHECKF(!placement_choose(&topo, &rq, &p, err, sizeof(err)), "%s", err);
	CHECK(p.target == 2 && p.sender == 3 && p.injector == 4 && !p.injector_shares);
	CHECK_HAS(p.reason, "sender vCPU on CPU 3 (an isolated CPU of its own; isolated: isolcpus,nohz_full)");
	CHECK_HAS(p.reason, "injector on CPU 4 (a CPU of its own; isolated: isolcpus,nohz_full)");
	/* The tracer keeps to the housekeeping CPUs. */
	{
		char cpus[64];

		cpuset_format(&p.tracer, cpus, sizeof(cpus));
		CHECK_STR(cpus, "0-1,6-7");
	}
	CHECK_STR(p.warning, "the cpufreq governor of CPU 2-4 is schedutil, not performance: the clock may change while it measures (cpupower -c 2-4 frequency-set -g performance)");
	free(root);

	/* No isolation at all, four CPUs, performance: the highest CPU, and a warning. */
	root = fake_root("pl-plain", "0-3\n", "\n", "(null)\n", "performance\n", NULL, 0);
	CHECKF(!topology_read(&topo, root, err, sizeof(err)), "%s", err);
	CHECKF(!placement_choose(&topo, &rq, &p, err, sizeof(err)), "%s", err);
	CHECK(p.target == 3 && p.sender == 0 && p.injector == 1);
	CHECK_HAS(p.reason, "no CPU is isolated: the highest-numbered, away from CPU 0's housekeeping");
	CHECK_STR(p.warning, "the target vCPU's CPU 3 is not isolated (no isolcpus= or nohz_full= covers it): the scheduler's tick and other tasks run there; boot with isolcpus=3 nohz_full=3 rcu_nocbs=3 for steadier figures");
	free(root);

	/* One CPU: refused, with the way out. */
	root = fake_root("pl-one", "0\n", NULL, NULL, NULL, NULL, 0);
	CHECKF(!topology_read(&topo, root, err, sizeof(err)), "%s", err);
	CHECK(placement_choose(&topo, &rq, &p, err, sizeof(err)) == -1);
	CHECK_HAS(err, "this host has one online CPU (0): the target vCPU needs a CPU to itself");
	free(root);

	/* Bad sysfs text: one message naming the file. */
	root = fake_root("pl-bad", "0-3\n", "2-x\n", NULL, NULL, NULL, 0);
	CHECK(topology_read(&topo, root, err, sizeof(err)) == -1);
	CHECK_HAS(err, "pl-bad/sys/devices/system/cpu/isolated: '2-x' is not a CPU list (expected e.g. 0-3,8)");
	free(root);
	root = t_dir("pl-none");
	CHECK(topology_read(&topo, root, err, sizeof(err)) == -1);
	CHECK_HAS(err, "pl-none/sys/devices/system/cpu/online: cannot read it");
	free(root);
}

/*
 * The 2-node lab (lab/run.sh --numa-nodes 2): node0 0-1, node1 2-3,
 * nohz_full 1,3. The same target in both modes; the sender and the
 * injector on its node, or on the other; both share a housekeeping CPU.
 */
static void test_numa(void)
{
	static const char *const nodes[] = { "0-1\n", "2-3\n" };
	static const enum numa_mode both[] = { NUMA_SAME, NUMA_CROSS };
	char *root = fake_root("pl-numa", "0-3\n", "\n", "1,3\n", NULL, nodes, 2), err[512] = "";
	struct placement_req rq = autoreq(NUMA_ANY);
	struct placement p[2];
	char warn[256];
	struct kv_out kv;

	CHECKF(!topology_read(&topo, root, err, sizeof(err)), "%s", err);
	CHECK(topo.nnodes == 2 && topology_node_of(&topo, 3) == 1);
	CHECKF(!placement_choose_all(&topo, &rq, both, 2, p, err, sizeof(err)), "%s", err);
	CHECK(p[0].target == 1 && p[0].sender == 0 && p[0].injector == 0);
	CHECK(p[0].target_node == 0 && p[0].sender_node == 0 && p[0].injector_node == 0);
	CHECK(p[1].target == 1 && p[1].sender == 2 && p[1].injector == 2 && p[1].sender_node == 1);
	/* Cross-node alone would give the sender isolated CPU 3: made like same-node's. */
	CHECK_HAS(p[1].reason, "sender vCPU on CPU 2 (not isolated, as in the run's other NUMA placement");
	CHECK_HAS(p[1].reason, "injector on CPU 2, the sender's (as in the run's other NUMA placement)");
	/* Same-node had no choice: its reasons say so, not "as in the other". */
	CHECK_HAS(p[0].reason, "sender vCPU on CPU 0 (no isolated CPU is left for it; isolated: no)");
	CHECK_HAS(p[0].reason, "injector on CPU 0, the sender's (no third CPU is left)");
	CHECK(cpuset_has(&p[0].tracer, 2) && !cpuset_has(&p[0].tracer, 0));
	CHECK(cpuset_has(&p[1].tracer, 0) && !cpuset_has(&p[1].tracer, 2));
	placement_warnings(p, 2, warn, sizeof(warn));
	CHECK_STR(warn, "");
	kvo_init(&kv);
	placement_cell_kv(&topo, &p[1], &kv);
	placement_run_kv(&topo, p, 2, &kv);
	CHECK_HAS(kv.buf, "placement_numa=cross\n");
	CHECK_HAS(kv.buf, "target_node=0\nsender_node=1\ninjector_node=1\n");
	CHECK_HAS(kv.buf, "numa_nodes=node0:0-1 node1:2-3\n");
	CHECK_HAS(kv.buf, "placement=same: target 1, sender 0, injector 0, tracer 2; cross: target 1, sender 2, injector 2, tracer 0\n");
	kvo_free(&kv);
	CHECK_STR(numa_mode_suffix(NUMA_CROSS), "-cross-node");
	CHECK(numa_mode_by_name("same") == NUMA_SAME && numa_mode_by_name("x") == NUMA_NR);
	/* A CPU given against the mode is refused. */
	rq.injector = 1 - 1;	/* CPU 0, node 0 */
	rq.numa = NUMA_CROSS;
	CHECK(placement_choose(&topo, &rq, &p[0], err, sizeof(err)) == -1);
	CHECK_HAS(err, "--numa cross: the CPUs given (target 1 on node 0, sender 0 on node 0, injector 0 on node 0) are not cross-node");
	free(root);
}

void test_placement(void)
{
	test_cpuset();
	test_lab();
	test_server();
	test_numa();
}
