/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reading of another clock (CLOCK_MONOTONIC, the guest's counter) taken
 * between two reads of the host counter is known to lie in that bracket;
 * of several tries the narrowest bracket pins it best, at its midpoint,
 * give or take half its width.
 */
#ifndef BENCH_BRACKET_H
#define BENCH_BRACKET_H

#include <stdbool.h>
#include <stdint.h>

struct bracket {
	uint64_t width;		/* ticks; UINT64_MAX until one is taken */
	uint64_t mid;		/* host counter at the middle */
};

void bracket_init(struct bracket *b);
/* Keeps [before, after] if it is narrower than the best so far; true when it did. */
bool bracket_take(struct bracket *b, uint64_t before, uint64_t after);
/* Half the width, rounded up to a whole tick (a bracket of 0 or 1 tick is still +-1). */
uint64_t bracket_err(const struct bracket *b);
/* bracket_err() in ns at freq ticks per second. */
uint64_t bracket_err_ns(const struct bracket *b, uint64_t freq);

#endif
