/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --perf-out: an independent recount of the trace, and the host counters
 * the programs read at kvm_exit/kvm_entry.
 *
 * Per thread of the traced process (the threads there when tracing starts:
 * bench/ has made its vCPU threads by then), perf_event_open counts every
 * kvm tracepoint the programs are attached to, in counting mode, one group
 * per thread. The window is the trace's: it opens after the programs are
 * attached and closes before they are detached. Its edges are exact per
 * thread: the group is read, the thread's tid_state entry (what the
 * programs leave out by design), and the group again, until both reads
 * agree; no event of that thread happened in between, so the edge is any
 * time there, and trace rows are counted against it by their ts_ns.
 * Then per thread and event: perf's count = trace.tsv's rows + the
 * programs' left-out count, or the trace missed events (doc/raw-format.md,
 * perf.tsv).
 *
 * Nothing here stops the trace: a counter that cannot be opened is named
 * in perf.tsv and the trace goes on.
 */
#ifndef VQT_PERF_COUNT_H
#define VQT_PERF_COUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "virqtrace.h"

struct pc_thread {
	pid_t tid;
	int fd[VQT_EV_NR];		/* -1: not counted; fd[lead] leads the group */
	int lead;			/* -1: no counter for this thread */
	int cyc_fd, ins_fd;
	uint64_t perf[2][VQT_EV_NR];	/* at the start and end edge */
	uint64_t filtered[2][VQT_EV_NR];
	uint64_t rows[VQT_EV_NR];	/* trace rows of this thread in the window */
	int64_t t[2];			/* the edges, CLOCK_MONOTONIC ns; t[1] 0: open */
	unsigned tries[2];		/* reads it took for an edge; 0: none exact */
	bool read_failed;
};

struct perf_count {
	pid_t pid;
	int nth;
	struct pc_thread th[VQT_PERF_THREADS];
	bool counted[VQT_EV_NR];	/* perf counts this event (on some thread) */
	char error[512];		/* the recount is off: why ("" when on) */
	char missing[512];		/* events perf could not count, and why */
	char cycles[512], instr[512];	/* "on", "on, guest included: ..." or "off: why" */
	char extra_threads[256];	/* threads that appeared in the window */
	int state_fd;			/* tid_state */
	bool started, ended;
};

/*
 * Before load: the counters for every thread of pid, for the events whose
 * programs will load (loaded[event]). Then pc_has_host_counters() says
 * whether to set the programs' host_counters.
 */
void pc_open(struct perf_count *pc, pid_t pid, const bool *loaded);
bool pc_has_host_counters(const struct perf_count *pc);
/* After load, before attach: the threads' tid_state entries, the perf arrays. */
void pc_fill_maps(struct perf_count *pc, int state_fd, int cycles_fd, int instr_fd);
/* The window's edges: after attach, and before detach. */
void pc_edge(struct perf_count *pc, int which);
/* Each record the tracer writes. */
void pc_record(struct perf_count *pc, const struct vqt_event *e);
/* perf.tsv; 0 or -errno. */
int pc_write(const struct perf_count *pc, const char *path);
void pc_close(struct perf_count *pc);

#endif /* VQT_PERF_COUNT_H */
