/* SPDX-License-Identifier: GPL-2.0 */
/*
 * join.c's steps, for the two drivers that run them: join_cell() over a
 * whole cell in memory, and join_stream.c over windows of a large one.
 * Not for other callers: join.h is the interface.
 */
#ifndef VQB_JOIN_IMPL_H
#define VQB_JOIN_IMPL_H

#include "join.h"

/* What join_keep() needs to sort a trace row into its stream. */
struct join_keep_ctx {
	const struct cell_info *ci;
	const struct suite_watch *watch;	/* sched_switch rows on these CPUs */
	int queued;		/* enum ev_kind, or NO_EVENT */
	int inject;		/* enum ev_kind checked per injection, or NO_EVENT */
	bool uirq;
};

/* The path's row and the clock facts: before any file is read. */
void join_begin(struct cell_join *j, const struct cell_info *ci);
/* The keep context of the cell's path; sets inject_event, inject_stream. */
void join_keep_setup(struct cell_join *j, struct join_keep_ctx *k);
/* The fields of each kind's rows join_keep() reads (lib/trace_row.h). */
void join_keep_want(const struct join_keep_ctx *k, struct trace_want *w);
int join_keep(const struct trace_row *r, struct trace_ev *e, void *ctx);
/* The trace is there (its header read): the fit, have_trace. */
void join_trace_opened(struct cell_join *j, const struct join_keep_ctx *k);
void join_stage_plan(struct cell_join *j);
/* join_cell's index: suite_ok and suite_why from the watch and the trace's '# sched=' line. */
void join_suite_opened(struct cell_join *j);
/* The mark context (slack, sender) and the untraced vCPUs. */
void join_marks_setup(struct cell_join *j);
/* s[0..nr_host): no guest row, nothing known. */
void join_samples_init(struct cell_join *j);
/* guest[] onto s[]; rows whose seq is not in [seq0, seq0 + nr_host) are unmatched. */
void join_match_guest(struct cell_join *j);
void join_warn_unmatched(const struct cell_join *j);
/* s[i] (seq seq0 + i): flags, exits, marks, from the cursors of mc. */
void join_classify(struct cell_join *j, size_t i);
/* The stages of every route some interrupt took, into stage_set. */
void join_routes_done(struct cell_join *j);

#endif /* VQB_JOIN_IMPL_H */
