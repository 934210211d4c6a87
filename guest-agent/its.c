// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 ITS and LPIs (GIC architecture specification, IHI 0069, chapters 5
 * and 6), as little as one interrupt needs: one device (boot.its_devid), one
 * event (boot.its_eventid), one LPI (boot.intid), one collection (0) on the
 * target's redistributor, flat tables in the agent's private area
 * (layout.h, AGENT_ITS_BASE).
 *
 * The ITS and the redistributor read their tables and the command queue
 * from memory (so does KVM's vITS, from guest memory). The agent asks for
 * Inner Shareable write-back tables, as the RAM is mapped, but an ITS that
 * is not coherent may ignore that; so whatever the GIC must read (the
 * zeroed tables, the LPI's configuration byte, each command) is also
 * cleaned to the point of coherency before the GIC is told about it. All of
 * that is set-up: the measured path is the LPI's ack and EOI alone.
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "gicv3.h"
#include "its.h"
#include "layout.h"
#include "mmio.h"
#include "mmu.h"

#define SZ_4K			0x1000ul
#define SZ_16K			0x4000ul

/* ITS control frame */
#define GITS_CTLR		0x0000
#define GITS_TYPER		0x0008
#define GITS_CBASER		0x0080
#define GITS_CWRITER		0x0088
#define GITS_CREADR		0x0090
#define GITS_BASER(n)		(0x0100 + 8 * (n))
#define GITS_BASER_NR		8
#define GITS_PIDR2		0xffe8

#define GITS_CTLR_ENABLED	(1u << 0)
#define GITS_CTLR_QUIESCENT	(1u << 31)

#define GITS_TYPER_PHYSICAL	(1ul << 0)
#define GITS_TYPER_ITT_ESZ(t)	((((t) >> 4) & 0xf) + 1)	/* bytes */
#define GITS_TYPER_IDBITS(t)	((((t) >> 8) & 0x1f) + 1)	/* EventID bits */
#define GITS_TYPER_DEVBITS(t)	((((t) >> 13) & 0x1f) + 1)	/* DeviceID bits */
#define GITS_TYPER_PTA		(1ul << 19)	/* RDbase: 1 physical address, 0 processor number */

#define GITS_CREADR_STALLED	(1ul << 0)
#define GITS_CQ_OFFSET		0xfffe0ul	/* GITS_CWRITER / GITS_CREADR bits 19:5 */

/* GITS_BASER<n>; Valid, InnerCache, Shareability and Size sit the same in GITS_CBASER. */
#define GITS_BASER_VALID	(1ul << 63)
#define GITS_BASER_INDIRECT	(1ul << 62)
#define GITS_BASER_INNER_SHIFT	59
#define GITS_BASER_TYPE(v)	(((v) >> 56) & 7)
#define GITS_BASER_ESZ(v)	((((v) >> 48) & 0x1f) + 1)	/* bytes */
#define GITS_BASER_RO		((7ul << 56) | (0x1ful << 48))	/* Type, Entry_Size */
#define GITS_BASER_PA		0x0000fffffffff000ul
#define GITS_BASER_PSZ_SHIFT	8
#define GITS_BASER_PSZ		(3ul << GITS_BASER_PSZ_SHIFT)
#define GITS_BASER_TYPE_DEVICE	1
#define GITS_BASER_TYPE_COLL	4
#define GITS_CBASER_PA		0x000ffffffffff000ul

/* GICR_PROPBASER / GICR_PENDBASER */
#define GICR_BASER_INNER_SHIFT	7
#define GICR_PROPBASER_PA	0x000ffffffffff000ul
#define GICR_PENDBASER_PA	0x000fffffffff0000ul
#define GICR_PENDBASER_PTZ	(1ul << 62)	/* the pending table is all zeroes */

/* Memory attributes, the same encodings in every one of those registers. */
#define GIC_SH_INNER		(1ul << 10)
#define GIC_CACHE_RAWAWB	7ul

/* An LPI's configuration byte: priority in 7:2, bit 1 RES1, enable. */
#define LPI_PROP_RES1		(1u << 1)
#define LPI_PROP_ENABLE		(1u << 0)

/* Commands: four doublewords; DW0 7:0 the opcode, 63:32 the DeviceID. */
#define ITS_CMD_SIZE		32
#define ITS_CMD_INT		0x03
#define ITS_CMD_SYNC		0x05
#define ITS_CMD_MAPD		0x08
#define ITS_CMD_MAPC		0x09
#define ITS_CMD_MAPTI		0x0a
#define ITS_CMD_INV		0x0c
#define ITS_CMD_VALID		(1ul << 63)
#define ITS_CMD_DEVID(d)	((uint64_t)(d) << 32)
#define ITS_CMD_RDBASE		0x000fffffffff0000ul	/* DW2 51:16 */
#define ITS_CMD_ITT		0x000fffffffffff00ul	/* DW2 51:8 */
#define ITS_CMDQ_SIZE		SZ_64K
#define ITS_ICID		0	/* the one collection, on the target's redistributor */

/* 2^20 INTIDs: a 1 MiB configuration table, as much as the ITS area (layout.h) has room for. */
#define LPI_MAX_BITS		20

static struct {
	uintptr_t base;		/* the ITS control frame */
	uint8_t *cmdq;
	uint32_t cwriter;	/* byte offset of the next command */
	uint64_t rdbase;	/* the target's redistributor as MAPC and SYNC name it */
	uintptr_t next, limit;	/* what its_alloc() has left */
} its;

/* Bits to number 0..@n. */
static unsigned int bits_for(uint64_t n)
{
	return n ? 64 - (unsigned int)__builtin_clzl(n) : 0;
}

/* Zeroed, cleaned to PoC, @align-aligned memory from the ITS area. */
static uintptr_t its_alloc(uint64_t size, uint64_t align, const char *what)
{
	uintptr_t p = (its.next + align - 1) & ~(align - 1), a;

	if (p + size > its.limit || p + size < p)
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "%s: 0x%lx bytes do not fit the agent's ITS area (0x%x-0x%lx, 0x%lx used)",
			   what, size, AGENT_ITS_BASE, its.limit, its.next - AGENT_ITS_BASE);
	its.next = p + size;
	for (a = p; a < p + size; a += 8)
		*(uint64_t *)a = 0;
	dcache_clean_inval_poc(p, size);
	return p;
}

static const char *its_cmd_name(uint64_t dw0)
{
	switch (dw0 & 0xff) {
	case ITS_CMD_INT:	return "INT";
	case ITS_CMD_SYNC:	return "SYNC";
	case ITS_CMD_MAPD:	return "MAPD";
	case ITS_CMD_MAPC:	return "MAPC";
	case ITS_CMD_MAPTI:	return "MAPTI";
	case ITS_CMD_INV:	return "INV";
	}
	return "?";
}

/* Queues one command and waits until the ITS has consumed it (CREADR == CWRITER). */
static void its_cmd(uint64_t dw0, uint64_t dw1, uint64_t dw2)
{
	uint64_t *cmd = (uint64_t *)(its.cmdq + its.cwriter);
	uint32_t next = (its.cwriter + ITS_CMD_SIZE) % ITS_CMDQ_SIZE;
	uint64_t creadr = 0;

	cmd[0] = dw0;
	cmd[1] = dw1;
	cmd[2] = dw2;
	cmd[3] = 0;
	dcache_clean_inval_poc((uintptr_t)cmd, ITS_CMD_SIZE);	/* ends with a DSB */
	its.cwriter = next;
	mmio_write64(next, its.base + GITS_CWRITER);

	if (!wait_for(((creadr = mmio_read64(its.base + GITS_CREADR)) & GITS_CREADR_STALLED) ||
		      (creadr & GITS_CQ_OFFSET) == next))
		agent_fail(VQB_FAIL_GIC_TIMEOUT,
			   "ITS %s: GITS_CREADR 0x%lx, GITS_CWRITER 0x%x 1 s after queueing it",
			   its_cmd_name(dw0), creadr, next);
	if (creadr & GITS_CREADR_STALLED)
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "ITS stalled on %s (GITS_CREADR 0x%lx): it refused the command 0x%lx 0x%lx 0x%lx",
			   its_cmd_name(dw0), creadr, dw0, dw1, dw2);
}

