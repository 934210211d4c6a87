// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 with affinity routing and one security state, which is what KVM's
 * vGICv3 (and QEMU virt without secure=on) gives a guest. Interrupts are
 * group 1, EOImode 0 (the EOI write also deactivates). LPIs: its.c.
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "gicv3.h"
#include "irq.h"
#include "mmio.h"

static uintptr_t gicd(const struct agent_cpu *c)
{
	return c->boot->gicd_base;
}

/* GICD_IROUTER / GICR_TYPER form of an MPIDR: Aff3 at 39:32 or 31:24, Aff2..0 below. */
static uint64_t mpidr_route(uint64_t mpidr)
{
	return mpidr & GICD_IROUTER_AFF_MASK;
}

static uint32_t mpidr_typer_aff(uint64_t mpidr)
{
	return (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 32 & 0xff) << 24));
}

static void gicd_wait_rwp(struct agent_cpu *c, const char *after)
{
	if (!wait_for(!(mmio_read32(gicd(c) + GICD_CTLR) & GICD_CTLR_RWP)))
		agent_fail(VQB_FAIL_GIC_TIMEOUT, "GICD_CTLR.RWP still set 1 s after %s", after);
}

static void gicr_wait_rwp(struct agent_cpu *c, const char *after)
{
	if (!wait_for(!(mmio_read32(c->gicr_rd + GICR_CTLR) & GICR_CTLR_RWP)))
		agent_fail(VQB_FAIL_GIC_TIMEOUT, "GICR_CTLR.RWP (0x%lx) still set 1 s after %s",
			   c->gicr_rd, after);
}

static void gicv3_probe(struct agent_cpu *c)
{
	uint32_t pidr2;

	if (!((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf))
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "ID_AA64PFR0_EL1.GIC = 0: this vCPU has no GICv3 CPU interface");
	pidr2 = mmio_read32(gicd(c) + GICD_PIDR2);
	if (GIC_PIDR2_ARCH(pidr2) != 3 && GIC_PIDR2_ARCH(pidr2) != 4)
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "GICD at 0x%lx: GICD_PIDR2 0x%x is not a GICv3/v4 distributor",
			   gicd(c), pidr2);
}

static void gicv3_dist_init(struct agent_cpu *c)
{
	uintptr_t ctlr = gicd(c) + GICD_CTLR;
	uint32_t v;

	/* ARE may only change while both groups are disabled. */
	mmio_write32(0, ctlr);
	gicd_wait_rwp(c, "disabling the distributor");
	mmio_write32(GICD_CTLR_ARE_NS, ctlr);
	gicd_wait_rwp(c, "setting GICD_CTLR.ARE");
	mmio_write32(GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A, ctlr);
	gicd_wait_rwp(c, "enabling group 1");

	v = mmio_read32(ctlr);
	if ((v & (GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A)) !=
	    (GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A))
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "GICD_CTLR reads 0x%x after writing ARE|EnableGrp1: needs affinity routing",
			   v);
}

