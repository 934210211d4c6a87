// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze.h"
#include "cell_check.h"
#include "diag.h"
#include "fsutil.h"
#include "gnuplot.h"
#include "join.h"
#include "join_stream.h"
#include "num.h"
#include "plot.h"
#include "raw_run.h"
#include "stagedir.h"
#include "summary.h"
#include "util.h"
#include "write_results.h"

static int make_dir(const char *path)
{
	const char *failed;
	int r = mkdir_p(path, &failed);

	return r ? diag_error(failed, 0, "cannot create directory: %s", strerror(-r)) : 0;
}

static bool has_file(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	bool r = access(p, F_OK) == 0;

	free(p);
	return r;
}

int prepare_out_dir(const char *out)
{
	struct stat st;
	struct dirent *d;
	bool empty = true;
	DIR *dir;

	if (stat(out, &st)) {
		if (errno != ENOENT)
			return diag_error(out, 0, "cannot stat: %s", strerror(errno));
		return make_dir(out);
	}
	if (!S_ISDIR(st.st_mode))
		return diag_error(out, 0, "exists and is not a directory (expected a new or empty directory, or a previous analysis)");
	if (has_file(out, "run.kv"))
		return diag_error(out, 0, "holds run.kv: that is a raw run, refusing to write results into it (expected another OUT_DIR)");
	/* A previous analysis: replaced only once the new one is complete (analyze()). */
	if (has_file(out, "meta.json"))
		return 0;
	dir = opendir(out);
	if (!dir)
		return diag_error(out, 0, "cannot open: %s", strerror(errno));
	/* raw/: the raw run kept inside its results (virqbench-matrix does). */
	while ((d = readdir(dir)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
		    strcmp(d->d_name, "raw") && !stagedir_name(d->d_name))
			empty = false;
	closedir(dir);
	if (!empty)
		return diag_error(out, 0, "not empty and no meta.json, so not a previous analysis: refusing to overwrite (expected a new or empty directory)");
	return 0;
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix, size_t *stem)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	if (ls <= lx || strcmp(s + ls - lx, suffix))
		return false;
	*stem = ls - lx;
	return true;
}

/* A re-analysis overwrites; files of cells no longer there would mislead. */
static void warn_stale(const char *out, const struct run_info *ri)
{
	static const char *const suffixes[] = { ".samples.tsv", ".hist.txt" };
	struct dirent *d;
	DIR *dir = opendir(out);

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		size_t stem, i, k;
		bool found = false;

		for (k = 0; k < ARRAY_SIZE(suffixes); k++)
			if (ends_with(d->d_name, suffixes[k], &stem))
				break;
		if (k == ARRAY_SIZE(suffixes))
			continue;
		for (i = 0; i < ri->nr_cells && !found; i++)
			found = strlen(ri->cells[i]) == stem &&
				!strncmp(ri->cells[i], d->d_name, stem);
		if (!found)
			diag_warn(out, 0, "%s is from an earlier analysis: this run has no such cell",
				  d->d_name);
	}
	closedir(dir);
}

/*
 * The lab's own record of its clock: under TCG the calibration bracket
 * spans several counter ticks, so a lab run carries the tolerance it is
 * analysed with (lab.kv calib_tolerance_ns; LAB_CALIB_TOLERANCE_NS for a
 * lab.kv from before it said so). By hand equals the matrix.
 */
static bool lab_calib_tolerance(const struct run_info *ri, uint64_t *ns)
{
	const char *v;

	if (!ri->has_lab)
		return false;
	v = kv_get(&ri->lab, "calib_tolerance_ns");
	if (v && !num_u64(v, ns))
		return true;
	*ns = LAB_CALIB_TOLERANCE_NS;
	return true;
}

static int copy_file(const char *src, const char *dst)
{
	char buf[65536], *tmp = xasprintf("%s.tmp", dst);
	FILE *in = fopen(src, "rb"), *o = in ? fopen(tmp, "wb") : NULL;
	size_t n;
	int e = 0;

	if (!in || !o)
		e = -errno;
	while (!e && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, o) != n)
			e = -errno;
	if (!e && ferror(in))
		e = -EIO;
	if (o && fclose(o) && !e)
		e = -errno;
	if (in)
		fclose(in);
	if (!e && rename(tmp, dst))
		e = -errno;
	if (e)
		unlink(tmp);
	free(tmp);
	return e;
}