void its_int(uint32_t devid, uint32_t eventid)
{
	its_cmd(ITS_CMD_INT | ITS_CMD_DEVID(devid), eventid, 0);
}

/* The target's redistributor: configuration and pending tables, then EnableLPIs. */
static void gicr_lpis_enable(struct agent_cpu *c, unsigned int lpi_bits)
{
	uintptr_t rd = c->gicr_rd;
	uint32_t intid = c->boot->intid;
	uint64_t prop, pend, v;

	if (!(mmio_read64(rd + GICR_TYPER) & GICR_TYPER_PLPIS))
		agent_fail(VQB_FAIL_UNSUPPORTED, "GICR 0x%lx: GICR_TYPER 0x%lx has no physical LPIs",
			   rd, mmio_read64(rd + GICR_TYPER));
	if (mmio_read32(rd + GICR_CTLR) & GICR_CTLR_ENABLE_LPIS)
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "GICR 0x%lx: EnableLPIs already set, so its LPI tables cannot be set", rd);

	/* Every other LPI stays disabled (0); ours: priority, the RES1 bit, enabled. */
	prop = its_alloc((1ul << lpi_bits) - LPI_INTID_BASE, SZ_64K, "LPI configuration table");
	pend = its_alloc((1ul << lpi_bits) / 8, SZ_64K, "LPI pending table");
	*(volatile uint8_t *)(prop + intid - LPI_INTID_BASE) =
		GIC_PRIO_DEFAULT | LPI_PROP_RES1 | LPI_PROP_ENABLE;
	dcache_clean_inval_poc(prop + intid - LPI_INTID_BASE, 1);

	v = prop | GIC_SH_INNER | GIC_CACHE_RAWAWB << GICR_BASER_INNER_SHIFT | (lpi_bits - 1);
	mmio_write64(v, rd + GICR_PROPBASER);
	if ((mmio_read64(rd + GICR_PROPBASER) & GICR_PROPBASER_PA) != prop)
		agent_fail(VQB_FAIL_UNSUPPORTED, "GICR_PROPBASER (0x%lx) reads 0x%lx, wrote 0x%lx",
			   rd, mmio_read64(rd + GICR_PROPBASER), v);
	v = pend | GIC_SH_INNER | GIC_CACHE_RAWAWB << GICR_BASER_INNER_SHIFT | GICR_PENDBASER_PTZ;
	mmio_write64(v, rd + GICR_PENDBASER);
	if ((mmio_read64(rd + GICR_PENDBASER) & GICR_PENDBASER_PA) != pend)
		agent_fail(VQB_FAIL_UNSUPPORTED, "GICR_PENDBASER (0x%lx) reads 0x%lx, wrote 0x%lx",
			   rd, mmio_read64(rd + GICR_PENDBASER), v);

	dsb(sy);
	mmio_write32(mmio_read32(rd + GICR_CTLR) | GICR_CTLR_ENABLE_LPIS, rd + GICR_CTLR);
	dsb(sy);
	if (!(mmio_read32(rd + GICR_CTLR) & GICR_CTLR_ENABLE_LPIS))
		agent_fail(VQB_FAIL_UNSUPPORTED, "GICR_CTLR (0x%lx): EnableLPIs does not stick", rd);
}

