/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which boot to start and which to merge, for `virqbench-matrix -j N`: up
 * to N boots run at once, each in its own work directory, and their raw
 * runs are merged in plan order, whatever order they end in. So a run with
 * -j 4 makes the same merged raw run (cell names, files, the first boot's
 * run.kv) as one with -j 1. No processes here: main.c asks and tells.
 */
#ifndef MATRIX_SCHED_H
#define MATRIX_SCHED_H

enum sched_state {
	SCHED_WAITING,		/* not started */
	SCHED_RUNNING,
	SCHED_ENDED,		/* ended, not merged yet */
	SCHED_MERGED,		/* merged (or judged unfit to merge) */
	SCHED_DROPPED,		/* never started: the run was stopped first */
};

struct sched {
	int n, jobs;
	int running;		/* boots started and not yet ended */
	int next_merge;		/* the first boot, in plan order, not yet merged or dropped */
	int stopped;		/* no more starts */
	enum sched_state *state;
};

/* n boots, at most jobs (>= 1) of them at once. 0, or -1 when out of memory. */
int sched_init(struct sched *s, int n, int jobs);
void sched_free(struct sched *s);
/* The next boot to start now (marked running), or -1: none waits, N run, or stopped. */
int sched_next_start(struct sched *s);
/* Boot i (running) has ended. */
void sched_ended(struct sched *s, int i);
/*
 * The next boot to merge now (marked merged), or -1: the first unmerged
 * boot in plan order has not ended yet. Dropped boots are passed over.
 */
int sched_next_merge(struct sched *s);
/* Ctrl-C: every boot still waiting is dropped; running ones end as they will. */
void sched_stop(struct sched *s);
/* Every boot merged or dropped. */
int sched_done(const struct sched *s);

#endif
