/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Plots through gnuplot: the script and its data file stay in OUT_DIR so
 * that a user can edit and re-plot (`cd OUT_DIR && gnuplot cdf_total.gp`).
 */
#ifndef VQB_PLOT_H
#define VQB_PLOT_H

#include "raw_run.h"
#include "summary.h"

/*
 * Writes cdf_total.dat and cdf_total.gp, then runs `gnuplot` (a command
 * name or path) to make cdf_total.png. Returns 0; -1 when the script or
 * data cannot be written; -2 when gnuplot is missing or fails. diag_last()
 * says which.
 */
int plot_cdf_total(const char *out, const struct run_info *ri,
		   const struct cell_summary *cs, size_t n, const char *gnuplot);

#endif /* VQB_PLOT_H */