/* Walks the GICR frames from vqb_boot.gicr_base to the one whose affinity is ours. */
static void gicr_find(struct agent_cpu *c)
{
	uint32_t aff = mpidr_typer_aff(c->mpidr);
	uintptr_t rd = c->boot->gicr_base;
	uint64_t typer;
	unsigned int i;

	for (i = 0; i < GICR_MAX_FRAMES; i++) {
		uint32_t pidr2 = mmio_read32(rd + GICR_PIDR2);

		if (GIC_PIDR2_ARCH(pidr2) != 3 && GIC_PIDR2_ARCH(pidr2) != 4)
			agent_fail(VQB_FAIL_NO_REDIST,
				   "no redistributor at 0x%lx (GICR_PIDR2 0x%x) looking for MPIDR 0x%lx",
				   rd, pidr2, c->mpidr);
		typer = mmio_read64(rd + GICR_TYPER);
		if (GICR_TYPER_AFF(typer) == aff)
			break;
		if (typer & GICR_TYPER_LAST)
			agent_fail(VQB_FAIL_NO_REDIST,
				   "no GICR frame from 0x%lx to 0x%lx has affinity 0x%x (MPIDR 0x%lx)",
				   c->boot->gicr_base, rd, aff, c->mpidr);
		/* VQB_GICR_STRIDE for GICv3 frames; GICv4 ones add VLPI and a reserved frame. */
		rd += VQB_GICR_STRIDE + (typer & GICR_TYPER_VLPIS ? 2 * SZ_64K : 0);
	}
	if (i == GICR_MAX_FRAMES)
		agent_fail(VQB_FAIL_NO_REDIST, "%u GICR frames from 0x%lx and no Last bit",
			   GICR_MAX_FRAMES, c->boot->gicr_base);
	if (GICR_TYPER_PROC(typer) != c->index)
		agent_fail(VQB_FAIL_NO_REDIST,
			   "GICR frame 0x%lx says processor %lu, but MPIDR 0x%lx gives vCPU index %u",
			   rd, GICR_TYPER_PROC(typer), c->mpidr, c->index);
	c->gicr_rd = rd;
	c->gicr_sgi = rd + GICR_SGI_OFFSET;
}

static void gicv3_cpu_init(struct agent_cpu *c)
{
	uint32_t waker;
	unsigned int i;

	gicr_find(c);

	waker = mmio_read32(c->gicr_rd + GICR_WAKER);
	mmio_write32(waker & ~GICR_WAKER_PSLEEP, c->gicr_rd + GICR_WAKER);
	if (!wait_for(!(mmio_read32(c->gicr_rd + GICR_WAKER) & GICR_WAKER_CASLEEP)))
		agent_fail(VQB_FAIL_GIC_TIMEOUT, "GICR_WAKER.ChildrenAsleep (0x%lx) still set after 1 s",
			   c->gicr_rd);

	/* SGIs and PPIs: group 1, default priority, all off until a path wants one. */
	mmio_write32(~0u, c->gicr_sgi + GICR_ICENABLER0);
	gicr_wait_rwp(c, "disabling SGIs and PPIs");
	mmio_write32(~0u, c->gicr_sgi + GICR_ICACTIVER0);
	mmio_write32(~0u, c->gicr_sgi + GICR_ICPENDR0);
	mmio_write32(~0u, c->gicr_sgi + GICR_IGROUPR0);
	for (i = 0; i < 32; i += 4)
		mmio_write32(GIC_PRIO_DEFAULT * 0x01010101u, c->gicr_sgi + GICR_IPRIORITYR0 + i);

	write_sysreg(read_sysreg(ICC_SRE_EL1) | ICC_SRE_SRE, ICC_SRE_EL1);
	isb();
	if (!(read_sysreg(ICC_SRE_EL1) & ICC_SRE_SRE))
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "ICC_SRE_EL1.SRE does not stick: no system-register GIC CPU interface");
	write_sysreg(0xff, ICC_PMR_EL1);
	write_sysreg(0, ICC_BPR1_EL1);
	write_sysreg(read_sysreg(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE, ICC_CTLR_EL1);
	write_sysreg(1, ICC_IGRPEN1_EL1);
	isb();
}

