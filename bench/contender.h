/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A thread that spins on the target vCPU's host CPU for a whole cell
 * (--contend): the overcommitted host, where a vCPU shares its CPU.
 *
 * It also decides how KVM treats the guest's WFI. Linux stops trapping WFI
 * for a vCPU that has vLPIs while it is the only task on its CPU
 * (vcpu_clear_wfx_traps() at vcpu_load), so a lone GICv4 vCPU never leaves
 * the guest to sleep and its vPE stays resident. With a second runnable
 * task there, WFI traps, the vCPU blocks, its vPE is made non-resident,
 * and a vLPI rings the doorbell: the GICv4 wake-up path.
 */
#ifndef BENCH_CONTENDER_H
#define BENCH_CONTENDER_H

#include <pthread.h>
#include <stdatomic.h>

struct contender {
	pthread_t thread;
	atomic_int stop;
	atomic_int tid;
	int cpu;
	int running;
	char error[128];	/* why it could not run, when it could not */
};

/* Starts spinning on host CPU cpu; 0, or -errno with c->error set. */
int contender_start(struct contender *c, int cpu);
/* Stops and joins it; a no-op when it never started. */
void contender_stop(struct contender *c);

#endif
