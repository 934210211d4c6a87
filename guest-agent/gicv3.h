/* SPDX-License-Identifier: GPL-2.0 */
/* GICv3 register map (GIC architecture specification, IHI 0069). */
#ifndef AGENT_GICV3_H
#define AGENT_GICV3_H

#define SZ_64K			0x10000ul

/* Distributor */
#define GICD_CTLR		0x0000
#define GICD_TYPER		0x0004
#define GICD_IGROUPR		0x0080
#define GICD_ISENABLER		0x0100
#define GICD_ICENABLER		0x0180
#define GICD_ISPENDR		0x0200
#define GICD_ICPENDR		0x0280
#define GICD_ICACTIVER		0x0380
#define GICD_IPRIORITYR		0x0400
#define GICD_ICFGR		0x0c00
#define GICD_IROUTER		0x6000
#define GICD_PIDR2		0xffe8

#define GICD_CTLR_RWP		(1u << 31)
#define GICD_CTLR_ARE_NS	(1u << 4)
#define GICD_CTLR_ENABLE_G1A	(1u << 1)	/* EnableGrp1 with one security state */
#define GICD_TYPER_LINES(t)	(32 * (((t) & 0x1f) + 1))
#define GICD_TYPER_LPIS		(1u << 17)
#define GICD_TYPER_IDBITS(t)	((((t) >> 19) & 0x1f) + 1)	/* INTID bits */
#define GICD_IROUTER_AFF_MASK	0xff00fffffful	/* Aff3, Aff2..Aff0; IRM (bit 31) = 0 */

/* Redistributor, RD_base frame */
#define GICR_CTLR		0x0000
#define GICR_TYPER		0x0008
#define GICR_WAKER		0x0014
#define GICR_PROPBASER		0x0070
#define GICR_PENDBASER		0x0078
#define GICR_PIDR2		0xffe8

#define GICR_CTLR_ENABLE_LPIS	(1u << 0)
#define GICR_CTLR_RWP		(1u << 3)
#define GICR_TYPER_PLPIS	(1ul << 0)
#define GICR_TYPER_VLPIS	(1ul << 1)	/* GICv4: two more 64 KiB frames */
#define GICR_TYPER_LAST		(1ul << 4)
#define GICR_TYPER_PROC(t)	(((t) >> 8) & 0xffff)
#define GICR_TYPER_AFF(t)	((t) >> 32)
#define GICR_WAKER_PSLEEP	(1u << 1)
#define GICR_WAKER_CASLEEP	(1u << 2)

/* Redistributor, SGI_base frame (RD_base + 64 KiB): SGIs and PPIs */
#define GICR_SGI_OFFSET		SZ_64K
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_ICPENDR0		0x0280
#define GICR_ICACTIVER0		0x0380
#define GICR_IPRIORITYR0	0x0400

#define GIC_PIDR2_ARCH(p)	(((p) >> 4) & 0xf)

/* CPU interface */
#define ICC_SRE_SRE		(1ul << 0)
#define ICC_CTLR_EOIMODE	(1ul << 1)
#define ICC_CTLR_RSS		(1ul << 18)	/* SGIs reach Aff0 16..255 (ICC_SGI1R.RS) */
#define ICC_IAR_INTID		0xfffffful

/* ICC_SGI1R_EL1 */
#define ICC_SGI1R_AFF1_SHIFT	16
#define ICC_SGI1R_INTID_SHIFT	24
#define ICC_SGI1R_AFF2_SHIFT	32
#define ICC_SGI1R_RS_SHIFT	44
#define ICC_SGI1R_AFF3_SHIFT	48

#define GICR_MAX_FRAMES		512	/* a walk that finds no Last bit stops here */

#endif /* AGENT_GICV3_H */
