// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "diag.h"
#include "jread.h"
#include "rt.h"
#include "util.h"

static const struct fx_cell base[] = {
	{ "v3-vhe-lr-line-busy", "v3", "vhe", "lr-line", "busy", NULL, NULL, 1000, 0, 1 },
	{ "v3-vhe-sgi-busy", "v3", "vhe", "sgi", "busy", NULL, NULL, 1000, 0, 2 },
	{ "v3-vhe-vtimer-busy", "v3", "vhe", "vtimer", "busy", NULL, NULL, 1000, 0, 3 },
};

/* The same draws, lr-line 6 us slower in inject_to_vector (so in total). */
static const struct fx_cell slower[] = {
	{ "v3-vhe-lr-line-busy", "v3", "vhe", "lr-line", "busy", NULL, NULL, 1000, 6000, 1 },
	{ "v3-vhe-sgi-busy", "v3", "vhe", "sgi", "busy", NULL, NULL, 1000, 0, 2 },
	{ "v3-vhe-lr-msi-busy", "v3", "vhe", "lr-msi", "busy", NULL, NULL, 1000, 0, 4 },
};

static const struct fx_cell other[] = {
	{ "v2-vhe-lr-line-busy", "v2", "vhe", "lr-line", "busy", NULL, NULL, 100, 0, 1 },
};

static struct compare_opts opts(const char *out, FILE *table)
{
	struct compare_opts o;

	compare_opts_default(&o);
	o.out = out;
	o.table = table;
	o.quiet = true;
	o.gnuplot = "/nonexistent/gnuplot";
	return o;
}

static const struct jval *stage(const struct jval *j, const char *cell, const char *st)
{
	const struct jval *cells = jr_get(j, "cells");
	size_t i, k;

	for (i = 0; cells && i < cells->n; i++) {
		const struct jval *s;

		if (strcmp(jr_gets(cells->v[i], "name"), cell))
			continue;
		s = jr_get(cells->v[i], "stages");
		for (k = 0; s && k < s->n; k++)
			if (!strcmp(jr_gets(s->v[k], "stage"), st))
				return s->v[k];
	}
	return NULL;
}

static bool sig(const struct jval *s, const char *what)
{
	return jr_gettrue(jr_get(s, what), "significant");
}

static double num(const struct jval *s, const char *what, const char *key)
{
	const struct jval *v = jr_get(jr_get(s, what), key);

	return v && v->t == J_NUM ? v->num : 0.0 / 0.0;
}

/* meta.json's first brace, with `members` put inside it first. */
static void meta_prepend(const char *dir, const char *members)
{
	char *m = t_read(dir, "meta.json"), *n;

	if (!m)
		return;
	n = xasprintf("{%s,%s", members, strchr(m, '{') + 1);
	t_write(dir, "meta.json", n);
	free(n);
	free(m);
}

/* What changes the numbers, recorded per run, is set side by side. */
static void test_provenance_diffs(void)
{
	char *a = fx_results("cmp-prov-a", base, 3, "h"), *b = fx_results("cmp-prov-b", base, 3, "h");
	char *text = NULL;
	size_t tlen = 0;
	struct compare_opts o;
	FILE *tf;

	meta_prepend(a, "\"provenance\": {\"cpufreq_governor\": \"performance\", \"midr\": \"0x410fd0c1\", "
			"\"vulnerabilities\": \"spectre_bhb: Mitigation\"}, \"hist_bucket_ns\": 1000, "
			"\"boots\": [{\"tag\": \"v3-vhe\", \"qemu_version\": \"7.2\"}]");
	meta_prepend(b, "\"provenance\": {\"cpufreq_governor\": \"powersave\", \"midr\": \"0x410fd0c1\"}, "
			"\"hist_bucket_ns\": 5000, \"boots\": [{\"tag\": \"v3-vhe\", \"qemu_version\": \"10.0\"}]");
	tf = open_memstream(&text, &tlen);
	o = opts(NULL, tf);
	compare_run(a, b, &o);
	fclose(tf);
	CHECK_HAS(text, "differ: cpufreq_governor: A performance, B powersave");
	CHECK_HAS(text, "differ: vulnerabilities: A spectre_bhb: Mitigation, B (not recorded)");
	CHECK_HAS(text, "differ: boots' qemu_version: A v3-vhe=7.2, B v3-vhe=10.0");
	CHECK_HAS(text, "differ: hist_bucket_ns: A 1000, B 5000");
	CHECK_LACKS(text, "differ: midr");
	free(text);
	free(a);
	free(b);
}

