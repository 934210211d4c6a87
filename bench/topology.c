// SPDX-License-Identifier: GPL-2.0
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <sched.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topology.h"
#include "util.h"

int cpuset_has(const struct cpuset *s, int cpu)
{
	return cpu >= 0 && cpu < PL_MAX_CPUS && (s->w[cpu / 64] >> (cpu % 64) & 1);
}

void cpuset_add(struct cpuset *s, int cpu)
{
	if (cpu >= 0 && cpu < PL_MAX_CPUS)
		s->w[cpu / 64] |= 1ull << (cpu % 64);
}

int cpuset_count(const struct cpuset *s)
{
	int n = 0;

	for (int i = 0; i < PL_WORDS; i++)
		n += __builtin_popcountll(s->w[i]);
	return n;
}

int cpuset_pin(int tid, const struct cpuset *s)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	for (int c = 0; c < PL_MAX_CPUS && c < CPU_SETSIZE; c++)
		if (cpuset_has(s, c))
			CPU_SET(c, &set);
	return sched_setaffinity(tid, sizeof(set), &set) ? -errno : 0;
}

static long cpu_number(const char *p, char **end)
{
	long v;

	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtol(p, end, 10);
	return errno || v >= PL_MAX_CPUS ? -1 : v;
}

int cpuset_parse(const char *text, struct cpuset *s)
{
	const char *p = text;

	memset(s, 0, sizeof(*s));
	/* nohz_full reads "(null)" on a kernel booted without it. */
	if (!strcmp(text, "(null)"))
		return 0;
	while (*p) {
		char *e;
		long a = cpu_number(p, &e), b = a;

		if (a < 0)
			return -1;
		if (*e == '-') {
			b = cpu_number(e + 1, &e);
			if (b < a)
				return -1;
		}
		for (long c = a; c <= b; c++)
			cpuset_add(s, (int)c);
		if (*e == ',')
			e++;
		else if (*e)
			return -1;
		p = e;
	}
	return 0;
}

void cpuset_format(const struct cpuset *s, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int c = 0; c < PL_MAX_CPUS && n < size; c++) {
		int e = c;

		if (!cpuset_has(s, c))
			continue;
		while (e + 1 < PL_MAX_CPUS && cpuset_has(s, e + 1))
			e++;
		n += snprintf(buf + n, size - n, e > c ? "%s%d-%d" : "%s%d", n ? "," : "", c, e);
		c = e;
	}
}

/* The first line of root/path into buf; -1 when there is no such file. */
static int read_line(const char *root, const char *path, char *buf, size_t size)
{
	char p[4352];
	FILE *f;

	snprintf(p, sizeof(p), "%s%s", root, path);
	buf[0] = '\0';
	f = fopen(p, "r");
	if (!f)
		return -1;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* root/path as a CPU list; a missing file is empty unless `required`. */
static int read_cpus(const char *root, const char *path, int required, struct cpuset *s,
		     char *err, size_t errlen)
{
	char buf[8192];

	memset(s, 0, sizeof(*s));
	if (read_line(root, path, buf, sizeof(buf)))
		return required ? fail_msg(err, errlen, "%s%s: cannot read it (expected the host's CPU list)",
					root, path)
				: 0;
	if (cpuset_parse(buf, s))
		return fail_msg(err, errlen, "%s%s: '%s' is not a CPU list (expected e.g. 0-3,8)", root,
			     path, buf);
	return 0;
}

static int by_node_id(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* sys/devices/system/node/node<N>/cpulist, in node order; without it, one node. */
static int read_nodes(struct topology *t, const char *root, char *err, size_t errlen)
{
	char dir[4352], path[4400];
	int ids[PL_MAX_NODES], n = 0;
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/sys/devices/system/node", root);
	d = opendir(dir);
	t->numa_known = d != NULL;
	while (d && (de = readdir(d))) {
		char *e;
		long id;

		if (strncmp(de->d_name, "node", 4) || de->d_name[4] < '0' || de->d_name[4] > '9')
			continue;
		id = strtol(de->d_name + 4, &e, 10);
		if (*e || id < 0 || id > 1000000)
			continue;
		if (n == PL_MAX_NODES) {
			closedir(d);
			return fail_msg(err, errlen, "%s: more than %d NUMA nodes", dir, PL_MAX_NODES);
		}
		ids[n++] = (int)id;
	}
	if (d)
		closedir(d);
	qsort(ids, n, sizeof(ids[0]), by_node_id);
	t->nnodes = 0;
	for (int i = 0; i < n; i++) {
		struct cpuset s;

		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/cpulist", ids[i]);
		if (read_cpus(root, path, 1, &s, err, errlen))
			return -1;
		for (int w = 0; w < PL_WORDS; w++)
			s.w[w] &= t->online.w[w];
		/* A memory-only node has no CPU to place anything on. */
		if (!cpuset_count(&s))
			continue;
		t->node_id[t->nnodes] = ids[i];
		t->node[t->nnodes++] = s;
	}
	if (!t->nnodes) {
		t->node_id[0] = 0;
		t->node[0] = t->online;
		t->nnodes = 1;
	}
	return 0;
}

int topology_read(struct topology *t, const char *root, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (read_cpus(root, "/sys/devices/system/cpu/online", 1, &t->online, err, errlen) ||
	    read_cpus(root, "/sys/devices/system/cpu/isolated", 0, &t->isolcpus, err, errlen) ||
	    read_cpus(root, "/sys/devices/system/cpu/nohz_full", 0, &t->nohz_full, err, errlen))
		return -1;
	if (!cpuset_count(&t->online))
		return fail_msg(err, errlen, "%s/sys/devices/system/cpu/online: no CPU online", root);
	for (int c = 0; c < PL_MAX_CPUS; c++) {
		char path[96];

		if (!cpuset_has(&t->online, c))
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/cpufreq/scaling_governor", c);
		read_line(root, path, t->governor[c], sizeof(t->governor[c]));
	}
	return read_nodes(t, root, err, errlen);
}

int topology_node_of(const struct topology *t, int cpu)
{
	for (int i = 0; i < t->nnodes; i++)
		if (cpuset_has(&t->node[i], cpu))
			return t->node_id[i];
	return -1;
}

int topology_is_isolated(const struct topology *t, int cpu)
{
	return cpuset_has(&t->isolcpus, cpu) || cpuset_has(&t->nohz_full, cpu);
}

const char *topology_isolation(const struct topology *t, int cpu)
{
	int i = cpuset_has(&t->isolcpus, cpu), n = cpuset_has(&t->nohz_full, cpu);

	return i && n ? "isolcpus,nohz_full" : i ? "isolcpus" : n ? "nohz_full" : "no";
}
