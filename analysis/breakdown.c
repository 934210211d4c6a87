// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "breakdown.h"
#include "hdrhist.h"
#include "join.h"
#include "stats.h"
#include "summary.h"
#include "util.h"

/* The route most interrupts took; on a tie the one the path is designed for. */
static enum route main_route(const struct cell_join *j)
{
	static const enum route cand[] = { RT_EXIT, RT_WAKEUP, RT_OUTSIDE, RT_DIRECT };
	enum route best = path_nominal_route(j->pd, j->ci->state);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cand); i++)
		if (j->route_count[cand[i]] > j->route_count[best] ||
		    (best == RT_NONE && j->route_count[cand[i]]))
			best = cand[i];
	return best;
}

/* The route's marks as join_mark_at() reads them: decided once per pass, not per interrupt. */
static void marks_of(const struct cell_join *j, const struct breakdown *bd, struct mark_of *of)
{
	size_t k;

	for (k = 1; k < bd->nr_marks; k++)
		join_mark_of(j, bd->mark[k], &of[k]);
}

/*
 * Every mark of the route known: its cumulative times into cum[1..], and
 * whether they are in order.
 */
static bool eligible(const struct cell_join *j, size_t seq, const struct breakdown *bd,
		     const struct mark_of *of, int64_t *cum, bool *monotone)
{
	const struct guest_row *g;
	size_t k;

	if (j->s[seq].route != bd->route || !join_in_stats(j, seq) ||
	    !(g = join_measured(j, seq)))
		return false;
	*monotone = true;
	cum[0] = 0;
	for (k = 1; k < bd->nr_marks; k++) {
		if (!join_mark_at(j, seq, g, &of[k], &cum[k]))
			return false;
		if (cum[k] < cum[k - 1])
			*monotone = false;
	}
	return true;
}

/*
 * Whether interrupt seq counts in the breakdown (its marks in order),
 * counting it as on the route, and as out of order, as it goes.
 */
static bool counted(const struct cell_join *j, size_t seq, struct breakdown *bd,
		    const struct mark_of *of, int64_t *cum)
{
	bool mono;

	if (!eligible(j, seq, bd, of, cum, &mono))
		return false;
	bd->on_route++;
	if (!mono)
		bd->nonmonotone++;
	return mono;
}

/* The medians of the cumulative times from histograms: no per-interrupt column. */
static void breakdown_hdr(struct breakdown *bd, const struct cell_join *j)
{
	struct hdr h[MAX_ROUTE_MARKS];
	struct mark_of of[MAX_ROUTE_MARKS];
	int64_t cum[MAX_ROUTE_MARKS];
	size_t i, k;

	marks_of(j, bd, of);
	for (k = 0; k < MAX_ROUTE_MARKS; k++)
		hdr_init(&h[k]);
	for (i = 0; i < j->nr_host; i++) {
		if (!counted(j, i, bd, of, cum))
			continue;
		for (k = 1; k < bd->nr_marks; k++)
			hdr_add(&h[k], cum[k]);
		bd->n++;
	}
	for (k = 1; k < bd->nr_marks && bd->n; k++)
		bd->cum_ns[k] = hdr_at_rank(&h[k], (bd->n + 1) / 2);
	for (k = 0; k < MAX_ROUTE_MARKS; k++)
		hdr_free(&h[k]);
	if (!bd->n)
		bd->why = "no interrupt has every mark of its route in order";
	else
		bd->available = true;
}

/* Whether a breakdown can be made at all; false with bd->why. */
static bool breakdown_possible(struct breakdown *bd, const struct cell_join *j)
{
	memset(bd, 0, sizeof(*bd));
	if (!j->pd || !j->have_trace) {
		bd->why = !j->pd ? "a path this analyzer does not know" : "no trace";
		return false;
	}
	if (!j->marks_on) {
		bd->why = "cntvoff not established";
		return false;
	}
	return true;
}

/* The route's marks and stages; false with bd->why when a stage cannot be reported. */
static bool route_plan(struct breakdown *bd, const struct cell_join *j)
{
	size_t k;

	bd->nr_marks = route_marks(j->pd, bd->route, bd->mark);
	for (k = 1; k < bd->nr_marks; k++) {
		bd->stage[k] = stage_between(bd->mark[k - 1], bd->mark[k]);
		if (bd->stage[k] < ST_NR && !j->stage_ok[bd->stage[k]]) {
			bd->why = j->stage_why[bd->stage[k]];
			return false;
		}
	}
	return true;
}

