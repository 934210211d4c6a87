// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 13 for the report tools: virqbench-report and -compare write all
 * their files or none (a failure half-way, here the disk full by
 * RLIMIT_FSIZE, leaves an earlier report or comparison byte-identical),
 * and a large cell's histogram percentiles are not taken for another
 * analysis' numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "diag.h"
#include "report.h"
#include "rt.h"

static const struct fx_cell cells[] = {
	{ "v3-vhe-lr-line-busy", "v3", "vhe", "lr-line", "busy", NULL, NULL, 300, 0, 1 },
	{ "v3-vhe-sgi-busy", "v3", "vhe", "sgi", "busy", NULL, NULL, 300, 5000, 3 },
};

static int report(void *dir)
{
	struct report_opts o = { .gnuplot = "/nonexistent/gnuplot", .quiet = true };

	return report_build(dir, &o);
}

struct cmp_args {
	const char *a, *b, *out;
};

static int compare(void *p)
{
	const struct cmp_args *c = p;
	struct compare_opts o;
	FILE *null = fopen("/dev/null", "w");
	int r;

	compare_opts_default(&o);
	o.out = c->out;
	o.table = null;
	o.quiet = true;
	o.gnuplot = "/nonexistent/gnuplot";
	r = compare_run(c->a, c->b, &o);
	fclose(null);
	return r;
}

/* summary.csv with the first total row's p50 moved by delta ns (caller frees). */
static char *shift_p50(const char *csv, long long delta, long long *was)
{
	const char *row = strstr(csv, ",total,"), *f;
	char *out;
	int k;

	if (!row)
		return NULL;
	while (row > csv && row[-1] != '\n')
		row--;
	for (f = row, k = 0; k < 8; k++)
		f = strchr(f, ',') + 1;	/* field 9: p50_ns */
	*was = strtoll(f, NULL, 10);
	if (asprintf(&out, "%.*s%lld%s", (int)(f - csv), csv, *was + delta, strchr(f, ',')) < 0)
		abort();
	return out;
}

/* A histogram cell's percentiles (summary.json says so) are checked within its error. */
static void test_hist_tolerance(void)
{
	char *dir = fx_results("atomic-hist", cells, 1, "h"), *csv = t_read(dir, "summary.csv");
	char *moved, *html;
	long long p50;

	moved = shift_p50(csv, 1, &p50);
	CHECK(moved != NULL && p50 >= 2048);
	t_write(dir, "summary.csv", moved);
	CHECK_INT(report(dir), -2);
	html = t_read(dir, "report.html");
	CHECK_HAS(html, "the samples give");	/* exact: 1 ns off is another analysis */
	CHECK_LACKS(html, "log-linear histogram");
	free(html);
	t_write(dir, "summary.json", "{\"generator\": \"virqbench-analyze\", \"cells\": "
		"[{\"name\": \"v3-vhe-lr-line-busy\", \"percentile_method\": \"histogram\"}]}\n");
	CHECK_INT(report(dir), -2);
	html = t_read(dir, "report.html");
	CHECK_LACKS(html, "the samples give");
	CHECK_HAS(html, "take their percentiles from a log-linear histogram");
	free(html);
	free(moved);
	/* beyond 1/2048 still a warning */
	moved = shift_p50(csv, p50 / 1000 + 2, &p50);
	t_write(dir, "summary.csv", moved);
	CHECK_INT(report(dir), -2);
	html = t_read(dir, "report.html");
	CHECK_HAS(html, "the samples give");
	free(html);
	free(moved);
	free(csv);
	free(dir);
}

void test_atomic(void)
{
	test_hist_tolerance();
	char *dir = fx_results("atomic-rep", cells, 2, "h"), *b = fx_results("atomic-b", cells, 1, "h");
	char *before, *after, *out = t_dir("atomic-cmp");
	struct cmp_args ca = { dir, b, out };

	CHECK_INT(report(dir), -2);	/* all but the plots */
	t_write(dir, "report_cdf_gic-v3.png", "\x89PNG as gnuplot left it");
	before = t_checksums(dir);
	CHECK_HAS(before, "report.html ");
	CHECK_INT(t_with_fsize_limit(2000, report, dir), -1);
	CHECK_HAS(diag_last(), "File too large");
	after = t_checksums(dir);
	CHECK_STR(after, before);
	free(after);
	free(before);

	CHECK_INT(compare(&ca), -2);
	t_write(out, "compare_cdf_v3-vhe-lr-line-busy.png", "\x89PNG as gnuplot left it");
	before = t_checksums(out);
	CHECK_HAS(before, "compare.json ");
	CHECK_INT(t_with_fsize_limit(2000, compare, &ca), -1);
	CHECK_HAS(diag_last(), "File too large");
	after = t_checksums(out);
	CHECK_STR(after, before);
	free(after);
	/* a successful one replaces it, and drops the image it did not make */
	CHECK_INT(compare(&ca), -2);
	after = t_checksums(out);
	CHECK_LACKS(after, "compare_cdf_v3-vhe-lr-line-busy.png");
	CHECK_LACKS(after, ".stage.");
	free(after);
	free(before);
	free(out);
	free(b);
	free(dir);
}
