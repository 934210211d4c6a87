// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench-analyze: turns a raw run (doc/raw-format.md) into a results
 * directory: meta.json, per-cell samples and histograms, summary.csv,
 * summary.json and a gnuplot CDF plot.
 */
#include <getopt.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze.h"
#include "join_stream.h"
#include "diag.h"
#include "num.h"
#include "path_catalogue.h"
#include "util.h"
#include "virqbench/exit_codes.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fputs("usage: virqbench-analyze [-q] [--calib-tolerance-ns N] [--hist-bucket-us N] RAW_DIR OUT_DIR\n"
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
	      "       counter's resolution; a lab run's lab.kv states its own,\n"
	      "       500 ns when it does not); they then carry that error\n"
	      "  --hist-bucket-us N\n"
	      "       histogram bucket width in us, one for every cell and stage\n"
	      "       (default 1, as cyclictest's); 0.001 steps allowed (ns)\n"
	      "  --paths\n"
	      "       print the catalogue of injection paths as TSV (name, kind,\n"
	      "       INTID, vCPUs, origin, exits busy and wfi, need, what) and exit\n"
	      "  --no-report\n"
	      "       do not run virqbench-report (from beside this program) on OUT_DIR\n"
	      "  -h   this help\n"
	      "  --version\n"
	      "       print the version and exit\n"
	      "\n"
	      "Environment: VIRQBENCH_GNUPLOT, the gnuplot to run (default: gnuplot);\n"
	      "VIRQBENCH_THREADS=0, use one thread only; VIRQBENCH_EXACT_MAX=N,\n"
	      "VIRQBENCH_STREAM=0|1, VIRQBENCH_STREAM_WINDOW=N: when a cell is summarized\n"
	      "from histograms and joined in windows (analysis/README.md \"Scale\").\n"
	      "Exit status (include/virqbench/exit_codes.h): 0 ok; 1 bad input or\n"
	      "cannot write; 2 usage; 3 everything written except the plots (gnuplot\n"
	      "missing or failed).\n",
	      f);
}

/* "N" or "N.ddd" us into ns, 1 ns to 1 s. */
static int parse_bucket_us(const char *s, int64_t *ns)
{
	const char *dot = strchr(s, '.');
	uint64_t whole = 0, frac = 0;
	char buf[32];
	size_t nf;

	if (strlen(s) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%.*s", dot ? (int)(dot - s) : (int)strlen(s), s);
	if (num_u64(buf, &whole))
		return -1;
	if (dot) {
		nf = strlen(dot + 1);
		if (!nf || nf > 3 || num_u64(dot + 1, &frac))
			return -1;
		while (nf++ < 3)
			frac *= 10;
	}
	if (whole > 1000000 || (whole == 1000000 && frac))
		return -1;
	*ns = (int64_t)(whole * 1000 + frac);
	return *ns > 0 ? 0 : -1;
}

/*
 * By hand as the matrix does: the report is virqbench-report's, run from
 * beside this program; without it, the command to run next.
 */
static void run_report(const char *out, bool quiet)
{
	char self[PATH_MAX], *slash, *tool;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	pid_t pid;
	int st;

	if (n <= 0)
		goto hint;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		goto hint;
	*slash = '\0';
	tool = xasprintf("%s/virqbench-report", self);
	if (access(tool, X_OK)) {
		free(tool);
		goto hint;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (quiet)
			execl(tool, tool, "-q", out, (char *)NULL);
		else
			execl(tool, tool, out, (char *)NULL);
		_exit(127);
	}
	free(tool);
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fprintf(stderr, DIAG_PREFIX "the report was not made; run: virqbench-report %s\n", out);
		return;
	}
	return;
hint:
	fprintf(stderr, "next: virqbench-report %s (./virqbench report %s) makes report.html\n", out, out);
}

_Static_assert(ANALYZE_OK == EXIT_OK && ANALYZE_FAIL == EXIT_MEASURE &&
	       ANALYZE_PLOT_FAIL == EXIT_NO_PLOTS, "analyze() returns the exit status");

int main(int argc, char *argv[])
{
	struct analyze_opts o = { .argc = argc, .argv = argv };
	bool no_report = false;
	int c, r;

	static const struct option longopts[] = {
		{ "calib-tolerance-ns", required_argument, NULL, 'T' },
		{ "hist-bucket-us", required_argument, NULL, 'B' },
		{ "no-report", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ "paths", no_argument, NULL, 'P' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};

	diag_set_prog("virqbench-analyze");
	if (join_stream_env())
		return EXIT_USAGE;
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
		case 'B':
			if (parse_bucket_us(optarg, &o.hist_width_ns)) {
				fprintf(stderr, DIAG_PREFIX "--hist-bucket-us '%s' (expected a width in us from 0.001 to 1000000, at most 3 decimals)\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'R':
			no_report = true;
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
	if ((r == ANALYZE_OK || r == ANALYZE_PLOT_FAIL) && !no_report)
		run_report(o.out_dir, o.quiet);
	return r;
}