/*
 * A flat table for IDs 0..@ids-1 in GITS_BASER<n>. Page size as Linux
 * picks it: 64 KiB first (KVM's vITS knows no other), smaller ones if it
 * does not stick. The memory is 64 KiB aligned whatever the page size.
 */
static void its_baser_setup(unsigned int n, uint64_t ids, const char *what)
{
	static const uint64_t psz[] = { SZ_64K, SZ_16K, SZ_4K };
	uintptr_t reg = its.base + GITS_BASER(n);
	uint64_t v = mmio_read64(reg), esz = GITS_BASER_ESZ(v), bytes, mem, want = 0, got = 0;
	unsigned int i;

	bytes = (ids * esz + SZ_64K - 1) & ~(SZ_64K - 1);
	mem = its_alloc(bytes, SZ_64K, what);
	for (i = 0; i < sizeof(psz) / sizeof(psz[0]); i++) {
		if (bytes / psz[i] > 256)
			continue;
		want = GITS_BASER_VALID | GIC_CACHE_RAWAWB << GITS_BASER_INNER_SHIFT |
		       (v & GITS_BASER_RO) | mem | GIC_SH_INNER |
		       (uint64_t)(2 - i) << GITS_BASER_PSZ_SHIFT | (bytes / psz[i] - 1);
		mmio_write64(want, reg);
		got = mmio_read64(reg);
		if ((got & GITS_BASER_PSZ) == (want & GITS_BASER_PSZ))
			break;
	}
	if (i == sizeof(psz) / sizeof(psz[0]) || !(got & GITS_BASER_VALID) ||
	    (got & GITS_BASER_INDIRECT) || (got & GITS_BASER_PA) != mem)
		agent_fail(VQB_FAIL_UNSUPPORTED, "GITS_BASER%u (%s, %lu-byte entries) reads 0x%lx, wrote 0x%lx",
			   n, what, esz, got, want);
}

