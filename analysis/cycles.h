/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's cycle stamps of a -cycles cell (bench --guest-cycles):
 * PMCCNTR_EL0 beside t_vector, t_ack and t_eoi (guest.tsv's c_*). The
 * guest-only stages get a figure in cycles and, through the cycle rate the
 * agent calibrated against CNTVCT (cell.kv guest_cycle_hz), a finer ns
 * figure. KVM's vPMU counts only while the guest runs, so these are the
 * guest's own cycles: time the host spent in between (an exit, the
 * stamp's own trap) is not in them. doc/clocks.md, "Guest cycles".
 */
#ifndef VQB_CYCLES_H
#define VQB_CYCLES_H

#include <stdbool.h>
#include <stdint.h>

#include "resolution.h"
#include "stats.h"

struct cell_join;
struct json;

/* The guest-only stages that get a cycle figure. */
enum cycle_stage { CY_VECTOR_TO_ACK, CY_ACK_TO_EOI, CY_NR };
extern const char *const cycle_stage_names[CY_NR];

/*
 * Exits the stamps add to the model, inside [start, t_eoi] on the target:
 * the trapped reads at vector entry and after the ack (the one after t_eoi
 * falls outside the window).
 */
#define CYCLE_STAMP_EXITS 2

struct cycle_summary {
	bool requested;		/* cell.kv has guest_cycles: a -cycles cell */
	bool on;		/* the agent stamped cycles */
	const char *why;	/* off: cell.kv's guest_cycles_why, or the analysis' reason */
	uint64_t hz;		/* cycles per second (guest_cycle_hz), 0 unknown */
	uint64_t stamp;		/* cycles one stamp adds to a stage (guest_cycle_stamp_cost), 0 unknown */
	uint64_t rows;		/* measured samples with cycle stamps */
	uint64_t not_monotonic;	/* samples with c_vector > c_ack > c_eoi, or behind the one before */
	uint64_t first_bad_seq;
	struct pct cyc[CY_NR];	/* in cycles */
	struct pct ns[CY_NR];	/* the same in ns, through hz */
	struct resolution res[CY_NR];
};

/* From the joined cell: the cycle figures, or why there are none. */
void cycles_summarize(struct cycle_summary *cy, const struct cell_join *j);
/* summary.json's "guest_cycles" value: null for a cell that did not ask. */
void cycles_json(struct json *j, const struct cycle_summary *cy);

#endif /* VQB_CYCLES_H */