static void gicv3_spi_setup(struct agent_cpu *c, unsigned int intid)
{
	uintptr_t d = gicd(c);
	unsigned int lines = GICD_TYPER_LINES(mmio_read32(d + GICD_TYPER));
	uint32_t bit = 1u << (intid % 32), reg = (intid / 32) * 4;
	uint32_t shift = (intid % 4) * 8, cfg = 2u << ((intid % 16) * 2);
	uintptr_t prio = d + GICD_IPRIORITYR + (intid & ~3u);
	uintptr_t icfgr = d + GICD_ICFGR + (intid / 16) * 4;
	uintptr_t irouter = d + GICD_IROUTER + intid * 8ul;
	uint64_t route = mpidr_route(c->mpidr);
	uint32_t v;

	if (intid < 32 || intid >= lines || intid >= GIC_INTID_SPURIOUS)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u is not an SPI of this distributor (32..%u)",
			   intid, (lines < GIC_INTID_SPURIOUS ? lines : GIC_INTID_SPURIOUS) - 1);

	/* Its configuration may only change while it is disabled. */
	mmio_write32(bit, d + GICD_ICENABLER + reg);
	gicd_wait_rwp(c, "disabling the SPI");
	mmio_write32(bit, d + GICD_ICPENDR + reg);
	mmio_write32(bit, d + GICD_ICACTIVER + reg);
	mmio_write32(mmio_read32(d + GICD_IGROUPR + reg) | bit, d + GICD_IGROUPR + reg);
	v = mmio_read32(prio);
	mmio_write32((v & ~(0xffu << shift)) | ((uint32_t)GIC_PRIO_DEFAULT << shift), prio);
	mmio_write32(mmio_read32(icfgr) | cfg, icfgr);
	mmio_write64(route, irouter);
	mmio_write32(bit, d + GICD_ISENABLER + reg);

	/* A vGIC that dropped any of these delivers nothing, or an FIQ: say which. */
	if (!(mmio_read32(d + GICD_IGROUPR + reg) & bit))
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICD_IGROUPR bit does not stick", intid);
	if (((mmio_read32(prio) >> shift) & 0xff) != GIC_PRIO_DEFAULT)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: priority reads 0x%x, wrote 0x%x",
			   intid, (mmio_read32(prio) >> shift) & 0xff, GIC_PRIO_DEFAULT);
	if (!(mmio_read32(icfgr) & cfg))
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICD_ICFGR does not take edge-triggered",
			   intid);
	if ((mmio_read64(irouter) & (GICD_IROUTER_AFF_MASK | (1ul << 31))) != route)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICD_IROUTER reads 0x%lx, wrote 0x%lx",
			   intid, mmio_read64(irouter), route);
	if (!(mmio_read32(d + GICD_ISENABLER + reg) & bit))
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICD_ISENABLER bit does not stick", intid);
}

static void gicv3_spi_set_pending(struct agent_cpu *c, unsigned int intid)
{
	mmio_write32(1u << (intid % 32), gicd(c) + GICD_ISPENDR + (intid / 32) * 4);
}

/* An SGI or PPI of this vCPU's: its redistributor's SGI_base frame. */
static void gicv3_private_setup(struct agent_cpu *c, unsigned int intid)
{
	uintptr_t sgi = c->gicr_sgi;
	uint32_t bit = 1u << intid, shift = (intid % 4) * 8;
	uintptr_t prio = sgi + GICR_IPRIORITYR0 + (intid & ~3u);
	uint32_t v;

	if (intid >= 32)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u is no SGI or PPI (0..31)", intid);

	mmio_write32(bit, sgi + GICR_ICENABLER0);
	gicr_wait_rwp(c, "disabling the SGI/PPI");
	mmio_write32(bit, sgi + GICR_ICPENDR0);
	mmio_write32(bit, sgi + GICR_ICACTIVER0);
	mmio_write32(mmio_read32(sgi + GICR_IGROUPR0) | bit, sgi + GICR_IGROUPR0);
	v = mmio_read32(prio);
	mmio_write32((v & ~(0xffu << shift)) | ((uint32_t)GIC_PRIO_DEFAULT << shift), prio);
	mmio_write32(bit, sgi + GICR_ISENABLER0);

	if (!(mmio_read32(sgi + GICR_IGROUPR0) & bit))
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICR_IGROUPR0 bit does not stick", intid);
	if (((mmio_read32(prio) >> shift) & 0xff) != GIC_PRIO_DEFAULT)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICR_IPRIORITYR reads 0x%x, wrote 0x%x",
			   intid, (mmio_read32(prio) >> shift) & 0xff, GIC_PRIO_DEFAULT);
	if (!(mmio_read32(sgi + GICR_ISENABLER0) & bit))
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICR_ISENABLER0 bit does not stick", intid);
}