void test_compare(void)
{
	char *a = fx_results("cmp-a", base, 3, "h"), *b = fx_results("cmp-b", slower, 3, "h");
	char *c = fx_results("cmp-c", other, 1, "h");
	char *sa = t_checksums(a), *sb = t_checksums(b), *out, *p, *text = NULL;
	size_t tlen = 0;
	struct compare_opts o;
	struct jval *j;
	const struct jval *s;
	FILE *tf;

	test_provenance_diffs();
	int seen_all = 1;
	size_t i, k;

	/* Identical runs: nothing significant anywhere. */
	out = t_path("cmp-same");
	o = opts(out, NULL);
	CHECK_INT(compare_run(a, a, &o), -2);	/* no gnuplot: all but the plots */
	p = xasprintf("%s/compare.json", out);
	j = jr_load(p);
	free(p);
	CHECK(j != NULL);
	for (i = 0; j && i < jr_get(j, "cells")->n; i++) {
		const struct jval *st = jr_get(jr_get(j, "cells")->v[i], "stages");

		for (k = 0; k < st->n; k++) {
			seen_all &= !sig(st->v[k], "p50") && !sig(st->v[k], "p99") &&
				    !sig(st->v[k], "mwu");
			seen_all &= num(st->v[k], "p50", "diff") == 0;
		}
	}
	CHECK(seen_all);
	CHECK_INT(jr_get(j, "cells")->n, 3);
	jr_free(j);
	CHECK(t_exists(out, "compare.csv"));
	CHECK(t_exists(out, "compare.html"));
	CHECK(t_exists(out, "compare_cdf_v3-vhe-sgi-busy.gp"));

	/* Shifted: significant, the sign right; the unchanged cell is not. */
	tf = open_memstream(&text, &tlen);
	out = t_path("cmp-shift");
	o = opts(out, tf);
	CHECK_INT(compare_run(a, b, &o), -2);
	fclose(tf);
	CHECK_HAS(text, "v3-vhe-lr-line-busy\n  inject_to_vector");
	CHECK_HAS(text, "Only in A (not in B, or not measured there): v3-vhe-vtimer-busy");
	CHECK_HAS(text, "Only in B (not in A, or not measured there): v3-vhe-lr-msi-busy");
	CHECK_HAS(text, "2 cells in both; within each run's samples only (the verdicts above weigh the rounds), total latency changed: median in 1 (1 slower, 0 faster)");
	free(text);
	p = xasprintf("%s/compare.json", out);
	j = jr_load(p);
	free(p);
	s = stage(j, "v3-vhe-lr-line-busy", "total");
	CHECK(s != NULL);
	CHECK(sig(s, "p50"));
	CHECK(num(s, "p50", "diff") == 6000);
	CHECK(num(s, "p50", "ci_lo") > 0);
	CHECK(sig(s, "mwu"));
	CHECK(num(s, "mwu", "z") > 0);
	s = stage(j, "v3-vhe-lr-line-busy", "vector_to_ack");
	CHECK(s && !sig(s, "p50") && !sig(s, "mwu"));
	s = stage(j, "v3-vhe-lr-line-busy", "exits");
	CHECK(s && jr_gets(s, "unit") && !strcmp(jr_gets(s, "unit"), "count"));
	s = stage(j, "v3-vhe-sgi-busy", "total");
	CHECK(s && !sig(s, "p50") && !sig(s, "p99"));
	CHECK_STR(jr_str(jr_at(jr_get(j, "only_in_a"), 0)), "v3-vhe-vtimer-busy");
	CHECK_STR(jr_str(jr_at(jr_get(j, "only_in_b"), 0)), "v3-vhe-lr-msi-busy");
	jr_free(j);
	/* Reversed: faster, the interval below 0. */
	out = t_path("cmp-rev");
	o = opts(out, NULL);
	CHECK_INT(compare_run(b, a, &o), -2);
	p = xasprintf("%s/compare.json", out);
	j = jr_load(p);
	free(p);
	s = stage(j, "v3-vhe-lr-line-busy", "total");
	CHECK(s && sig(s, "p50") && num(s, "p50", "diff") == -6000 && num(s, "p50", "ci_hi") < 0);
	jr_free(j);

	/* Determinism: the same seed, the same files; another seed, other CIs. */
	{
		char *o1 = t_path("cmp-d1"), *o2 = t_path("cmp-d2"), *o3 = t_path("cmp-d3");
		char *c1, *c2, *c3;

		o = opts(o1, NULL);
		compare_run(a, b, &o);
		o = opts(o2, NULL);
		compare_run(a, b, &o);
		o = opts(o3, NULL);
		o.seed = 99;
		compare_run(a, b, &o);
		c1 = t_read(o1, "compare.csv");
		c2 = t_read(o2, "compare.csv");
		c3 = t_read(o3, "compare.csv");
		CHECK(c1 && c2 && c3);
		CHECK_STR(c1, c2);
		CHECK(c1 && c3 && strcmp(c1, c3));
		free(c1);
		free(c2);
		free(c3);
		free(o1);
		free(o2);
		free(o3);
	}

	/* Refusals: one message, nothing written. */
	out = t_path("cmp-disjoint");
	o = opts(out, NULL);
	CHECK_INT(compare_run(a, c, &o), -1);
	CHECK_HAS(diag_last(), "share no measured cell");
	CHECK_HAS(diag_last(), "v2-vhe-lr-line-busy");
	CHECK(!t_exists(out, "."));
	o = opts(NULL, NULL);
	CHECK_INT(compare_run(a, t_dir("cmp-emptydir"), &o), -1);
	CHECK_HAS(diag_last(), "empty directory: not a results directory");
	/* OUTDIR in A, or someone else's: refused. */
	p = xasprintf("%s/cmp", a);
	o = opts(p, NULL);
	CHECK_INT(compare_run(a, b, &o), -1);
	CHECK_HAS(diag_last(), "compare writes nothing into the runs it reads");
	CHECK(!t_exists(a, "cmp"));
	free(p);
	o = opts(b, NULL);
	CHECK_INT(compare_run(a, b, &o), -1);
	CHECK_HAS(diag_last(), "compare writes nothing into the runs it reads");
	out = t_dir("cmp-foreign");
	t_write(out, "mine.txt", "x");
	o = opts(out, NULL);
	CHECK_INT(compare_run(a, b, &o), -1);
	CHECK_HAS(diag_last(), "not empty and not an earlier compare's");
	CHECK(!t_exists(out, "compare.csv"));
	/* An earlier compare's OUTDIR is reused. */
	out = t_path("cmp-shift");
	o = opts(out, NULL);
	CHECK_INT(compare_run(a, b, &o), -2);

	/* A malformed samples file in B: named with its line. */
	{
		char *bad = fx_results("cmp-bad", slower, 3, "h");
		char *t = t_read(bad, "v3-vhe-sgi-busy.samples.tsv"), *q = strstr(t, "\n7\t");
		char *snap;

		q[1] = 'x';
		t_write(bad, "v3-vhe-sgi-busy.samples.tsv", t);
		free(t);
		snap = t_checksums(bad);
		out = t_path("cmp-badout");
		o = opts(out, NULL);
		CHECK_INT(compare_run(a, bad, &o), -1);
		CHECK_HAS(diag_last(), "cmp-bad/v3-vhe-sgi-busy.samples.tsv:11: column 1 (seq)");
		CHECK(!t_exists(out, "."));
		t = t_checksums(bad);
		CHECK_STR(t, snap);
		free(t);
		free(snap);
		free(bad);
	}

	/* A and B as they were. */
	p = t_checksums(a);
	CHECK_STR(p, sa);
	free(p);
	p = t_checksums(b);
	CHECK_STR(p, sb);
	free(p);
	free(sa);
	free(sb);
}
