// SPDX-License-Identifier: GPL-2.0
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "findings.h"
#include "fleet.h"
#include "html.h"
#include "json.h"
#include "outdir.h"
#include "outfile.h"
#include "rdir.h"
#include "stagedir.h"
#include "util.h"
#include "verdicts.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

/* The results format this reader knows (doc/results-format.md). */
#define FLEET_FORMAT 1

struct fhost {
	struct rdir rd;
	const char *arg;	/* the directory as given */
	char *name;		/* the host: the machine the matrix ran on */
	struct findings f;
	bool lab;
	int64_t format;		/* format_version; 0: older than format 1 */
	char *link;		/* its report.html from OUTDIR, or NULL */
};

/* One column of the path table: a host's GIC and hyp mode. */
struct fcol {
	size_t h;
	const char *gic, *hyp;
};

/* A fact that changes the numbers, one value per host (NULL: not recorded). */
struct ffact {
	char *key;
	char **v;
	bool differs;
};

struct fleet {
	const struct fleet_opts *o;
	struct fhost *h;
	size_t nh;
	struct fcol *col;
	size_t ncol, ccap;
	char **row;		/* path-state keys, "lr-line-busy" */
	size_t nrow, rcap;
	struct ffact *fact;
	size_t nfact, fcap;
	size_t ndiffer;
	struct stagedir sd;
};

/* What the matrix spec sets per cell and every cell records (meta.json cells[].cell_kv). */
static const char *const settings[] = {
	"count_requested", "warmup", "gap_us", "trace", "injector_cpu", "vcpu0_cpu", "vcpu1_cpu",
	"timeout_ms", "cell_timeout_s", NULL,
};

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static const char *base_name(const char *dir)
{
	const char *e = dir + strlen(dir), *s;

	while (e > dir + 1 && e[-1] == '/')
		e--;
	s = e;
	while (s > dir && s[-1] != '/')
		s--;
	return s;
}

/* ---- reading ---- */

static char *host_of(const struct fhost *h)
{
	const char *m = jr_gets(jr_get(h->rd.meta, "provenance"), "matrix_host");
	const char *n = rd_run(&h->rd, "hostname");

	if (m && *m)
		return xstrdup(m);
	if (n && *n && strcmp(n, "(none)"))
		return xstrdup(n);
	/* Neither recorded: the directory's name is all there is. */
	n = base_name(h->arg);
	return xasprintf("%.*s", (int)strcspn(n, "/"), n);
}

static int open_host(struct fhost *h, const char *dir)
{
	const struct jval *fv;

	h->arg = dir;
	if (rd_open(&h->rd, dir))
		return -1;
	fv = jr_get(h->rd.meta, "format_version");
	if (fv && (fv->t != J_NUM || !jr_geti(h->rd.meta, "format_version", &h->format) || h->format < 1))
		return diag_error(dir, 0, "meta.json's format_version is not a version number (expected %d, doc/results-format.md)",
				  FLEET_FORMAT);
	if (h->format > FLEET_FORMAT)
		return diag_error(dir, 0, "results format %lld is newer than this virqbench-fleet reads (%d): use the virqbench that made it",
				  (long long)h->format, FLEET_FORMAT);
	if (findings_make(&h->f, h->rd.summary))
		return diag_error(dir, 0, "summary.json has no \"cells\" array (expected virqbench-analyze's summary.json)");
	h->lab = rd_is_lab(&h->rd);
	h->name = host_of(h);
	return 0;
}

static const char *format_text(int64_t v, char *buf, size_t size)
{
	if (v)
		snprintf(buf, size, "format_version %lld", (long long)v);
	else
		snprintf(buf, size, "no format_version (older than doc/results-format.md's format 1)");
	return buf;
}

