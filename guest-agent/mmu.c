// SPDX-License-Identifier: GPL-2.0
/*
 * 4 KiB granule, 39-bit VA, walks start at level 1. Each 1 GiB slot wholly
 * below RAM is one Device-nGnRE block; a slot holding RAM gets a level-2
 * table of 2 MiB blocks: Normal write-back for RAM, Device for any part below
 * it, nothing above it (no speculative walks into memory that is not there).
 * vCPU 0 builds the tables once; every vCPU points its TTBR0 at them.
 */
#include <stdint.h>

#include "agent.h"
#include "layout.h"
#include "mmu.h"

#define SZ_2M		(1ul << 21)
#define SZ_1G		(1ul << 30)
#define VA_BITS		39
#define PTRS		512

#define PTE_VALID	(1ul << 0)
#define PTE_TABLE	(1ul << 1)	/* levels 1-2: next-level table, not a block */
#define PTE_ATTR(i)	((uint64_t)(i) << 2)
#define PTE_SH_INNER	(3ul << 8)
#define PTE_AF		(1ul << 10)
#define PTE_PXN		(1ul << 53)
#define PTE_UXN		(1ul << 54)

/* MAIR_EL1 attribute indexes. */
#define ATTR_DEVICE	0
#define ATTR_NORMAL	1
#define MAIR_VALUE	((0x04ul << (8 * ATTR_DEVICE)) |	/* Device-nGnRE */ \
			 (0xfful << (8 * ATTR_NORMAL)))		/* Normal WB RW-allocate */

#define PTE_DEVICE	(PTE_VALID | PTE_ATTR(ATTR_DEVICE) | PTE_AF | PTE_PXN | PTE_UXN)
#define PTE_RAM		(PTE_VALID | PTE_ATTR(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_UXN)

#define TCR_T0SZ	(64ul - VA_BITS)
#define TCR_IRGN0_WBWA	(1ul << 8)
#define TCR_ORGN0_WBWA	(1ul << 10)
#define TCR_SH0_INNER	(3ul << 12)
#define TCR_TG0_4K	(0ul << 14)
#define TCR_EPD1	(1ul << 23)	/* no TTBR1 walks */
#define TCR_TG1_4K	(2ul << 30)
#define TCR_IPS_SHIFT	32

#define SCTLR_SA	(1ul << 3)
#define SCTLR_SA0	(1ul << 4)
#define SCTLR_EOS	(1ul << 11)
#define SCTLR_TSCXT	(1ul << 20)
#define SCTLR_EIS	(1ul << 22)
#define SCTLR_SPAN	(1ul << 23)
#define SCTLR_nTLSMD	(1ul << 28)
#define SCTLR_LSMAOE	(1ul << 29)
/* The ARMv8.0 RES1 bits, little-endian, no alignment checks, WXN off. */
#define SCTLR_MMU_ON	(SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_I | SCTLR_EOS | \
			 SCTLR_TSCXT | SCTLR_EIS | SCTLR_SPAN | SCTLR_nTLSMD | SCTLR_LSMAOE)

#define MAX_L2		(AGENT_PT_SIZE / 4096 - 1)

/* ID_AA64MMFR0_EL1.PARange, capped at 48 bits (52 needs LPA2 with 4 KiB pages). */
static unsigned int pa_range(void)
{
	unsigned int r = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return r > 5 ? 5 : r;
}

static unsigned int pa_bits(unsigned int range)
{
	static const unsigned char bits[] = { 32, 36, 40, 42, 44, 48 };

	return bits[range];
}

void dcache_clean_inval_poc(uintptr_t start, uintptr_t size)
{
	uintptr_t line = 4ul << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	uintptr_t a, end = start + size;

	dsb(sy);
	for (a = start & ~(line - 1); a < end; a += line)
		asm volatile("dc civac, %0" : : "r" (a) : "memory");
	dsb(sy);
}

static void check_below_ram(const char *what, uint64_t base, uint64_t size, uint64_t ram)
{
	if (base && base + size > ram)
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "%s at 0x%lx+0x%lx is not below RAM (0x%lx): the identity map makes only that Device",
			   what, base, size, ram);
}

static void check_in_ram(const char *what, uint64_t base, uint64_t size, uint64_t ram, uint64_t end)
{
	if (base < ram || base + size > end)
		agent_fail(VQB_FAIL_BAD_ABI, "%s at 0x%lx+0x%lx is outside RAM 0x%lx-0x%lx",
			   what, base, size, ram, end);
}

