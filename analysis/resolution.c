// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>

#include "resolution.h"

void resolution_of_ticks(struct resolution *r, int64_t p50_ticks, uint64_t hz)
{
	int64_t mag = p50_ticks < 0 ? -p50_ticks : p50_ticks;

	*r = (struct resolution){ .known = hz > 0 };
	if (!hz)
		return;
	r->period_ns = 1e9 / (double)hz;
	r->p50_ticks = p50_ticks;
	r->below = mag < RES_MIN_TICKS;
}

void resolution_of(struct resolution *r, int64_t p50_ns, uint64_t hz)
{
	/* Rounded in 128 bits: the ns came from ticks * 1e9 / hz, rounded. */
	__int128 t = (__int128)p50_ns * (__int128)hz;
	int64_t ticks = (int64_t)((t + (t < 0 ? -500000000 : 500000000)) / 1000000000);

	resolution_of_ticks(r, hz ? ticks : 0, hz);
}

const char *resolution_text(const struct resolution *r, const char *unit, char *buf, size_t size)
{
	if (!r->known || !r->below)
		return "";
	snprintf(buf, size, "below resolution (%lld %s)", (long long)r->p50_ticks, unit);
	return buf;
}
