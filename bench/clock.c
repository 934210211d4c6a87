// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <time.h>

#include "bracket.h"
#include "clock.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void clock_pair_sample(struct clock_pair *p, int tries)
{
	struct bracket b;

	bracket_init(&b);
	for (int i = 0; i < tries; i++) {
		uint64_t c0 = counter_read(), t = mono_ns(), c1 = counter_read();

		if (bracket_take(&b, c0, c1))
			p->mono_ns = t;
	}
	p->cnt = b.mid;
	p->err_ns = bracket_err_ns(&b, counter_freq());
}

int __counter_offset_read(struct vcpu *vcpu, struct counter_offset *off, int tries)
{
	uint64_t guest_at = 0;
	struct bracket b;

	bracket_init(&b);
	for (int i = 0; i < tries; i++) {
		uint64_t guest, h0, h1;
		int r;

		h0 = counter_read();
		r = __vcpu_get_reg(vcpu, KVM_REG_ARM_TIMER_CNT, &guest);
		h1 = counter_read();
		if (r)
			return r;
		if (bracket_take(&b, h0, h1))
			guest_at = guest;
	}
	if (b.width == UINT64_MAX)
		return -EINVAL;
	off->offset = (int64_t)(b.mid - guest_at);
	off->err = bracket_err(&b);
	return 0;
}
