// SPDX-License-Identifier: GPL-2.0
/*
 * GICv2: distributor plus a memory-mapped CPU interface (GICC; under KVM the
 * hardware GICV, so acks and EOIs do not trap). No security extensions in a
 * guest: everything stays group 0, which GICC_CTLR.FIQEn = 0 signals as IRQ.
 * EOImode 0: the EOI write also deactivates.
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "irq.h"
#include "mmio.h"

#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_IGROUPR		0x080
#define GICD_ISENABLER		0x100
#define GICD_ICENABLER		0x180
#define GICD_ISPENDR		0x200
#define GICD_ICPENDR		0x280
#define GICD_ICACTIVER		0x380
#define GICD_IPRIORITYR		0x400
#define GICD_ITARGETSR		0x800
#define GICD_ICFGR		0xc00
#define GICD_SGIR		0xf00

#define GICD_SGIR_TARGETS_SHIFT	16	/* CPUTargetList; TargetListFilter 0: use the list */

#define GICD_CTLR_ENABLE	(1u << 0)
#define GICD_TYPER_LINES(t)	(32 * (((t) & 0x1f) + 1))
#define GICD_TYPER_CPUS(t)	((((t) >> 5) & 7) + 1)

#define GICC_CTLR		0x00
#define GICC_PMR		0x04
#define GICC_BPR		0x08
#define GICC_IAR		0x0c
#define GICC_EOIR		0x10

#define GICC_CTLR_ENABLE	(1u << 0)	/* EnableGrp0; FIQEn, EOImode left 0 */
#define GICC_IAR_INTID		0x3ffu

/* The CPU interface, for the handler, and GICD_SGIR, for the sender: one load each. */
static uintptr_t gicc_base;
static uintptr_t gicd_sgir;

static uintptr_t gicd(const struct agent_cpu *c)
{
	return c->boot->gicd_base;
}

/*
 * This CPU's bit in GICD_ITARGETSR, as the banked SGI/PPI target bytes give
 * it; 0 when the GIC has one CPU interface, where ITARGETSR is RAZ/WI.
 */
static uint8_t gicv2_cpu_mask(struct agent_cpu *c)
{
	unsigned int i;
	uint32_t v;

	for (i = 0; i < 32; i += 4) {
		v = mmio_read32(gicd(c) + GICD_ITARGETSR + i);
		v |= v >> 16;
		v |= v >> 8;
		if (v & 0xff)
			return v & 0xff;
	}
	if (GICD_TYPER_CPUS(mmio_read32(gicd(c) + GICD_TYPER)) == 1)
		return 0;
	agent_fail(VQB_FAIL_UNSUPPORTED, "GICD_ITARGETSR0..7 read 0: no CPU interface number");
}

static void gicv2_probe(struct agent_cpu *c)
{
	uint32_t typer = mmio_read32(gicd(c) + GICD_TYPER);

	if (!c->boot->gicc_base)
		agent_fail(VQB_FAIL_BAD_ABI, "gic_version 2 without a gicc_base");
	if (GICD_TYPER_CPUS(typer) < c->boot->nr_vcpus)
		agent_fail(VQB_FAIL_UNSUPPORTED, "GICD_TYPER 0x%x: %u CPU interfaces for %u vCPUs",
			   typer, GICD_TYPER_CPUS(typer), c->boot->nr_vcpus);
	gicd_sgir = gicd(c) + GICD_SGIR;
}

static void gicv2_dist_init(struct agent_cpu *c)
{
	mmio_write32(0, gicd(c) + GICD_CTLR);
	mmio_write32(GICD_CTLR_ENABLE, gicd(c) + GICD_CTLR);
	if (!(mmio_read32(gicd(c) + GICD_CTLR) & GICD_CTLR_ENABLE))
		agent_fail(VQB_FAIL_UNSUPPORTED, "GICD_CTLR.Enable does not stick");
}

