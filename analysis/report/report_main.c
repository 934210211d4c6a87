// SPDX-License-Identifier: GPL-2.0
/* virqbench-report: the command line of report.c. */
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#include "diag.h"
#include "findings.h"
#include "jread.h"
#include "report.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fputs("usage: virqbench-report [-q] DIR\n"
	      "       virqbench-report --verdict DIR\n"
	      "  (Re)builds DIR/report.html and its plots from a results directory\n"
	      "  made by virqbench-analyze (meta.json, summary.csv, <cell>.samples.tsv).\n"
	      "  -q  no warnings\n"
	      "  --verdict  print only what the run found (from DIR/summary.json), as make bench ends\n"
	      "Exit status: 0 ok; 1 bad input or cannot write (nothing replaced);\n"
	      "2 usage; 3 report.html written but plots missing (gnuplot; VIRQBENCH_GNUPLOT names it).\n",
	      f);
}

static int print_verdict(const char *dir)
{
	char *p = xasprintf("%s/summary.json", dir);
	struct jval *sum = jr_load(p);
	struct findings f;
	int r = 1;

	free(p);
	if (!sum) {
		fprintf(stderr, "virqbench-report: %s\n", diag_last());
		return 1;
	}
	if (findings_make(&f, sum)) {
		fprintf(stderr, "virqbench-report: %s/summary.json: no cells array (expected virqbench-analyze's summary.json)\n",
			dir);
	} else {
		findings_print(stdout, &f);
		r = 0;
	}
	findings_free(&f);
	jr_free(sum);
	return r;
}

int main(int argc, char **argv)
{
	struct report_opts o = { 0 };
	const char *dir = NULL;
	bool verdict = false;
	int i, r;

	diag_set_prog("virqbench-report");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-q")) {
			o.quiet = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--verdict")) {
			verdict = true;
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
	if (verdict)
		return print_verdict(dir);
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
