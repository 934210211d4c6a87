// SPDX-License-Identifier: GPL-2.0
/* clock.c: the three clock domains. */
#include "clock.h"
#include "test.h"

void test_clock(void)
{
	struct calib_point a = { .ns = 1000000, .cnt = 100000 };
	struct calib_point b = { .ns = 2000000, .cnt = 300000 };
	struct clockfit f;
	struct tick_ns c;

	/* ticks -> ns, rounded to nearest */
	CHECK_INT(ticks_to_ns(1, 1000000000), 1);
	CHECK_INT(ticks_to_ns(1, 62500000), 16);
	CHECK_INT(ticks_to_ns(1, 24000000), 42);	/* 41.67 */
	CHECK_INT(ticks_to_ns(3, 24000000), 125);
	CHECK_INT(ticks_to_ns(-1, 24000000), -42);
	CHECK_INT(ticks_to_ns(0, 24000000), 0);
	/* beyond 64 bits in the product: 2^62 ticks at 25 MHz = 40 * 2^62 ns, saturated */
	CHECK_INT(ticks_to_ns(1ll << 62, 25000000), INT64_MAX);
	CHECK_INT(ticks_to_ns(1ll << 40, 1000000000), 1ll << 40);
	CHECK_INT(ticks_to_ns(1ll << 40, 24000000), 45812984490667ll);	/* 2^40 * 1e9 / 24e6 */

	tick_ns_init(&c, 100000000);
	CHECK_INT(c.mul, 10);
	CHECK_INT(tick_ns(&c, 7), 70);
	CHECK_INT(tick_ns(&c, -7), -70);
	tick_ns_init(&c, 24000000);
	CHECK_INT(c.mul, 0);
	CHECK_INT(tick_ns(&c, 3), 125);

	/* the fit: 5 ns a tick although cntfrq says 10 */
	CHECK_INT(clockfit_init(&f, 100000000, &a, &b), 0);
	CHECK(!f.fallback);
	CHECK_INT(clockfit_ticks(&f, 1000000), 100000);
	CHECK_INT(clockfit_ticks(&f, 1050100), 110020);
	CHECK_INT(clockfit_ticks(&f, 999995), 99999);	/* before the first point */
	CHECK(clockfit_ns_per_tick(&f) == 5.0);

	/* coinciding points: nominal cntfrq through the start point */
	CHECK_INT(clockfit_init(&f, 100000000, &a, &a), 0);
	CHECK(f.fallback);
	CHECK_INT(clockfit_ticks(&f, 1000100), 100010);

	/* going backwards, or one advancing alone: no clock */
	CHECK_INT(clockfit_init(&f, 100000000, &b, &a), -1);
	b.cnt = a.cnt;
	CHECK_INT(clockfit_init(&f, 100000000, &a, &b), -1);

	CHECK_INT(guest_to_host(100, 1000), 1100);
	CHECK_INT(guest_to_host(100, -50), 50);
	CHECK_INT(guest_to_host(INT64_MAX, 1), INT64_MAX);
}
