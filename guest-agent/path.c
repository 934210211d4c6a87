// SPDX-License-Identifier: GPL-2.0
/*
 * The injection paths, guest side: one struct path_ops each, keyed by the
 * catalogue's id (include/virqbench/paths.h has their names and facts).
 * The host-injected ones are here; sgi (sgi.c), vtimer (vtimer.c) and the
 * vmm-* doorbell paths (vdev.c), which the guest raises itself, have files
 * of their own.
 */
#include <stddef.h>
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "irq.h"
#include "its.h"
#include "path.h"

/*
 * Under KVM the first touch of a page faults at stage 2 (and the first
 * execution of one again, for the lazy I-cache flush): the vector page, the
 * handler, each ring page. That must not happen on the first measured
 * interrupt, nor add exits to later ones. So the ring is touched page by page
 * and one interrupt taken through the real path, then forgotten; bench/
 * reads guest_count only once ready_mask says so. It also proves the
 * interrupt arrives at all before bench/ starts.
 */
static void ring_prefault(struct vqb_shared *sh)
{
	unsigned int i;

	for (i = 0; i < VQB_RING_ENTRIES; i++)
		sh->ring[i] = (struct vqb_sample){ 0 };
}

/* @raise pends one interrupt the way the path does; the handler publishes it. */
void path_warm_up(struct agent_cpu *c, void (*raise)(struct agent_cpu *c), const char *how,
		  unsigned int secs)
{
	struct vqb_shared *sh = c->shared;
	uint64_t n = __atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE);
	int taken;

	ring_prefault(sh);
	raise(c);
	local_irq_enable();
	taken = wait_for_secs(__atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE) != n, secs);
	local_irq_disable();
	if (!taken)
		agent_fail(VQB_FAIL_NO_IRQ, "%s: INTID %u, %s (%s), did not arrive within %u s",
			   path_name(c->boot->path), c->boot->intid, how, c->gic->name, secs);
	sh->ring[n % VQB_RING_ENTRIES] = (struct vqb_sample){ 0 };
	__atomic_store_n(&sh->guest_count, n, __ATOMIC_RELEASE);
}

/* Loops in asm: one fixed PC for each, which is what exit traces show. */
void path_idle(struct agent_cpu *c)
{
	local_irq_enable();
	if (c->boot->state == VQB_STATE_WFI)
		asm volatile("1:	wfi\n\tb	1b" : : : "memory");
	asm volatile("1:	b	1b" : : : "memory");
	__builtin_unreachable();
}

/* lr-line, lr-irqfd: SPI boot.intid, edge-triggered, from KVM_IRQ_LINE or an irqfd. */
static void spi_setup(struct agent_cpu *c)
{
	c->gic->spi_setup(c, c->boot->intid);
	agent_irq_handler = gic_irq_handler(c, 0);
}

static void spi_raise(struct agent_cpu *c)
{
	c->gic->spi_set_pending(c, c->boot->intid);
}

static void spi_warm_up(struct agent_cpu *c)
{
	path_warm_up(c, spi_raise, "pended by the agent", 1);
}

/*
 * lr-msi, v4-direct: LPI boot.intid, which the ITS makes of the host's MSI
 * (its_devid, its_eventid). Ready only once the ITS has the mapping: for
 * v4-direct KVM forwards the device's MSI as a vLPI only if the guest has
 * mapped it when bench/ wires the irqfd.
 */
static void lpi_check(const struct vqb_boot *b)
{
	if (!b->its_base)
		agent_fail(VQB_FAIL_BAD_ABI, "path %u (MSI) without an its_base", b->path);
	if (b->intid < LPI_INTID_BASE)
		agent_fail(VQB_FAIL_BAD_ABI, "path %u (MSI): INTID %u is no LPI (%u and up)", b->path,
			   b->intid, LPI_INTID_BASE);
}

static void lpi_setup(struct agent_cpu *c)
{
	its_setup(c);
	agent_irq_handler = gic_irq_handler(c, 0);
}

/* The guest cannot send itself an MSI; the ITS's INT command pends the same LPI. */
static void lpi_raise(struct agent_cpu *c)
{
	its_int(c->boot->its_devid, c->boot->its_eventid);
}