static void gicv2_cpu_init(struct agent_cpu *c)
{
	uintptr_t d = gicd(c), cpu = c->boot->gicc_base;
	unsigned int i;

	/* SGIs and PPIs (banked): group 0, default priority, all off until a path wants one. */
	mmio_write32(~0u, d + GICD_ICENABLER);
	mmio_write32(~0u, d + GICD_ICACTIVER);
	mmio_write32(~0u, d + GICD_ICPENDR);
	mmio_write32(0, d + GICD_IGROUPR);
	for (i = 0; i < 32; i += 4)
		mmio_write32(GIC_PRIO_DEFAULT * 0x01010101u, d + GICD_IPRIORITYR + i);

	mmio_write32(0xff, cpu + GICC_PMR);
	mmio_write32(0, cpu + GICC_BPR);
	mmio_write32(GICC_CTLR_ENABLE, cpu + GICC_CTLR);
	if (!(mmio_read32(cpu + GICC_CTLR) & GICC_CTLR_ENABLE))
		agent_fail(VQB_FAIL_UNSUPPORTED, "GICC_CTLR at 0x%lx: Enable does not stick", cpu);
	gicc_base = cpu;
}

static void gicv2_spi_setup(struct agent_cpu *c, unsigned int intid)
{
	uintptr_t d = gicd(c);
	unsigned int lines = GICD_TYPER_LINES(mmio_read32(d + GICD_TYPER));
	uint32_t bit = 1u << (intid % 32), reg = (intid / 32) * 4;
	uint32_t shift = (intid % 4) * 8, cfg = 2u << ((intid % 16) * 2);
	uintptr_t prio = d + GICD_IPRIORITYR + (intid & ~3u);
	uintptr_t targets = d + GICD_ITARGETSR + (intid & ~3u);
	uintptr_t icfgr = d + GICD_ICFGR + (intid / 16) * 4;
	uint32_t mask = gicv2_cpu_mask(c), v;

	if (intid < 32 || intid >= lines || intid >= GIC_INTID_SPURIOUS)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u is not an SPI of this distributor (32..%u)",
			   intid, (lines < GIC_INTID_SPURIOUS ? lines : GIC_INTID_SPURIOUS) - 1);

	/* Its configuration may only change while it is disabled. */
	mmio_write32(bit, d + GICD_ICENABLER + reg);
	mmio_write32(bit, d + GICD_ICPENDR + reg);
	mmio_write32(bit, d + GICD_ICACTIVER + reg);
	mmio_write32(mmio_read32(d + GICD_IGROUPR + reg) & ~bit, d + GICD_IGROUPR + reg);
	v = mmio_read32(prio);
	mmio_write32((v & ~(0xffu << shift)) | ((uint32_t)GIC_PRIO_DEFAULT << shift), prio);
	if (mask) {
		v = mmio_read32(targets);
		mmio_write32((v & ~(0xffu << shift)) | (mask << shift), targets);
	}
	mmio_write32(mmio_read32(icfgr) | cfg, icfgr);
	mmio_write32(bit, d + GICD_ISENABLER + reg);

	if (((mmio_read32(prio) >> shift) & 0xff) != GIC_PRIO_DEFAULT)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: priority reads 0x%x, wrote 0x%x",
			   intid, (mmio_read32(prio) >> shift) & 0xff, GIC_PRIO_DEFAULT);
	if (mask && ((mmio_read32(targets) >> shift) & 0xff) != mask)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICD_ITARGETSR reads 0x%x, wrote 0x%x",
			   intid, (mmio_read32(targets) >> shift) & 0xff, mask);
	if (!(mmio_read32(icfgr) & cfg))
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICD_ICFGR does not take edge-triggered",
			   intid);
	if (!(mmio_read32(d + GICD_ISENABLER + reg) & bit))
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICD_ISENABLER bit does not stick", intid);
}

static void gicv2_spi_set_pending(struct agent_cpu *c, unsigned int intid)
{
	mmio_write32(1u << (intid % 32), gicd(c) + GICD_ISPENDR + (intid / 32) * 4);
}

