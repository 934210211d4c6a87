/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plots through gnuplot: the script and its data file stay in OUT_DIR so
 * that a user can edit and re-plot (`cd OUT_DIR && gnuplot cdf_total.gp`).
 */
#ifndef VQB_PLOT_H
#define VQB_PLOT_H

#include <stdio.h>

#include "raw_run.h"
#include "summary.h"

/* The plots of a run, made by one gnuplot: its start-up costs more than a plot. */
struct plot_job {
	char *script, *name;
	const char *fmt;	/* "png" or "svg": the script picks its terminal */
};

struct plot_batch {
	struct plot_job *job;
	size_t n, cap;
};

void plot_batch_add(struct plot_batch *b, const char *script, const char *name,
		    const char *fmt);
void plot_batch_free(struct plot_batch *b);

/*
 * Runs gnuplot (a command name or path) in OUT on every job, each script
 * with `outfile` (a temporary name) and `fmt` set, and renames each plot
 * into place: a reader never sees half a plot. 0, or -2 when gnuplot is
 * missing or fails (diag_last() says which).
 */
int plot_batch_run(const char *gnuplot, const char *out,
		   const struct plot_batch *b);

/*
 * Writes cdf_total.dat and cdf_total.gp and adds cdf_total.png to the
 * batch. 0, or -1 when the script or data cannot be written.
 */
int plot_cdf_total(const char *out, const struct run_info *ri,
		   const struct cell_summary *cs, size_t n, struct plot_batch *b);

/*
 * breakdown_<gic>.{dat,gp}, and breakdown_<gic>.{png,svg} into the batch:
 * stacked bars of each cell's stage breakdown, one plot per host GIC in
 * the run. Returns as plot_cdf_total.
 */
int plot_breakdown(const char *out, const struct cell_summary *cs, size_t n,
		   struct plot_batch *b);

#endif /* VQB_PLOT_H */
