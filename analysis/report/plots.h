/* SPDX-License-Identifier: GPL-2.0 */
/* Plot data shared by the report and compare tools. */
#ifndef VQB_REPORT_PLOTS_H
#define VQB_REPORT_PLOTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One CDF as a gnuplot data block: "us<TAB>fraction" rows of sorted v
 * (ns), about 2000 of them plus every one of the top 1000 ranks, so the
 * tail is drawn as measured. Values <= 0 cannot go on a log axis: they
 * are left out (the fractions still count them); returns how many.
 */
size_t cdf_block(FILE *f, const int64_t *v, size_t n);

/*
 * The same samples as a tail (percentile) curve: "x<TAB>us" rows, x =
 * n / (n - i) for the value of rank i (0-based), so 1 is the minimum, 100
 * the p99 and n the maximum; gp_nines_axis() labels it. Values <= 0 are
 * left out (returns how many).
 */
size_t tail_block(FILE *f, const int64_t *v, size_t n);

/* A file name part: [A-Za-z0-9._-] kept, anything else '_' (caller frees). */
char *file_part(const char *s);

/* Log-spaced histogram bins: 10 per decade of ns. */
#define HIST_PER_DECADE 10
/* The bin of v > 0, and the lower edge of bin k in ns. */
int hist_log_bin(int64_t v);
double hist_log_edge(int k);

#endif /* VQB_REPORT_PLOTS_H */
