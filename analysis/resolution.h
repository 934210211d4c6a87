/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a stage's figures can resolve. Every stamp is a counter read: the
 * generic timer's (CNTVCT/CNTPCT, CNTFRQ ticks a second; bpf_ktime_get_ns
 * runs off the same counter on arm64) or the guest's cycle counter
 * (PMCCNTR_EL0, its calibrated rate). The resolution of a stage is the
 * period of its counter. A difference of two reads is off by up to one
 * period either way (each end is floored to a tick), so a stage of n
 * ticks was between n - 1 and n + 1: below RES_MIN_TICKS its percentiles
 * are mostly quantisation (a few distinct values, each +-25 % or worse),
 * and the stage says "below resolution (N ticks)" instead, as a
 * percentile the sample cannot support says "n too small".
 */
#ifndef VQB_RESOLUTION_H
#define VQB_RESOLUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 4 ticks: the +-1 tick of a difference is then at most 25 % of it. */
#define RES_MIN_TICKS 4

struct resolution {
	bool known;		/* a counter rate was given */
	double period_ns;	/* 1e9 / hz */
	int64_t p50_ticks;	/* the median in counter periods, rounded to nearest */
	bool below;		/* p50_ticks < RES_MIN_TICKS: no percentiles */
};

/*
 * The resolution of a stage whose median is @p50_ns, stamped by a counter
 * of @hz (0: unknown, nothing is judged). A negative median (clocks that
 * disagree) is judged by its size.
 */
void resolution_of(struct resolution *r, int64_t p50_ns, uint64_t hz);
/* The same from a median already in counter periods (cycles). */
void resolution_of_ticks(struct resolution *r, int64_t p50_ticks, uint64_t hz);
/* "below resolution (N ticks)" with @unit ("ticks", "cycles"); "" when not below. */
const char *resolution_text(const struct resolution *r, const char *unit, char *buf, size_t size);

#endif /* VQB_RESOLUTION_H */
