// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench-analyze: turns a raw run (doc/raw-format.md) into a results
 * directory: meta.json, per-cell samples and histograms, summary.csv,
 * summary.json and a gnuplot CDF plot.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "analyze.h"
#include "diag.h"
#include "num.h"
#include "path_catalogue.h"
#include "virqbench/exit_codes.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fputs("usage: virqbench-analyze [-q] [--calib-tolerance-ns N] RAW_DIR OUT_DIR\n"
	      "       virqbench-analyze --paths\n"
	      "       virqbench-analyze --version\n"
	      "\n"
	      "Reads the raw run in RAW_DIR and writes its results into OUT_DIR\n"
	      "(created; an existing one must be empty or a previous analysis).\n"
	      "\n"
	      "  -q   no summary table on stdout\n"
	      "  --calib-tolerance-ns N\n"
	      "       report stages that mix trace ns with the counter when the\n"
	      "       calibration's error is at most N ns (default: at most the\n"
	      "       counter's resolution); they then carry that error\n"
	      "  --paths\n"
	      "       print the catalogue of injection paths as TSV (name, kind,\n"
	      "       INTID, vCPUs, origin, exits busy and wfi, need, what) and exit\n"
	      "  -h   this help\n"
	      "  --version\n"
	      "       print the version and exit\n"
	      "\n"
	      "Environment: VIRQBENCH_GNUPLOT, the gnuplot to run (default: gnuplot);\n"
	      "VIRQBENCH_THREADS=0, use one thread only.\n"
	      "Exit status (include/virqbench/exit_codes.h): 0 ok; 1 bad input or\n"
	      "cannot write; 2 usage; 3 everything written except the plots (gnuplot\n"
	      "missing or failed).\n",
	      f);
}

_Static_assert(ANALYZE_OK == EXIT_OK && ANALYZE_FAIL == EXIT_MEASURE &&
	       ANALYZE_PLOT_FAIL == EXIT_NO_PLOTS, "analyze() returns the exit status");

int main(int argc, char *argv[])
{
	struct analyze_opts o = { .argc = argc, .argv = argv };
	int c, r;

	static const struct option longopts[] = {
		{ "calib-tolerance-ns", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ "paths", no_argument, NULL, 'P' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};

	diag_set_prog("virqbench-analyze");
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'q':
			o.quiet = true;
			break;
		case 'T':
			if (num_u64(optarg, &o.calib_tol_ns)) {
				fprintf(stderr, DIAG_PREFIX "--calib-tolerance-ns '%s' (expected a number of ns)\n",
					optarg);
				return EXIT_USAGE;
			}
			o.has_calib_tol = true;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'P':
			catalogue_print_tsv(stdout);
			return EXIT_OK;
		case 'V':
			printf("virqbench-analyze %s\n", VQB_VERSION);
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	o.raw_dir = argv[optind];
	o.out_dir = argv[optind + 1];
	/* analyze()'s results are the exit statuses (the assert above main says so). */
	r = analyze(&o);
	if (r == ANALYZE_PLOT_FAIL)
		fprintf(stderr, DIAG_PREFIX "%s\n" DIAG_PREFIX
			"everything else is written in %s; plots missing\n",
			diag_last(), o.out_dir);
	else if (r)
		fprintf(stderr, DIAG_PREFIX "%s\n", diag_last());
	return r;
}