/* What both passes need first: a possible breakdown, its route and its plan. */
static bool breakdown_begin(struct breakdown *bd, const struct cell_join *j)
{
	if (!breakdown_possible(bd, j))
		return false;
	bd->route = main_route(j);
	if (bd->route == RT_NONE || !j->route_count[bd->route]) {
		bd->why = "no interrupt with its route traced";
		return false;
	}
	return route_plan(bd, j);
}

void breakdown_compute(struct breakdown *bd, const struct cell_join *j, struct scratch *sc)
{
	int64_t *col[MAX_ROUTE_MARKS], cum[MAX_ROUTE_MARKS];
	void *p[MAX_ROUTE_MARKS];
	struct mark_of of[MAX_ROUTE_MARKS];
	size_t i, k, n = 0, nr;

	if (!breakdown_begin(bd, j))
		return;
	/* A large cell: a histogram per mark, as its stages have (summary.h). */
	if (j->nr_host > summary_exact_max) {
		breakdown_hdr(bd, j);
		return;
	}
	/* One pass, a column per mark: the medians are then selections. */
	marks_of(j, bd, of);
	nr = j->nr_host ? j->nr_host : 1;
	scratch_cols(sc, bd->nr_marks - 1, nr * sizeof(int64_t), p);
	for (k = 1; k < bd->nr_marks; k++)
		col[k] = p[k - 1];
	for (i = 0; i < j->nr_host; i++) {
		if (!counted(j, i, bd, of, cum))
			continue;
		for (k = 1; k < bd->nr_marks; k++)
			col[k][n] = cum[k];
		n++;
	}
	bd->n = n;
	if (!n) {
		bd->why = "no interrupt has every mark of its route in order";
		return;
	}
	for (k = 1; k < bd->nr_marks; k++)
		bd->cum_ns[k] = median_i64(col[k], n);
	bd->available = true;
}

/* ---- a streamed cell ---- */

static const enum route acc_routes[] = { RT_EXIT, RT_WAKEUP, RT_OUTSIDE, RT_DIRECT };

void breakdown_acc_init(struct breakdown_acc *a, const struct cell_join *j)
{
	struct breakdown probe;
	size_t i, k;

	memset(a, 0, sizeof(*a));
	if (!breakdown_possible(&probe, j))
		return;
	a->h = xcalloc(RT_NR, sizeof(*a->h));
	for (i = 0; i < RT_NR; i++)
		for (k = 0; k < MAX_ROUTE_MARKS; k++)
			hdr_init(&a->h[i][k]);
	for (i = 0; i < ARRAY_SIZE(acc_routes); i++) {
		struct breakdown *bd = &a->r[acc_routes[i]];

		bd->route = acc_routes[i];
		if (!route_plan(bd, j))
			bd->nr_marks = 0;	/* not reportable: nothing to collect */
	}
}

void breakdown_acc_add(struct breakdown_acc *a, const struct cell_join *j)
{
	struct mark_of of[RT_NR][MAX_ROUTE_MARKS];
	int64_t cum[MAX_ROUTE_MARKS];
	size_t i, k;

	if (!a->h)
		return;
	/* Per window: the marks of each route this cell collects. */
	for (i = 0; i < RT_NR; i++)
		marks_of(j, &a->r[i], of[i]);
	for (i = 0; i < j->nr_host; i++) {
		struct breakdown *bd = &a->r[j->s[i].route];

		if (!bd->nr_marks || !counted(j, i, bd, of[bd->route], cum))
			continue;
		for (k = 1; k < bd->nr_marks; k++)
			hdr_add(&a->h[bd->route][k], cum[k]);
		bd->n++;
	}
}

void breakdown_acc_end(struct breakdown_acc *a, struct breakdown *bd, const struct cell_join *j)
{
	struct hdr *h;
	size_t k;

	if (!breakdown_begin(bd, j))
		return;
	/* breakdown_hdr()'s end, from this route's histograms */
	h = a->h[bd->route];
	bd->n = a->r[bd->route].n;
	bd->on_route = a->r[bd->route].on_route;
	bd->nonmonotone = a->r[bd->route].nonmonotone;
	for (k = 1; k < bd->nr_marks && bd->n; k++)
		bd->cum_ns[k] = hdr_at_rank(&h[k], (bd->n + 1) / 2);
	if (!bd->n)
		bd->why = "no interrupt has every mark of its route in order";
	else
		bd->available = true;
}

void breakdown_acc_free(struct breakdown_acc *a)
{
	size_t i, k;

	if (a->h)
		for (i = 0; i < RT_NR; i++)
			for (k = 0; k < MAX_ROUTE_MARKS; k++)
				hdr_free(&a->h[i][k]);
	free(a->h);
	memset(a, 0, sizeof(*a));
}
