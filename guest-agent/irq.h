/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every GIC driver's IRQ handler does once it has acked and EOIed:
 * publish one sample. The measured path, so inline and short.
 */
#ifndef AGENT_IRQ_H
#define AGENT_IRQ_H

#include <stdint.h>
#include <virqbench/abi.h>

#include "agent.h"

/* vectors.S calls through this; setup points it at the GIC driver's handler. */
extern void (*agent_irq_handler)(uint64_t t_vector);

static inline void irq_count_spurious(void)
{
	struct vqb_shared *sh = this_cpu()->shared;

	__atomic_store_n(&sh->spurious, sh->spurious + 1, __ATOMIC_RELAXED);
}

/*
 * abi.h's ordering: fill ring[guest_count % VQB_RING_ENTRIES], then
 * store-release guest_count + 1. Only the target vCPU writes here.
 */
static inline void irq_publish(uint64_t t_vector, uint64_t t_ack, uint64_t t_eoi, uint32_t intid)
{
	struct agent_cpu *c = this_cpu();
	struct vqb_shared *sh = c->shared;
	uint64_t n = __atomic_load_n(&sh->guest_count, __ATOMIC_RELAXED);
	struct vqb_sample *s = &sh->ring[n % VQB_RING_ENTRIES];

	s->seq = __atomic_load_n(&sh->host_seq, __ATOMIC_ACQUIRE);
	s->t_vector = t_vector;
	s->t_ack = t_ack;
	s->t_eoi = t_eoi;
	s->intid = intid;
	s->vcpu = c->index;
	__atomic_store_n(&sh->guest_count, n + 1, __ATOMIC_RELEASE);
}

#endif /* AGENT_IRQ_H */
