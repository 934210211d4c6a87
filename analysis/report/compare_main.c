// SPDX-License-Identifier: GPL-2.0
/* virqbench-compare: the command line of compare.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "diag.h"
#include "num.h"
#include "virqbench/exit_codes.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fputs("usage: virqbench-compare [-q] [-o OUTDIR] [--seed N] [--resamples N] [--fail-above PCT] A B\n"
	      "  Compares two results directories (virqbench-analyze's) cell by cell:\n"
	      "  the change B - A of the median and p99 of every stage both have, with a\n"
	      "  99% bootstrap confidence interval, and the Mann-Whitney U test. The\n"
	      "  table goes to stdout; -o OUTDIR also writes compare.csv, compare.json,\n"
	      "  compare.html and one CDF plot per cell there (new, empty, or an earlier\n"
	      "  compare's; never inside A or B). Defaults: --seed 1, --resamples 2000.\n"
	      "  Above the table, a verdict per cell and stage from its rounds (cells\n"
	      "  NAME-r1..-rN together): slower/faster by X %% [interval], or no difference\n"
	      "  the noise between rounds can resolve. --fail-above PCT: exit 4 when a stage\n"
	      "  of B is slower than A's by more than PCT %% even at the interval's low end.\n"
	      "Exit status: 0 compared; 1 refused or bad input (nothing written); 2 usage;\n"
	      "3 written but plots missing (gnuplot; VIRQBENCH_GNUPLOT names it);\n"
	      "4 written, and a regression beyond --fail-above.\n", f);
}

static int num_arg(const char *opt, const char *v, uint64_t max, uint64_t *out)
{
	if (!v || num_u64(v, out) || *out > max) {
		fprintf(stderr, "virqbench-compare: %s needs a number up to %llu\n", opt,
			(unsigned long long)max);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct compare_opts o;
	const char *dir[2] = { NULL, NULL };
	unsigned nd = 0;
	uint64_t v;
	int i, r;

	diag_set_prog("virqbench-compare");
	compare_opts_default(&o);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-q")) {
			o.quiet = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			puts("virqbench-compare " VQB_VERSION);
			return 0;
		} else if (!strcmp(a, "-o")) {
			if (!argv[i + 1]) {
				fputs("virqbench-compare: -o needs OUTDIR\n", stderr);
				return 2;
			}
			o.out = argv[++i];
		} else if (!strcmp(a, "--seed")) {
			if (num_arg(a, argv[i + 1], UINT64_MAX, &v))
				return 2;
			o.seed = v;
			i++;
		} else if (!strcmp(a, "--resamples")) {
			if (num_arg(a, argv[i + 1], 1000000, &v))
				return 2;
			if (!v) {
				fputs("virqbench-compare: --resamples needs at least 1\n", stderr);
				return 2;
			}
			o.resamples = (unsigned)v;
			i++;
		} else if (!strcmp(a, "--fail-above")) {
			const char *val = argv[i + 1];
			char *end;
			double pct = val ? strtod(val, &end) : -1;

			if (!val || end == val || *end || !(pct >= 0) || pct > 1e6) {
				fprintf(stderr, "virqbench-compare: --fail-above needs a percentage (a number from 0), got '%s'\n",
					val ? val : "");
				return 2;
			}
			o.fail_above = pct;
			i++;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "virqbench-compare: unknown option %s\n", a);
			usage(stderr);
			return 2;
		} else if (nd < 2) {
			dir[nd++] = a;
		} else {
			fputs("virqbench-compare: two directories, A and B\n", stderr);
			usage(stderr);
			return 2;
		}
	}
	if (nd != 2) {
		usage(stderr);
		return 2;
	}
	r = compare_run(dir[0], dir[1], &o);
	if (r == -1) {
		fprintf(stderr, "virqbench-compare: %s\n", diag_last());
		return 1;
	}
	if (r == -3) {
		fprintf(stderr, "virqbench-compare: regression: %s\n", diag_last());
		return EXIT_REGRESSION;
	}
	if (r == -2) {
		fprintf(stderr, "virqbench-compare: written, but: %s\n", diag_last());
		return EXIT_NO_PLOTS;
	}
	return EXIT_OK;
}
