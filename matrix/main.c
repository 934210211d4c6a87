// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench-matrix: runs a matrix spec from start to finish. In the lab it
 * boots one emulated server per (GIC, hyp mode) and runs every cell of the
 * spec in it; on an arm64 host with /dev/kvm it runs once, natively. It
 * merges the raw runs, analyses them into results/<id>/ (written as
 * <id>.tmp, renamed when complete), builds the report, and prints the wall
 * time per cell and in total. Ctrl-C keeps every finished cell and marks
 * the run interrupted; a cell past its time limit fails, the matrix goes on.
 *
 * main() reads as its steps: options, spec and plan, boots, merge,
 * analysis, report. The boots are boot.c's, the merged raw run merge.c's,
 * the programs it runs child.c's; no step hands a path to a shell.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "boot.h"
#include "child.h"
#include "diag.h"
#include "fsutil.h"
#include "kv.h"
#include "matrix.h"
#include "merge.h"
#include "plan.h"
#include "progress.h"
#include "sched.h"
#include "spec.h"
#include "timefmt.h"
#include "tree.h"
#include "virqbench/exit_codes.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

/* -j's ceiling: child.c's and progress.c's slots for boots at once. */
#define MATRIX_MAX_JOBS 64

/* Returned by matrix_parse() when the run goes on. */
#define MATRIX_GO (-1)

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	stop_requested = 1;
	/* lab/run.sh traps it, stops the lab and brings out the finished cells. */
	child_forward(sig);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virqbench-matrix [-q] [-j N] [--results DIR] [--id ID] [--build DIR]\n"
		"                        [--cache DIR] [--dry-run] SPEC\n"
		"       virqbench-matrix --version\n"
		"Runs the matrix SPEC (doc/matrix-spec.md; matrix/default.spec is make bench's)\n"
		"and writes results/ID/ with its report. -q: no progress line. -j N, --jobs N:\n"
		"up to N lab boots at once, each in its own work directory, merged in plan\n"
		"order (the same cells and files as -j 1, the default); make bench -j N passes it.\n"
		"Exit status (README.md, Exit status): 0 ok, 1 a boot or cell failed, 2 usage,\n"
		"90 a lab could not run virqbench, 130 interrupted.\n");
}

