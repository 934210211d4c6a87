// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>

#include "clock.h"

int clockfit_init(struct clockfit *f, uint64_t cntfrq,
		  const struct calib_point *start, const struct calib_point *end)
{
	int64_t dns = end->ns - start->ns, dcnt = end->cnt - start->cnt;

	f->cntfrq = cntfrq;
	f->ns0 = start->ns;
	f->cnt0 = start->cnt;
	f->fallback = false;
	if (dns == 0 && dcnt == 0) {
		f->fallback = true;
		f->ticks_per_ns = (double)cntfrq / 1e9;
		f->ns_per_tick = 1e9 / (double)cntfrq;
		return 0;
	}
	if (dns <= 0 || dcnt <= 0)
		return -1;
	f->ticks_per_ns = (double)dcnt / (double)dns;
	f->ns_per_tick = (double)dns / (double)dcnt;
	return 0;
}

/*
 * The offset from the first point is small (a cell lasts seconds to
 * minutes), so a double keeps sub-tick precision where a double holding
 * the absolute counter value would not.
 */
int64_t clockfit_ticks(const struct clockfit *f, int64_t ns)
{
	return f->cnt0 + round_i64((double)(ns - f->ns0) * f->ticks_per_ns);
}

double clockfit_ns_per_tick(const struct clockfit *f)
{
	return f->ns_per_tick;
}

/* Latencies are small: 64-bit arithmetic while the product fits. */
#define TICKS_FAST_MAX (INT64_MAX / 1000000000 / 2)

int64_t ticks_to_ns(int64_t ticks, uint64_t cntfrq)
{
	__int128 num = (__int128)ticks * 1000000000;
	__int128 half = cntfrq / 2, q;

	if (!cntfrq)
		return 0;
	if (ticks >= 0 && ticks < TICKS_FAST_MAX && cntfrq < INT64_MAX / 2)
		return (ticks * 1000000000 + (int64_t)(cntfrq / 2)) / (int64_t)cntfrq;
	q = num >= 0 ? (num + half) / (__int128)cntfrq
		     : -((-num + half) / (__int128)cntfrq);
	if (q > INT64_MAX)
		return INT64_MAX;
	if (q < INT64_MIN)
		return INT64_MIN;
	return (int64_t)q;
}

void tick_ns_init(struct tick_ns *c, uint64_t cntfrq)
{
	c->cntfrq = cntfrq;
	c->mul = cntfrq && 1000000000 % cntfrq == 0 ? 1000000000 / (int64_t)cntfrq : 0;
	c->lim = c->mul ? INT64_MAX / c->mul : 0;
}
