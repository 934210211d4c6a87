// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench-analyze: turns a raw run (doc/raw-format.md) into a results
 * directory: meta.json, per-cell samples and histograms, summary.csv,
 * summary.json and a gnuplot CDF plot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analyze.h"
#include "diag.h"

static void usage(FILE *f)
{
	fputs("usage: virqbench-analyze [-q] RAW_DIR OUT_DIR\n"
	      "\n"
	      "Reads the raw run in RAW_DIR and writes its results into OUT_DIR\n"
	      "(created; an existing one must be empty or a previous analysis).\n"
	      "\n"
	      "  -q   no summary table on stdout\n"
	      "  -h   this help\n"
	      "\n"
	      "Environment: VIRQBENCH_GNUPLOT, the gnuplot to run (default: gnuplot);\n"
	      "VIRQBENCH_THREADS=0, use one thread only.\n"
	      "Exit status: 0 ok; 1 bad input or cannot write; 2 usage;\n"
	      "3 everything written except the plot (gnuplot missing or failed).\n",
	      f);
}

int main(int argc, char *argv[])
{
	struct analyze_opts o = { .argc = argc, .argv = argv };
	int c, r;

	while ((c = getopt(argc, argv, "qh")) != -1) {
		switch (c) {
		case 'q':
			o.quiet = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	o.raw_dir = argv[optind];
	o.out_dir = argv[optind + 1];
	r = analyze(&o);
	if (r == ANALYZE_PLOT_FAIL)
		fprintf(stderr, DIAG_PREFIX "%s\n" DIAG_PREFIX
			"everything else is written in %s; no cdf_total.png\n",
			diag_last(), o.out_dir);
	else if (r)
		fprintf(stderr, DIAG_PREFIX "%s\n", diag_last());
	return r;
}
