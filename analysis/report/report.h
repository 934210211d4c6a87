/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virqbench-report: the page a person reads first, rebuilt from a results
 * directory alone (meta.json, summary.csv, summary.json when there, the
 * samples files). Writes DIR/report.html and its plots (report_*.gp, .dat,
 * .png, .svg); every file under a temporary name, renamed into place.
 */
#ifndef VQB_REPORT_REPORT_H
#define VQB_REPORT_REPORT_H

#include <stdbool.h>

struct report_opts {
	const char *gnuplot;	/* NULL: $VIRQBENCH_GNUPLOT, else gnuplot */
	bool quiet;		/* no warnings on stderr */
};

/*
 * 0: written. -1: nothing written (bad input or cannot write; diag_last()
 * says why). -2: report.html written but some plots missing (gnuplot
 * missing or failed; diag_last() says which).
 */
int report_build(const char *dir, const struct report_opts *opt);

#endif /* VQB_REPORT_REPORT_H */
