/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every interrupt handler does once it has acked and EOIed: publish
 * one sample. The measured path, so inline and short.
 */
#ifndef AGENT_IRQ_H
#define AGENT_IRQ_H

#include <stdint.h>
#include <virqbench/abi.h>

#include "agent.h"
#include "mmio.h"

/* vectors.S calls through this; the path's set-up points it at the driver's handler. */
extern void (*agent_irq_handler)(uint64_t t_vector, uint64_t c_vector);

/*
 * t_trigger of a guest-originated interrupt, handed to the target's sample:
 * the sgi sender writes it (another vCPU), the vtimer target writes its own
 * CVAL. @t first, then a store-release of @seq (the interrupt's host_seq);
 * irq_publish() load-acquires @seq and takes @t only if it is for the
 * interrupt being published, else 0 (host-injected paths never write it).
 *
 * The sender also needs the stores to be observable before its SGI can be
 * taken: a DSB between them and the SGI write (sgi.c). On the target, the
 * handler's ack is complete before publish reads the slot: an ISB after the
 * ICC_IAR1_EL1 read (v3), a DSB after the EOI (v2, uirq).
 */
struct trigger_slot {
	uint64_t seq;
	uint64_t t;
} __attribute__((aligned(64)));

extern struct trigger_slot agent_trigger;

/* What the warm-ups post: a seq bench/ never uses, so no sample takes it. */
#define TRIGGER_SEQ_WARM_UP	UINT64_MAX

static inline void trigger_post(uint64_t seq, uint64_t t)
{
	__atomic_store_n(&agent_trigger.t, t, __ATOMIC_RELAXED);
	__atomic_store_n(&agent_trigger.seq, seq, __ATOMIC_RELEASE);
}

static inline void irq_count_spurious(void)
{
	struct vqb_shared *sh = this_cpu()->shared;

	__atomic_store_n(&sh->spurious, sh->spurious + 1, __ATOMIC_RELAXED);
}

/*
 * boot.ack_delay (bench --delay guest-ack): a known busy-wait that every
 * handler runs between the vector and its IAR read, the self-check's
 * ground truth. Timed from its own first read, so the added time is the
 * delay (plus one counter read), whatever the vector took.
 */
static inline void irq_ack_delay(void)
{
	uint64_t d = this_cpu()->boot->ack_delay, t0;

	if (!d)
		return;
	t0 = read_cntvct();
	while (read_cntvct() - t0 < d)
		;
}

/*
 * abi.h's ordering: fill ring[guest_count % VQB_RING_ENTRIES], then
 * store-release guest_count + 1. Only the target vCPU writes here.
 */
struct irq_cycles {
	uint64_t vector, ack, eoi;	/* PMCCNTR_EL0 beside t_*, 0 when not stamped */
};

/* Stamps PMCCNTR only in a handler built with cycles; folds away in the others. */
#define irq_cycle_stamp(cycles) ((cycles) ? read_pmccntr() : 0)

static inline void irq_publish(uint64_t t_vector, uint64_t t_ack, uint64_t t_eoi, uint32_t intid,
			       const struct irq_cycles *cy)
{
	struct agent_cpu *c = this_cpu();
	struct vqb_shared *sh = c->shared;
	uint64_t n = __atomic_load_n(&sh->guest_count, __ATOMIC_RELAXED);
	struct vqb_sample *s = &sh->ring[n % VQB_RING_ENTRIES];
	uint64_t seq = __atomic_load_n(&sh->host_seq, __ATOMIC_ACQUIRE);
	uint64_t tseq = __atomic_load_n(&agent_trigger.seq, __ATOMIC_ACQUIRE);
	uint64_t t_trigger = __atomic_load_n(&agent_trigger.t, __ATOMIC_RELAXED);

	s->seq = seq;
	s->t_vector = t_vector;
	s->t_ack = t_ack;
	s->t_eoi = t_eoi;
	s->intid = intid;
	s->vcpu = c->index;
	s->t_trigger = tseq == seq ? t_trigger : 0;
	s->c_vector = cy->vector;
	s->c_ack = cy->ack;
	s->c_eoi = cy->eoi;
	__atomic_store_n(&sh->guest_count, n + 1, __ATOMIC_RELEASE);
	/* After t_eoi: the exit wakes bench/, outside the window it measures. */
	if (sh->boot.done_notify) {
		mmio_write64(n + 1, c->ctrl_base + VQB_CTRL_DONE);
		__atomic_store_n(&sh->resumed, n + 1, __ATOMIC_RELEASE);
	}
	if (sh->boot.hang_after && n + 1 == sh->boot.hang_after)
		agent_hang();
}

#endif /* AGENT_IRQ_H */
