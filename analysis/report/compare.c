// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compare.h"
#include "diag.h"
#include "gp.h"
#include "html.h"
#include "json.h"
#include "outdir.h"
#include "outfile.h"
#include "plots.h"
#include "rdir.h"
#include "stagedir.h"
#include "stats.h"
#include "util.h"
#include "verdicts.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

#define PLOT_W 620
#define PLOT_H 380

void compare_opts_default(struct compare_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->seed = CMP_SEED;
	o->resamples = CMP_RESAMPLES;
	o->level = CMP_LEVEL;
	o->table = stdout;
	o->fail_above = -1;
}

static bool enough(size_t n, unsigned permille)
{
	/* Samples above the percentile's rank. */
	return n - pct_rank_of(n, permille) >= CMP_MIN_BEYOND;
}

void compare_series(const int64_t *a, size_t na, const int64_t *b, size_t nb,
		    const struct compare_opts *o, const char *key,
		    struct cmp_series *out)
{
	uint64_t h = hash_str(hash_str(0, key), "p50") ^ o->seed;

	memset(out, 0, sizeof(*out));
	out->na = na;
	out->nb = nb;
	boot_diff(a, na, b, nb, 500, o->resamples, o->level, h, &out->p50.d);
	out->p50.enough = enough(na, 500) && enough(nb, 500);
	h = hash_str(hash_str(0, key), "p99") ^ o->seed;
	boot_diff(a, na, b, nb, 990, o->resamples, o->level, h, &out->p99.d);
	out->p99.enough = enough(na, 990) && enough(nb, 990);
	if (!out->p50.enough)
		out->p50.d.significant = false;
	if (!out->p99.enough)
		out->p99.d.significant = false;
	mann_whitney(a, na, b, nb, &out->mwu);
	out->mwu_significant = out->mwu.p < 1 - o->level;
}

/* ---- the comparison ---- */

struct pair {
	struct rd_cell *a, *b;
	size_t ns;
	char **stage;
	struct cmp_series *cs;
	bool plotted;
	char *base;
};

struct names {
	char **s;
	size_t n, cap;
};

struct cmp {
	const struct compare_opts *o;
	struct rdir A, B;
	struct pair *p;
	size_t np, pcap;
	struct names only_a, only_b, diffs, bases;
	struct gp_batch gp;
	bool gp_failed;
	char gp_error[1100];
	double lo, hi;
	char *la, *lb;
	char *out;
	struct verdicts v;
	struct stagedir sd;	/* OUTDIR's files are written here, then renamed into it */
};

static void names_add(struct names *l, const char *s)
{
	l->s = grow_array(l->s, &l->cap, l->n + 1, sizeof(*l->s));
	l->s[l->n++] = xstrdup(s);
}

static void names_free(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	memset(l, 0, sizeof(*l));
}

static bool is_measured(const struct rd_cell *c)
{
	return c->has_samples && c->nrows > 0;
}

/* Measured: known when its samples were read, else by its status. */
static bool has_data(const struct rd_cell *c)
{
	if (c->loaded)
		return is_measured(c);
	return strcmp(c->status, "skipped") && strcmp(c->status, "error");
}

static char *list_names(const struct rdir *rd)
{
	char *s = xstrdup("");
	size_t i, n = 0;

	for (i = 0; i < rd->ncells; i++) {
		const struct rd_cell *c = &rd->cells[i];
		char *t;

		if (!strcmp(c->status, "skipped"))
			continue;
		if (n++ == 6) {
			t = xasprintf("%s, ...", s);
			free(s);
			return t;
		}
		t = xasprintf("%s%s%s", s, n > 1 ? ", " : "", c->name);
		free(s);
		s = t;
	}
	if (!n) {
		free(s);
		s = xstrdup("no measured cell");
	}
	return s;
}

static int pair_cells(struct cmp *m)
{
	size_t i, k;

	for (i = 0; i < m->A.ncells; i++) {
		struct rd_cell *a = &m->A.cells[i], *b = rd_find(&m->B, a->name);
		struct pair *p;

		if (!strcmp(a->status, "skipped") || !b || !strcmp(b->status, "skipped"))
			continue;
		if (rd_load_samples(&m->A, a) || rd_load_samples(&m->B, b))
			return -1;
		if (!is_measured(a) || !is_measured(b))
			continue;
		m->p = grow_array(m->p, &m->pcap, m->np + 1, sizeof(*m->p));
		p = &m->p[m->np++];
		memset(p, 0, sizeof(*p));
		p->a = a;
		p->b = b;
		/* A's stages in A's order that B has too, then exits. */
		p->stage = xcalloc(a->nseries + 1, sizeof(*p->stage));
		p->cs = xcalloc(a->nseries + 1, sizeof(*p->cs));
		for (k = 0; k < a->nseries; k++) {
			const struct rd_series *sa = &a->series[k], *sb = rd_series(b, sa->name);

			if (!sa->n || !sb)
				continue;
			p->stage[p->ns++] = xstrdup(sa->name);
		}
	}
	for (i = 0; i < m->A.ncells; i++) {
		struct rd_cell *a = &m->A.cells[i];
		size_t j;

		for (j = 0; j < m->np && m->p[j].a != a; j++)
			;
		if (j == m->np && has_data(a))
			names_add(&m->only_a, a->name);
	}
	for (i = 0; i < m->B.ncells; i++) {
		struct rd_cell *b = &m->B.cells[i];
		size_t j;

		for (j = 0; j < m->np && m->p[j].b != b; j++)
			;
		if (j == m->np && has_data(b))
			names_add(&m->only_b, b->name);
	}
	if (!m->np) {
		char *la = list_names(&m->A), *lb = list_names(&m->B);

		diag_error(NULL, 0, "%s and %s share no measured cell, nothing to compare (cells match by name, gic-hyp-path-state; %s has %s; %s has %s)",
			   m->A.dir, m->B.dir, m->A.dir, la, m->B.dir, lb);
		free(la);
		free(lb);
		return -1;
	}
	return 0;
}