/* One run per host, one format: else the page would set unlike things side by side. */
static int check_hosts(const struct fleet *m)
{
	size_t i, k;
	char a[96], b[96];

	for (i = 1; i < m->nh; i++) {
		for (k = 0; k < i; k++)
			if (!strcmp(m->h[i].name, m->h[k].name))
				return diag_error(m->h[i].arg, 0, "a second run of host %s (%s is one): a fleet page has one run per host (two runs of one host: virqbench compare %s %s)",
						  m->h[i].name, m->h[k].arg, m->h[k].arg, m->h[i].arg);
		if (m->h[i].format != m->h[0].format)
			return diag_error(m->h[i].arg, 0, "%s, but %s has %s: a fleet page reads runs of one results format (analyze the older run's raw run again: virqbench analyze RUN/raw OUT)",
					  format_text(m->h[i].format, a, sizeof(a)), m->h[0].arg,
					  format_text(m->h[0].format, b, sizeof(b)));
	}
	return 0;
}

/* ---- the path table ---- */

/* "v3-vhe-lr-line-busy-r2" -> "lr-line-busy": the cell without its GIC, hyp and round. */
static char *row_key(const struct fcell *c)
{
	char *b = round_base(c->name ? c->name : "?"), *k;
	size_t gl = c->gic ? strlen(c->gic) : 0, hl = c->hyp ? strlen(c->hyp) : 0;

	if (gl && hl && !strncmp(b, c->gic, gl) && b[gl] == '-' && !strncmp(b + gl + 1, c->hyp, hl) &&
	    b[gl + 1 + hl] == '-' && b[gl + 2 + hl]) {
		k = xstrdup(b + gl + 2 + hl);
		free(b);
		return k;
	}
	return b;
}

static void add_row(struct fleet *m, char *key)
{
	size_t i;

	for (i = 0; i < m->nrow; i++)
		if (!strcmp(m->row[i], key)) {
			free(key);
			return;
		}
	m->row = grow_array(m->row, &m->rcap, m->nrow + 1, sizeof(*m->row));
	m->row[m->nrow++] = key;
}

static void add_col(struct fleet *m, size_t h, const struct fcell *c)
{
	size_t i;

	for (i = 0; i < m->ncol; i++)
		if (m->col[i].h == h && same(m->col[i].gic, c->gic) && same(m->col[i].hyp, c->hyp))
			return;
	m->col = grow_array(m->col, &m->ccap, m->ncol + 1, sizeof(*m->col));
	m->col[m->ncol++] = (struct fcol){ h, c->gic, c->hyp };
}

static void layout(struct fleet *m)
{
	size_t h, i;

	for (h = 0; h < m->nh; h++)
		for (i = 0; i < m->h[h].f.ncells; i++) {
			add_col(m, h, &m->h[h].f.cell[i]);
			add_row(m, row_key(&m->h[h].f.cell[i]));
		}
}

