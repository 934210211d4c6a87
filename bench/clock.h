/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic timer counter on the host, and its relation to the two other
 * clocks a run involves: the guest's virtual counter (host counter minus
 * CNTVOFF) and CLOCK_MONOTONIC, which bpf_ktime_get_ns() stamps.
 */
#ifndef BENCH_CLOCK_H
#define BENCH_CLOCK_H

#include <stdint.h>

#include "kvm.h"

static inline uint64_t counter_read(void)
{
#if defined(__aarch64__)
	uint64_t v;

	/* isb: do not let the read float above earlier instructions. */
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
#else
#error "bench/ runs on arm64 hosts only"
#endif
}

/* A busy-wait of @ticks, timed from its own first read (--delay's ground truth). */
static inline void counter_spin(uint64_t ticks)
{
	uint64_t t0 = counter_read();

	while (counter_read() - t0 < ticks)
		;
}

static inline uint64_t counter_freq(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* A CLOCK_MONOTONIC reading paired with the counter read around it. */
struct clock_pair {
	uint64_t mono_ns;
	uint64_t cnt;		/* midpoint of the bracket */
	uint64_t err_ns;	/* half the bracket, in ns */
};

/* The narrowest of `tries` brackets. */
void clock_pair_sample(struct clock_pair *p, int tries);

/* Host counter minus the guest's CNTVCT, as KVM_REG_ARM_TIMER_CNT shows it. */
struct counter_offset {
	int64_t offset;		/* ticks */
	uint64_t err;		/* ticks: half the narrowest bracket */
};

/* Must run while the vCPU is not in KVM_RUN (GET_ONE_REG takes its mutex). */
int __counter_offset_read(struct vcpu *vcpu, struct counter_offset *off, int tries);

#endif
