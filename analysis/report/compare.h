/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virqbench-compare: two results directories, cell by cell (cells match by
 * name, gic-hyp-path-state), every stage both have: the change of the
 * median and of p99 with a bootstrap confidence interval, and the
 * Mann-Whitney U test; above them, per logical cell (its rounds together),
 * the verdict against the noise between rounds (verdicts.h). Reads A and
 * B, never writes there.
 */
#ifndef VQB_REPORT_COMPARE_H
#define VQB_REPORT_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rstats.h"

#define CMP_SEED 1
#define CMP_RESAMPLES 2000
#define CMP_LEVEL 0.99		/* CI level; MWU's threshold is 1 - this */
/* A percentile's CI means something with this many samples beyond it. */
#define CMP_MIN_BEYOND 5

struct compare_opts {
	const char *out;	/* OUTDIR, or NULL: the table on stdout only */
	uint64_t seed;
	unsigned resamples;
	double level;
	const char *gnuplot;	/* NULL: $VIRQBENCH_GNUPLOT, else gnuplot */
	FILE *table;		/* where the text table goes (stdout) */
	bool quiet;		/* no warnings on stderr */
	double fail_above;	/* --fail-above PCT: a regression gate, < 0: none */
};

void compare_opts_default(struct compare_opts *o);

/* One percentile's change. */
struct cmp_pct {
	struct pct_diff d;
	bool enough;	/* both runs have CMP_MIN_BEYOND samples beyond it */
};

/* One stage (or exits) of one cell in both runs. */
struct cmp_series {
	size_t na, nb;
	struct cmp_pct p50, p99;
	struct mwu mwu;
	bool mwu_significant;	/* p < 1 - level */
};

/*
 * Compares two sorted samples; key (cell and stage) makes the seed of each
 * comparison, so a cell's answer does not depend on which others are there.
 */
void compare_series(const int64_t *a, size_t na, const int64_t *b, size_t nb,
		    const struct compare_opts *o, const char *key,
		    struct cmp_series *out);

/*
 * 0: compared (table written, and OUTDIR's files when asked for).
 * -1: refused or failed, nothing written (diag_last() says why: not a
 * results directory, a malformed samples file, no shared cell, OUTDIR in
 * A or B). -2: written, but some plots missing (gnuplot). -3: written,
 * and a stage of B is slower than A's by more than fail_above percent
 * beyond the noise between rounds (verdicts.h).
 */
int compare_run(const char *a, const char *b, const struct compare_opts *o);

#endif /* VQB_REPORT_COMPARE_H */
