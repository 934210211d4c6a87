/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The three clocks of a run, and the conversions between them:
 *   host counter ticks (CNTPCT on the host, t_inject, t_seen),
 *   guest counter ticks (CNTVCT in the guest) = host - cntvoff,
 *   CLOCK_MONOTONIC ns (bpf_ktime_get_ns(), trace.tsv).
 */
#ifndef VQB_CLOCK_H
#define VQB_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct calib_point {
	int64_t ns;		/* CLOCK_MONOTONIC */
	int64_t cnt;		/* host counter read in the same bracket */
	uint64_t err_ns;	/* half the bracket */
};

/* Trace ns -> host ticks: the line through the cell's two calibration points. */
struct clockfit {
	uint64_t cntfrq;
	int64_t ns0, cnt0;
	double ticks_per_ns;
	double ns_per_tick;	/* its inverse: a multiply per conversion, not a divide */
	bool fallback;		/* the points coincide: nominal cntfrq used */
};

/*
 * 0, or -1 when the points cannot define a clock (time or counter going
 * backwards, or one advancing without the other); the caller says where.
 */
int clockfit_init(struct clockfit *f, uint64_t cntfrq,
		  const struct calib_point *start, const struct calib_point *end);
int64_t clockfit_ticks(const struct clockfit *f, int64_t ns);
/* Nearest integer, saturating. Inline: per trace mark of every interrupt. */
static inline int64_t round_i64(double x)
{
	if (x >= 9.2e18)
		return INT64_MAX;
	if (x <= -9.2e18)
		return INT64_MIN;
	return x >= 0 ? (int64_t)(x + 0.5) : -(int64_t)(-x + 0.5);
}

/* Host ticks -> trace ns, unrounded, as ns after the first point (ns0). */
static inline double clockfit_ns_rel(const struct clockfit *f, int64_t ticks)
{
	return (double)(ticks - f->cnt0) * f->ns_per_tick;
}

/* Host ticks -> trace ns: the same line the other way. Inline: per stamp. */
static inline int64_t clockfit_ns(const struct clockfit *f, int64_t ticks)
{
	double x = clockfit_ns_rel(f, ticks);
	int64_t d, r;

	if (x < 9.2e18 && x > -9.2e18)
		d = x >= 0 ? (int64_t)(x + 0.5) : -(int64_t)(-x + 0.5);
	else
		d = round_i64(x);
	if (__builtin_add_overflow(f->ns0, d, &r))
		return d > 0 ? INT64_MAX : INT64_MIN;
	return r;
}
double clockfit_ns_per_tick(const struct clockfit *f);

/* Counter ticks -> ns, rounded to nearest; 128-bit so that no product overflows. */
int64_t ticks_to_ns(int64_t ticks, uint64_t cntfrq);

/*
 * The same for one frequency, many times: common frequencies (1 GHz,
 * 62.5 MHz, 25 MHz, ...) divide 1e9, and a multiplication is then exact.
 */
struct tick_ns {
	uint64_t cntfrq;
	int64_t mul;	/* 1e9 / cntfrq when exact, else 0 */
	int64_t lim;	/* |ticks| below this: ticks * mul cannot overflow */
};

void tick_ns_init(struct tick_ns *c, uint64_t cntfrq);

static inline int64_t tick_ns(const struct tick_ns *c, int64_t ticks)
{
	if (c->mul && ticks < c->lim && ticks > -c->lim)
		return ticks * c->mul;
	return ticks_to_ns(ticks, c->cntfrq);
}

/* Guest counter -> host counter (saturating: garbage in must not wrap). Inline: per stamp. */
static inline int64_t guest_to_host(int64_t guest, int64_t cntvoff)
{
	int64_t h;

	if (__builtin_add_overflow(guest, cntvoff, &h))
		return cntvoff > 0 ? INT64_MAX : INT64_MIN;
	return h;
}

#endif /* VQB_CLOCK_H */
