// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <time.h>

#include "clock.h"

static uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void clock_pair_sample(struct clock_pair *p, int tries)
{
	uint64_t freq = counter_freq(), best = UINT64_MAX;

	for (int i = 0; i < tries; i++) {
		uint64_t c0 = counter_read(), t = mono_ns(), c1 = counter_read();

		if (c1 - c0 < best) {
			best = c1 - c0;
			p->mono_ns = t;
			p->cnt = c0 + (c1 - c0) / 2;
		}
	}
	p->err_ns = (uint64_t)((unsigned __int128)(best / 2 + 1) * 1000000000ull / freq);
}

int __counter_offset_read(struct vcpu *vcpu, struct counter_offset *off, int tries)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < tries; i++) {
		uint64_t guest, h0, h1;
		int r;

		h0 = counter_read();
		r = __vcpu_get_reg(vcpu, KVM_REG_ARM_TIMER_CNT, &guest);
		h1 = counter_read();
		if (r)
			return r;
		if (h1 - h0 < best) {
			best = h1 - h0;
			off->offset = (int64_t)(h0 + (h1 - h0) / 2 - guest);
			off->err = best / 2 + 1;
		}
	}
	return best == UINT64_MAX ? -EINVAL : 0;
}
