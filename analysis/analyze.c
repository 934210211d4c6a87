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
#include "diag.h"
#include "fsutil.h"
#include "gnuplot.h"
#include "join.h"
#include "num.h"
#include "plot.h"
#include "raw_run.h"
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

/* Files named PREFIX*: one set of plots per GIC, so their names vary. */
static int remove_plots(const char *out, const char *prefix)
{
	struct dirent *d;
	DIR *dir = opendir(out);
	int r = 0;

	if (!dir)
		return diag_error(out, 0, "cannot open: %s", strerror(errno));
	while ((d = readdir(dir)) && !r) {
		char *p;

		if (strncmp(d->d_name, prefix, strlen(prefix)))
			continue;
		p = xasprintf("%s/%s", out, d->d_name);
		if (unlink(p) && errno != ENOENT)
			r = diag_error(p, 0, "cannot remove the previous analysis' file: %s",
				       strerror(errno));
		free(p);
	}
	closedir(dir);
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
	if (has_file(out, "meta.json")) {
		/*
		 * A previous analysis: its run-wide files go first, so that one
		 * that stops half-way cannot leave an old summary beside new
		 * samples. Only these names; cell files are overwritten or warned of.
		 */
		static const char *const old[] = {
			"summary.csv", "summary.json", "cdf_total.png",
			"cdf_total.dat", "cdf_total.gp", "breakdown.csv",
		};
		size_t i;

		if (remove_plots(out, "breakdown_"))
			return -1;

		for (i = 0; i < ARRAY_SIZE(old); i++) {
			char *p = xasprintf("%s/%s", out, old[i]);

			if (unlink(p) && errno != ENOENT) {
				diag_error(p, 0, "cannot remove the previous analysis' file: %s",
					   strerror(errno));
				free(p);
				return -1;
			}
			free(p);
		}
		return 0;
	}
	dir = opendir(out);
	if (!dir)
		return diag_error(out, 0, "cannot open: %s", strerror(errno));
	/* raw/: the raw run kept inside its results (virqbench-matrix does). */
	while ((d = readdir(dir)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, "..") &&
		    strcmp(d->d_name, "raw"))
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
	int ret;
	char err[1024];
};

static void *samples_job_run(void *p)
{
	struct samples_job *job = p;

	job->ret = write_samples(job->out, job->j);
	if (job->ret)
		snprintf(job->err, sizeof(job->err), "%s", diag_last());
	return NULL;
}

/*
 * Writing a million-row samples file is mostly the kernel copying it; the
 * summary meanwhile only reads the same joined cell. So both run at once.
 */
static int finish_cell(const char *out, const struct cell_join *j,
		       struct cell_summary *cs, int64_t hist_width_ns)
{
	struct samples_job job = { .out = out, .j = j };
	bool threaded;
	pthread_t th;
	int r;

	threaded = use_threads() &&
		   !pthread_create(&th, NULL, samples_job_run, &job);
	if (!threaded)
		samples_job_run(&job);
	summarize_cell_w(cs, j, hist_width_ns);
	r = write_hist(out, cs);
	if (threaded)
		pthread_join(th, NULL);
	if (job.ret)
		return diag_error(NULL, 0, "%s", job.err);
	return r;
}

static int do_cells(const struct analyze_opts *o, const struct run_info *ri,
		    const struct cell_info *cells, struct cell_summary *sums, int64_t width)
{
	size_t c;

	/* One cell at a time: only its summary stays in memory. */
	for (c = 0; c < ri->nr_cells; c++) {
		struct cell_join j;
		int r;

		if (join_cell(&j, &cells[c])) {
			join_free(&j);
			return -1;
		}
		if (cells[c].skipped) {
			/* No samples to write: the summary says why. */
			summarize_cell_w(&sums[c], &j, width);
			join_free(&j);
			continue;
		}
		r = finish_cell(o->out_dir, &j, &sums[c], width);
		join_free(&j);
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
	if (prepare_out_dir(o->out_dir))
		goto out;
	/* meta.json first: it marks OUT_DIR as ours even if we stop half-way. */
	if (write_meta(o->out_dir, &ri, cells, ri.nr_cells, o->argc, o->argv, width))
		goto out;
	if (copy_consoles(o->out_dir, &ri))
		goto out;
	if (do_cells(o, &ri, cells, sums, width))
		goto out;
	if (write_summary_csv(o->out_dir, sums, ri.nr_cells) ||
	    write_summary_json(o->out_dir, &ri, sums, ri.nr_cells, width) ||
	    write_breakdown_csv(o->out_dir, sums, ri.nr_cells))
		goto out;
	warn_stale(o->out_dir, &ri);
	if (plot_cdf_total(o->out_dir, &ri, sums, ri.nr_cells, &plots) ||
	    plot_breakdown(o->out_dir, sums, ri.nr_cells, &plots))
		goto out;
	r = plot_batch_run(gnuplot, o->out_dir, &plots);
	if (!o->quiet) {
		print_table(stdout, sums, ri.nr_cells);
		print_breakdown(stdout, sums, ri.nr_cells);
		print_tracing_cost(stdout, sums, ri.nr_cells);
		fflush(stdout);
	}
	ret = r ? ANALYZE_PLOT_FAIL : ANALYZE_OK;
out:
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
