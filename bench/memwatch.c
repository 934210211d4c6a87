// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "memwatch.h"
#include "vmrss.h"

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
	put_kib(m->f, tracer > 0 ? vmrss_kib(tracer) : -1);
	put_kib(m->f, vmrss_kib(0));
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
