// SPDX-License-Identifier: GPL-2.0
/*
 * Guest cycle stamps (boot.guest_cycles): PMCCNTR_EL0 beside CNTVCT.
 *
 * Under KVM every PMU register access here traps (MDCR_EL2.TPM) and KVM
 * emulates it with a host perf event that counts only while the guest
 * runs (exclude_host): a cycle stamp costs an exit, and the cycles
 * between two stamps are the guest's own, without the host's time in
 * between. Hence the calibration below takes the median of several windows,
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

/*
 * cycle_cal_*: the window of median rate among CAL_WINDOWS. A window
 * that a host exit cut into counts fewer cycles per tick (the vPMU does
 * not count the host's time); under emulation some count more (the lab's
 * QEMU keeps its cycle counter off its virtual clock and its EL filter
 * is approximate). The median is robust to either.
 */
static void pmu_calibrate(struct agent_cpu *c)
{
	struct vqb_shared *sh = c->shared;
	uint64_t len = cntfrq() / CAL_WINDOW_HZ;
	uint64_t w[CAL_WINDOWS][4], cost[CAL_WINDOWS];
	int order[CAL_WINDOWS], m;

	for (int i = 0; i < CAL_WINDOWS; i++) {
		/* Cycles first and last: each read's trap then lies outside [t0, t1]. */
		uint64_t c0 = read_pmccntr(), t0 = read_cntvct(), t1, c1;

		while ((t1 = read_cntvct()) - t0 < len)
			;
		c1 = read_pmccntr();
		w[i][0] = t0;
		w[i][1] = c0;
		w[i][2] = t1;
		w[i][3] = c1;
		order[i] = i;
		c0 = read_pmccntr();
		cost[i] = read_pmccntr() - c0;
	}
	for (int i = 1; i < CAL_WINDOWS; i++)
		for (int k = i; k > 0 && cost[k - 1] > cost[k]; k--) {
			uint64_t t = cost[k];

			cost[k] = cost[k - 1];
			cost[k - 1] = t;
		}
	sh->cycle_stamp_cost = cost[CAL_WINDOWS / 2];
	/* Insertion sort by rate, (c1 - c0) / (t1 - t0), compared without dividing. */
	for (int i = 1; i < CAL_WINDOWS; i++)
		for (int k = i; k > 0; k--) {
			uint64_t *a = w[order[k - 1]], *b = w[order[k]];
			int t;

			if ((unsigned __int128)(a[3] - a[1]) * (b[2] - b[0]) <=
			    (unsigned __int128)(b[3] - b[1]) * (a[2] - a[0]))
				break;
			t = order[k];
			order[k] = order[k - 1];
			order[k - 1] = t;
		}
	m = order[CAL_WINDOWS / 2];
	sh->cycle_cal_t0 = w[m][0];
	sh->cycle_cal_c0 = w[m][1];
	sh->cycle_cal_t1 = w[m][2];
	sh->cycle_cal_c1 = w[m][3];
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
