/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --perf-out: an independent recount of the trace, and the host counters
 * the programs read at kvm_exit/kvm_entry.
 *
 * Per thread of the traced process (the threads there when tracing starts:
 * bench/ has made its vCPU threads by then), perf_event_open counts every
 * kvm tracepoint the programs are attached to, in counting mode. The
 * recount's window opens after the programs are attached and closes before
 * they are detached. Its edges are hits, not times: at every hit of a
 * counted thread the program reads perf's counter of that tracepoint on
 * that thread (tp_counters, virqtrace.bpf.c), so perf's count between the
 * window's first and last hit is exact, and so are the programs': rows of
 * trace.tsv in (ts_first, ts_last] plus what they left out by design. A
 * read from here instead would race with the thread (and interrupt a
 * running vCPU to read it).
 *
 * Nothing here stops the trace: a counter that cannot be opened is named
 * in perf.tsv and the trace goes on.
 */
#ifndef VQT_PERF_COUNT_H
#define VQT_PERF_COUNT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "exit_class.h"
#include "virqtrace.h"

/*
 * Rows of one thread and tracepoint from the window's opening on, with
 * the first and the last few times: the window's own edges (the first and
 * last hit) are known only at the end, and rows outside them lie at its
 * ends.
 */
#define PC_EDGE_ROWS	32
struct pc_rows {
	uint64_t n;			/* rows with ts_ns >= t_open */
	uint64_t early[PC_EDGE_ROWS];	/* the first min(n, PC_EDGE_ROWS) */
	uint64_t late[PC_EDGE_ROWS];	/* the last ones, a ring at n % PC_EDGE_ROWS */
};

/* Exits of one class on one thread: the host's share, kvm_exit to kvm_entry. */
struct pc_xc {
	uint64_t n;
	uint64_t cycles, cycles_min, cycles_max;
	uint64_t instr;
	uint64_t ns;			/* by the rows' ts_ns */
};

struct pc_thread {
	pid_t tid;
	struct pc_xc xc[XC_NR];
	uint64_t exit_ts;		/* this thread's kvm_exit waiting for its entry; 0: none */
	unsigned exit_xc;
	int fd[VQT_EV_NR];		/* perf's counter of each tracepoint; -1: none */
	int lead;			/* fd[lead] leads the thread's group; -1: no counter */
	int cyc_fd, ins_fd;
	uint64_t user[2][VQT_EV_NR];	/* the counters read from here at open and close */
	struct pc_rows rows[VQT_EV_NR];
	struct vqt_tid_state st;	/* the programs' account, read after detach */
	bool have_st;
};

struct perf_count {
	pid_t pid;
	int nth;
	struct pc_thread th[VQT_PERF_THREADS];
	char error[512];		/* the recount is off: why ("" when on) */
	char missing[512];		/* events perf could not count, and why */
	char cycles[512], instr[512];	/* "on", "on, guest not excluded: ..." or "off: why" */
	char extra_threads[256];	/* threads that appeared in the window */
	int state_fd;			/* tid_state */
	uint64_t t_open;		/* CLOCK_MONOTONIC ns, just before the window opened */
	uint64_t t_close;		/* just after it closed; 0: open */
	bool opened, closed;
};

/*
 * Before load: the counters for every thread of pid, for the events whose
 * programs will load (loaded[event]). Then pc_has_host_counters() says
 * whether to set the programs' host_counters.
 */
void pc_open(struct perf_count *pc, pid_t pid, const bool *loaded);
bool pc_has_host_counters(const struct perf_count *pc);
/* After load, before attach: tid_state entries, tp_counters, the host arrays. */
void pc_fill_maps(struct perf_count *pc, int state_fd, int tp_fd, int cycles_fd, int instr_fd);
/* Opens (after attach) or closes (before detach) the window: *flag is recount_open. */
void pc_window(struct perf_count *pc, bool open, volatile __u32 *flag);
/* Each record the tracer writes. */
void pc_record(struct perf_count *pc, const struct vqt_event *e);
/* After detach: the programs' account of each thread. */
void pc_collect(struct perf_count *pc);
/* perf.tsv; 0 or -errno. */
int pc_write(const struct perf_count *pc, const char *path);
void pc_close(struct perf_count *pc);

/*
 * Pure, for the unit tests: rows in (ts_first, ts_last], or -1 when the
 * edge rows do not reach the window's edges (more rows outside them than
 * PC_EDGE_ROWS).
 */
int64_t pc_rows_in(const struct pc_rows *r, uint64_t ts_first, uint64_t ts_last);
void pc_rows_add(struct pc_rows *r, uint64_t ts);

#endif /* VQT_PERF_COUNT_H */