/* One host's cells of a row and column together: their rounds. */
struct fval {
	size_t rounds, measured, failed;
	const char *why;
	bool p50_has, p99_has;
	int64_t p50, p99;	/* the median of the rounds' */
	struct fint caused, expected;
	int match;		/* 1 every round matches the model, 0 one does not, -1 unknown */
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static bool median(int64_t *v, size_t n, int64_t *out)
{
	if (!n)
		return false;
	qsort(v, n, sizeof(*v), cmp_i64);
	*out = v[(n - 1) / 2];
	return true;
}

static void value_of(const struct fleet *m, size_t r, const struct fcol *col, struct fval *fv)
{
	const struct findings *f = &m->h[col->h].f;
	int64_t *p50 = xcalloc(f->ncells + 1, sizeof(*p50)), *p99 = xcalloc(f->ncells + 1, sizeof(*p99));
	size_t i, n50 = 0, n99 = 0;

	memset(fv, 0, sizeof(*fv));
	fv->match = -1;
	for (i = 0; i < f->ncells; i++) {
		const struct fcell *c = &f->cell[i];
		char *k;
		bool mine;

		if (!same(c->gic, col->gic) || !same(c->hyp, col->hyp))
			continue;
		k = row_key(c);
		mine = !strcmp(k, m->row[r]);
		free(k);
		if (!mine)
			continue;
		fv->rounds++;
		if (c->st != FC_MEASURED) {
			fv->failed += c->st == FC_FAILED;
			if (!fv->why)
				fv->why = c->why;
			continue;
		}
		fv->measured++;
		if (c->p50.has)
			p50[n50++] = c->p50.v;
		if (c->p99.has)
			p99[n99++] = c->p99.v;
		if (!fv->caused.has)
			fv->caused = c->caused;
		if (!fv->expected.has)
			fv->expected = c->expected;
		if (c->match == 0)
			fv->match = 0;
		else if (c->match == 1 && fv->match != 0)
			fv->match = 1;
	}
	fv->p50_has = median(p50, n50, &fv->p50);
	fv->p99_has = median(p99, n99, &fv->p99);
	free(p50);
	free(p99);
}

/* ---- what differs ---- */

static void add_fact(struct fleet *m, const char *key, char **v)
{
	struct ffact *f;
	size_t h;

	m->fact = grow_array(m->fact, &m->fcap, m->nfact + 1, sizeof(*m->fact));
	f = &m->fact[m->nfact++];
	f->key = xstrdup(key);
	f->v = v;
	f->differs = false;
	for (h = 1; h < m->nh; h++)
		f->differs |= !same(v[h], v[0]);
	m->ndiffer += f->differs;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

/*
 * The distinct values of key over the objects of a meta.json array (each
 * object's member sub when sub is not NULL), in order: "1" or "1, 2".
 * Boots and cells: how many of them a run has is not a difference.
 */
static char *distinct(const struct jval *arr, const char *sub, const char *key)
{
	char *t = NULL;
	size_t i;

	for (i = 0; arr && arr->t == J_ARR && i < arr->n; i++) {
		const struct jval *o = sub ? jr_get(arr->v[i], sub) : arr->v[i];
		const char *v = jr_gets(o, key);
		char *u;

		if (!v)
			continue;
		if (t) {
			/* ", v, " in ", t, ": listed already */
			char *hay = xasprintf(", %s, ", t), *needle = xasprintf(", %s, ", v);
			bool seen = strstr(hay, needle) != NULL;

			free(hay);
			free(needle);
			if (seen)
				continue;
		}
		u = xasprintf("%s%s%s", t ? t : "", t ? ", " : "", v);
		free(t);
		t = u;
	}
	return t;
}

static void facts(struct fleet *m)
{
	size_t i, h;

	for (i = 0; rd_fact_run[i]; i++) {
		char **v = xcalloc(m->nh, sizeof(*v));

		/* The host names the column already. */
		if (!strcmp(rd_fact_run[i], "hostname")) {
			free(v);
			continue;
		}
		for (h = 0; h < m->nh; h++)
			v[h] = dup_or_null(rd_run(&m->h[h].rd, rd_fact_run[i]));
		add_fact(m, rd_fact_run[i], v);
	}
	for (i = 0; rd_fact_prov[i]; i++) {
		char **v = xcalloc(m->nh, sizeof(*v));

		if (!strcmp(rd_fact_prov[i], "matrix_host")) {
			free(v);
			continue;
		}
		for (h = 0; h < m->nh; h++)
			v[h] = dup_or_null(jr_gets(jr_get(m->h[h].rd.meta, "provenance"), rd_fact_prov[i]));
		add_fact(m, rd_fact_prov[i], v);
	}
	for (i = 0; rd_fact_boot[i]; i++) {
		char **v = xcalloc(m->nh, sizeof(*v)), *k = xasprintf("boots' %s", rd_fact_boot[i]);

		for (h = 0; h < m->nh; h++)
			v[h] = distinct(jr_get(m->h[h].rd.meta, "boots"), NULL, rd_fact_boot[i]);
		add_fact(m, k, v);
		free(k);
	}
	for (i = 0; settings[i]; i++) {
		char **v = xcalloc(m->nh, sizeof(*v)), *k = xasprintf("cells' %s", settings[i]);

		for (h = 0; h < m->nh; h++)
			v[h] = distinct(jr_get(m->h[h].rd.meta, "cells"), "cell_kv", settings[i]);
		add_fact(m, k, v);
		free(k);
	}
	{
		char **v = xcalloc(m->nh, sizeof(*v)), **l = xcalloc(m->nh, sizeof(*l));

		for (h = 0; h < m->nh; h++) {
			const struct jval *b = jr_get(m->h[h].rd.meta, "hist_bucket_ns");

			v[h] = b && b->t == J_NUM ? xstrdup(b->s) : NULL;
			l[h] = xstrdup(m->h[h].lab ? "yes (emulation)" : "no (native)");
		}
		add_fact(m, "hist_bucket_ns", v);
		add_fact(m, "lab", l);
	}
}

/* ---- text ---- */

static void text(const struct fleet *m, FILE *f)
{
	char head[512];
	size_t h, i;

	fprintf(f, "fleet: %zu host%s\n", m->nh, m->nh == 1 ? "" : "s");
	for (h = 0; h < m->nh; h++) {
		findings_headline(head, sizeof(head), &m->h[h].f);
		fprintf(f, "  %s (%s%s): %s\n", m->h[h].name, m->h[h].arg, m->h[h].lab ? ", lab" : "",
			m->h[h].f.ncells ? head : "no summary.json: nothing to judge");
	}
	if (m->nh > 1)
		fprintf(f, "differs between hosts: %zu of %zu facts\n", m->ndiffer, m->nfact);
	for (i = 0; i < m->nfact; i++) {
		if (!m->fact[i].differs)
			continue;
		fprintf(f, "  %s:", m->fact[i].key);
		for (h = 0; h < m->nh; h++)
			fprintf(f, "%s %s %s", h ? ";" : "", m->h[h].name,
				m->fact[i].v[h] ? m->fact[i].v[h] : "(not recorded)");
		fputc('\n', f);
	}
	if (m->o->out)
		fprintf(f, "written: %s/fleet.html, %s/fleet.json\n", m->o->out, m->o->out);
	else
		fputs("(-o OUTDIR also writes fleet.html and fleet.json)\n", f);
}

/* ---- OUTDIR ---- */

/* to (absolute) as seen from the directory from (absolute). */
static char *rel_path(const char *from, const char *to)
{
	size_t i = 0, common = 0;
	char *up = xstrdup(""), *r;
	const char *p;

	while (from[i] && from[i] == to[i]) {
		if (from[i] == '/')
			common = i;
		i++;
	}
	if (!from[i] && (to[i] == '/' || !to[i]))
		common = i;
	for (p = from + common; *p; p++) {
		if (*p == '/' && p[1]) {
			char *t = xasprintf("%s../", up);

			free(up);
			up = t;
		}
	}
	r = xasprintf("%s%s", up, to[common] == '/' ? to + common + 1 : to + common);
	free(up);
	return r;
}

static void links(struct fleet *m)
{
	char out[PATH_MAX], run[PATH_MAX];
	size_t h;

	if (!realpath(m->o->out, out))
		return;
	for (h = 0; h < m->nh; h++) {
		char *rep = xasprintf("%s/report.html", m->h[h].arg);

		if (realpath(rep, run))
			m->h[h].link = rel_path(out, run);
		free(rep);
	}
}

/* ---- fleet.html ---- */

static void td_text(FILE *f, const char *cls, const char *s)
{
	fprintf(f, "<td class=\"%s\">", cls);
	html_escape(f, s ? s : "");
	fputs("</td>", f);
}

static void h_verdicts(FILE *f, const struct fleet *m)
{
	char head[512];
	size_t h, i;

	fputs("<h2>Verdict per host</h2>\n<div class=\"grid\">\n", f);
	for (h = 0; h < m->nh; h++) {
		const struct fhost *x = &m->h[h];
		const char *cpu = jr_gets(jr_get(x->rd.meta, "provenance"), "cpu_model");
		const char *run_id = jr_gets(x->rd.meta, "run_id") ? jr_gets(x->rd.meta, "run_id") : base_name(x->arg);

		findings_headline(head, sizeof(head), &x->f);
		fprintf(f, "<section class=\"verdict host %s\">\n<h3>", findings_bad(&x->f) ? "bad" : "good");
		html_escape(f, x->name);
		if (x->lab)
			fputs(" <span class=\"muted small\">lab (emulation)</span>", f);
		fputs("</h3>\n<p class=\"headline\">", f);
		html_escape(f, x->f.ncells ? head : "no summary.json: nothing to judge");
		fputs(".</p>\n<p class=\"small\">", f);
		html_escapef(f, "run %.*s · %s · kernel %s · GIC %s · %s",
			     (int)strcspn(run_id, "/"), run_id,
			     cpu ? cpu : "CPU not recorded",
			     rd_run(&x->rd, "uname_release") ? rd_run(&x->rd, "uname_release") : "?",
			     rd_run(&x->rd, "host_gic") ? rd_run(&x->rd, "host_gic") : "?",
			     rd_run(&x->rd, "hyp_mode") ? rd_run(&x->rd, "hyp_mode") : "?");
		fputs("<br><span class=\"mono\">", f);
		html_escape(f, x->arg);
		fputs("</span>", f);
		if (x->link) {
			fputs(" · <a href=\"", f);
			html_escape(f, x->link);
			fputs("\">its report</a>", f);
		}
		fputs("</p>\n", f);
		for (i = 0; i < x->f.ncells; i++) {
			const struct fcell *c = &x->f.cell[i];

			if (c->st == FC_FAILED) {
				fputs("<div class=\"warn\">failed: <span class=\"mono\">", f);
				html_escape(f, c->name);
				fputs("</span>: ", f);
				html_escape(f, c->why ? c->why : "unknown");
				fputs("</div>\n", f);
			} else if (c->st == FC_MEASURED && (c->finding || c->match == 0)) {
				fputs("<div class=\"note\">flagged: <span class=\"mono\">", f);
				html_escape(f, c->name);
				fputs("</span>: ", f);
				if (c->finding)
					html_escape(f, c->finding);
				else
					html_escapef(f, "exits caused %lld against the model's %lld",
						     (long long)c->caused.v, (long long)c->expected.v);
				fputs("</div>\n", f);
			}
		}
		fputs("</section>\n", f);
	}
	fputs("</div>\n", f);
}

/* first: the host's first column, with a rule on its left. */
static void h_cell(FILE *f, const struct fval *v, bool first)
{
	const char *hc = first ? " hostcol" : "";
	char a[48], b[48];

	if (!v->rounds) {
		fprintf(f, "<td class=\"na%s\" title=\"not in this run\">&ndash;</td>", hc);
		return;
	}
	if (!v->measured) {
		fprintf(f, "<td class=\"%s%s\" title=\"", v->failed ? "sig-up" : "na", hc);
		html_escape(f, v->why ? v->why : "no reason recorded");
		fprintf(f, "\">%s</td>", v->failed ? "failed" : "skipped");
		return;
	}
	if (v->p50_has)
		fmt_us(a, sizeof(a), v->p50);
	else
		snprintf(a, sizeof(a), "n too small");
	if (v->p99_has)
		fmt_us(b, sizeof(b), v->p99);
	else
		snprintf(b, sizeof(b), "n too small");
	fprintf(f, "<td class=\"v%s\" title=\"", hc);
	html_escapef(f, "p50 %s µs, p99 %s µs%s", a, b, v->rounds > 1 ? "; the median over the rounds" : "");
	fputs("\">", f);
	html_escape(f, a);
	fputs(" <span class=\"muted\">/ ", f);
	html_escape(f, b);
	fputs("</span><br><span class=\"small ", f);
	fputs(v->match == 0 ? "sig-up" : v->match == 1 ? "ok" : "muted", f);
	fputs("\">exits ", f);
	if (v->caused.has)
		fprintf(f, "%lld", (long long)v->caused.v);
	else
		fputs("&ndash;", f);
	if (v->expected.has)
		fprintf(f, "/%lld", (long long)v->expected.v);
	fputs(v->match == 0 ? " !" : v->match == 1 ? " ok" : "", f);
	if (v->rounds > 1)
		fprintf(f, " · %zu rounds", v->rounds);
	fputs("</span></td>", f);
}

static void h_paths(FILE *f, const struct fleet *m)
{
	size_t r, c, h;
	bool lab = false, native = false;

	for (h = 0; h < m->nh; h++) {
		lab |= m->h[h].lab;
		native |= !m->h[h].lab;
	}
	fputs("<h2>Each path across hosts and GIC versions</h2>\n<p class=\"muted\">Total latency (inject to EOI), "
	      "p50 / p99 in &micro;s (the median of the rounds' when a cell ran in rounds), and the exits the "
	      "interrupt caused against the path's architectural model. A column is one host's GIC and hyp mode.", f);
	if (lab && native)
		fputs(" <b>Lab columns are emulation times: compare their exit counts with the native hosts', not their &micro;s.</b>", f);
	fputs("</p>\n<div class=\"tbl paths\"><table>\n<tr><th class=\"l\" rowspan=\"2\">path &middot; state</th>", f);
	for (h = 0; h < m->nh; h++) {
		size_t span = 0;

		for (c = 0; c < m->ncol; c++)
			span += m->col[c].h == h;
		if (!span)
			continue;
		fprintf(f, "<th colspan=\"%zu\" class=\"host hostcol\">", span);
		html_escape(f, m->h[h].name);
		if (m->h[h].lab)
			fputs(" <span class=\"muted\">(lab)</span>", f);
		fputs("</th>", f);
	}
	fputs("</tr>\n<tr>", f);
	for (c = 0; c < m->ncol; c++) {
		fprintf(f, "<th%s>", c && m->col[c].h != m->col[c - 1].h ? " class=\"hostcol\"" : "");
		html_escapef(f, "%s %s", m->col[c].gic ? m->col[c].gic : "?", m->col[c].hyp ? m->col[c].hyp : "?");
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (r = 0; r < m->nrow; r++) {
		fputs("<tr><td class=\"l cell\">", f);
		html_escape(f, m->row[r]);
		fputs("</td>", f);
		for (c = 0; c < m->ncol; c++) {
			struct fval v;

			value_of(m, r, &m->col[c], &v);
			h_cell(f, &v, c && m->col[c].h != m->col[c - 1].h);
		}
		fputs("</tr>\n", f);
	}
	if (!m->nrow)
		fprintf(f, "<tr><td class=\"l na\">no cells: no run has a summary.json</td></tr>\n");
	fputs("</table></div>\n", f);
}

static void h_facts(FILE *f, const struct fleet *m)
{
	size_t i, h, nsame = 0;

	fputs("<h2>What differs between hosts</h2>\n", f);
	if (m->nh < 2) {
		fputs("<p class=\"muted\">One host: nothing to set side by side.</p>\n", f);
	} else if (!m->ndiffer) {
		fputs("<p>Nothing recorded differs between the hosts.</p>\n", f);
	} else {
		fputs("<p class=\"muted\">Every recorded fact that changes the numbers (doc/results-format.md, provenance; "
		      "the settings every cell recorded) and is not the same on every host.</p>\n"
		      "<div class=\"tbl\"><table>\n<tr><th class=\"l\">fact</th>", f);
		for (h = 0; h < m->nh; h++) {
			fputs("<th class=\"l\">", f);
			html_escape(f, m->h[h].name);
			fputs("</th>", f);
		}
		fputs("</tr>\n", f);
		for (i = 0; i < m->nfact; i++) {
			if (!m->fact[i].differs)
				continue;
			fputs("<tr>", f);
			td_text(f, "l mono", m->fact[i].key);
			for (h = 0; h < m->nh; h++) {
				if (m->fact[i].v[h])
					td_text(f, "l wrap", m->fact[i].v[h]);
				else
					fputs("<td class=\"l na\">not recorded</td>", f);
			}
			fputs("</tr>\n", f);
		}
		fputs("</table></div>\n", f);
	}
	for (i = 0; i < m->nfact; i++)
		nsame += !m->fact[i].differs && m->fact[i].v[0];
	if (!nsame || m->nh < 2)
		return;
	fprintf(f, "<details><summary class=\"muted\">The same on every host: %zu facts</summary>\n"
		"<div class=\"tbl\"><table>\n", nsame);
	for (i = 0; i < m->nfact; i++) {
		if (m->fact[i].differs || !m->fact[i].v[0])
			continue;
		fputs("<tr>", f);
		td_text(f, "l mono", m->fact[i].key);
		td_text(f, "l wrap", m->fact[i].v[0]);
		fputs("</tr>\n", f);
	}
	fputs("</table></div></details>\n", f);
}

static int write_html(const struct fleet *m)
{
	struct outfile o;
	FILE *f;
	size_t h, nlab = 0;
	char *t;

	if (outfile_open(&o, m->sd.path, "fleet.html"))
		return -1;
	f = o.f;
	t = xasprintf("virqbench fleet: %zu host%s", m->nh, m->nh == 1 ? "" : "s");
	html_begin(f, t);
	fputs("<style>.verdict.host h3{margin:6px 0 2px}.verdict.host .headline{font-size:14px}"
	      ".paths{display:inline-block;max-width:100%}.paths table{width:auto}"
	      ".paths td,.paths th{padding:4px 12px}th.host{text-align:center}"
	      "th.hostcol,td.hostcol{border-left:2px solid #cfd6df}summary{cursor:pointer;margin:8px 0}</style>\n<h1>", f);
	html_escape(f, t);
	free(t);
	fputs("</h1>\n", f);
	for (h = 0; h < m->nh; h++)
		nlab += m->h[h].lab;
	if (nlab)
		fprintf(f, "<div class=\"banner\">%s ran in the lab (emulation): absolute times mean little there; "
			"compare ratios and exit counts.</div>\n",
			nlab == m->nh ? (m->nh == 1 ? "This host" : "Every host") : "Some hosts");
	h_verdicts(f, m);
	h_paths(f, m);
	h_facts(f, m);
	fputs("<p class=\"muted small\">Runs:", f);
	for (h = 0; h < m->nh; h++) {
		fputs(" <span class=\"mono\">", f);
		html_escape(f, m->h[h].arg);
		fputs("</span>", f);
	}
	fputs(". Data: <a href=\"fleet.json\">fleet.json</a>. Made by virqbench-fleet ", f);
	html_escape(f, VQB_VERSION);
	fputs(".</p>\n", f);
	html_end(f);
	return outfile_commit(&o);
}

/* ---- fleet.json ---- */

static void j_fint(struct json *j, const char *key, bool has, int64_t v)
{
	if (has)
		json_kint(j, key, v);
	else
		json_knull(j, key);
}

static int write_json(const struct fleet *m)
{
	struct outfile o;
	struct json j;
	char head[512];
	size_t h, r, c, i;

	if (outfile_open(&o, m->sd.path, "fleet.json"))
		return -1;
	json_init(&j, o.f);
	json_begin_object(&j);
	json_kstr(&j, "generator", "virqbench-fleet");
	json_kstr(&j, "version", VQB_VERSION);
	json_kint(&j, "results_format_version", m->h[0].format);
	json_key(&j, "hosts");
	json_begin_array(&j);
	for (h = 0; h < m->nh; h++) {
		const struct fhost *x = &m->h[h];

		findings_headline(head, sizeof(head), &x->f);
		json_begin_object(&j);
		json_kstr(&j, "host", x->name);
		json_kstr(&j, "dir", x->arg);
		json_kstr(&j, "run_id", jr_gets(x->rd.meta, "run_id"));
		json_kbool(&j, "lab", x->lab);
		json_kstr(&j, "report", x->link);
		json_key(&j, "verdict");
		json_begin_object(&j);
		json_kstr(&j, "headline", x->f.ncells ? head : NULL);
		json_kbool(&j, "bad", findings_bad(&x->f));
		json_kuint(&j, "measured", x->f.measured);
		json_kuint(&j, "skipped", x->f.skipped);
		json_kuint(&j, "failed", x->f.failed);
		json_kuint(&j, "injected", x->f.injected);
		json_kuint(&j, "lost", x->f.lost);
		json_kuint(&j, "exits_match", x->f.exits_match);
		json_kuint(&j, "exits_differ", x->f.exits_differ);
		json_end_object(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_key(&j, "paths");
	json_begin_array(&j);
	for (r = 0; r < m->nrow; r++) {
		json_begin_object(&j);
		json_kstr(&j, "path_state", m->row[r]);
		json_key(&j, "cells");
		json_begin_array(&j);
		for (c = 0; c < m->ncol; c++) {
			struct fval v;

			value_of(m, r, &m->col[c], &v);
			if (!v.rounds)
				continue;
			json_begin_object(&j);
			json_kstr(&j, "host", m->h[m->col[c].h].name);
			json_kstr(&j, "gic", m->col[c].gic);
			json_kstr(&j, "hyp", m->col[c].hyp);
			json_kstr(&j, "status", v.measured ? "measured" : v.failed ? "failed" : "skipped");
			json_kuint(&j, "rounds", v.rounds);
			j_fint(&j, "p50_ns", v.p50_has, v.p50);
			j_fint(&j, "p99_ns", v.p99_has, v.p99);
			j_fint(&j, "exits_caused", v.caused.has, v.caused.v);
			j_fint(&j, "exits_expected", v.expected.has, v.expected.v);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_key(&j, "differs");
	json_begin_array(&j);
	for (i = 0; i < m->nfact; i++) {
		if (!m->fact[i].differs)
			continue;
		json_begin_object(&j);
		json_kstr(&j, "fact", m->fact[i].key);
		json_key(&j, "values");
		json_begin_array(&j);
		for (h = 0; h < m->nh; h++)
			json_str(&j, m->fact[i].v[h]);
		json_end_array(&j);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	if (json_finish(&j)) {
		outfile_abort(&o);
		return diag_error(m->o->out, 0, "fleet.json: write failed");
	}
	return outfile_commit(&o);
}

static int write_out(struct fleet *m)
{
	const char **dirs = xcalloc(m->nh, sizeof(*dirs));
	size_t h;
	int r;

	for (h = 0; h < m->nh; h++)
		dirs[h] = m->h[h].arg;
	r = outdir_check(m->o->out, "fleet", dirs, m->nh);
	free(dirs);
	if (r || outdir_prepare(m->o->out, "fleet") || stagedir_open(&m->sd, m->o->out, "fleet"))
		return -1;
	links(m);
	return write_html(m) || write_json(m) || stagedir_commit(&m->sd, NULL, NULL) ? -1 : 0;
}

int fleet_run(const char *const *runs, size_t n, const struct fleet_opts *o)
{
	struct fleet m;
	size_t h, i;
	int ret = -1;

	memset(&m, 0, sizeof(m));
	m.o = o;
	if (!n)
		return diag_error(NULL, 0, "no results directory given (expected one per host)");
	m.h = xcalloc(n, sizeof(*m.h));
	for (h = 0; h < n; h++, m.nh++)
		if (open_host(&m.h[h], runs[h])) {
			m.nh++;
			goto out;
		}
	if (check_hosts(&m))
		goto out;
	layout(&m);
	facts(&m);
	if (o->out && write_out(&m))
		goto out;
	if (o->text)
		text(&m, o->text);
	ret = 0;
out:
	for (h = 0; h < m.nh; h++) {
		findings_free(&m.h[h].f);
		rd_close(&m.h[h].rd);
		free(m.h[h].name);
		free(m.h[h].link);
	}
	free(m.h);
	free(m.col);
	for (i = 0; i < m.nrow; i++)
		free(m.row[i]);
	free(m.row);
	for (i = 0; i < m.nfact; i++) {
		for (h = 0; h < m.nh; h++)
			free(m.fact[i].v[h]);
		free(m.fact[i].v);
		free(m.fact[i].key);
	}
	free(m.fact);
	stagedir_abort(&m.sd);
	return ret;
}
