/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where bench/'s threads run: the target vCPU, an SGI or vmm-* sender
 * vCPU, the injector (and vmm-ioeventfd's backend, which runs beside it)
 * and the tracer. From the host's CPUs (topology.h: online, isolated,
 * cpufreq governors, NUMA nodes) it chooses, unless told (--vcpu-cpu,
 * --sender-cpu, --injector-cpu):
 *   target    an isolated CPU (isolcpus or nohz_full; the lowest), else the
 *             highest-numbered CPU (CPU 0 takes the boot CPU's housekeeping)
 *   sender    another isolated CPU, else a CPU that is not isolated; never
 *             the target's
 *   injector  a third CPU, the same way; with none left it shares the
 *             sender's (never the target's)
 *   tracer    the CPUs that are neither isolated nor used above, else the
 *             housekeeping CPUs, else the injector's
 * With --numa same|cross (a host of several NUMA nodes) the sender and the
 * injector come from the target's node, or from the others; the target is
 * the same CPU in both, and when the two placements cannot share out CPUs
 * alike (one gets a CPU of its own for the injector, the other does not)
 * both are made alike, so that the node is all that differs. Every choice
 * says why (placement.reason), and what would make the figures less steady
 * (placement.warning): a target CPU that is not isolated, a cpufreq
 * governor other than performance.
 *
 * Two CPUs (the lab's; CPU 1 nohz_full): the target gets CPU 1, the sender,
 * the injector and the tracer share CPU 0. One CPU: refused.
 */
#ifndef BENCH_PLACEMENT_H
#define BENCH_PLACEMENT_H

#include <stddef.h>

#include "topology.h"

/* A CPU option not given: the placement chooses. (-1 is "not pinned".) */
#define PL_AUTO (-2)

struct kv_out;

enum numa_mode { NUMA_ANY, NUMA_SAME, NUMA_CROSS, NUMA_NR };

struct placement_req {
	int target, sender, injector;	/* PL_AUTO, -1 (not pinned) or a CPU */
	enum numa_mode numa;
	/* placement_choose_all's: every mode of the run, which the target must suit */
	const enum numa_mode *modes;
	int nmodes;
	/* made alike across numa modes (placement_choose_all) */
	int share_injector;		/* the injector on the sender's CPU */
	int sender_housekeeping;	/* the sender on a CPU that is not isolated */
};

struct placement {
	enum numa_mode numa;
	int target, sender, injector;	/* -1: not pinned */
	struct cpuset tracer;		/* empty: not pinned */
	int target_node, sender_node, injector_node;	/* node ids, -1: unknown */
	int injector_shares;		/* the injector is on the sender's CPU */
	int sender_isolated;
	char reason[1024];
	char warning[1024];		/* "" when there is nothing to warn of */
};

/* "any", "same", "cross"; NUMA_NR for an unknown name. */
const char *numa_mode_name(enum numa_mode m);
enum numa_mode numa_mode_by_name(const char *name);
/* "-same-node", "-cross-node", "" for any: what a cell's name gets. */
const char *numa_mode_suffix(enum numa_mode m);

/* One placement: 0, or -1 after writing one message to err (what, why, the fix). */
int placement_choose(const struct topology *t, const struct placement_req *rq,
		     struct placement *p, char *err, size_t errlen);
/*
 * A placement for each of n modes (rq's CPUs, modes[i]), made alike when
 * they came out unlike. 0, or -1 after a message: a one-node host refuses
 * same and cross.
 */
int placement_choose_all(const struct topology *t, const struct placement_req *rq,
			 const enum numa_mode *modes, int n, struct placement *out, char *err,
			 size_t errlen);
/* The warnings of n placements, each said once, "; "-joined into buf ("" none). */
void placement_warnings(const struct placement *p, int n, char *buf, size_t size);
/* A cell's keys (cell.kv: placement_numa, placement_reason, tracer_cpus, the nodes). */
void placement_cell_kv(const struct topology *t, const struct placement *p, struct kv_out *kv);
/* The run's keys (run.kv: numa_nodes, placement, placement_warning). */
void placement_run_kv(const struct topology *t, const struct placement *p, int n,
		      struct kv_out *kv);

#endif