static void check_layout(const struct vqb_boot *b)
{
	uint64_t ram = b->ram_base, end = b->ram_base + b->ram_size;

	unsigned int bits = pa_bits(pa_range());

	if (bits > VA_BITS)
		bits = VA_BITS;
	if ((ram | b->ram_size) & (SZ_2M - 1) || !b->ram_size || end < ram || end > (1ul << bits))
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "RAM 0x%lx+0x%lx: the identity map needs it 2 MiB aligned and below 2^%u",
			   ram, b->ram_size, bits);
	if (((end - 1) >> 30) - (ram >> 30) + 1 > MAX_L2)
		agent_fail(VQB_FAIL_UNSUPPORTED, "RAM 0x%lx+0x%lx spans more than %u GiB slots",
			   ram, b->ram_size, MAX_L2);

	check_in_ram("the agent image", AGENT_IMAGE_BASE, AGENT_IMAGE_MAX, ram, end);
	check_in_ram("struct vqb_shared", VQB_SHARED_BASE, sizeof(struct vqb_shared), ram, end);
	check_in_ram("the agent's private area", AGENT_PRIV_BASE,
		     AGENT_CPU_BASE + AGENT_CPU_SLOTS * AGENT_CPU_SIZE - AGENT_PRIV_BASE, ram, end);
	check_below_ram("GICD", b->gicd_base, VQB_GICD_SIZE, ram);
	check_below_ram("GICR", b->gicr_base, (uint64_t)b->nr_vcpus * VQB_GICR_STRIDE, ram);
	check_below_ram("GICC", b->gicc_base, VQB_GICC_SIZE, ram);
	check_below_ram("the ITS", b->its_base, VQB_ITS_SIZE, ram);
	check_below_ram("the control page", b->ctrl_base, VQB_CTRL_SIZE, ram);
	check_below_ram("the user-space irqchip", b->uirq_base, VQB_UIRQ_SIZE, ram);
	check_below_ram("the vdev", b->vdev_base, VQB_VDEV_SIZE, ram);
}

void mmu_build(const struct vqb_boot *b)
{
	uint64_t *l1 = (uint64_t *)AGENT_PT_BASE;
	uint64_t ram = b->ram_base, end = b->ram_base + b->ram_size;
	unsigned int g, e, nr_l2 = 0;

	check_layout(b);
	for (e = 0; e < PTRS; e++)
		l1[e] = 0;
	for (g = 0; g < PTRS; g++) {
		uint64_t lo = (uint64_t)g * SZ_1G;
		uint64_t *l2;

		if (lo + SZ_1G <= ram) {
			l1[g] = lo | PTE_DEVICE;
			continue;
		}
		if (lo >= end)
			break;
		l2 = l1 + PTRS * ++nr_l2;
		for (e = 0; e < PTRS; e++) {
			uint64_t a = lo + (uint64_t)e * SZ_2M;

			l2[e] = a < ram ? a | PTE_DEVICE : a < end ? a | PTE_RAM : 0;
		}
		l1[g] = (uintptr_t)l2 | PTE_TABLE | PTE_VALID;
	}
	/* Walks are cacheable: no stale line may hide what was just written. */
	dcache_clean_inval_poc(AGENT_PT_BASE, (1ul + nr_l2) * PTRS * sizeof(*l1));
}

void mmu_enable(struct agent_cpu *c)
{
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t tcr = TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER |
		       TCR_TG0_4K | TCR_EPD1 | TCR_TG1_4K |
		       ((uint64_t)pa_range() << TCR_IPS_SHIFT);

	if (((mmfr0 >> 28) & 0xf) == 0xf)
		agent_fail(VQB_FAIL_UNSUPPORTED, "this CPU has no 4 KiB translation granule");

	/*
	 * This vCPU's stack and struct agent_cpu were written with the MMU
	 * off; from here on they are read through the cache.
	 */
	dcache_clean_inval_poc((uintptr_t)c & ~(uintptr_t)(AGENT_CPU_SIZE - 1), AGENT_CPU_SIZE);

	write_sysreg(MAIR_VALUE, mair_el1);
	write_sysreg(tcr, tcr_el1);
	write_sysreg(AGENT_PT_BASE, ttbr0_el1);
	isb();
	asm volatile("tlbi vmalle1" : : : "memory");	/* TLBs are UNKNOWN out of reset */
	dsb(nsh);
	asm volatile("ic iallu" : : : "memory");
	dsb(nsh);
	isb();
	write_sysreg(SCTLR_MMU_ON, sctlr_el1);
	isb();
}