static void lpi_warm_up(struct agent_cpu *c)
{
	path_warm_up(c, lpi_raise, "raised by the ITS INT command", 1);
}

/* soft-vi: no GIC (uirq.c); the host raises the vCPU's IRQ line itself. */
static void uirq_check(const struct vqb_boot *b)
{
	if (!b->uirq_base)
		agent_fail(VQB_FAIL_BAD_ABI, "soft-vi without a uirq_base");
}

static void uirq_setup(struct agent_cpu *c)
{
	agent_irq_handler = gic_irq_handler(c, 0);
}

/*
 * Only the host can raise the line, so there is no real interrupt to take
 * before ready. The agent enters the IRQ vector the way the exception would
 * (ELR_EL1, SPSR_EL1 = EL1h masked, then a branch to it), which runs the
 * vector, the handler and one IAR exit to bench/'s irqchip: with nothing
 * pending it answers 1023 (abi.h), the handler counts a spurious interrupt,
 * and the agent forgets it. The pages are touched; only the EOI's first
 * exit is left to sample 0.
 */
static void uirq_warm_up(struct agent_cpu *c)
{
	struct vqb_shared *sh = c->shared;
	uint64_t spurious = __atomic_load_n(&sh->spurious, __ATOMIC_RELAXED);

	ring_prefault(sh);
	asm volatile("adr	x0, 1f\n\t"
		     "msr	elr_el1, x0\n\t"
		     "mov	x0, #0x3c5\n\t"		/* SPSR: EL1h, DAIF masked */
		     "msr	spsr_el1, x0\n\t"
		     "b	vectors + 0x280\n"		/* EL1h IRQ */
		     "1:"
		     : : : "x0", "cc", "memory");
	__atomic_store_n(&sh->spurious, spurious, __ATOMIC_RELAXED);
}

static const struct path_ops path_lr_line = {
	.gics = PATH_GIC(2) | PATH_GIC(3),
	.setup = spi_setup,
	.warm_up = spi_warm_up,
	.run = path_idle,
};

static const struct path_ops path_lr_irqfd = {
	.gics = PATH_GIC(2) | PATH_GIC(3),
	.setup = spi_setup,
	.warm_up = spi_warm_up,
	.run = path_idle,
};

static const struct path_ops path_lr_msi = {
	.gics = PATH_GIC(3),
	.check = lpi_check,
	.setup = lpi_setup,
	.warm_up = lpi_warm_up,
	.run = path_idle,
};

static const struct path_ops path_v4_direct = {
	.gics = PATH_GIC(3),
	.check = lpi_check,
	.setup = lpi_setup,
	.warm_up = lpi_warm_up,
	.run = path_idle,
};

static const struct path_ops path_soft_vi = {
	.gics = PATH_GIC(0),
	.check = uirq_check,
	.setup = uirq_setup,
	.warm_up = uirq_warm_up,
	.run = path_idle,
};

static const struct path_ops *const paths[] = {
	[VQB_PATH_LR_LINE] = &path_lr_line,
	[VQB_PATH_LR_IRQFD] = &path_lr_irqfd,
	[VQB_PATH_LR_MSI] = &path_lr_msi,
	[VQB_PATH_V4_DIRECT] = &path_v4_direct,
	[VQB_PATH_SOFT_VI] = &path_soft_vi,
	[VQB_PATH_SGI] = &path_sgi,
	[VQB_PATH_VTIMER] = &path_vtimer,
	[VQB_PATH_VMM_MMIO] = &path_vdev,
	[VQB_PATH_VMM_IOEVENTFD] = &path_vdev,
};

const struct path_ops *path_ops_of(uint32_t path)
{
	if (path >= sizeof(paths) / sizeof(paths[0]))
		return NULL;
	return paths[path];
}

const char *path_name(uint32_t path)
{
	static const char *const names[] = {
#define NAME(ID, id, name, ...) [VQB_PATH_##ID] = name,
		VQB_PATH_CATALOGUE(NAME)
#undef NAME
	};

	if (path >= sizeof(names) / sizeof(names[0]) || !names[path])
		return "an unknown path";
	return names[path];
}
