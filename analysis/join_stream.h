/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The join of a large cell in bounded memory. host.tsv is read in windows
 * of join_stream_window seqs; guest.tsv beside it (its rows come in seq
 * order, but for duplicates and late answers, which a look-ahead of
 * JOIN_STREAM_GUEST_LOOK seqs takes in); trace.tsv in time order, holding
 * only the events from the window's earliest start (less the slack) to
 * JOIN_STREAM_REORDER_NS past its latest stamp, so that rows the ring
 * buffer wrote out of order still land where they belong. Each window is
 * classified by join.c's own steps, handed to the caller (samples file,
 * histograms), then dropped. What a cell holds in memory then depends on
 * the window, not on the count: see analysis/README.md "Scale".
 *
 * The result is join_cell()'s, but for three things, each stated where it
 * shows: the samples file has a column for every trace stage the cell's
 * routes can have (written before the routes are known); a trace row that
 * arrives more than JOIN_STREAM_REORDER_NS behind the file's latest time
 * may come after the interrupts it belonged to were joined (counted:
 * trace_late_rows, and a note); a guest row more than the look-ahead
 * behind is refused with its line.
 */
#ifndef VQB_JOIN_STREAM_H
#define VQB_JOIN_STREAM_H

#include <stdbool.h>
#include <stddef.h>

#include "join.h"

#define JOIN_STREAM_WINDOW 65536
#define JOIN_STREAM_GUEST_LOOK 4096
#define JOIN_STREAM_REORDER_NS 100000000ll	/* 100 ms of trace time */

/* Seqs per window; tests lower it. */
extern size_t join_stream_window;
/* false: every cell joined in memory (tests; VIRQBENCH_STREAM=0). */
extern bool join_stream_enabled;
/* VIRQBENCH_RSS_LOG=1: the analysis' VmRSS on stderr as windows are joined. */
extern bool join_stream_rss_log;

/*
 * Whether the cell is streamed: host.tsv has more rows than
 * summary_exact_max (summary.h), where the statistics come from
 * histograms anyway and nothing needs every sample at once.
 */
bool join_stream_wanted(const struct cell_info *ci);

struct join_stream_ops {
	/* Once the cell's plan is known (j has no samples yet). 0 or -1. */
	int (*begin)(const struct cell_join *j, void *ctx);
	/* Each window: j->s[0 .. nr_host) are seqs seq0 ... 0 or -1. */
	int (*window)(const struct cell_join *j, void *ctx);
};

/*
 * Joins the cell a window at a time. On return (0) j holds the cell's
 * counts as join_cell() leaves them (nr_host: every row), no samples.
 * -1 with a diag_error. join_free() either way.
 */
int join_stream_cell(struct cell_join *j, const struct cell_info *ci,
		     const struct join_stream_ops *ops, void *ctx);

/*
 * The knobs that let a small run take the large-cell path, to check it
 * (analysis/README.md "Scale"): VIRQBENCH_EXACT_MAX=N (summary_exact_max),
 * VIRQBENCH_STREAM=0 (never stream), VIRQBENCH_STREAM_WINDOW=N, and
 * VIRQBENCH_RSS_LOG=1 (the memory as it goes). 0, or -1
 * with a diag_error.
 */
int join_stream_env(void);

/* The trace stage columns of a streamed cell's samples file. */
uint32_t join_stream_columns(const struct cell_join *j);

#endif /* VQB_JOIN_STREAM_H */
