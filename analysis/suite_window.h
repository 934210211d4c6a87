/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The suite's own threads inside the interrupts' windows: does the
 * harness disturb what it measures? trace.tsv's sched_switch rows (those
 * from or to a thread of bench/ or of virqtrace) say when each of those
 * threads ran on which CPU. A thread of the suite that is not one of the
 * cell's vCPUs (the injector, a helper: the vmm-ioeventfd backend, the
 * --contend spinner; the tracer) and ran on a CPU a measured vCPU is
 * pinned to, the target's or the sender's, during an interrupt's window
 * [start, t_eoi] (the window count_exits() counts in) was on the path it
 * measures. Per interrupt: a bit per role that was.
 */
#ifndef VQB_SUITE_WINDOW_H
#define VQB_SUITE_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "raw_run.h"
#include "trace_row.h"

enum suite_role { SR_INJECTOR, SR_HELPER, SR_TRACER, SR_DEVICE, SR_NR };
/* The roles that disturb: all but the path's own device thread. */
#define SR_DISTURB	((1u << SR_INJECTOR) | (1u << SR_HELPER) | (1u << SR_TRACER))
extern const char *const suite_role_names[SR_NR];

/* What every reader says the figure means (summary.json, the report). */
#define SUITE_WINDOW_DEFINITION \
	"interrupts whose window [start, t_eoi] overlaps a time when one of the suite's own threads " \
	"(the injector, a helper such as --contend's spinner, the tracer; not the vCPUs, not the " \
	"path's own device thread, cell.kv device_tid, counted apart in by_role.device) " \
	"ran on a CPU the target or sender vCPU is pinned to, from trace.tsv's sched_switch rows"

#define SUITE_WATCH_MAX 2	/* the target's CPU and the sender's */

/* The CPUs to watch, from cell.kv's pinning. */
struct suite_watch {
	bool ok;
	const char *why;	/* static text when not ok */
	unsigned nr;
	uint64_t cpu[SUITE_WATCH_MAX];
};
void suite_watch_init(struct suite_watch *w, const struct cell_info *ci);

/*
 * keep()'s part for a sched_switch row: true to keep it (a switch on a
 * watched CPU with a suite thread on one side), with ev's vcpu and xc
 * filled (the watched slot; the roles of prev and next).
 */
bool suite_keep(const struct suite_watch *w, const struct cell_info *ci,
		const struct trace_row *r, struct trace_ev *ev);

/* Per role, the disjoint times (trace ns) its threads ran on a watched CPU. */
struct suite_runs {
	struct { int64_t lo, hi; } *iv[SR_NR];
	size_t nr[SR_NR];
};
/*
 * From the kept rows, in time order; a thread already running when the
 * trace began runs from t_first, one still running at its end until t_last.
 */
void suite_runs_build(struct suite_runs *sr, const struct trace_ev *ev, size_t n,
		      int64_t t_first, int64_t t_last);
/* A bit (1 << role) for each role that ran somewhere in [lo, hi]. */
unsigned suite_runs_in(const struct suite_runs *sr, int64_t lo, int64_t hi);
void suite_runs_free(struct suite_runs *sr);

/* A cell's figure, for summary.json, summary.csv, the printed table and the report. */
struct suite_share {
	bool available;		/* false: why says why */
	const char *why;
	struct suite_watch watch;
	uint64_t windows;	/* measured interrupts (warm-up left out) whose window is known */
	uint64_t any;		/* of them, with a disturbing suite thread (SR_DISTURB) in it */
	uint64_t role[SR_NR];	/* ... of each role */
};
struct cell_join;
struct json;
void suite_share_of(struct suite_share *sh, const struct cell_join *j);
/* summary.json's per-cell "suite_in_window" object, key included. */
void suite_share_json(struct json *jw, const struct suite_share *sh);
/* "4 of 300 (1.3 %; injector 0, helper 0, tracer 4; CPU 0,1)", or "n/a: why". */
void suite_share_text(char *buf, size_t size, const struct suite_share *sh);
/* The share in %, or -1 when unknown. */
double suite_share_pct(const struct suite_share *sh);

#endif /* VQB_SUITE_WINDOW_H */
