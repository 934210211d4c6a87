/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stage breakdown that adds up. Per-stage medians do not: the median of
 * a sum is not the sum of the medians. Instead, over the interrupts that
 * took the cell's main route with every mark found, take the median of
 * each mark's CUMULATIVE time after the start (start->queued,
 * start->exit, ..., start->eoi); stage k is median(cum_k) - median(cum_k-1).
 * These telescope to median(cum_eoi), the median total of those
 * interrupts, and are never negative: cumulative times grow along each
 * interrupt, and so do their medians. An interrupt whose marks are out of
 * order (clocks disagreeing within the calibration's error) is left out,
 * and counted. This is what the stacked bars of breakdown_<gic>.png show.
 */
#ifndef VQB_BREAKDOWN_H
#define VQB_BREAKDOWN_H

#include <stdbool.h>
#include <stdint.h>

#include "hdrhist.h"
#include "util.h"
#include "paths.h"
#include "stages.h"

struct cell_join;

struct breakdown {
	bool available;
	const char *why;		/* when not available */
	uint8_t route;			/* enum route: the one most interrupts took */
	size_t nr_marks;
	uint8_t mark[MAX_ROUTE_MARKS];	/* MK_START first, MK_EOI last */
	int64_t cum_ns[MAX_ROUTE_MARKS];	/* median cumulative time of each mark */
	uint8_t stage[MAX_ROUTE_MARKS];	/* stage[k]: mark k-1 -> mark k (k >= 1) */
	uint64_t n;			/* interrupts in the breakdown */
	uint64_t on_route;		/* that took the route with every mark */
	uint64_t nonmonotone;		/* left out: marks out of order */
};

/* sc: the summary's buffer for the marks' columns (util.h). */
void breakdown_compute(struct breakdown *bd, const struct cell_join *j, struct scratch *sc);

/*
 * The same over a streamed cell's windows (join_stream.h): the main route
 * is known only at the end, so each route gets its marks' histograms.
 */
struct breakdown_acc {
	struct breakdown r[RT_NR];		/* route, marks and counts per route */
	struct hdr (*h)[MAX_ROUTE_MARKS];	/* [RT_NR][MAX_ROUTE_MARKS], or NULL */
};
void breakdown_acc_init(struct breakdown_acc *a, const struct cell_join *j);
void breakdown_acc_add(struct breakdown_acc *a, const struct cell_join *j);
/* j: the join's final counts (route_count); fills bd as breakdown_compute() would. */
void breakdown_acc_end(struct breakdown_acc *a, struct breakdown *bd, const struct cell_join *j);
void breakdown_acc_free(struct breakdown_acc *a);

/* stage k's ns: cum_ns[k] - cum_ns[k - 1]. */
static inline int64_t breakdown_stage_ns(const struct breakdown *bd, size_t k)
{
	return bd->cum_ns[k] - bd->cum_ns[k - 1];
}

#endif /* VQB_BREAKDOWN_H */
