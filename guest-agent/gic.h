/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One interface to the interrupt controller: GICv2 (gicv2.c), GICv3
 * (gicv3.c; its.c adds LPIs) and, for soft-vi, none at all (uirq.c: the
 * user-space irqchip bench/ emulates). Every step either succeeds or calls
 * agent_fail() with the register that disagreed. An operation a controller
 * lacks is NULL; path.c only pairs a path with controllers that have what
 * it uses.
 */
#ifndef AGENT_GIC_H
#define AGENT_GIC_H

#include <stdint.h>

struct agent_cpu;

#define GIC_PRIO_DEFAULT	0xa0
#define GIC_INTID_SPURIOUS	1020	/* 1020..1023: special, nothing to EOI */

struct gic_ops {
	const char *name;
	/* Every vCPU: is the controller vqb_boot describes really there? */
	void (*probe)(struct agent_cpu *c);
	/* Once, by the vCPU that takes the interrupt: enable the distributor. */
	void (*dist_init)(struct agent_cpu *c);
	/* Every vCPU: its redistributor (v3) and CPU interface, ready to take group 1. */
	void (*cpu_init)(struct agent_cpu *c);
	/* Group 1 (v3; 0 on v2), priority GIC_PRIO_DEFAULT, edge-triggered, routed to @c, enabled. */
	void (*spi_setup)(struct agent_cpu *c, unsigned int intid);
	/* Pends an SPI from the guest side: the warm-up, and the self-test's injections. */
	void (*spi_set_pending)(struct agent_cpu *c, unsigned int intid);
	/* An SGI (0..15) or PPI (16..31) of @c's own: group, priority, enabled. */
	void (*private_setup)(struct agent_cpu *c, unsigned int intid);
	/*
	 * On the target: what sgi_send() takes to send SGI @intid to it. Only
	 * the target can tell (GICv2: its banked GICD_ITARGETSR says which CPU
	 * interface it is).
	 */
	uint64_t (*sgi_word)(struct agent_cpu *c, unsigned int intid);
	/* Any vCPU: sends the SGI sgi_word() described. The sender's measured write. */
	void (*sgi_send)(uint64_t word);
	/*
	 * The measured path: vectors.S calls it with the vector-entry stamp
	 * (and, from vectors_cycles, PMCCNTR's; the plain ones ignore it).
	 */
	void (*handle_irq)(uint64_t t_vector, uint64_t c_vector);
	/* The same for the vtimer path: stops the timer between ack and EOI. */
	void (*handle_timer_irq)(uint64_t t_vector, uint64_t c_vector);
	/* Both again with a cycle stamp beside each CNTVCT one (boot.guest_cycles). */
	void (*handle_irq_cycles)(uint64_t t_vector, uint64_t c_vector);
	void (*handle_timer_irq_cycles)(uint64_t t_vector, uint64_t c_vector);
};

/* The handler a path's target takes its interrupt with: plain, or stamping cycles too. */
#define gic_irq_handler(c, timer)						\
	((c)->boot->guest_cycles ?						\
	 ((timer) ? (c)->gic->handle_timer_irq_cycles : (c)->gic->handle_irq_cycles) :	\
	 ((timer) ? (c)->gic->handle_timer_irq : (c)->gic->handle_irq))

extern const struct gic_ops gicv2_ops;
extern const struct gic_ops gicv3_ops;
extern const struct gic_ops uirq_ops;

/* NULL when this agent has no driver for @version (0: no GIC, soft-vi's irqchip). */
const struct gic_ops *gic_find(unsigned int version);

#endif /* AGENT_GIC_H */
