/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a run found, from its summary.json alone: the verdict a person reads
 * first, at the top of report.html and at the end of `make bench`
 * (virqbench-report --verdict DIR, which virqbench-matrix runs).
 *
 * - cells measured (status ok, a guest sample), skipped (the host cannot
 *   run the path), failed (anything else), and interrupts lost;
 * - per cell the total latency's median and p99 with their 95 % intervals
 *   (summary.json's p50_ci_ns / p99_ci_ns), "n too small" where the
 *   analysis withheld a percentile;
 * - the exits the interrupt caused (exits_caused p50) against the
 *   architectural model (exits_expected), all exits (exits_p50) beside;
 * - direct injection proven (device_host_irqs == 0), WFI not trapped;
 * - guest cycle stamps: in how many -cycles cells, monotonic or not, and
 *   why a cell that asked has none (no vPMU);
 * - how often the suite's own threads ran inside the interrupts' windows
 *   on a measured vCPU's CPU (suite_in_window: the harness disturbing
 *   what it measures);
 * - what the analysis flagged: a cell's finding, and flags other than ok.
 */
#ifndef VQB_REPORT_FINDINGS_H
#define VQB_REPORT_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "jread.h"

enum fcell_state { FC_MEASURED, FC_SKIPPED, FC_FAILED };

/* perf's recount of the trace (perf_verdict.h): none, off, agrees, differs. */
enum perf_verdict { PV_NONE, PV_OFF, PV_AGREE, PV_DIFFER };

/* An optional integer: `has` false means unknown (null or absent). */
struct fint {
	bool has;
	int64_t v;
};

struct fcell {
	const char *name, *gic, *hyp, *path, *state;
	char path_label[64];	/* the path, and its vGIC when not the host's usual one (-vgicX) */
	enum fcell_state st;
	const char *why;		/* skip reason or error */
	const char *stage;		/* "total", or NULL: no total latency */
	uint64_t count, injected, lost;
	struct fint p50, p99;		/* null: withheld (n too small) */
	uint64_t p99_needs;		/* samples p99 needs, when withheld */
	struct fint p50_lo, p50_hi, p99_lo, p99_hi;	/* hi unknown: open above */
	bool p50_ci, p99_ci;		/* an interval was given */
	struct fint caused, all, expected;
	int match;			/* 1, 0, -1 unknown */
	int direct;			/* direct_injection_proven: 1, 0, -1 not asked */
	struct fint device_host_irqs;
	struct fint wfi_not_trapped;
	int cycles;			/* guest_cycles.on: 1, 0 (off, cycles_why), -1 not asked */
	int cycles_monotonic;		/* guest_cycles.monotonic: 1, 0, -1 unknown */
	const char *cycles_why;
	struct fint suite_windows, suite_any;	/* suite_in_window; unknown: not has */
	const char *finding;		/* summary.json's finding, or NULL */
	char flags[256];		/* "timeout 3, seq_mismatch 1": flags beyond ok */
	enum perf_verdict perf;
	char perf_diff[256];		/* PV_DIFFER: "exit: perf 120, bpf 118; ..." */
	const char *perf_why;		/* PV_OFF: why perf could not count */
};

struct findings {
	size_t ncells, measured, skipped, failed;
	uint64_t injected, lost, cells_lossy;
	size_t exits_match, exits_differ, exits_unknown;
	size_t direct_asked, direct_proven;
	size_t wfi_cells, wfi_untrapped_cells;
	uint64_t wfi_untrapped;
	size_t cycles_asked, cycles_on, cycles_monotonic;	/* -cycles cells */
	const char *cycles_off_why;	/* the first -cycles cell's without them */
	size_t suite_cells, suite_cells_any;	/* cells whose suite_in_window is known, and > 0 */
	uint64_t suite_windows, suite_any;
	size_t flagged;			/* cells with a finding or flags */
	size_t perf_agree, perf_differ, perf_off;
	const char *perf_off_why;	/* the first cell's */
	struct fcell *cell;
};

/* From summary.json (NULL: nothing known). 0, or -1 when it is not one. */
int findings_make(struct findings *f, const struct jval *summary);
void findings_free(struct findings *f);

/* "verdict: ..." and its table, for a terminal. */
void findings_print(FILE *out, const struct findings *f);
/* <section id="verdict">: the same for report.html. */
void findings_html(FILE *out, const struct findings *f);

/* "the suite's own threads ran inside 3 of 8000 interrupts' windows (0.0 %) in 2 of 40 cells", or "" when unknown. */
void findings_suite_line(char *buf, size_t size, const struct findings *f);

/* Something to look at: a failed cell, a lost interrupt, exits against the model, direct injection not proven. */
bool findings_bad(const struct findings *f);

/* One line: "40 measured, 2 skipped, 0 failed; 0 of 8000 interrupts lost; ..." */
void findings_headline(char *buf, size_t size, const struct findings *f);

#endif /* VQB_REPORT_FINDINGS_H */
