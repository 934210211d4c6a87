/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM's own per-vCPU counters (KVM_GET_STATS_FD, Linux 5.14 on): what a vCPU
 * did inside the kernel, readable when the guest says nothing. A vCPU with
 * no "exits" never entered its guest: an exit needs an entry first.
 */
#ifndef BENCH_KVM_STATS_H
#define BENCH_KVM_STATS_H

#include <stdint.h>

struct vcpu_stats {
	uint64_t exits;		/* every exit from the guest */
	uint64_t user_exits;	/* KVM_RUN returns: MMIO to user space + signals */
	uint64_t kernel_mmio;	/* MMIO the kernel handled: the vGIC's, the vITS's */
	uint64_t wfi_exits;
};

/*
 * From a vCPU's stats fd (struct vcpu's stats_fd, KVM_GET_STATS_FD taken
 * before the vCPU ran: the ioctl itself would wait for KVM_RUN to return).
 * 0, or -errno (no stats fd: the kernel has no binary stats; a counter is missing).
 */
int __vcpu_stats_read(int stats_fd, struct vcpu_stats *st);
/*
 * One sentence about vCPU `index` for a message: whether it ever ran the
 * guest, from KVM's counters, and with `earlier` (read `earlier_ms` ago,
 * or NULL) how many of its exits came since; "" when they cannot be read.
 */
void vcpu_stats_describe(int stats_fd, int index, const struct vcpu_stats *earlier, int earlier_ms,
			 char *buf, int size);

#endif
