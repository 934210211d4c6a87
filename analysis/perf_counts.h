/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf's recount of a traced cell (perf.tsv, written by virqtrace
 * --perf-out; bpf/perf_count.h): per kvm tracepoint, perf_event_open's
 * count on the VMM's threads against what the BPF programs recorded in the
 * same window (trace.tsv's rows plus what they leave out by design). The
 * two must be equal; a cell where they are not is flagged with both.
 */
#ifndef VQB_PERF_COUNTS_H
#define VQB_PERF_COUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include <virqbench/trace_events.h>

#include "json.h"
#include "stats.h"

enum perf_state {
	PERF_ABSENT,	/* no perf.tsv: not traced, or a tracer before the recount */
	PERF_OFF,	/* perf.tsv says why it could not count (perf_error) */
	PERF_ON,
};

struct perf_event_count {
	bool counted;			/* perf counted it on some thread */
	uint64_t perf;			/* perf_event_open, summed over threads */
	uint64_t rows, filtered;	/* BPF: trace.tsv rows, left out by design */
	uint64_t seen;			/* hits the programs ran for (rows + filtered + lost) */
	uint64_t bpf;			/* rows + filtered */
	bool agree;			/* perf == bpf, on exact edges */
};

/* Exits of one class on the VMM's threads, the host's share of each (kvm_exit to kvm_entry). */
struct perf_xc {
	char class[16];			/* lib/exit_class.h's name */
	uint64_t exits, cycles, cycles_min, cycles_max, instr, ns;
};
#define PERF_XC_MAX 68

struct perf_counts {
	enum perf_state state;
	char *why;			/* PERF_OFF: perf_error */
	char *missing;			/* perf_missing: events perf could not count */
	char *host_cycles, *host_instr;	/* "on...", or "off: why" */
	char *new_threads;		/* threads made in the window: counted by neither */
	uint64_t threads;
	bool exact;			/* every thread's window edges were placed */
	struct perf_event_count ev[VQT_EV_NR];
	size_t disagree;		/* events whose counts differ */
	struct perf_xc xc[PERF_XC_MAX];
	size_t nr_xc;
	bool agree;			/* PERF_ON, every counted event agrees */
};

/* cell_dir/perf.tsv; absent is no error. 0, or -1 with diag_error(). */
int perf_counts_load(struct perf_counts *pc, const char *cell_dir);
/* Sets each event's bpf and agree, and the cell's disagree and agree. */
void perf_counts_compare(struct perf_counts *pc);
/* "perf_counts": {...} (doc/results-format.md). */
/* per_irq: the cell's host cycles per interrupt, [0] kick, [1] wake-up (summary.h). */
void perf_counts_json(struct json *j, const struct perf_counts *pc, const struct pct *per_irq);
/* "exit: perf 120, bpf 118; entry: ..." of the events that differ. */
void perf_counts_disagreement(const struct perf_counts *pc, char *buf, size_t size);
void perf_counts_free(struct perf_counts *pc);

#endif /* VQB_PERF_COUNTS_H */