/* ICC_SGI1R_EL1 for SGI @intid to this vCPU alone: its Aff3.Aff2.Aff1, Aff0 in the TargetList. */
static uint64_t gicv3_sgi_word(struct agent_cpu *c, unsigned int intid)
{
	uint64_t mpidr = c->mpidr, aff0 = mpidr & 0xff;

	if (intid >= 16)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u is no SGI (0..15)", intid);
	if (aff0 >= 16 && !(read_sysreg(ICC_CTLR_EL1) & ICC_CTLR_RSS))
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "MPIDR 0x%lx: Aff0 %lu needs ICC_SGI1R.RS, and ICC_CTLR_EL1.RSS is 0",
			   mpidr, aff0);
	return ((mpidr >> 32 & 0xff) << ICC_SGI1R_AFF3_SHIFT) |
	       ((mpidr >> 16 & 0xff) << ICC_SGI1R_AFF2_SHIFT) |
	       ((aff0 >> 4) << ICC_SGI1R_RS_SHIFT) |
	       ((uint64_t)intid << ICC_SGI1R_INTID_SHIFT) |
	       ((mpidr >> 8 & 0xff) << ICC_SGI1R_AFF1_SHIFT) |
	       (1ul << (aff0 & 15));
}

static void gicv3_sgi_send(uint64_t word)
{
	write_sysreg(word, ICC_SGI1R_EL1);
	isb();
}

/*
 * The measured path. t_vector was stamped at vector entry (vectors.S); ack,
 * stamp, EOI (which also deactivates, EOImode 0), stamp, publish. Two
 * copies: the vtimer one stops the timer before the EOI, because its
 * hardware-mapped interrupt would fire again while the timer still asserts it.
 */
static inline __attribute__((always_inline)) void gicv3_irq(uint64_t t_vector, uint64_t c_vector,
							     int timer, int cycles)
{
	struct irq_cycles cy = { .vector = c_vector };
	uint64_t iar, t_ack, t_eoi;
	uint32_t intid;

	irq_ack_delay();
	iar = read_sysreg(ICC_IAR1_EL1);
	t_ack = read_cntvct();
	cy.ack = irq_cycle_stamp(cycles);
	intid = (uint32_t)(iar & ICC_IAR_INTID);
	if (intid >= GIC_INTID_SPURIOUS && intid <= 1023) {
		irq_count_spurious();
		return;
	}
	if (timer)
		vtimer_stop();
	write_sysreg(iar, ICC_EOIR1_EL1);
	t_eoi = read_cntvct();	/* its isb completes the EOI write first */
	cy.eoi = irq_cycle_stamp(cycles);
	irq_publish(t_vector, t_ack, t_eoi, intid, &cy);
}

static void gicv3_handle_irq(uint64_t t_vector, uint64_t c_vector)
{
	gicv3_irq(t_vector, 0, 0, 0);
}

static void gicv3_handle_timer_irq(uint64_t t_vector, uint64_t c_vector)
{
	gicv3_irq(t_vector, 0, 1, 0);
}

static void gicv3_handle_irq_cycles(uint64_t t_vector, uint64_t c_vector)
{
	gicv3_irq(t_vector, c_vector, 0, 1);
}

static void gicv3_handle_timer_irq_cycles(uint64_t t_vector, uint64_t c_vector)
{
	gicv3_irq(t_vector, c_vector, 1, 1);
}

const struct gic_ops gicv3_ops = {
	.name = "GICv3",
	.probe = gicv3_probe,
	.dist_init = gicv3_dist_init,
	.cpu_init = gicv3_cpu_init,
	.spi_setup = gicv3_spi_setup,
	.spi_set_pending = gicv3_spi_set_pending,
	.private_setup = gicv3_private_setup,
	.sgi_word = gicv3_sgi_word,
	.sgi_send = gicv3_sgi_send,
	.handle_irq = gicv3_handle_irq,
	.handle_timer_irq = gicv3_handle_timer_irq,
	.handle_irq_cycles = gicv3_handle_irq_cycles,
	.handle_timer_irq_cycles = gicv3_handle_timer_irq_cycles,
};