/* console.log and boots/TAG.console.log of the raw run, as paths in it. */
size_t console_logs(const char *raw, char ***names)
{
	char *boots = xasprintf("%s/boots", raw);
	DIR *d = opendir(boots);
	struct dirent *de;
	size_t n = 0, cap = 0;

	*names = NULL;
	while (d && (de = readdir(d))) {
		size_t stem;

		if (!ends_with(de->d_name, ".console.log", &stem))
			continue;
		*names = grow_array(*names, &cap, n + 1, sizeof(**names));
		(*names)[n++] = xasprintf("boots/%s", de->d_name);
	}
	if (d)
		closedir(d);
	free(boots);
	if (n) {
		qsort(*names, n, sizeof(**names), cmp_strp);
		return n;
	}
	if (has_file(raw, "console.log")) {
		*names = xmalloc(sizeof(**names));
		(*names)[n++] = xstrdup("console.log");
	}
	return n;
}

/* Each boot's console log (boots/TAG.console.log, or console.log) into OUT. */
static int copy_consoles(const char *out, const struct run_info *ri)
{
	char **names = NULL;
	size_t n = 0, i;
	int r = 0;

	n = console_logs(ri->dir, &names);
	for (i = 0; i < n && !r; i++) {
		char *src = xasprintf("%s/%s", ri->dir, names[i]);
		const char *base = strrchr(names[i], '/') ? strrchr(names[i], '/') + 1 : names[i];
		char *dst = xasprintf("%s/%s", out, base);
		int e = copy_file(src, dst);

		if (e)
			r = diag_error(src, 0, "cannot copy the console log into %s: %s", out,
				       strerror(-e));
		free(src);
		free(dst);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

struct samples_job {
	const char *out;
	const struct cell_join *j;
	struct stage_cols *fill;
	int ret;
	char err[1024];
};

static void *samples_job_run(void *p)
{
	struct samples_job *job = p;

	job->ret = write_samples_fill(job->out, job->j, job->fill);
	if (job->ret)
		snprintf(job->err, sizeof(job->err), "%s", diag_last());
	return NULL;
}

/*
 * Writing a million-row samples file is mostly the kernel copying it; the
 * summary meanwhile only reads the same joined cell. So both run at once.
 * On one thread the samples file comes first, and fills the summary's
 * stage columns as it computes every stage anyway (summary.h).
 */
static int finish_cell(const char *out, const struct cell_join *j,
		       struct cell_summary *cs, int64_t hist_width_ns, struct scratch *sc)
{
	struct samples_job job = { .out = out, .j = j };
	struct stage_cols cols;
	bool threaded;
	pthread_t th;
	int r;

	threaded = use_threads() &&
		   !pthread_create(&th, NULL, samples_job_run, &job);
	if (!threaded) {
		job.fill = summary_cols_plan(&cols, j, sc) ? &cols : NULL;
		samples_job_run(&job);
	}
	summarize_cell_cols(cs, j, hist_width_ns, job.fill, sc);
	scratch_free(sc);
	r = write_hist(out, cs);
	if (threaded)
		pthread_join(th, NULL);
	if (job.ret)
		return diag_error(NULL, 0, "%s", job.err);
	return r;
}

/* A large cell, a window at a time (join_stream.h): samples and histograms as it goes. */
struct streamed {
	const char *out;
	struct samples_out so;
	bool open;
	struct summary_stream *acc;
};

static int streamed_begin(const struct cell_join *j, void *p)
{
	struct streamed *st = p;

	if (samples_open(&st->so, st->out, j, join_stream_columns(j)))
		return -1;
	st->open = true;
	st->acc = summary_stream_begin(j);
	return 0;
}

static int streamed_window(const struct cell_join *j, void *p)
{
	struct streamed *st = p;

	if (cell_check_stamps(j))
		return -1;
	samples_rows(&st->so, j);
	summary_stream_add(st->acc, j);
	return 0;
}

static int stream_cell(const char *out, const struct cell_info *ci,
		       struct cell_summary *cs, int64_t width)
{
	static const struct join_stream_ops ops = {
		.begin = streamed_begin, .window = streamed_window,
	};
	struct streamed st = { .out = out };
	struct cell_join j;
	int r = -1;

	if (join_stream_cell(&j, ci, &ops, &st) || cell_check_count(&j))
		goto out;
	summary_stream_end(st.acc, cs, &j, width);
	st.acc = NULL;
	if (write_hist(out, cs) || samples_commit(&st.so))
		goto out;
	st.open = false;
	r = 0;
out:
	if (st.open)
		samples_abort(&st.so);
	summary_stream_free(st.acc);
	join_free(&j);
	return r;
}

static int do_cells(const char *out, const struct run_info *ri,
		    const struct cell_info *cells, struct cell_summary *sums, int64_t width)
{
	size_t c;

	/* One cell at a time: only its summary stays in memory. */
	for (c = 0; c < ri->nr_cells; c++) {
		struct cell_join j;
		/* The join's event streams, then the summary's columns: the same pages. */
		struct scratch sc = { 0 };
		int r;

		if (join_stream_wanted(&cells[c])) {
			if (stream_cell(out, &cells[c], &sums[c], width))
				return -1;
			continue;
		}
		if (join_cell_spare(&j, &cells[c], &sc) || cell_check(&j)) {
			scratch_free(&sc);
			join_free(&j);
			return -1;
		}
		if (cells[c].skipped) {
			/* No samples to write: the summary says why. */
			summarize_cell_w(&sums[c], &j, width);
			scratch_free(&sc);
			join_free(&j);
			continue;
		}
		r = finish_cell(out, &j, &sums[c], width, &sc);
		join_free(&j);
		/* perf's recount of the trace, beside it (bpf/perf_count.h). */
		if (!r && cells[c].trace == TRACE_ON)
			r = perf_counts_load(&sums[c].perf, cells[c].dir);
		if (r)
			return -1;
	}
	return 0;
}

int analyze(const struct analyze_opts *o)
{
	struct run_info ri;
	struct cell_info *cells = NULL;
	struct cell_summary *sums = NULL;
	const char *gnuplot = gnuplot_program(o->gnuplot);
	/*
	 * The run-wide files of an earlier analysis that this one replaces or,
	 * when it makes none (no gnuplot, another GIC), removes: an old plot
	 * beside a new summary would mislead.
	 */
	static const char *const run_wide[] = {
		"summary.csv", "summary.json", "cdf_total.png", "cdf_total.svg",
		"cdf_total.dat", "cdf_total.gp", "breakdown.csv", NULL,
	};
	static const char *const run_wide_prefix[] = { "breakdown_", NULL };
	struct stagedir sd = { 0 };
	struct plot_batch plots = { 0 };
	int ret = ANALYZE_FAIL, r;
	size_t c, loaded = 0;
	int64_t width;

	if (run_open(&ri, o->raw_dir))
		goto out;
	ri.has_calib_tol = o->has_calib_tol;
	ri.calib_tol_ns = o->calib_tol_ns;
	if (!ri.has_calib_tol && lab_calib_tolerance(&ri, &ri.calib_tol_ns))
		ri.has_calib_tol = true;
	width = o->hist_width_ns > 0 ? o->hist_width_ns : HIST_DEFAULT_WIDTH_NS;
	cells = xcalloc(ri.nr_cells, sizeof(*cells));
	sums = xcalloc(ri.nr_cells, sizeof(*sums));
	/* Every cell.kv first: meta.json needs them, and a bad one stops us early. */
	for (loaded = 0; loaded < ri.nr_cells; loaded++)
		if (cell_info_load(&cells[loaded], &ri, ri.cells[loaded])) {
			loaded++;
			goto out;
		}
	if (prepare_out_dir(o->out_dir) || stagedir_open(&sd, o->out_dir, "analyze"))
		goto out;
	/* Everything into the staging directory: a failure leaves OUT_DIR as it was. */
	if (write_meta(sd.path, &ri, cells, ri.nr_cells, o->argc, o->argv, width) ||
	    copy_consoles(sd.path, &ri) ||
	    do_cells(sd.path, &ri, cells, sums, width) ||
	    write_summary_csv(sd.path, sums, ri.nr_cells) ||
	    write_summary_json(sd.path, &ri, sums, ri.nr_cells, width) ||
	    write_breakdown_csv(sd.path, sums, ri.nr_cells) ||
	    plot_cdf_total(sd.path, &ri, sums, ri.nr_cells, &plots) ||
	    plot_breakdown(sd.path, sums, ri.nr_cells, &plots) ||
	    stagedir_commit(&sd, run_wide, run_wide_prefix))
		goto out;
	warn_stale(o->out_dir, &ri);
	/* Each plot is renamed into place when made (plot.c): none half-drawn. */
	r = plot_batch_run(gnuplot, o->out_dir, &plots);
	if (!o->quiet) {
		print_table(stdout, sums, ri.nr_cells);
		print_suite_share(stdout, sums, ri.nr_cells);
		print_breakdown(stdout, sums, ri.nr_cells);
		print_tracing_cost(stdout, sums, ri.nr_cells);
		fflush(stdout);
	}
	ret = r ? ANALYZE_PLOT_FAIL : ANALYZE_OK;
out:
	stagedir_abort(&sd);
	plot_batch_free(&plots);
	for (c = 0; sums && c < ri.nr_cells; c++)
		cell_summary_free(&sums[c]);
	for (c = 0; c < loaded; c++)
		cell_info_free(&cells[c]);
	free(sums);
	free(cells);
	run_free(&ri);
	return ret;
}
