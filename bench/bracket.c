// SPDX-License-Identifier: GPL-2.0
#include "bracket.h"

void bracket_init(struct bracket *b)
{
	b->width = UINT64_MAX;
	b->mid = 0;
}

bool bracket_take(struct bracket *b, uint64_t before, uint64_t after)
{
	if (after - before >= b->width)
		return false;
	b->width = after - before;
	b->mid = before + b->width / 2;
	return true;
}

uint64_t bracket_err(const struct bracket *b)
{
	return b->width / 2 + 1;
}

uint64_t bracket_err_ns(const struct bracket *b, uint64_t freq)
{
	/* 128-bit: a tick count times 1e9 overflows 64 bits past 18 s of ticks. */
	return (uint64_t)((unsigned __int128)bracket_err(b) * 1000000000ull / freq);
}