static void compute(struct cmp *m)
{
	size_t i, k;

	for (i = 0; i < m->np; i++) {
		struct pair *p = &m->p[i];

		for (k = 0; k < p->ns; k++) {
			const struct rd_series *sa = rd_series(p->a, p->stage[k]);
			const struct rd_series *sb = rd_series(p->b, p->stage[k]);
			char *key = xasprintf("%s/%s", p->a->name, p->stage[k]);

			compare_series(sa->v, sa->n, sb->v, sb->n, m->o, key, &p->cs[k]);
			free(key);
		}
	}
}

static void diff_one(struct cmp *m, const char *key, const char *a, const char *b)
{
	char *s;

	if (!a && !b)
		return;
	if (a && b && !strcmp(a, b))
		return;
	s = xasprintf("%s: A %s, B %s", key, a ? a : "(not recorded)", b ? b : "(not recorded)");
	names_add(&m->diffs, s);
	free(s);
}

/*
 * What changes the numbers (doc/results-format.md's provenance, recorded by bench/provenance.c
 * and the matrix), any that differs between A and B.
 */
static void meta_diffs(struct cmp *m)
{
	const struct jval *pa = jr_get(m->A.meta, "provenance"), *pb = jr_get(m->B.meta, "provenance");
	int64_t ha = 0, hb = 0;
	size_t i;

	for (i = 0; rd_fact_run[i]; i++)
		diff_one(m, rd_fact_run[i], rd_run(&m->A, rd_fact_run[i]), rd_run(&m->B, rd_fact_run[i]));
	for (i = 0; rd_fact_prov[i]; i++)
		diff_one(m, rd_fact_prov[i], jr_gets(pa, rd_fact_prov[i]), jr_gets(pb, rd_fact_prov[i]));
	for (i = 0; rd_fact_boot[i]; i++) {
		char *a = rd_boots(&m->A, rd_fact_boot[i]), *b = rd_boots(&m->B, rd_fact_boot[i]);
		char *k = xasprintf("boots' %s", rd_fact_boot[i]);

		diff_one(m, k, a, b);
		free(k);
		free(a);
		free(b);
	}
	if (jr_geti(m->A.meta, "hist_bucket_ns", &ha) && jr_geti(m->B.meta, "hist_bucket_ns", &hb) &&
	    ha != hb) {
		char *s = xasprintf("hist_bucket_ns: A %lld, B %lld (histograms do not add bucket by bucket)",
				    (long long)ha, (long long)hb);

		names_add(&m->diffs, s);
		free(s);
	}
	if (rd_is_lab(&m->A) != rd_is_lab(&m->B))
		names_add(&m->diffs, rd_is_lab(&m->A) ? "A ran in the lab (emulation), B did not"
						     : "B ran in the lab (emulation), A did not");
}

static const char *base_name(const char *dir)
{
	const char *s = dir + strlen(dir);

	while (s > dir && s[-1] == '/')
		s--;
	while (s > dir && s[-1] != '/')
		s--;
	return *s ? s : dir;
}

