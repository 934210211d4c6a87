/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The verdict's perf recount (summary.json's per-cell perf_counts,
 * analysis/perf_counts.h): in how many traced cells BPF's event counts
 * equal perf's, which cells differ and by what, and where perf could not
 * count and why.
 */
#ifndef VQB_REPORT_PERF_VERDICT_H
#define VQB_REPORT_PERF_VERDICT_H

#include <stdio.h>

#include "jread.h"

struct fcell;
struct findings;

/* A cell's perf_counts into c (perf, perf_diff, perf_why). */
void perf_verdict_cell(struct fcell *c, const struct jval *cell);
/* The cell into f's counts. */
void perf_verdict_count(struct findings *f, const struct fcell *c);
/* "  perf recount: ..." lines for a terminal; nothing when no cell has one. */
void perf_verdict_print(FILE *out, const struct findings *f);
/* The same as <li> items of the verdict's list. */
void perf_verdict_html(FILE *o, const struct findings *f);

#endif /* VQB_REPORT_PERF_VERDICT_H */