/* An SGI or PPI of this CPU's: the distributor's banked registers. */
static void gicv2_private_setup(struct agent_cpu *c, unsigned int intid)
{
	uintptr_t d = gicd(c);
	uint32_t bit = 1u << intid, shift = (intid % 4) * 8;
	uintptr_t prio = d + GICD_IPRIORITYR + (intid & ~3u);
	uint32_t v;

	if (intid >= 32)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u is no SGI or PPI (0..31)", intid);

	/* SGIs may be always enabled (ICENABLER WI), and are unpended through CPENDSGIR: fine. */
	mmio_write32(bit, d + GICD_ICENABLER);
	mmio_write32(bit, d + GICD_ICPENDR);
	mmio_write32(bit, d + GICD_ICACTIVER);
	mmio_write32(mmio_read32(d + GICD_IGROUPR) & ~bit, d + GICD_IGROUPR);
	v = mmio_read32(prio);
	mmio_write32((v & ~(0xffu << shift)) | ((uint32_t)GIC_PRIO_DEFAULT << shift), prio);
	mmio_write32(bit, d + GICD_ISENABLER);

	if (((mmio_read32(prio) >> shift) & 0xff) != GIC_PRIO_DEFAULT)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: priority reads 0x%x, wrote 0x%x",
			   intid, (mmio_read32(prio) >> shift) & 0xff, GIC_PRIO_DEFAULT);
	if (!(mmio_read32(d + GICD_ISENABLER) & bit))
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u: GICD_ISENABLER0 bit does not stick", intid);
}

/* GICD_SGIR for SGI @intid to this CPU alone: its CPU interface bit, as Linux finds it. */
static uint64_t gicv2_sgi_word(struct agent_cpu *c, unsigned int intid)
{
	uint8_t mask = gicv2_cpu_mask(c);

	if (intid >= 16)
		agent_fail(VQB_FAIL_UNSUPPORTED, "INTID %u is no SGI (0..15)", intid);
	if (!mask)
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "one CPU interface (GICD_ITARGETSR RAZ): no SGI can go to another CPU");
	return ((uint64_t)mask << GICD_SGIR_TARGETS_SHIFT) | intid;
}

static void gicv2_sgi_send(uint64_t word)
{
	mmio_write32((uint32_t)word, gicd_sgir);
}

/*
 * The measured path; see gicv3_irq(). Ack and EOI are MMIO here. The IAR
 * of an SGI carries the sender's CPU number (bits 12:10); the EOI takes the
 * IAR back whole.
 */
static inline __attribute__((always_inline)) void gicv2_irq(uint64_t t_vector, uint64_t c_vector,
							     int timer, int cycles)
{
	struct irq_cycles cy = { .vector = c_vector };
	uintptr_t cpu = gicc_base;
	uint64_t t_ack, t_eoi;
	uint32_t iar, intid;

	irq_ack_delay();
	iar = mmio_read32(cpu + GICC_IAR);
	t_ack = read_cntvct();
	cy.ack = irq_cycle_stamp(cycles);
	intid = iar & GICC_IAR_INTID;
	if (intid >= GIC_INTID_SPURIOUS) {
		irq_count_spurious();
		return;
	}
	if (timer)
		vtimer_stop();
	mmio_write32(iar, cpu + GICC_EOIR);
	dsb(sy);		/* an MMIO write is not complete at the isb alone */
	t_eoi = read_cntvct();
	cy.eoi = irq_cycle_stamp(cycles);
	irq_publish(t_vector, t_ack, t_eoi, intid, &cy);
}

static void gicv2_handle_irq(uint64_t t_vector, uint64_t c_vector)
{
	gicv2_irq(t_vector, 0, 0, 0);
}

static void gicv2_handle_timer_irq(uint64_t t_vector, uint64_t c_vector)
{
	gicv2_irq(t_vector, 0, 1, 0);
}

static void gicv2_handle_irq_cycles(uint64_t t_vector, uint64_t c_vector)
{
	gicv2_irq(t_vector, c_vector, 0, 1);
}

static void gicv2_handle_timer_irq_cycles(uint64_t t_vector, uint64_t c_vector)
{
	gicv2_irq(t_vector, c_vector, 1, 1);
}

const struct gic_ops gicv2_ops = {
	.name = "GICv2",
	.probe = gicv2_probe,
	.dist_init = gicv2_dist_init,
	.cpu_init = gicv2_cpu_init,
	.spi_setup = gicv2_spi_setup,
	.spi_set_pending = gicv2_spi_set_pending,
	.private_setup = gicv2_private_setup,
	.sgi_word = gicv2_sgi_word,
	.sgi_send = gicv2_sgi_send,
	.handle_irq = gicv2_handle_irq,
	.handle_timer_irq = gicv2_handle_timer_irq,
	.handle_irq_cycles = gicv2_handle_irq_cycles,
	.handle_timer_irq_cycles = gicv2_handle_timer_irq_cycles,
};
