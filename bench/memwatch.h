/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The resident memory of the tracer (virqtrace, bench/tracer.c's child)
 * and of bench/ itself during a cell, read from /proc/PID/status (VmRSS)
 * at the cell's start, at intervals of its interrupts and at its end,
 * into the cell's rss.tsv (doc/raw-format.md): a long run shows there
 * whether either grows with the count. Between interrupts, never inside
 * one's window.
 */
#ifndef BENCH_MEMWATCH_H
#define BENCH_MEMWATCH_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define MEMWATCH_SAMPLES 16	/* rows between the first and the last */

struct memwatch {
	FILE *f;
	uint64_t every;		/* interrupts between rows */
};

/* dir/rss.tsv for a cell of total interrupts; 0, or -errno (the cell goes on without it). */
int memwatch_open(struct memwatch *m, const char *dir, uint64_t total);
/* A row at seq when it is due (seq 0, every m->every); force: the end. */
void memwatch_sample(struct memwatch *m, uint64_t seq, pid_t tracer, int force);
void memwatch_close(struct memwatch *m);

#endif
