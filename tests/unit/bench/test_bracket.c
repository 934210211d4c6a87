// SPDX-License-Identifier: GPL-2.0
/* bracket.c: the narrowest of several counter brackets, as the clock pairs and CNTVOFF use it. */
#include <stdint.h>

#include "bracket.h"
#include "bt.h"

void test_bracket(void)
{
	struct bracket b;

	bracket_init(&b);
	CHECK(b.width == UINT64_MAX);
	CHECK(bracket_take(&b, 1000, 1100));
	CHECK_INT(b.mid, 1050);
	CHECK(!bracket_take(&b, 5000, 5100));	/* as wide: the first stays */
	CHECK_INT(b.mid, 1050);
	CHECK(!bracket_take(&b, 2000, 2500));
	CHECK(bracket_take(&b, 3000, 3011));
	CHECK_INT(b.width, 11);
	CHECK_INT(b.mid, 3005);
	CHECK_INT(bracket_err(&b), 6);
	/* 6 ticks at 24 MHz (a Neoverse host), at 1 GHz (the lab's -cpu max) */
	CHECK_INT(bracket_err_ns(&b, 24000000), 250);
	CHECK_INT(bracket_err_ns(&b, 1000000000), 6);
	/* a zero-width bracket still has a tick of doubt */
	CHECK(bracket_take(&b, 7, 7));
	CHECK_INT(bracket_err(&b), 1);
	/* the counter wrapping inside a bracket is still its width */
	bracket_init(&b);
	CHECK(bracket_take(&b, UINT64_MAX - 9, 10));
	CHECK_INT(b.width, 20);
	CHECK(b.mid == 0);
	/* wide brackets in ns without overflow: 2^40 ticks at 24 MHz */
	b.width = (uint64_t)1 << 41;
	CHECK_INT(bracket_err_ns(&b, 24000000), 45812984490708ll);
}
