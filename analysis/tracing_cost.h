/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tracing costs, from one run: bench/ --trace both runs every cell
 * twice, traced (<cell>) and untraced (<cell>-untraced, trace=off), so the
 * two medians of total latency come from the same boot and host state.
 * With --rounds N it does so N times (<cell>-r<k>), alternating which goes
 * first: the spread of the untraced medians over the rounds is the noise a
 * cost must exceed before it means anything. And what each BPF program
 * costs per event, from virqtrace --stats.
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

/* The goal: tracing moves no path's median by more than this. */
#define TRACING_COST_GOAL_PCT	3.0

/*
 * Each round pairs a traced and an untraced median from the same boot, so
 * the rounds' changes are paired evidence: their mean with a 95 % Student
 * t interval (k - 1 degrees of freedom) says where the cost lies. One
 * round has no interval, so no verdict.
 */
#define TRACING_COST_LEVEL	0.95

enum cost_verdict {
	COST_UNKNOWN,		/* fewer than two rounds with both medians */
	COST_WITHIN,		/* the whole interval within +-goal */
	COST_OVER,		/* the whole interval above +goal */
	COST_BELOW,		/* the whole interval below -goal: traced is faster */
	COST_NOISE,		/* the interval reaches past the goal: the rounds cannot resolve it */
};

/* One cell over its rounds: the pairs of the same name but for -r<k>. */
struct cost_group {
	const struct cell_summary *first;	/* its first traced cell (round 1) */
	char base[128];				/* the cell's name without -r<k> */
	size_t pairs, rounds;			/* pairs; those with both medians */
	double change_pct;			/* median over rounds of the change */
	double change_min, change_max;
	bool have_ci;				/* two rounds or more */
	double change_mean_pct, ci_lo_pct, ci_hi_pct;	/* mean change and its interval */
	int64_t traced_p50, untraced_p50;	/* medians over rounds of the medians */
	bool have_noise;			/* two untraced rounds or more */
	double noise_pct;	/* median |change| between consecutive untraced rounds */
	bool have_bpf;		/* --stats: the kernel's count of BPF time */
	double bpf_ns_per_irq;	/* BPF run time of the traced cells per interrupt */
	double bpf_pct;		/* ... against the untraced median */
	enum cost_verdict verdict;
};

/*
 * Groups the pairs (from tracing_cost_pairs) by cell over their rounds, in
 * the order of their first pair. Fills out (room for np).
 */
size_t tracing_cost_groups(const struct cost_pair *p, size_t np,
			   struct cost_group *out);
const char *cost_verdict_name(enum cost_verdict v);

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
