// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memwatch.h"

long memwatch_vmrss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/status");
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6)) {
			kib = strtol(line + 6, NULL, 10);
			break;
		}
	fclose(f);
	return kib;
}

int memwatch_open(struct memwatch *m, const char *dir, uint64_t total)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/rss.tsv", dir);
	m->every = total / MEMWATCH_SAMPLES ? total / MEMWATCH_SAMPLES : 1;
	m->f = fopen(path, "we");
	if (!m->f)
		return -errno;
	fputs("# seq\ttracer_vmrss_kib\tbench_vmrss_kib\n", m->f);
	return 0;
}

static void put_kib(FILE *f, long kib)
{
	if (kib < 0)
		fputs("\t-", f);
	else
		fprintf(f, "\t%ld", kib);
}

void memwatch_sample(struct memwatch *m, uint64_t seq, pid_t tracer, int force)
{
	if (!m->f || (!force && seq % m->every))
		return;
	fprintf(m->f, "%llu", (unsigned long long)seq);
	put_kib(m->f, tracer > 0 ? memwatch_vmrss_kib(tracer) : -1);
	put_kib(m->f, memwatch_vmrss_kib(0));
	putc('\n', m->f);
	/* A cell cut short keeps the rows so far. */
	fflush(m->f);
}

void memwatch_close(struct memwatch *m)
{
	if (m->f)
		fclose(m->f);
	m->f = NULL;
}
