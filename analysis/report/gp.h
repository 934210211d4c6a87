/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gnuplot for the report and compare tools. Each plot is a script
 * <base>.gp beside its <base>.dat that a person can re-run in the
 * directory (`gnuplot <base>.gp` writes <base>.png and <base>.svg). The
 * tools run all the plots of a page in one gnuplot process, each writing
 * under a temporary name, and rename what was made into place.
 */
#ifndef VQB_REPORT_GP_H
#define VQB_REPORT_GP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "gnuplot.h"	/* gnuplot_str(), and the launch gp_run() goes through */

struct gp_batch {
	char *dir;
	size_t n, cap;
	char **base;
	bool *made;	/* after gp_run: <base>.png and .svg are in place */
};

void gp_init(struct gp_batch *b, const char *dir);
void gp_add(struct gp_batch *b, const char *base);
/*
 * Runs the batch through gnuplot_run(); 0 when every plot was made, else
 * -1 with diag_error() (the plots made before a failure are still renamed
 * into place). gnuplot: the program; NULL: gnuplot_program(NULL).
 */
int gp_run(struct gp_batch *b, const char *gnuplot);
bool gp_made(const struct gp_batch *b, const char *base);
void gp_free(struct gp_batch *b);

/* The script's first lines: comment, outbase default, PNG terminal. */
void gp_begin(FILE *f, const char *base, const char *what, int w, int h);
/* The last: the same plot again as SVG. */
void gp_end(FILE *f, int w, int h);

/*
 * A log time axis in microseconds from lo_us to hi_us (> 0), widened to
 * whole decades, with tics named in ns, us, ms or s and minor tics
 * between (1 ns to 100 s at most).
 */
void gp_time_axis(FILE *f, double lo_us, double hi_us);
/* The same on axis ax ('x' or 'y'). */
void gp_time_axis_on(FILE *f, char ax, double lo_us, double hi_us);
/*
 * HdrHistogram's percentile axis on x: 1/(1 - fraction) on a log scale,
 * labelled 0 %, 50 %, 90 %, 99 %, 99.9 %... up to the nines n samples reach.
 */
void gp_nines_axis(FILE *f, size_t n);

/* Line colours: by path, by GIC version, by stage; dash type by state. */
const char *gp_color_path(const char *path);
const char *gp_color_gic(const char *gic);
const char *gp_color_stage(const char *stage, size_t i);
int gp_dash_state(const char *state);

#endif /* VQB_REPORT_GP_H */
