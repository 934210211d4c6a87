// SPDX-License-Identifier: GPL-2.0
/*
 * Guest cycle stamps (boot.guest_cycles): PMCCNTR_EL0 beside CNTVCT.
 *
 * Under KVM every PMU register access here traps (MDCR_EL2.TPM) and KVM
 * emulates it with a host perf event that counts only while the guest
 * runs (exclude_host): a cycle stamp costs an exit, and the cycles
 * between two stamps are the guest's own, without the host's time in
 * between. Hence the calibration below takes the best of several windows,
 * and bench/ runs cycle stamps only in cells of their own (doc/clocks.md).
 */
#include <stdint.h>

#include "agent.h"

#define ID_AA64DFR0_PMUVER(r)	(((r) >> 8) & 0xf)
#define PMUVER_IMP_DEF		0xf

#define PMCR_E		(1ul << 0)	/* enable the counters */
#define PMCR_C		(1ul << 2)	/* reset the cycle counter */
#define PMCR_LC		(1ul << 6)	/* 64-bit cycle counter: no overflow in a cell */
#define PMCNTEN_C	(1ul << 31)	/* the cycle counter's enable bit */

#define CAL_WINDOWS	8
#define CAL_WINDOW_HZ	500		/* 2 ms each */

extern char vectors_cycles[];

/* cycle_cal_*: the window with the most cycles per tick, the one no host exit cut into. */
static void pmu_calibrate(struct agent_cpu *c)
{
	struct vqb_shared *sh = c->shared;
	uint64_t len = cntfrq() / CAL_WINDOW_HZ;
	uint64_t best_c = 0, best_t = 1;

	for (int i = 0; i < CAL_WINDOWS; i++) {
		/* Cycles first and last: each read's trap then lies outside [t0, t1]. */
		uint64_t c0 = read_pmccntr(), t0 = read_cntvct(), t1, c1;

		while ((t1 = read_cntvct()) - t0 < len)
			;
		c1 = read_pmccntr();
		/* c1 - c0 over t1 - t0 beats best_c / best_t: compare without dividing. */
		if ((unsigned __int128)(c1 - c0) * best_t > (unsigned __int128)best_c * (t1 - t0)) {
			best_c = c1 - c0;
			best_t = t1 - t0;
			sh->cycle_cal_t0 = t0;
			sh->cycle_cal_c0 = c0;
			sh->cycle_cal_t1 = t1;
			sh->cycle_cal_c1 = c1;
		}
	}
}

void pmu_setup(struct agent_cpu *c)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned int ver = ID_AA64DFR0_PMUVER(dfr0);

	if (!c->boot->guest_cycles)
		return;
	if (ver == 0 || ver == PMUVER_IMP_DEF)
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "boot.guest_cycles, but this vCPU has no PMUv3 (ID_AA64DFR0_EL1.PMUVer %u): bench/ did not give it a vPMU",
			   ver);
	/* Count at EL1 and EL0 (a guest has no EL2 to filter). */
	write_sysreg(0, pmccfiltr_el0);
	write_sysreg(PMCR_E | PMCR_C | PMCR_LC, pmcr_el0);
	write_sysreg(PMCNTEN_C, pmcntenset_el0);
	isb();
	write_sysreg((uintptr_t)vectors_cycles, vbar_el1);
	isb();
	pmu_calibrate(c);
}
