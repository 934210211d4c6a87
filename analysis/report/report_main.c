// SPDX-License-Identifier: GPL-2.0
/* virqbench-report: the command line of report.c. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "report.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fputs("usage: virqbench-report [-q] DIR\n"
	      "  (Re)builds DIR/report.html and its plots from a results directory\n"
	      "  made by virqbench-analyze (meta.json, summary.csv, <cell>.samples.tsv).\n"
	      "  -q  no warnings\n"
	      "Exit status: 0 ok; 1 bad input or cannot write (nothing replaced);\n"
	      "2 usage; 3 report.html written but plots missing (gnuplot; VIRQBENCH_GNUPLOT names it).\n",
	      f);
}

int main(int argc, char **argv)
{
	struct report_opts o = { 0 };
	const char *dir = NULL;
	int i, r;

	diag_set_prog("virqbench-report");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-q")) {
			o.quiet = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--version")) {
			puts("virqbench-report " VQB_VERSION);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "virqbench-report: unknown option %s\n", argv[i]);
			usage(stderr);
			return 2;
		} else if (!dir) {
			dir = argv[i];
		} else {
			fputs("virqbench-report: one DIR only\n", stderr);
			usage(stderr);
			return 2;
		}
	}
	if (!dir) {
		usage(stderr);
		return 2;
	}
	r = report_build(dir, &o);
	if (r == -1) {
		fprintf(stderr, "virqbench-report: %s\n", diag_last());
		return 1;
	}
	if (r == -2) {
		fprintf(stderr, "virqbench-report: %s/report.html written, but: %s\n", dir, diag_last());
		return 3;
	}
	if (!o.quiet)
		printf("%s/report.html\n", dir);
	return 0;
}
