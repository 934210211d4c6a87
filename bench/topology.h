/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's CPUs as sysfs says them (a directory standing for / in tests):
 *
 *   sys/devices/system/cpu/online, isolated (isolcpus), nohz_full
 *   sys/devices/system/cpu/cpuN/cpufreq/scaling_governor
 *   sys/devices/system/node/nodeN/cpulist
 *
 * and CPU sets to hold them. placement.c chooses from them.
 */
#ifndef BENCH_TOPOLOGY_H
#define BENCH_TOPOLOGY_H

#include <stddef.h>
#include <stdint.h>

#define PL_MAX_CPUS 4096
#define PL_MAX_NODES 64
#define PL_WORDS (PL_MAX_CPUS / 64)
struct cpuset {
	uint64_t w[PL_WORDS];
};

struct topology {
	struct cpuset online, isolcpus, nohz_full;
	int nnodes;			/* nodes with online CPUs; 1 without NUMA information */
	int numa_known;			/* sys/devices/system/node was there */
	int node_id[PL_MAX_NODES];
	struct cpuset node[PL_MAX_NODES];
	char governor[PL_MAX_CPUS][16];	/* "" without cpufreq */
};

int cpuset_has(const struct cpuset *s, int cpu);
void cpuset_add(struct cpuset *s, int cpu);
int cpuset_count(const struct cpuset *s);
/* "0-3,8" into s: 0, or -1 when it is not a CPU list ("" and "(null)" are empty). */
int cpuset_parse(const char *text, struct cpuset *s);
/* s as a CPU list, "0-3,8" ("" when empty). */
void cpuset_format(const struct cpuset *s, char *buf, size_t size);

/* Pins thread tid (0: the caller) to s: 0, or -errno. */
int cpuset_pin(int tid, const struct cpuset *s);

/* root: "" for the live system. 0, or -1 after writing one message to err. */
int topology_read(struct topology *t, const char *root, char *err, size_t errlen);
/* The node id of cpu, -1 when unknown. */
int topology_node_of(const struct topology *t, int cpu);
/* In isolcpus or nohz_full: a CPU kept for the measured threads. */
int topology_is_isolated(const struct topology *t, int cpu);
/* "isolcpus,nohz_full", "isolcpus", "nohz_full" or "no". */
const char *topology_isolation(const struct topology *t, int cpu);

#endif