static char *trimmed(const char *s)
{
	char *d = xstrdup(s);
	size_t n = strlen(d);

	while (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	return d;
}

/* ---- text ---- */

static bool is_count(const char *stage)
{
	return !strcmp(stage, "exits");
}

static void fmt_val(char *buf, size_t size, const char *stage, double v)
{
	if (is_count(stage))
		snprintf(buf, size, "%.0f", v);
	else
		fmt_us(buf, size, (int64_t)llround(v));
}

static void fmt_change(char *buf, size_t size, const struct pct_diff *d)
{
	if (d->diff == 0)
		snprintf(buf, size, "0%%");
	else if (d->a == 0)
		snprintf(buf, size, "from 0");
	else
		snprintf(buf, size, "%+.1f%%", 100.0 * (double)d->diff / (double)llabs(d->a));
}

static void fmt_ci(char *buf, size_t size, const char *stage, const struct pct_diff *d)
{
	char lo[32], hi[32];

	fmt_val(lo, sizeof(lo), stage, d->lo);
	fmt_val(hi, sizeof(hi), stage, d->hi);
	/* Not ", ": the numbers have thousands commas. */
	snprintf(buf, size, "[%s%s .. %s%s]", d->lo > 0 ? "+" : "", lo, d->hi > 0 ? "+" : "", hi);
}

static const char *mark(const struct cmp_pct *c)
{
	if (!c->enough)
		return "~";
	return c->d.significant ? "*" : " ";
}

static void text_pct(FILE *f, const char *stage, const struct cmp_pct *c)
{
	char a[32], b[32], ch[32], ci[80];

	fmt_val(a, sizeof(a), stage, (double)c->d.a);
	fmt_val(b, sizeof(b), stage, (double)c->d.b);
	fmt_change(ch, sizeof(ch), &c->d);
	fmt_ci(ci, sizeof(ci), stage, &c->d);
	fprintf(f, " %9s %9s %8s %-22s%s |", a, b, ch, ci, mark(c));
}

static void text_verdicts(struct cmp *m)
{
	FILE *f = m->o->table;
	const struct verdicts *v = &m->v;
	int pct = (int)lround(m->o->level * 100);
	char buf[160];

	fprintf(f, "\nVerdicts, each cell's rounds together: B - A of the mean of the round medians,\n"
		"%d%% Welch interval from the spread between rounds (runs differ more than interrupts do);\n"
		"within a counter tick (an exit) is no difference.\n", pct);
	for (size_t i = 0; i < v->n; i++) {
		const struct verdict_cell *c = &v->c[i];

		fprintf(f, "%s (%zu and %zu rounds)\n", c->base, c->ns ? c->st[0].j.ka : 0,
			c->ns ? c->st[0].j.kb : 0);
		for (size_t k = 0; k < c->ns; k++) {
			const struct verdict_stage *vs = &c->st[k];

			rounds_text(&vs->j, buf, sizeof(buf));
			fprintf(f, "  %-22s %s", vs->stage, buf);
			if (vs->j.verdict != RV_UNKNOWN)
				fprintf(f, "  (round noise %.1f %%)", vs->j.noise_pct);
			fputs(vs->regressed ? "  REGRESSION\n" : "\n", f);
		}
	}
	fprintf(f, "%zu stage%s slower, %zu faster, %zu with no difference the noise can resolve, %zu not judged (one round)",
		v->slower, v->slower == 1 ? "" : "s", v->faster, v->same, v->unknown);
	if (v->fail_above >= 0)
		fprintf(f, "; %zu beyond --fail-above %.4g %%", v->regressed, v->fail_above);
	fputs(".\n", f);
}

static void text_table(struct cmp *m)
{
	FILE *f = m->o->table;
	size_t i, k, sig50 = 0, up50 = 0, sig99 = 0, up99 = 0, ntot = 0;
	int pct = (int)lround(m->o->level * 100);

	if (!f)
		return;
	fprintf(f, "A: %s  (%s%s%s, %s)\nB: %s  (%s%s%s, %s)\n",
		m->A.dir, rd_run(&m->A, "host_gic") ? "GIC " : "", rd_run(&m->A, "host_gic") ? rd_run(&m->A, "host_gic") : "",
		rd_is_lab(&m->A) ? ", lab" : "", rd_run(&m->A, "start_utc") ? rd_run(&m->A, "start_utc") : "start unknown",
		m->B.dir, rd_run(&m->B, "host_gic") ? "GIC " : "", rd_run(&m->B, "host_gic") ? rd_run(&m->B, "host_gic") : "",
		rd_is_lab(&m->B) ? ", lab" : "", rd_run(&m->B, "start_utc") ? rd_run(&m->B, "start_utc") : "start unknown");
	for (i = 0; i < m->diffs.n; i++)
		fprintf(f, "   differ: %s\n", m->diffs.s[i]);
	if (rd_is_lab(&m->A) || rd_is_lab(&m->B))
		fputs("   emulation: absolute times mean little; compare ratios and exit counts\n", f);
	text_verdicts(m);
	fprintf(f, "\nPer round: change B - A of the median and p99; latencies in us, exits in counts; %d%% bootstrap CI\n"
		"(%u resamples, seed %llu); * CI excludes 0; ~ too few samples beyond the percentile to judge;\n"
		"MWU: Mann-Whitney U two-sided p, * below %.2g.\n\n",
		pct, m->o->resamples, (unsigned long long)m->o->seed, 1 - m->o->level);
	fprintf(f, "%-18s %7s %7s | %9s %9s %8s %-22s  | %9s %9s %8s %-22s  | %s\n",
		"cell / stage", "n A", "n B", "p50 A", "p50 B", "change", "CI",
		"p99 A", "p99 B", "change", "CI", "MWU p");
	for (i = 0; i < m->np; i++) {
		const struct pair *p = &m->p[i];

		fprintf(f, "%s\n", p->a->name);
		for (k = 0; k < p->ns; k++) {
			const struct cmp_series *c = &p->cs[k];

			fprintf(f, "  %-16s %7zu %7zu |", p->stage[k], c->na, c->nb);
			text_pct(f, p->stage[k], &c->p50);
			text_pct(f, p->stage[k], &c->p99);
			fprintf(f, " %.2g%s\n", c->mwu.p, c->mwu_significant ? " *" : "");
			if (!strcmp(p->stage[k], "total")) {
				ntot++;
				sig50 += c->p50.d.significant;
				up50 += c->p50.d.significant && c->p50.d.diff > 0;
				sig99 += c->p99.d.significant;
				up99 += c->p99.d.significant && c->p99.d.diff > 0;
			}
		}
	}
	fprintf(f, "\n%zu cell%s in both", m->np, m->np == 1 ? "" : "s");
	if (ntot)
		fprintf(f, "; within each run's samples only (the verdicts above weigh the rounds), total latency changed: median in %zu (%zu slower, %zu faster), p99 in %zu (%zu slower, %zu faster)",
			sig50, up50, sig50 - up50, sig99, up99, sig99 - up99);
	fputs(".\n", f);
	if (m->only_a.n) {
		fputs("Only in A (not in B, or not measured there):", f);
		for (i = 0; i < m->only_a.n; i++)
			fprintf(f, " %s", m->only_a.s[i]);
		fputc('\n', f);
	}
	if (m->only_b.n) {
		fputs("Only in B (not in A, or not measured there):", f);
		for (i = 0; i < m->only_b.n; i++)
			fprintf(f, " %s", m->only_b.s[i]);
		fputc('\n', f);
	}
	if (m->o->out)
		fprintf(f, "Written: %s/compare.csv, compare.json, compare.html and a CDF plot per cell.\n",
			m->o->out);
	else
		fputs("(-o OUTDIR also writes compare.csv, compare.json, compare.html and a CDF plot per cell.)\n", f);
}

/* ---- OUTDIR ---- */

/* OUTDIR may be new, empty, or an earlier compare's; never in A or B (outdir.h). */
static int check_out(struct cmp *m)
{
	const char *const dirs[] = { m->A.dir, m->B.dir };

	return outdir_check(m->o->out, "compare", dirs, 2);
}

static int prepare_out(struct cmp *m)
{
	return outdir_prepare(m->o->out, "compare");
}

/* ---- files ---- */

static void csv_pct(FILE *f, const struct cmp_pct *c)
{
	fprintf(f, ",%lld,%lld,%lld,", (long long)c->d.a, (long long)c->d.b, (long long)c->d.diff);
	if (c->d.a)
		fprintf(f, "%.3f", 100.0 * (double)c->d.diff / (double)llabs(c->d.a));
	fprintf(f, ",%.0f,%.0f,%d,%d", c->d.lo, c->d.hi, c->d.significant, c->enough);
}

static int write_csv(struct cmp *m)
{
	struct outfile o;
	size_t i, k;

	if (outfile_open(&o, m->sd.path, "compare.csv"))
		return -1;
	fputs("cell,gic,hyp,path,state,stage,unit,n_a,n_b,"
	      "p50_a,p50_b,p50_diff,p50_diff_pct,p50_ci_lo,p50_ci_hi,p50_significant,p50_enough,"
	      "p99_a,p99_b,p99_diff,p99_diff_pct,p99_ci_lo,p99_ci_hi,p99_significant,p99_enough,"
	      "mwu_u,mwu_z,mwu_p,p_b_gt_a,mwu_significant\n", o.f);
	for (i = 0; i < m->np; i++) {
		const struct pair *p = &m->p[i];

		for (k = 0; k < p->ns; k++) {
			const struct cmp_series *c = &p->cs[k];

			csv_field(o.f, p->a->name);
			putc(',', o.f);
			csv_field(o.f, p->a->gic);
			putc(',', o.f);
			csv_field(o.f, p->a->hyp);
			putc(',', o.f);
			csv_field(o.f, p->a->path);
			putc(',', o.f);
			csv_field(o.f, p->a->state);
			putc(',', o.f);
			csv_field(o.f, p->stage[k]);
			fprintf(o.f, ",%s,%zu,%zu", is_count(p->stage[k]) ? "count" : "ns", c->na, c->nb);
			csv_pct(o.f, &c->p50);
			csv_pct(o.f, &c->p99);
			fprintf(o.f, ",%.1f,%.4f,%.6g,%.4f,%d\n", c->mwu.u, c->mwu.z, c->mwu.p,
				c->mwu.p_b_gt_a, c->mwu_significant);
		}
	}
	return outfile_commit(&o);
}

static void json_run(struct json *j, const char *key, const struct rdir *rd)
{
	static const char *const keys[] = {
		"hostname", "uname_release", "host_gic", "hyp_mode", "cntfrq_hz",
		"tool_version", "command", "start_utc", "end_utc",
	};
	size_t i;

	json_key(j, key);
	json_begin_object(j);
	json_kstr(j, "dir", rd->dir);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		json_kstr(j, keys[i], rd_run(rd, keys[i]));
	json_kbool(j, "lab", rd_is_lab(rd));
	json_end_object(j);
}

static void json_pct(struct json *j, const char *key, const struct cmp_pct *c)
{
	json_key(j, key);
	json_begin_object(j);
	json_kint(j, "a", c->d.a);
	json_kint(j, "b", c->d.b);
	json_kint(j, "diff", c->d.diff);
	if (c->d.a)
		json_kdouble(j, "diff_pct", 100.0 * (double)c->d.diff / (double)llabs(c->d.a));
	else
		json_knull(j, "diff_pct");
	json_kdouble(j, "ci_lo", c->d.lo);
	json_kdouble(j, "ci_hi", c->d.hi);
	json_kbool(j, "significant", c->d.significant);
	json_kbool(j, "enough_samples", c->enough);
	json_end_object(j);
}

static void json_names(struct json *j, const char *key, const struct names *l)
{
	size_t i;

	json_key(j, key);
	json_begin_array(j);
	for (i = 0; i < l->n; i++)
		json_str(j, l->s[i]);
	json_end_array(j);
}

static const char *const verdict_names[] = {
	[RV_UNKNOWN] = "unknown", [RV_SAME] = "same", [RV_SLOWER] = "slower", [RV_FASTER] = "faster",
};

static void json_verdicts(struct json *j, const struct cmp *m)
{
	json_key(j, "verdicts");
	json_begin_object(j);
	json_kstr(j, "method", "per logical cell (its rounds together) and stage: B - A of the mean round median, Welch t interval from the round-to-round variance at level; a change within one counter tick (one exit) is no difference; fewer than 2 rounds a side: unknown");
	json_kdouble(j, "level", m->o->level);
	if (m->v.fail_above >= 0)
		json_kdouble(j, "fail_above_pct", m->v.fail_above);
	else
		json_knull(j, "fail_above_pct");
	json_kuint(j, "regressed", m->v.regressed);
	json_key(j, "cells");
	json_begin_array(j);
	for (size_t i = 0; i < m->v.n; i++) {
		const struct verdict_cell *c = &m->v.c[i];

		json_begin_object(j);
		json_kstr(j, "cell", c->base);
		json_key(j, "stages");
		json_begin_array(j);
		for (size_t k = 0; k < c->ns; k++) {
			const struct round_judgement *r = &c->st[k].j;

			json_begin_object(j);
			json_kstr(j, "stage", c->st[k].stage);
			json_kstr(j, "verdict", verdict_names[r->verdict]);
			json_kuint(j, "rounds_a", r->ka);
			json_kuint(j, "rounds_b", r->kb);
			json_kdouble(j, "mean_median_a", r->mean_a);
			json_kdouble(j, "mean_median_b", r->mean_b);
			json_kdouble(j, "diff", r->diff);
			if (r->verdict != RV_UNKNOWN) {
				json_kdouble(j, "ci_lo", r->lo);
				json_kdouble(j, "ci_hi", r->hi);
				json_kdouble(j, "round_noise_pct", r->noise_pct);
			} else {
				json_knull(j, "ci_lo");
				json_knull(j, "ci_hi");
				json_knull(j, "round_noise_pct");
			}
			if (r->has_pct)
				json_kdouble(j, "diff_pct", r->pct);
			else
				json_knull(j, "diff_pct");
			json_kbool(j, "regressed", c->st[k].regressed);
			json_end_object(j);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static int write_json(struct cmp *m)
{
	struct outfile o;
	struct json j;
	size_t i, k;

	if (outfile_open(&o, m->sd.path, "compare.json"))
		return -1;
	json_init(&j, o.f);
	json_begin_object(&j);
	json_kstr(&j, "generator", "virqbench-compare");
	json_kstr(&j, "version", VQB_VERSION);
	json_run(&j, "a", &m->A);
	json_run(&j, "b", &m->B);
	json_key(&j, "method");
	json_begin_object(&j);
	json_kstr(&j, "change", "b - a of nearest-rank percentiles, per cell and stage");
	json_kstr(&j, "ci", "percentile bootstrap of the difference, each run resampled with replacement");
	json_kuint(&j, "resamples", m->o->resamples);
	json_kuint(&j, "seed", m->o->seed);
	json_kdouble(&j, "level", m->o->level);
	json_kint(&j, "min_samples_beyond_percentile", CMP_MIN_BEYOND);
	json_kstr(&j, "significant", "the CI excludes 0 (and enough_samples)");
	json_kstr(&j, "mwu", "Mann-Whitney U of b against a, normal approximation with tie and continuity correction, two-sided p; significant below 1 - level");
	json_kstr(&j, "units", "ns, except stage exits: counts");
	json_end_object(&j);
	json_names(&j, "differences", &m->diffs);
	json_key(&j, "cells");
	json_begin_array(&j);
	for (i = 0; i < m->np; i++) {
		const struct pair *p = &m->p[i];

		json_begin_object(&j);
		json_kstr(&j, "name", p->a->name);
		json_kstr(&j, "gic", p->a->gic);
		json_kstr(&j, "hyp", p->a->hyp);
		json_kstr(&j, "path", p->a->path);
		json_kstr(&j, "state", p->a->state);
		if (p->plotted)
			json_kstr(&j, "plot", p->base);
		json_key(&j, "stages");
		json_begin_array(&j);
		for (k = 0; k < p->ns; k++) {
			const struct cmp_series *c = &p->cs[k];

			json_begin_object(&j);
			json_kstr(&j, "stage", p->stage[k]);
			json_kstr(&j, "unit", is_count(p->stage[k]) ? "count" : "ns");
			json_kuint(&j, "n_a", c->na);
			json_kuint(&j, "n_b", c->nb);
			json_pct(&j, "p50", &c->p50);
			json_pct(&j, "p99", &c->p99);
			json_key(&j, "mwu");
			json_begin_object(&j);
			json_kdouble(&j, "u", c->mwu.u);
			json_kdouble(&j, "z", c->mwu.z);
			json_kdouble(&j, "p", c->mwu.p);
			json_kdouble(&j, "p_b_gt_a", c->mwu.p_b_gt_a);
			json_kbool(&j, "significant", c->mwu_significant);
			json_end_object(&j);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_names(&j, "only_in_a", &m->only_a);
	json_names(&j, "only_in_b", &m->only_b);
	json_verdicts(&j, m);
	json_end_object(&j);
	fputc('\n', o.f);
	return outfile_commit(&o);
}

static int write_plot(struct cmp *m, struct pair *p)
{
	const struct rd_series *sa = rd_series(p->a, "total"), *sb = rd_series(p->b, "total");
	struct outfile d, g;
	char *name, *title, *fp;

	if (!sa || !sb)
		return 0;
	fp = file_part(p->a->name);
	p->base = xasprintf("compare_cdf_%s", fp);
	free(fp);
	name = xasprintf("%s.dat", p->base);
	if (outfile_open(&d, m->sd.path, name)) {
		free(name);
		return -1;
	}
	free(name);
	fprintf(d.f, "# virqbench-compare: total latency CDF of cell %s; block 0: A (%s), block 1: B (%s)\n",
		p->a->name, m->A.dir, m->B.dir);
	fprintf(d.f, "# A: %zu samples\n", sa->n);
	cdf_block(d.f, sa->v, sa->n);
	fprintf(d.f, "\n\n# B: %zu samples\n", sb->n);
	cdf_block(d.f, sb->v, sb->n);
	name = xasprintf("%s.gp", p->base);
	if (outfile_open(&g, m->sd.path, name)) {
		free(name);
		outfile_abort(&d);
		return -1;
	}
	free(name);
	title = xasprintf("%s: total latency CDF, A vs B", p->a->name);
	gp_begin(g.f, p->base, title, PLOT_W, PLOT_H);
	fputs("set title ", g.f);
	gnuplot_str(g.f, title);
	free(title);
	fputs("\nset xlabel 'total latency, inject to EOI (log scale)'\n"
	      "set ylabel 'fraction at or below'\n"
	      "set yrange [0:1]\nset ytics 0.1\nset mytics 2\n"
	      "set key top left Left reverse samplen 3\n", g.f);
	gp_time_axis(g.f, m->lo, m->hi);
	fprintf(g.f, "plot '%s.dat' index 0 using 1:2 with steps lw 2 lc rgb '#1f77b4' title ", p->base);
	title = xasprintf("A: %s (%zu)", m->la, sa->n);
	gnuplot_str(g.f, title);
	free(title);
	fprintf(g.f, ", \\\n     '%s.dat' index 1 using 1:2 with steps lw 2 lc rgb '#d62728' title ", p->base);
	title = xasprintf("B: %s (%zu)", m->lb, sb->n);
	gnuplot_str(g.f, title);
	free(title);
	fputc('\n', g.f);
	gp_end(g.f, PLOT_W, PLOT_H);
	if (outfile_commit(&d)) {
		outfile_abort(&g);
		return -1;
	}
	if (outfile_commit(&g))
		return -1;
	gp_add(&m->gp, p->base);
	names_add(&m->bases, p->base);
	p->plotted = true;
	return 0;
}

static void x_range(struct cmp *m)
{
	size_t i, k;

	m->lo = 1e300;
	m->hi = 0;
	for (i = 0; i < m->np; i++) {
		const struct rd_series *s[2] = { rd_series(m->p[i].a, "total"),
						 rd_series(m->p[i].b, "total") };

		for (k = 0; k < 2; k++) {
			size_t j;

			if (!s[k] || s[k]->v[s[k]->n - 1] <= 0)
				continue;
			for (j = 0; s[k]->v[j] <= 0; j++)
				;
			if ((double)s[k]->v[j] / 1000 < m->lo)
				m->lo = (double)s[k]->v[j] / 1000;
			if ((double)s[k]->v[s[k]->n - 1] / 1000 > m->hi)
				m->hi = (double)s[k]->v[s[k]->n - 1] / 1000;
		}
	}
}

/* ---- compare.html ---- */

static void h_fact_row(FILE *f, const char *k, const char *a, const char *b)
{
	bool same = a && b && !strcmp(a, b);

	fputs("<tr><th class=\"l\">", f);
	html_escape(f, k);
	fputs("</th><td class=\"l\" style=\"white-space:normal\">", f);
	html_escape(f, a ? a : "-");
	fprintf(f, "</td><td class=\"l\" style=\"white-space:normal%s\">", same ? "" : ";background:#fff4d6");
	html_escape(f, b ? b : "-");
	fputs("</td></tr>\n", f);
}

static void h_pct(FILE *f, const char *stage, const struct cmp_pct *c)
{
	char a[32], b[32], ch[32], ci[80];
	const char *cls = "";

	fmt_val(a, sizeof(a), stage, (double)c->d.a);
	fmt_val(b, sizeof(b), stage, (double)c->d.b);
	fmt_change(ch, sizeof(ch), &c->d);
	fmt_ci(ci, sizeof(ci), stage, &c->d);
	if (c->d.significant)
		cls = c->d.diff > 0 ? " class=\"sig-up\"" : " class=\"sig-down\"";
	fprintf(f, "<td>%s</td><td>%s</td><td%s>", a, b, cls);
	html_escape(f, ch);
	fprintf(f, "%s</td><td>", c->d.significant ? " *" : c->enough ? "" : " ~");
	html_escape(f, ci);
	fputs("</td>", f);
}

static void h_verdicts(FILE *f, const struct cmp *m)
{
	const struct verdicts *v = &m->v;
	char buf[160];

	fputs("<h2>Verdicts</h2>\n<p class=\"muted\">", f);
	html_escapef(f, "Each cell's rounds together: B − A of the mean of the round medians, with a %d%% Welch "
		     "interval from the spread between rounds (runs differ more than interrupts do). "
		     "Within a counter tick (an exit) is no difference. %zu slower, %zu faster, %zu with no "
		     "difference the noise can resolve, %zu not judged (one round).",
		     (int)lround(m->o->level * 100), v->slower, v->faster, v->same, v->unknown);
	fputs("</p>\n<div class=\"tbl\"><table>\n<tr><th class=\"l\">cell / stage</th><th>rounds</th>"
	      "<th>mean median A</th><th>mean median B</th><th class=\"l\">verdict</th><th>round noise</th></tr>\n", f);
	for (size_t i = 0; i < v->n; i++) {
		const struct verdict_cell *c = &v->c[i];

		fputs("<tr class=\"first\"><td class=\"l cell\" colspan=\"6\"><b>", f);
		html_escape(f, c->base);
		fputs("</b></td></tr>\n", f);
		for (size_t k = 0; k < c->ns; k++) {
			const struct verdict_stage *vs = &c->st[k];
			const char *cls = vs->j.verdict == RV_SLOWER ? " class=\"l sig-up\"" :
					  vs->j.verdict == RV_FASTER ? " class=\"l sig-down\"" : " class=\"l\"";
			char a[32], b[32];

			fmt_val(a, sizeof(a), vs->stage, vs->j.mean_a);
			fmt_val(b, sizeof(b), vs->stage, vs->j.mean_b);
			rounds_text(&vs->j, buf, sizeof(buf));
			fputs("<tr><td class=\"l\" style=\"padding-left:18px\">", f);
			html_escape(f, vs->stage);
			fprintf(f, "</td><td>%zu / %zu</td><td>%s</td><td>%s</td><td%s>", vs->j.ka, vs->j.kb, a, b, cls);
			html_escape(f, buf);
			if (vs->regressed)
				fputs(" <b>(regression)</b>", f);
			fputs("</td><td>", f);
			if (vs->j.verdict != RV_UNKNOWN)
				fprintf(f, "%.1f %%", vs->j.noise_pct);
			else
				fputs("&ndash;", f);
			fputs("</td></tr>\n", f);
		}
	}
	fputs("</table></div>\n", f);
}

static int write_html(struct cmp *m)
{
	static const char *const keys[][2] = {
		{ "Host", "hostname" }, { "Kernel", "uname_release" }, { "GIC (host)", "host_gic" },
		{ "Hyp mode", "hyp_mode" }, { "CNTFRQ (Hz)", "cntfrq_hz" },
		{ "Tool version", "tool_version" }, { "Command", "command" },
		{ "Start (UTC)", "start_utc" },
	};
	struct outfile o;
	FILE *f;
	size_t i, k;
	char *t;
	int pct = (int)lround(m->o->level * 100);

	if (outfile_open(&o, m->sd.path, "compare.html"))
		return -1;
	f = o.f;
	t = xasprintf("virqbench compare: %s vs %s", m->la, m->lb);
	html_begin(f, t);
	free(t);
	fputs("<h1>virqbench compare: <span class=\"mono\">", f);
	html_escape(f, m->la);
	fputs("</span> (A) vs <span class=\"mono\">", f);
	html_escape(f, m->lb);
	fputs("</span> (B)</h1>\n", f);
	if (rd_is_lab(&m->A) || rd_is_lab(&m->B))
		fputs("<div class=\"banner\">Emulation: absolute times mean little; compare ratios and exit counts.</div>\n", f);
	if (m->gp_failed) {
		fputs("<div class=\"warn\">Some plots are missing: ", f);
		html_escape(f, m->gp_error);
		fputs("</div>\n", f);
	}
	fputs("<div class=\"tbl\"><table>\n<tr><th class=\"l\"></th><th class=\"l\">A</th><th class=\"l\">B</th></tr>\n", f);
	h_fact_row(f, "Directory", m->A.dir, m->B.dir);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		h_fact_row(f, keys[i][0], rd_run(&m->A, keys[i][1]), rd_run(&m->B, keys[i][1]));
	h_fact_row(f, "Lab (emulation)", rd_is_lab(&m->A) ? "yes" : "no", rd_is_lab(&m->B) ? "yes" : "no");
	fputs("</table></div>\n", f);

	h_verdicts(f, m);
	fputs("<h2>Per round, B &minus; A</h2>\n<p class=\"muted\">", f);
	html_escapef(f, "Median and p99 per cell and stage; latencies in µs (exits in counts); change = B − A. "
		     "CI: %d%% percentile bootstrap of the difference (%u resamples, seed %llu). "
		     "* the CI excludes 0 (red: B slower or more exits, green: B faster); "
		     "~ too few samples beyond the percentile (fewer than %d) to judge. "
		     "MWU p: Mann-Whitney U, two-sided; * below %.2g.",
		     pct, m->o->resamples, (unsigned long long)m->o->seed, CMP_MIN_BEYOND, 1 - m->o->level);
	fprintf(f, "</p>\n<div class=\"tbl\"><table>\n<tr><th class=\"l\">cell / stage</th>"
		"<th>n A</th><th>n B</th><th>p50 A</th><th>p50 B</th><th>change</th><th>%d%% CI</th>"
		"<th>p99 A</th><th>p99 B</th><th>change</th><th>%d%% CI</th><th>MWU p</th></tr>\n", pct, pct);
	for (i = 0; i < m->np; i++) {
		const struct pair *p = &m->p[i];

		fputs("<tr class=\"first\"><td class=\"l cell\" colspan=\"12\"><b>", f);
		html_escape(f, p->a->name);
		fputs("</b></td></tr>\n", f);
		for (k = 0; k < p->ns; k++) {
			const struct cmp_series *c = &p->cs[k];

			fprintf(f, "<tr%s><td class=\"l\" style=\"padding-left:18px\">",
				strcmp(p->stage[k], "total") ? "" : " class=\"total\"");
			html_escape(f, p->stage[k]);
			fprintf(f, "</td><td>%zu</td><td>%zu</td>", c->na, c->nb);
			h_pct(f, p->stage[k], &c->p50);
			h_pct(f, p->stage[k], &c->p99);
			fprintf(f, "<td>%.2g%s</td></tr>\n", c->mwu.p, c->mwu_significant ? " *" : "");
		}
	}
	fputs("</table></div>\n", f);
	if (m->diffs.n) {
		fputs("<div class=\"note\"><b>The runs differ in:</b><ul>\n", f);
		for (i = 0; i < m->diffs.n; i++) {
			fputs("<li>", f);
			html_escape(f, m->diffs.s[i]);
			fputs("</li>\n", f);
		}
		fputs("</ul></div>\n", f);
	}
	if (m->only_a.n || m->only_b.n) {
		fputs("<p class=\"muted\">", f);
		if (m->only_a.n) {
			fputs("Only in A (not in B, or not measured there):", f);
			for (i = 0; i < m->only_a.n; i++) {
				fputs(" <span class=\"mono\">", f);
				html_escape(f, m->only_a.s[i]);
				fputs("</span>", f);
			}
			fputs("<br>", f);
		}
		if (m->only_b.n) {
			fputs("Only in B (not in A, or not measured there):", f);
			for (i = 0; i < m->only_b.n; i++) {
				fputs(" <span class=\"mono\">", f);
				html_escape(f, m->only_b.s[i]);
				fputs("</span>", f);
			}
		}
		fputs("</p>\n", f);
	}
	fputs("<h2>CDFs of total latency, A and B</h2>\n<div class=\"grid\">\n", f);
	for (i = 0; i < m->np; i++) {
		const struct pair *p = &m->p[i];

		if (!p->plotted)
			continue;
		fputs("<div class=\"plot\">", f);
		if (gp_made(&m->gp, p->base)) {
			fputs("<a href=\"", f);
			html_escape(f, p->base);
			fputs(".svg\"><img src=\"", f);
			html_escape(f, p->base);
			fputs(".png\" alt=\"", f);
			html_escape(f, p->a->name);
			fputs("\"></a>", f);
		} else {
			fputs("<p class=\"note\">Plot not made: see the warning at the top.</p>", f);
		}
		fputs("</div>\n", f);
	}
	fputs("</div>\n<p class=\"muted small\">Data: <a href=\"compare.csv\">compare.csv</a>, "
	      "<a href=\"compare.json\">compare.json</a>. Made by virqbench-compare ", f);
	html_escape(f, VQB_VERSION);
	fputs(".</p>\n", f);
	html_end(f);
	return outfile_commit(&o);
}

static int write_out(struct cmp *m)
{
	static const char *const stale_prefix[] = { "compare_cdf_", NULL };
	size_t i;

	if (prepare_out(m) || stagedir_open(&m->sd, m->o->out, "compare"))
		return -1;
	/* gnuplot too runs in the staging directory: all is committed at once */
	gp_init(&m->gp, m->sd.path);
	x_range(m);
	for (i = 0; i < m->np; i++)
		if (write_plot(m, &m->p[i]))
			return -1;
	if (gp_run(&m->gp, m->o->gnuplot)) {
		const char *e = diag_last(), *st = strstr(e, m->sd.path);

		m->gp_failed = true;
		/* The message names OUTDIR, not the staging directory. */
		if (st)
			snprintf(m->gp_error, sizeof(m->gp_error), "%.*s%s%s", (int)(st - e), e,
				 m->o->out, st + strlen(m->sd.path));
		else
			snprintf(m->gp_error, sizeof(m->gp_error), "%s", diag_last());
	}
	/* compare_cdf_* of an earlier compare that this one did not make go at the commit. */
	return write_csv(m) || write_json(m) || write_html(m) ||
	       stagedir_commit(&m->sd, NULL, stale_prefix) ? -1 : 0;
}

int compare_run(const char *a, const char *b, const struct compare_opts *o)
{
	struct compare_opts def;
	struct cmp m;
	size_t i, k;
	int ret = -1;

	if (!o) {
		compare_opts_default(&def);
		o = &def;
	}
	memset(&m, 0, sizeof(m));
	m.o = o;
	if (rd_open(&m.A, a))
		return -1;
	if (rd_open(&m.B, b)) {
		rd_close(&m.A);
		return -1;
	}
	m.la = trimmed(base_name(a));
	m.lb = trimmed(base_name(b));
	if (!strcmp(m.la, m.lb)) {
		free(m.la);
		free(m.lb);
		m.la = trimmed(a);
		m.lb = trimmed(b);
	}
	if (o->out && check_out(&m))
		goto out;
	if (pair_cells(&m))
		goto out;
	meta_diffs(&m);
	compute(&m);
	verdicts_compute(&m.A, &m.B, o->level, o->fail_above, &m.v);
	if (o->out && write_out(&m))
		goto out;
	text_table(&m);
	ret = 0;
	if (m.gp_failed) {
		diag_error(NULL, 0, "%s", m.gp_error);
		ret = -2;
	}
	if (m.v.regressed) {
		diag_error(NULL, 0, "%zu stage%s of B slower than A by more than %.4g %% beyond the noise between rounds",
			   m.v.regressed, m.v.regressed == 1 ? "" : "s", o->fail_above);
		ret = -3;
	}
out:
	for (i = 0; i < m.np; i++) {
		for (k = 0; k < m.p[i].ns; k++)
			free(m.p[i].stage[k]);
		free(m.p[i].stage);
		free(m.p[i].cs);
		free(m.p[i].base);
	}
	free(m.p);
	names_free(&m.only_a);
	names_free(&m.only_b);
	names_free(&m.diffs);
	names_free(&m.bases);
	verdicts_free(&m.v);
	if (m.gp.dir)
		gp_free(&m.gp);
	stagedir_abort(&m.sd);
	free(m.la);
	free(m.lb);
	rd_close(&m.A);
	rd_close(&m.B);
	return ret;
}