void its_setup(struct agent_cpu *c)
{
	const struct vqb_boot *b = c->boot;
	uint32_t gicd_typer = mmio_read32(b->gicd_base + GICD_TYPER), pidr2, ctlr;
	uint32_t devid = b->its_devid, eventid = b->its_eventid, intid = b->intid;
	unsigned int lpi_bits = bits_for(intid), ev_bits = bits_for(eventid), n, tables = 0;
	uint64_t typer, v, itt, itt_size;

	its.base = b->its_base;
	its.next = AGENT_ITS_BASE;
	its.limit = AGENT_ITS_BASE + AGENT_ITS_SIZE;
	if (its.limit > b->ram_base + b->ram_size)
		its.limit = b->ram_base + b->ram_size;

	/* The configuration table covers 8192..2^lpi_bits-1; a GIC takes 14 bits at least. */
	if (lpi_bits < 14)
		lpi_bits = 14;
	if (!(gicd_typer & GICD_TYPER_LPIS))
		agent_fail(VQB_FAIL_UNSUPPORTED, "GICD_TYPER 0x%x: this distributor has no LPIs",
			   gicd_typer);
	if (intid < LPI_INTID_BASE || lpi_bits > GICD_TYPER_IDBITS(gicd_typer) ||
	    lpi_bits > LPI_MAX_BITS)
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "INTID %u: LPIs here are %u..%lu (GICD_TYPER.IDbits; the agent's tables stop at 2^%u)",
			   intid, LPI_INTID_BASE, (1ul << GICD_TYPER_IDBITS(gicd_typer)) - 1,
			   LPI_MAX_BITS);

	pidr2 = mmio_read32(its.base + GITS_PIDR2);
	if (GIC_PIDR2_ARCH(pidr2) != 3 && GIC_PIDR2_ARCH(pidr2) != 4)
		agent_fail(VQB_FAIL_UNSUPPORTED, "no ITS at 0x%lx (GITS_PIDR2 0x%x)", its.base, pidr2);
	typer = mmio_read64(its.base + GITS_TYPER);
	if (!(typer & GITS_TYPER_PHYSICAL))
		agent_fail(VQB_FAIL_UNSUPPORTED, "GITS_TYPER 0x%lx: this ITS has no physical LPIs", typer);
	if (bits_for(devid) > GITS_TYPER_DEVBITS(typer))
		agent_fail(VQB_FAIL_UNSUPPORTED, "DeviceID 0x%x: this ITS has %lu DeviceID bits",
			   devid, GITS_TYPER_DEVBITS(typer));
	/* MAPD's Size is EventID bits - 1: one bit at least. */
	if (ev_bits < 1)
		ev_bits = 1;
	if (ev_bits > GITS_TYPER_IDBITS(typer))
		agent_fail(VQB_FAIL_UNSUPPORTED, "EventID 0x%x: this ITS has %lu EventID bits",
			   eventid, GITS_TYPER_IDBITS(typer));

	gicr_lpis_enable(c, lpi_bits);

	/* GITS_BASER<n> and GITS_CBASER only take writes while the ITS is off. */
	ctlr = mmio_read32(its.base + GITS_CTLR);
	if (ctlr & GITS_CTLR_ENABLED) {
		mmio_write32(ctlr & ~GITS_CTLR_ENABLED, its.base + GITS_CTLR);
		if (!wait_for(mmio_read32(its.base + GITS_CTLR) & GITS_CTLR_QUIESCENT))
			agent_fail(VQB_FAIL_GIC_TIMEOUT, "ITS at 0x%lx not quiescent 1 s after disabling it",
				   its.base);
	}
	for (n = 0; n < GITS_BASER_NR; n++) {
		v = mmio_read64(its.base + GITS_BASER(n));
		if (GITS_BASER_TYPE(v) == GITS_BASER_TYPE_DEVICE) {
			its_baser_setup(n, devid + 1ul, "device table");
			tables |= 1;
		} else if (GITS_BASER_TYPE(v) == GITS_BASER_TYPE_COLL) {
			its_baser_setup(n, 1, "collection table");
		}
		/* vPE tables and unimplemented ones: nothing this guest uses. */
	}
	if (!tables)
		agent_fail(VQB_FAIL_UNSUPPORTED, "ITS at 0x%lx: no GITS_BASER<n> is a device table",
			   its.base);

	its.cmdq = (uint8_t *)its_alloc(ITS_CMDQ_SIZE, SZ_64K, "ITS command queue");
	its.cwriter = 0;
	v = GITS_BASER_VALID | GIC_CACHE_RAWAWB << GITS_BASER_INNER_SHIFT | (uintptr_t)its.cmdq |
	    GIC_SH_INNER | (ITS_CMDQ_SIZE / SZ_4K - 1);
	mmio_write64(v, its.base + GITS_CBASER);
	if ((mmio_read64(its.base + GITS_CBASER) & GITS_CBASER_PA) != (uintptr_t)its.cmdq)
		agent_fail(VQB_FAIL_UNSUPPORTED, "GITS_CBASER reads 0x%lx, wrote 0x%lx",
			   mmio_read64(its.base + GITS_CBASER), v);
	mmio_write64(0, its.base + GITS_CWRITER);
	mmio_write32(GITS_CTLR_ENABLED, its.base + GITS_CTLR);
	if (!(mmio_read32(its.base + GITS_CTLR) & GITS_CTLR_ENABLED))
		agent_fail(VQB_FAIL_UNSUPPORTED, "GITS_CTLR: Enabled does not stick");

	its.rdbase = typer & GITS_TYPER_PTA ? c->gicr_rd :
		     GICR_TYPER_PROC(mmio_read64(c->gicr_rd + GICR_TYPER)) << 16;
	itt_size = GITS_TYPER_ITT_ESZ(typer) << ev_bits;
	itt = its_alloc(itt_size, 256, "ITT");

	its_cmd(ITS_CMD_MAPC, 0, ITS_CMD_VALID | (its.rdbase & ITS_CMD_RDBASE) | ITS_ICID);
	its_cmd(ITS_CMD_SYNC, 0, its.rdbase & ITS_CMD_RDBASE);
	its_cmd(ITS_CMD_MAPD | ITS_CMD_DEVID(devid), ev_bits - 1,
		ITS_CMD_VALID | (itt & ITS_CMD_ITT));
	its_cmd(ITS_CMD_MAPTI | ITS_CMD_DEVID(devid), (uint64_t)intid << 32 | eventid, ITS_ICID);
	its_cmd(ITS_CMD_INV | ITS_CMD_DEVID(devid), eventid, 0);
	its_cmd(ITS_CMD_SYNC, 0, its.rdbase & ITS_CMD_RDBASE);
}
