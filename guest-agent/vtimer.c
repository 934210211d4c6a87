// SPDX-License-Identifier: GPL-2.0
/*
 * vtimer: the target arms its own virtual timer, CNTV_CVAL_EL0 = now +
 * boot.timer_delay, each time bench/ bumps vqb_shared.trigger, and takes
 * PPI boot.intid (27, the virtual timer's) when it fires; the sample's
 * t_trigger is that CVAL. Under KVM the timer interrupt is hardware-mapped:
 * the guest's EOI deactivates the physical one, so the handler stops the
 * timer first (gic_ops.handle_timer_irq).
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "irq.h"
#include "path.h"

static void vtimer_check(const struct vqb_boot *b)
{
	if (b->intid < 16 || b->intid >= 32)
		agent_fail(VQB_FAIL_BAD_ABI, "vtimer: INTID %u is no PPI (16..31; the virtual timer's is 27)",
			   b->intid);
}

/* Arms the timer @delay ticks from now; its CVAL is the sample's t_trigger for @seq. */
static inline void vtimer_fire(uint64_t delay, uint64_t seq)
{
	uint64_t cval = read_cntvct() + delay;

	trigger_post(seq, cval);
	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
}

static void vtimer_setup(struct agent_cpu *c)
{
	vtimer_stop();		/* its state out of reset is UNKNOWN */
	c->gic->private_setup(c, c->boot->intid);
	agent_irq_handler = gic_irq_handler(c, 1);
	c->last_trigger = __atomic_load_n(&c->shared->trigger, __ATOMIC_ACQUIRE);
}

static void vtimer_raise(struct agent_cpu *c)
{
	vtimer_fire(c->boot->timer_delay, TRIGGER_SEQ_WARM_UP);
}

static void vtimer_warm_up(struct agent_cpu *c)
{
	path_warm_up(c, vtimer_raise, "the virtual timer armed by the agent",
		     1 + (unsigned int)(c->boot->timer_delay / cntfrq()));
}

/*
 * Per new trigger value (seq + 1): arm, then wait for the sample with IRQs
 * unmasked, spinning (BUSY) or in WFI. The WFI loop looks at guest_count
 * with IRQs masked and unmasks only after WFI: a pending interrupt ends WFI
 * even masked, and one that fired between the look and the WFI cannot leave
 * the vCPU asleep with nothing more to come. The vector is then taken at the
 * unmask, two instructions after the WFI.
 */
static void __attribute__((noreturn)) vtimer_run(struct agent_cpu *c)
{
	struct vqb_shared *sh = c->shared;
	uint64_t delay = c->boot->timer_delay, last = c->last_trigger, t, n;
	int in_wfi = c->boot->state == VQB_STATE_WFI;

	for (;;) {
		while ((t = __atomic_load_n(&sh->trigger, __ATOMIC_ACQUIRE)) == last)
			;
		last = t;
		n = __atomic_load_n(&sh->guest_count, __ATOMIC_RELAXED);
		vtimer_fire(delay, t - 1);
		if (!in_wfi) {
			local_irq_enable();
			while (__atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE) == n)
				;
			local_irq_disable();
			continue;
		}
		while (__atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE) == n) {
			wfi();
			local_irq_enable();
			isb();
			local_irq_disable();
		}
	}
}

const struct path_ops path_vtimer = {
	.gics = PATH_GIC(2) | PATH_GIC(3),
	.check = vtimer_check,
	.setup = vtimer_setup,
	.warm_up = vtimer_warm_up,
	.run = vtimer_run,
};
