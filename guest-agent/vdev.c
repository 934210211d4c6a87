// SPDX-License-Identifier: GPL-2.0
/*
 * vmm-mmio, vmm-ioeventfd: vCPU boot.sender_vcpu rings the doorbell of
 * bench/'s emulated device (boot.vdev_base, abi.h's vdev) each time bench/
 * bumps vqb_shared.trigger, stamping t_trigger just before the write. The
 * write is a data abort (esr_ec 0x24) that KVM hands to bench/ (vmm-mmio)
 * or signals as an ioeventfd without leaving the kernel (vmm-ioeventfd);
 * either way bench/ answers through an irqfd, and boot.target_vcpu takes
 * the interrupt: SPI boot.intid, or with an ITS (boot.its_base) the LPI that
 * boot.its_devid/its_eventid map to. The guest side is the same for both
 * paths: only the host knows how its doorbell is served. The sender never
 * takes an interrupt, IRQs masked throughout, as sgi's.
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "irq.h"
#include "its.h"
#include "mmio.h"
#include "path.h"

#define VDEV_HANDSHAKE_SECS	5

/* Target -> sender: set up, send the warm-up doorbell. Its own cache line. */
static struct {
	uint32_t armed;
} vdev_link __attribute__((aligned(64)));

static void vdev_check(const struct vqb_boot *b)
{
	if (b->nr_vcpus < 2 || b->sender_vcpu >= b->nr_vcpus || b->sender_vcpu == b->target_vcpu)
		agent_fail(VQB_FAIL_BAD_ABI,
			   "%s: sender_vcpu %u, target_vcpu %u, nr_vcpus %u: needs two different vCPUs",
			   path_name(b->path), b->sender_vcpu, b->target_vcpu, b->nr_vcpus);
	if (!b->vdev_base)
		agent_fail(VQB_FAIL_BAD_ABI, "%s without a vdev_base", path_name(b->path));
	if (b->its_base ? b->intid < LPI_INTID_BASE : b->intid < 32 || b->intid >= 1020)
		agent_fail(VQB_FAIL_BAD_ABI, "%s: INTID %u is no %s", path_name(b->path), b->intid,
			   b->its_base ? "LPI (the VM has an ITS)" : "SPI (32..1019)");
}

static void vdev_setup(struct agent_cpu *c)
{
	if (c->boot->its_base)
		its_setup(c);
	else
		c->gic->spi_setup(c, c->boot->intid);
	agent_irq_handler = gic_irq_handler(c, 0);
}

static void vdev_arm(struct agent_cpu *c)
{
	(void)c;
	__atomic_store_n(&vdev_link.armed, 1, __ATOMIC_RELEASE);
}

static void vdev_warm_up(struct agent_cpu *c)
{
	path_warm_up(c, vdev_arm, "answered by bench/'s device", VDEV_HANDSHAKE_SECS);
}

/*
 * The DSB makes the t_trigger stores observable before the doorbell write,
 * whose answer the target may take at once; Linux's writel() orders DMA
 * data before a virtio notify the same way.
 */
static inline void vdev_ring(uintptr_t bell, uint64_t seq, uint64_t value)
{
	trigger_post(seq, read_cntvct());
	dsb(ishst);
	mmio_write64(value, bell);
}

static void vdev_sender_setup(struct agent_cpu *c)
{
	c->last_trigger = __atomic_load_n(&c->shared->trigger, __ATOMIC_ACQUIRE);
	if (!wait_for_secs(__atomic_load_n(&vdev_link.armed, __ATOMIC_ACQUIRE), VDEV_HANDSHAKE_SECS))
		agent_fail(VQB_FAIL_NO_IRQ, "%s: target vcpu%u not set up within %u s: no warm-up doorbell",
			   path_name(c->boot->path), c->boot->target_vcpu, VDEV_HANDSHAKE_SECS);
	vdev_ring(c->boot->vdev_base + VQB_VDEV_DOORBELL, TRIGGER_SEQ_WARM_UP, 0);
}

/* One doorbell per new trigger value (seq + 1), which is what it writes. */
static void __attribute__((noreturn)) vdev_sender_run(struct agent_cpu *c)
{
	uint64_t *trigger = &c->shared->trigger;
	uintptr_t bell = c->boot->vdev_base + VQB_VDEV_DOORBELL;
	uint64_t last = c->last_trigger, t;

	for (;;) {
		while ((t = __atomic_load_n(trigger, __ATOMIC_ACQUIRE)) == last)
			;
		last = t;
		vdev_ring(bell, t - 1, t);
	}
}

const struct path_ops path_vdev = {
	.gics = PATH_GIC(2) | PATH_GIC(3),
	.check = vdev_check,
	.setup = vdev_setup,
	.warm_up = vdev_warm_up,
	.run = path_idle,
	.sender_setup = vdev_sender_setup,
	.sender_run = vdev_sender_run,
};
