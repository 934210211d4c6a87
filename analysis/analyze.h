/* SPDX-License-Identifier: GPL-2.0 */
/* One analysis: a raw run in, a results directory out. main.c is only the CLI. */
#ifndef VQB_ANALYZE_H
#define VQB_ANALYZE_H

#include <stdbool.h>
#include <stdint.h>

struct analyze_opts {
	const char *raw_dir;
	const char *out_dir;
	bool quiet;		/* no table on stdout */
	const char *gnuplot;	/* NULL: $VIRQBENCH_GNUPLOT, else "gnuplot" */
	bool has_calib_tol;	/* --calib-tolerance-ns: report cross-domain */
	uint64_t calib_tol_ns;	/* stages whose calibration error is <= this */
	int64_t hist_width_ns;	/* --hist-bucket-us; 0: HIST_DEFAULT_WIDTH_NS */
	int argc;		/* recorded in meta.json */
	char *const *argv;
};

enum {
	ANALYZE_OK = 0,
	ANALYZE_FAIL = 1,	/* bad input or cannot write: diag_last() */
	ANALYZE_PLOT_FAIL = 3,	/* all written but the plots: diag_last() */
};

int analyze(const struct analyze_opts *o);

/*
 * The lab's calibration tolerance when its lab.kv does not state one
 * (calib_tolerance_ns): TCG's clock bracket spans several 16 ns ticks.
 */
#define LAB_CALIB_TOLERANCE_NS 500

/* The raw run's console logs (boots/TAG.console.log, else console.log): paths in RAW. */
size_t console_logs(const char *raw, char ***names);

/*
 * Creates OUT_DIR (and parents) or accepts it when empty or when it holds a
 * previous analysis (meta.json); refuses anything else, and a raw run.
 */
int prepare_out_dir(const char *out);

#endif /* VQB_ANALYZE_H */
