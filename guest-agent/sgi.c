// SPDX-License-Identifier: GPL-2.0
/*
 * sgi: vCPU boot.sender_vcpu sends SGI boot.intid to boot.target_vcpu each
 * time bench/ bumps vqb_shared.trigger, stamping t_trigger just before the
 * write (ICC_SGI1R_EL1 on v3, GICD_SGIR on v2). Under KVM both trap: one
 * exit on the sender, the kick on the target. The target takes it as any
 * other interrupt; the sender never takes any, IRQs masked throughout.
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "irq.h"
#include "path.h"

/* Generous: the two vCPUs set up side by side, and under emulation slowly. */
#define SGI_HANDSHAKE_SECS	5

/* Target -> sender, once, before either is ready. Its own cache line. */
static struct {
	uint64_t word;		/* what gic->sgi_send() takes to reach the target */
	uint32_t armed;		/* store-released after word: the target waits for the warm-up SGI */
} sgi_link __attribute__((aligned(64)));

static void sgi_check(const struct vqb_boot *b)
{
	if (b->nr_vcpus < 2 || b->sender_vcpu >= b->nr_vcpus || b->sender_vcpu == b->target_vcpu)
		agent_fail(VQB_FAIL_BAD_ABI,
			   "sgi: sender_vcpu %u, target_vcpu %u, nr_vcpus %u: needs two different vCPUs",
			   b->sender_vcpu, b->target_vcpu, b->nr_vcpus);
	if (b->intid >= 16)
		agent_fail(VQB_FAIL_BAD_ABI, "sgi: INTID %u is no SGI (0..15)", b->intid);
}

static void sgi_setup(struct agent_cpu *c)
{
	c->gic->private_setup(c, c->boot->intid);
	agent_irq_handler = gic_irq_handler(c, 0);
	sgi_link.word = c->gic->sgi_word(c, c->boot->intid);
}

/* The target's warm-up "raise": tell the sender it may send. */
static void sgi_arm(struct agent_cpu *c)
{
	__atomic_store_n(&sgi_link.armed, 1, __ATOMIC_RELEASE);
}

static void sgi_warm_up(struct agent_cpu *c)
{
	path_warm_up(c, sgi_arm, "sent by the sender vCPU", SGI_HANDSHAKE_SECS);
}

/*
 * Stamps t_trigger, hands it to the target's sample for @seq through
 * agent_trigger (irq.h), sends. The DSB makes those stores observable
 * before the SGI can be, as Linux orders IPI data before ICC_SGI1R /
 * GICD_SGIR; it is part of what a real IPI costs, so it sits inside the
 * measured t_trigger..t_vector.
 */
static inline void sgi_fire(void (*send)(uint64_t word), uint64_t word, uint64_t seq)
{
	trigger_post(seq, read_cntvct());
	dsb(ishst);
	send(word);
}

/*
 * The sender: reads the trigger it starts from before it can be ready (bench/
 * bumps it only after), then sends the target's warm-up SGI the way it
 * will send the others: the send path and the target's route proven, and
 * their pages touched, before bench/ starts.
 */
static void sgi_sender_setup(struct agent_cpu *c)
{
	c->last_trigger = __atomic_load_n(&c->shared->trigger, __ATOMIC_ACQUIRE);
	if (!wait_for_secs(__atomic_load_n(&sgi_link.armed, __ATOMIC_ACQUIRE), SGI_HANDSHAKE_SECS))
		agent_fail(VQB_FAIL_NO_IRQ, "sgi: target vcpu%u not set up within %u s: no warm-up SGI sent",
			   c->boot->target_vcpu, SGI_HANDSHAKE_SECS);
	sgi_fire(c->gic->sgi_send, sgi_link.word, TRIGGER_SEQ_WARM_UP);
}

/* One SGI per new trigger value (seq + 1), IRQs masked throughout. */
static void __attribute__((noreturn)) sgi_sender_run(struct agent_cpu *c)
{
	uint64_t *trigger = &c->shared->trigger;
	void (*send)(uint64_t word) = c->gic->sgi_send;
	uint64_t word = sgi_link.word, last = c->last_trigger, t;

	for (;;) {
		while ((t = __atomic_load_n(trigger, __ATOMIC_ACQUIRE)) == last)
			;
		last = t;
		sgi_fire(send, word, t - 1);
	}
}

const struct path_ops path_sgi = {
	.gics = PATH_GIC(2) | PATH_GIC(3),
	.check = sgi_check,
	.setup = sgi_setup,
	.warm_up = sgi_warm_up,
	.run = path_idle,
	.sender_setup = sgi_sender_setup,
	.sender_run = sgi_sender_run,
};