/* Options into m: MATRIX_GO, or the status to exit with. */
static int matrix_parse(struct matrix *m, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "results", required_argument, NULL, 'r' },
		{ "id", required_argument, NULL, 'i' },
		{ "build", required_argument, NULL, 'b' },
		{ "cache", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	char *end;
	long v;
	int c;

	memset(m, 0, sizeof(*m));
	m->jobs = 1;
	m->results = "results";
	m->build = "build";
	m->cache = "cache";
	while ((c = getopt_long(argc, argv, "qhj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			v = strtol(optarg, &end, 10);
			if (end == optarg || *end || v < 1 || v > MATRIX_MAX_JOBS) {
				fprintf(stderr, "virqbench-matrix: -j/--jobs: '%s' is not a whole number from 1 to %d (lab boots at once)\n",
					optarg, MATRIX_MAX_JOBS);
				return EXIT_USAGE;
			}
			m->jobs = (int)v;
			break;
		case 'r': m->results = optarg; break;
		case 'i': m->id = optarg; break;
		case 'b': m->build = optarg; break;
		case 'c': m->cache = optarg; break;
		case 'n': m->dry = 1; break;
		case 'q': m->quiet = 1; break;
		case 'h': usage(stdout); return EXIT_OK;
		case 'V': printf("virqbench-matrix %s\n", VQB_VERSION); return EXIT_OK;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "virqbench-matrix: expected one SPEC file\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	m->spec_path = argv[optind];
	argv_quote(argc, argv, m->cmdline, sizeof(m->cmdline));
	return MATRIX_GO;
}

static int is_native(void)
{
	struct utsname u;

	return !uname(&u) && !strcmp(u.machine, "aarch64") && !access("/dev/kvm", W_OK);
}

/* The spec, how many boots and cells it makes here, where results go. 0 or -1. */
static int matrix_plan(struct matrix *m)
{
	char err[512];
	struct stat st;

	if (spec_load(m->spec_path, &m->spec, err, sizeof(err))) {
		fprintf(stderr, "virqbench-matrix: %s\n", err);
		return -1;
	}
	m->native = is_native();
	if (!m->native && spec_lab_refusal(&m->spec, err, sizeof(err))) {
		fprintf(stderr, "virqbench-matrix: %s: %s\n", m->spec_path, err);
		return -1;
	}
	m->nboots = m->native ? 1 : spec_boots(&m->spec);
	m->total = plan_cells(m);
	if (!m->id) {
		utc_id(time(NULL), m->idbuf, sizeof(m->idbuf));
		m->id = m->idbuf;
	}
	snprintf(m->out, sizeof(m->out), "%s/%s", m->results, m->id);
	snprintf(m->tmp, sizeof(m->tmp), "%s/%s.tmp", m->results, m->id);
	/* Kept with its results (make clean does not delete it), meta.json's raw_run. */
	snprintf(m->merged, sizeof(m->merged), "%s/raw", m->tmp);
	if (!stat(m->out, &st)) {
		fprintf(stderr, "virqbench-matrix: %s exists; not overwriting it (choose another --id)\n",
			m->out);
		return -1;
	}
	fprintf(stderr, "matrix %s: %d boot%s, %s%d cells%s\n", m->spec_path, m->nboots,
		m->nboots == 1 ? "" : "s", m->native ? "up to " : "", m->total,
		m->native ? " (native: GIC, hyp mode and kernel are this host's own; the spec's "
			    "kernel and qemu are the lab's)"
			  : " (lab)");
	if (m->dry)
		plan_print(stdout, m);
	return 0;
}

/* Signals, the progress line, the start time, an empty merged run. 0 or -1. */
static int matrix_start(struct matrix *m, struct progress *pr)
{
	struct sigaction sa = { .sa_handler = on_signal };
	const char *failed;
	char err[1024];
	int r;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	progress_init(pr, m->total, !m->quiet && isatty(2));
	utc_now(m->start, sizeof(m->start));
	/* An earlier attempt under this id left results/ID.tmp: start afresh. */
	r = tree_remove(m->tmp, &failed);
	if (r) {
		fprintf(stderr, "matrix: cannot remove %s: %s\n", failed, strerror(-r));
		return -1;
	}
	if (merge_start(m->merged, err, sizeof(err))) {
		fprintf(stderr, "matrix: %s\n", err);
		return -1;
	}
	r = mkdir_p(m->results, &failed);
	if (r) {
		fprintf(stderr, "matrix: cannot create %s: %s\n", failed, strerror(-r));
		return -1;
	}
	return 0;
}

/* Boot b's raw run into the merged run, if it brought one out that is fit to merge. */
static void matrix_merge_boot(struct matrix *m, struct boot *b)
{
	char err[PATH_MAX * 3];

	if (!b->started) {
		/* boot_start() failed: it has said why. */
		m->any_fail = 1;
		return;
	}
	if (!boot_judge(b, m))
		return;
	if (merge_boot(m->merged, b->raw, b->tag, b->suffix, err, sizeof(err))) {
		fprintf(stderr, "matrix: boot %s: %s\n", b->tag, err);
		m->any_fail = 1;
		return;
	}
	m->boots_ok++;
}

/*
 * Up to m->jobs boots at once (sched.c), each merged in plan order once it
 * and every boot before it have ended: -j N merges what -j 1 does. Ctrl-C
 * starts no more boots; the running ones stop and bring out what they had.
 */
static void matrix_run_boots(struct matrix *m, struct progress *pr)
{
	struct boot *boots = calloc((size_t)m->nboots, sizeof(*boots));
	struct sched s;
	int i;

	if (!boots || sched_init(&s, m->nboots, m->jobs)) {
		fprintf(stderr, "matrix: out of memory for %d boots\n", m->nboots);
		free(boots);
		m->any_fail = 1;
		return;
	}
	while (!sched_done(&s)) {
		if (stop_requested)
			sched_stop(&s);
		while ((i = sched_next_start(&s)) >= 0) {
			boot_plan(&boots[i], m, i);
			if (boot_start(&boots[i], m, pr))
				sched_ended(&s, i);
		}
		for (i = 0; i < m->nboots; i++)
			if (s.state[i] == SCHED_RUNNING && boots[i].child.pid > 0 &&
			    boot_poll(&boots[i], m, pr))
				sched_ended(&s, i);
		while ((i = sched_next_merge(&s)) >= 0)
			matrix_merge_boot(m, &boots[i]);
		if (!sched_done(&s)) {
			progress_poll(pr);
			usleep(200000);
		}
	}
	sched_free(&s);
	free(boots);
	utc_now(m->end, sizeof(m->end));
}

/* What the run ends with, and what its run.kv records: the worst of its boots. */
static int matrix_status(const struct matrix *m)
{
	if (stop_requested)
		return EXIT_INTERRUPTED;
	if (m->lab_fail)
		return EXIT_LAB;
	return m->any_fail ? EXIT_MEASURE : EXIT_OK;
}

/* One run.kv for the merged run: the matrix's command and times, every boot's GIC/hyp. */
static int matrix_merge(const struct matrix *m)
{
	struct merge_stamp st = {
		.command = m->cmdline, .start_utc = m->start, .end_utc = m->end,
		.run_id = m->id, .interrupted = !!stop_requested, .exit_code = matrix_status(m),
	};
	char err[PATH_MAX * 2], host[256] = "", un[512] = "";
	struct utsname u;

	if (!gethostname(host, sizeof(host) - 1) && *host)
		st.host = host;
	if (!uname(&u)) {
		snprintf(un, sizeof(un), "%s %s %s", u.sysname, u.release, u.machine);
		st.uname = un;
	}

	if (merge_finish(m->merged, &st, err, sizeof(err))) {
		fprintf(stderr, "matrix: %s; the raw run is %s\n", err, m->merged);
		return -1;
	}
	return 0;
}

/*
 * virqbench-analyze, results/ID.tmp/raw -> results/ID.tmp, as a person
 * runs it by hand: the lab's clock tolerance comes from the raw run's
 * lab.kv, not from here. 0 or -1.
 */
static int matrix_analyse(const struct matrix *m)
{
	struct argv_buf a = { .n = 0 };
	int r;

	argv_add(&a, "%s/host/virqbench-analyze", m->build);
	argv_add(&a, "-q");
	argv_add(&a, "--no-report");
	argv_add(&a, "--hist-bucket-us");
	argv_add(&a, "%ld", m->spec.hist_bucket_us);
	argv_add(&a, "%s", m->merged);
	argv_add(&a, "%s", m->tmp);
	r = child_run(a.v, NULL);
	argv_free(&a);
	/* Results without plots are results: the analysis has said what is missing. */
	if (r != EXIT_OK && r != EXIT_NO_PLOTS) {
		fprintf(stderr, "matrix: the analysis failed (exit %d); the raw run is %s\n", r,
			m->merged);
		return -1;
	}
	return 0;
}

/* The report, optional until analysis/report is built; then results/ID in place. */
static int matrix_report(const struct matrix *m)
{
	struct argv_buf a = { .n = 0 };

	argv_add(&a, "%s/host/virqbench-report", m->build);
	argv_add(&a, "%s", m->tmp);
	if (!access(a.v[0], X_OK) && child_run(a.v, "/dev/null") != EXIT_OK)
		fprintf(stderr, "matrix: the report could not be built\n");
	argv_free(&a);
	if (rename(m->tmp, m->out)) {
		fprintf(stderr, "matrix: cannot rename %s to %s: %s\n", m->tmp, m->out,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* What was found, from summary.json: virqbench-report --verdict prints it. */
static void matrix_verdict(const struct matrix *m)
{
	struct argv_buf a = { .n = 0 };

	argv_add(&a, "%s/host/virqbench-report", m->build);
	argv_add(&a, "--verdict");
	argv_add(&a, "%s", m->out);
	fflush(stdout);
	if (access(a.v[0], X_OK) || child_run(a.v, NULL) != EXIT_OK)
		printf("verdict: unknown (virqbench-report --verdict %s did not run)\n", m->out);
	argv_free(&a);
}

/*
 * bench/'s placement warning (a target CPU not isolated, a governor not
 * performance), which it said in a boot's log: said here too, from the
 * merged run.kv, where a person reads the end of the run.
 */
static void matrix_placement_warning(const struct matrix *m)
{
	char path[PATH_MAX + 16];
	const char *w;
	struct kv kv;

	snprintf(path, sizeof(path), "%s/raw/run.kv", m->out);
	if (kv_load(&kv, path))
		return;
	w = kv_get(&kv, "placement_warning");
	if (w && strcmp(w, "none"))
		printf("placement warning: %s\n", w);
	kv_free(&kv);
}

static void matrix_print(const struct matrix *m, const struct progress *pr)
{
	printf("%-44s %-12s %8s\n", "cell", "status", "wall s");
	/* Boot by boot in plan order, as they are merged, whichever ended first (-j). */
	for (int b = 0; b < m->nboots; b++)
		for (int i = 0; i < pr->ncells; i++) {
			const struct cell_time *c = &pr->cells[i];

			if (c->boot != b)
				continue;
			printf("%-44s %-12s %8.1f\n", c->name, c->end ? c->status : "unfinished",
			       (c->end ? c->end : progress_now(pr)) - c->start);
		}
	printf("total wall time: %.1f s for %d cells in %d boot%s%s\n", progress_now(pr),
	       pr->ncells, m->nboots, m->nboots == 1 ? "" : "s",
	       stop_requested ? " (interrupted)" : "");
	printf("report: %s/report.html\n", m->out);
	matrix_placement_warning(m);
	matrix_verdict(m);
}

int main(int argc, char **argv)
{
	static struct progress pr;	/* large: not on the stack */
	static struct matrix m;
	int rc;

	diag_set_prog("virqbench-matrix");
	rc = matrix_parse(&m, argc, argv);
	if (rc != MATRIX_GO)
		return rc;
	if (matrix_plan(&m))
		return EXIT_USAGE;
	if (m.dry)
		return EXIT_OK;
	if (matrix_start(&m, &pr))
		return EXIT_MEASURE;
	matrix_run_boots(&m, &pr);
	if (!m.boots_ok) {
		/* Each failed boot has named its logs; there is nothing to analyse. */
		fprintf(stderr, "matrix: nothing was measured%s\n",
			stop_requested ? " (interrupted)" : "");
		rc = matrix_status(&m);
		return rc ? rc : EXIT_MEASURE;
	}
	if (matrix_merge(&m) || matrix_analyse(&m) || matrix_report(&m))
		return EXIT_MEASURE;
	matrix_print(&m, &pr);
	return matrix_status(&m);
}
