/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What analysis/ knows of each injection path beyond the catalogue
 * (include/virqbench/paths.h): which trace event marks the injection and
 * which marks its interrupts pass. One ops row per catalogue path; nothing
 * else switches on path names.
 */
#ifndef VQB_PATHS_H
#define VQB_PATHS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <virqbench/paths.h>

#include "stages.h"

#define NO_EVENT (-1)

struct path_desc {
	const struct vqb_path_info *pi;	/* the catalogue's row: name, exits per interrupt */
	enum vqb_path id;
	int queued;		/* enum ev_kind marking the injection, or NO_EVENT */
	int inject_check;	/* enum ev_kind that must fire per injection, or NO_EVENT */
	bool queued_spi_only;	/* vmm-*: `queued` marks the SPI; an LPI (a VM with an ITS) has none */
	/*
	 * sgi, vmm-*: the sender's trap starts the host's part: its kvm_exit
	 * with this esr_ec (exit_class.h), 0 for a path with no trap, and on a
	 * vGICv2 trap_ec_v2 when that is not 0 (GICD_SGIR is MMIO there).
	 */
	uint8_t trap_ec, trap_ec_v2;
	bool vdev;		/* vmm-*: bench/'s device stamps handler and answer (host.tsv) */
	bool uirq;		/* soft-vi: IAR read through user space */
	bool direct;		/* v4-direct: the host may see nothing at all */
	bool device;		/* a real device raises it: its host IRQs are reported */
	const char *no_queued;	/* why no injection event, or NULL */
};

/* NULL for a path this version does not know: it gets the four stamp stages. */
const struct path_desc *path_desc_of(const char *name);

/*
 * The row as one cell's interrupts take it, into *out: its trap's class on
 * the cell's vGIC (vgic may be NULL: v3), and no queued event when the
 * cell's INTID is an LPI on a path whose queued event marks only an SPI.
 */
void path_desc_for_cell(const struct path_desc *pd, const char *vgic, bool has_intid,
			uint64_t intid, struct path_desc *out);

/* 0 busy, 1 wfi, -1 another state. */
int state_index(const char *state);

/* The catalogue's exits per interrupt, or -1 when it has none for the state. */
int path_expected_exits(const struct path_desc *pd, const char *state);

/* The route a path's interrupts take in a state when all goes as designed. */
enum route path_nominal_route(const struct path_desc *pd, const char *state);

/*
 * The marks an interrupt of this path passes on route rt, in order, from
 * MK_START to MK_EOI; MK_GAP where the route does not say. At most
 * MAX_ROUTE_MARKS. Returns how many.
 */
#define MAX_ROUTE_MARKS 12
size_t route_marks(const struct path_desc *pd, enum route rt, uint8_t *m);

/* Bit per enum stage: the stages between neighbouring marks of the route. */
uint32_t route_stage_mask(const struct path_desc *pd, enum route rt);

#endif /* VQB_PATHS_H */
