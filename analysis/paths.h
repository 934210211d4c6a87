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
	bool trap;		/* sgi: the sender's trap starts the host's part */
	bool uirq;		/* soft-vi: IAR read through user space */
	bool direct;		/* v4-direct: the host may see nothing at all */
	bool device;		/* a real device raises it: its host IRQs are reported */
	const char *no_queued;	/* why no injection event, or NULL */
};

/* NULL for a path this version does not know: it gets the four stamp stages. */
const struct path_desc *path_desc_of(const char *name);

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
#define MAX_ROUTE_MARKS 10
size_t route_marks(const struct path_desc *pd, enum route rt, uint8_t *m);

/* Bit per enum stage: the stages between neighbouring marks of the route. */
uint32_t route_stage_mask(const struct path_desc *pd, enum route rt);

#endif /* VQB_PATHS_H */
