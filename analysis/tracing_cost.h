/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tracing costs, from one run: bench/ --trace both runs every cell
 * twice, traced (<cell>) and untraced (<cell>-untraced, trace=off), so the
 * two medians of total latency come from the same boot and host state.
 * And what each BPF program costs per event, from virqtrace --stats.
 */
#ifndef VQB_TRACING_COST_H
#define VQB_TRACING_COST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "summary.h"

struct cost_pair {
	const struct cell_summary *traced, *untraced;
	bool have;		/* both total medians known */
	int64_t traced_p50, untraced_p50;
	double ratio;		/* traced / untraced */
	double change_pct;	/* (ratio - 1) * 100 */
};

/* Fills out (room for n) with each untraced cell and its traced twin. */
size_t tracing_cost_pairs(const struct cell_summary *cs, size_t n,
			  struct cost_pair *out);

struct prog_total {
	char name[24];
	uint64_t run_cnt, run_time_ns;
	size_t cells;
};

/* Each program's runs and time summed over the run's cells. */
size_t bpf_cost_totals(const struct cell_summary *cs, size_t n,
		       struct prog_total *out, size_t max);

static inline double prog_ns_per_event(uint64_t run_time_ns, uint64_t run_cnt)
{
	return run_cnt ? (double)run_time_ns / (double)run_cnt : 0;
}

#endif /* VQB_TRACING_COST_H */
