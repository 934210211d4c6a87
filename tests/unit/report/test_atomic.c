// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench-report and -compare write all their files or none: a failure
 * half-way (here: the disk full, by RLIMIT_FSIZE) leaves an earlier
 * report or comparison byte-identical.
 */
#include <stdlib.h>

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

void test_atomic(void)
{
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
