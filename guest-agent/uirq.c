// SPDX-License-Identifier: GPL-2.0
/*
 * soft-vi: no vGIC at all. The host raises the vCPU's IRQ line
 * (KVM_IRQ_LINE, KVM_ARM_IRQ_TYPE_CPU: HCR_EL2.VI) and bench/ emulates the
 * smallest interrupt controller in user space at vqb_boot.uirq_base: a
 * 32-bit IAR read says which INTID, a 32-bit EOIR write lowers the line.
 * Each access is an MMIO exit, which is what this path exists to show.
 * Nothing to set up, and no way for the guest to pend anything itself.
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "irq.h"
#include "mmio.h"

static uintptr_t uirq_base;

static void uirq_probe(struct agent_cpu *c)
{
	if (!c->boot->uirq_base)
		agent_fail(VQB_FAIL_BAD_ABI, "gic_version 0 (no GIC) without a uirq_base");
	uirq_base = c->boot->uirq_base;
}

static void uirq_nothing(struct agent_cpu *c)
{
}

/* The measured path; see gicv3_irq(). */
static inline __attribute__((always_inline)) void uirq_irq(uint64_t t_vector, uint64_t c_vector,
							    int cycles)
{
	struct irq_cycles cy = { .vector = c_vector };
	uintptr_t base = uirq_base;
	uint64_t t_ack, t_eoi;
	uint32_t intid;

	irq_ack_delay();
	intid = mmio_read32(base + VQB_UIRQ_IAR);
	t_ack = read_cntvct();
	cy.ack = irq_cycle_stamp(cycles);
	if (intid >= GIC_INTID_SPURIOUS && intid <= 1023) {
		irq_count_spurious();
		return;
	}
	mmio_write32(intid, base + VQB_UIRQ_EOIR);
	dsb(sy);
	t_eoi = read_cntvct();
	cy.eoi = irq_cycle_stamp(cycles);
	irq_publish(t_vector, t_ack, t_eoi, intid, &cy);
}

static void uirq_handle_irq(uint64_t t_vector, uint64_t c_vector)
{
	uirq_irq(t_vector, 0, 0);
}

static void uirq_handle_irq_cycles(uint64_t t_vector, uint64_t c_vector)
{
	uirq_irq(t_vector, c_vector, 1);
}

const struct gic_ops uirq_ops = {
	.name = "no GIC (user-space irqchip)",
	.probe = uirq_probe,
	.dist_init = uirq_nothing,
	.cpu_init = uirq_nothing,
	.handle_irq = uirq_handle_irq,
	.handle_irq_cycles = uirq_handle_irq_cycles,
};
