/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One interface to the interrupt controller, so that GICv2 (GICD + GICC)
 * and an ITS (LPIs) can sit next to gicv3.c. Every step either succeeds or
 * calls agent_fail() with the register that disagreed.
 */
#ifndef AGENT_GIC_H
#define AGENT_GIC_H

#include <stdint.h>

struct agent_cpu;

#define GIC_PRIO_DEFAULT	0xa0
#define GIC_INTID_SPURIOUS	1020	/* 1020..1023: special, nothing to EOI */

struct gic_ops {
	const char *name;
	/* Every vCPU: is the GIC vqb_boot describes really there? */
	void (*probe)(struct agent_cpu *c);
	/* Once, by the vCPU that takes the interrupt: enable the distributor. */
	void (*dist_init)(struct agent_cpu *c);
	/* Every vCPU: its redistributor (v3) and CPU interface, ready to take group 1. */
	void (*cpu_init)(struct agent_cpu *c);
	/* Group 1 (v3; 0 on v2), priority GIC_PRIO_DEFAULT, edge-triggered, routed to @c, enabled. */
	void (*spi_setup)(struct agent_cpu *c, unsigned int intid);
	/* Pends an SPI from the guest side (self-test; guest-side paths later). */
	void (*spi_set_pending)(struct agent_cpu *c, unsigned int intid);
	/* The measured path: vectors.S calls it with the vector-entry stamp. */
	void (*handle_irq)(uint64_t t_vector);
};

extern const struct gic_ops gicv2_ops;
extern const struct gic_ops gicv3_ops;

/* NULL when this agent has no driver for @version. */
const struct gic_ops *gic_find(unsigned int version);

#endif /* AGENT_GIC_H */
