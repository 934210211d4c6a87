// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cost_section.h"
#include "cycles_section.h"
#include "host_section.h"
#include "diag.h"
#include "findings.h"
#include "gp.h"
#include "html.h"
#include "num.h"
#include "outfile.h"
#include "plots.h"
#include "rdir.h"
#include "report.h"
#include "stagedir.h"
#include "stats.h"
#include "timefmt.h"
#include "util.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

#define CDF_W 760
#define CDF_H 480
#define HIST_W 620
#define HIST_H 360

struct strlist {
	char **s;
	size_t n, cap;
};

struct rep {
	struct rdir rd;
	struct stagedir sd;	/* every file is written here, then renamed into rd.dir */
	const struct report_opts *opt;
	struct gp_batch gp;
	struct strlist gic, path, hyp, state, warn, bases, breakdown;
	double cdf_lo, cdf_hi;		/* common x range of the CDFs, us */
	double hist_lo, hist_hi;	/* and of the histograms */
	bool gp_failed;
	char gp_error[1100];
};

static void sl_add(struct strlist *l, const char *s)
{
	l->s = grow_array(l->s, &l->cap, l->n + 1, sizeof(*l->s));
	l->s[l->n++] = xstrdup(s);
}

static bool sl_has(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->s[i], s))
			return true;
	return false;
}

static void sl_uniq(struct strlist *l, const char *s)
{
	if (!sl_has(l, s))
		sl_add(l, s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sl_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
	memset(l, 0, sizeof(*l));
}

static void warnf(struct rep *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warnf(struct rep *r, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	if (!r->opt->quiet)
		fprintf(stderr, "virqbench-report: warning: %s\n", s);
	sl_add(&r->warn, s);
	free(s);
}

static bool measured(const struct rd_cell *c)
{
	return c->has_samples && c->nrows > 0;
}

static long csv_row(const struct rdir *rd, const char *cell, const char *stage)
{
	size_t r;

	for (r = 0; r < rd->csv.nrows; r++)
		if (!strcmp(csv_get(&rd->csv, r, "cell"), cell) &&
		    !strcmp(csv_get(&rd->csv, r, "stage"), stage))
			return (long)r;
	return -1;
}

/*
 * A percentile cell of summary.csv; one the analysis withheld because the
 * stage has too few samples (stats.h) is a dash that says so on hover.
 */
static void td_pct(FILE *f, const struct csv *c, size_t row, const char *col, unsigned permille)
{
	const char *v = csv_get(c, row, col), *count = csv_get(c, row, "count");
	/* Absent from older summaries: csv_get gives "" for a column the file lacks. */
	const char *res = csv_col(c, "resolution_note") >= 0 ? csv_get(c, row, "resolution_note") : "";
	uint64_t n;

	if (!*v && *res) {
		/* Withheld as quantisation: the stage is shorter than a few counter ticks. */
		fputs("<td class=\"na\" title=\"", f);
		html_escape(f, res);
		fputs(": percentiles withheld (doc/clocks.md)\">below res</td>", f);
		return;
	}
	if (*v || !*count || num_u64(count, &n) || !n || pct_supported(n, permille)) {
		html_td_ns(f, v);
		return;
	}
	/* Said, not hidden behind a dash: "n<1000", the samples it needs on hover. */
	fprintf(f, "<td class=\"na\" title=\"n too small: p%g needs %zu samples, this stage has %llu\">n&lt;%zu</td>",
		permille / 10.0, pct_min_samples(permille), (unsigned long long)n,
		pct_min_samples(permille));
}

/* summary.csv's percentiles against the samples': they must be the same. */
/* summary.json says this cell's percentiles come from a histogram (bounded relative error). */
static bool pct_from_hist(const struct rdir *rd, const char *cell)
{
	const struct jval *cells = rd->summary ? jr_get(rd->summary, "cells") : NULL;
	size_t i;

	for (i = 0; cells && i < cells->n; i++) {
		const struct jval *c = jr_at(cells, i);
		const char *m = jr_gets(c, "percentile_method");

		if (jr_gets(c, "name") && !strcmp(jr_gets(c, "name"), cell))
			return m && !strcmp(m, "histogram");
	}
	return false;
}

/* Within the histogram's error (lib/hdrhist.h): exact below 2048, else 1/2048. */
static bool within_hist(int64_t have, int64_t want)
{
	double d = (double)have - (double)want, m = have < 0 ? -(double)have : (double)have;

	return m < 2048 ? have == want : (d < 0 ? -d : d) <= m / 2048 + 0.5;
}

static void check_summary(struct rep *r)
{
	static const struct { const char *col; unsigned permille; } cols[] = {
		{ "min_ns", 0 }, { "p50_ns", 500 }, { "p90_ns", 900 },
		{ "p99_ns", 990 }, { "p999_ns", 999 }, { "max_ns", 1000 },
	};
	struct rdir *rd = &r->rd;
	size_t row, k;

	for (row = 0; row < rd->csv.nrows; row++) {
		struct rd_cell *c = rd_find(rd, csv_get(&rd->csv, row, "cell"));
		const char *stage = csv_get(&rd->csv, row, "stage");
		const struct rd_series *s;

		if (!c || !measured(c) || !(s = rd_series(c, stage)))
			continue;
		for (k = 0; k < ARRAY_SIZE(cols); k++) {
			const char *t = csv_get(&rd->csv, row, cols[k].col);
			int64_t want, have;

			if (!*t || num_i64(t, &want))
				continue;
			have = cols[k].permille ? pct_rank(s->v, s->n, cols[k].permille) : s->v[0];
			if (have != want && !(pct_from_hist(rd, c->name) && within_hist(have, want))) {
				warnf(r, "%s line %lu: %s %s %s is %lld, the samples give %lld (summary.csv is from another analysis?)",
				      rd->csv.path, rd->csv.line[row], c->name, stage,
				      cols[k].col, (long long)want, (long long)have);
				break;
			}
		}
	}
}

/* ---- plots ---- */

enum cdf_mode { BY_GIC, BY_PATH };

/* A cell run with a vGIC other than the host's usual one (its name says -vgicX: vmm-* with an ITS). */
static bool other_vgic(const struct rd_cell *c)
{
	return c->vgic && strstr(c->name, "-vgic");
}

static char *line_label(const struct rep *r, const struct rd_cell *c, enum cdf_mode m)
{
	const char *what = m == BY_GIC ? c->path : c->gic;
	char vg[32] = "";

	if (other_vgic(c))
		snprintf(vg, sizeof(vg), " (%s)", c->vgic);
	if (r->hyp.n > 1)
		return xasprintf("%s%s %s %s", what, vg, c->state, c->hyp);
	return xasprintf("%s%s %s", what, vg, c->state);
}

/* The line's dash: wfi dashed where states share a plot; another vGIC dotted beside its twin. */
static int line_dash(const struct rd_cell *c, enum cdf_mode m)
{
	int d = m == BY_GIC ? 1 : gp_dash_state(c->state);

	return other_vgic(c) ? d + 2 : d;
}

/*
 * Latency against percentile on HdrHistogram's "nines" axis: the tail a
 * linear CDF squeezes into its top 1 % gets a decade per nine. One curve
 * per cell; where busy and wfi share a plot (BY_PATH), wfi dashed (dt 2 at
 * lw 2.5, which pngcairo draws as dashes); at most as many curves as the
 * palette tells apart.
 */
static int write_tail(struct rep *r, const char *base, const char *title,
		      struct rd_cell **cells, size_t n, enum cdf_mode m)
{
	struct outfile d, g;
	char *name;
	size_t i, block = 0, nmax = 1;

	name = xasprintf("%s.dat", base);
	if (outfile_open(&d, r->sd.path, name)) {
		free(name);
		return -1;
	}
	free(name);
	fprintf(d.f, "# virqbench-report: %s\n# one block per cell (gnuplot index): x = 1/(1 - fraction below), total latency in us\n",
		title);
	for (i = 0; i < n; i++) {
		const struct rd_series *s = rd_series(cells[i], "total");

		fprintf(d.f, "\n\n# cell %s: %zu samples\n", cells[i]->name, s->n);
		tail_block(d.f, s->v, s->n);
		if (s->n > nmax)
			nmax = s->n;
	}
	name = xasprintf("%s.gp", base);
	if (outfile_open(&g, r->sd.path, name)) {
		free(name);
		outfile_abort(&d);
		return -1;
	}
	free(name);
	gp_begin(g.f, base, title, CDF_W, CDF_H);
	fputs("set title ", g.f);
	gnuplot_str(g.f, title);
	fputs("\nset xlabel 'percentile (log scale of 1/(1-p): a decade per nine)'\n"
	      "set ylabel 'total latency, inject to EOI (log scale)'\n"
	      "set key outside right top vertical Left reverse samplen 4 spacing 1.2\n", g.f);
	gp_nines_axis(g.f, nmax);
	gp_time_axis_on(g.f, 'y', r->cdf_lo, r->cdf_hi);
	fputs("plot \\\n", g.f);
	for (i = 0; i < n; i++) {
		const struct rd_cell *c = cells[i];
		char *label = m == BY_GIC && !other_vgic(c) ? xstrdup(c->path) :
			      m == BY_GIC ? xasprintf("%s (%s)", c->path, c->vgic) : line_label(r, c, m);

		/*
		 * A plot of one state (BY_GIC) needs no dashes but to tell a
		 * path's second vGIC apart: they only break its steep steps.
		 */
		fprintf(g.f, "%s'%s.dat' index %zu using 1:2 with steps lw %s lc rgb '%s' dt %d title ",
			block ? ", \\\n     " : "     ", base, block,
			line_dash(c, m) > 1 ? "2.5" : "2",
			m == BY_GIC ? gp_color_path(c->path) : gp_color_gic(c->gic), line_dash(c, m));
		gnuplot_str(g.f, label);
		free(label);
		block++;
	}
	fputc('\n', g.f);
	gp_end(g.f, CDF_W, CDF_H);
	if (outfile_commit(&d)) {
		outfile_abort(&g);
		return -1;
	}
	if (outfile_commit(&g))
		return -1;
	gp_add(&r->gp, base);
	sl_add(&r->bases, base);
	return 0;
}

static char *hist_base(const struct rd_cell *c)
{
	char *p = file_part(c->name), *b = xasprintf("report_hist_%s", p);

	free(p);
	return b;
}

static int write_hist(struct rep *r, const struct rd_cell *c)
{
	char *base = hist_base(c), *name, *title;
	struct outfile d, g;
	size_t k, ns = 0, *cnt, nb, i, idx[16];
	int kmin = 1 << 30, kmax = -(1 << 30), b;

	/* The stages only (not exits), at most 16. */
	for (k = 0; k < c->nseries && ns < ARRAY_SIZE(idx); k++) {
		const struct rd_series *s = &c->series[k];

		if (!strcmp(s->name, "exits") || !s->n)
			continue;
		idx[ns++] = k;
		for (i = 0; i < s->n && s->v[i] <= 0; i++)
			;
		if (i < s->n) {
			if (hist_log_bin(s->v[i]) < kmin)
				kmin = hist_log_bin(s->v[i]);
			if (hist_log_bin(s->v[s->n - 1]) > kmax)
				kmax = hist_log_bin(s->v[s->n - 1]);
		}
	}
	if (!ns || kmin > kmax) {
		free(base);
		return 0;
	}
	nb = (size_t)(kmax - kmin + 1);
	cnt = xcalloc(nb * ns, sizeof(*cnt));
	for (k = 0; k < ns; k++) {
		const struct rd_series *s = &c->series[idx[k]];

		for (i = 0; i < s->n; i++)
			if (s->v[i] > 0)
				cnt[(size_t)(hist_log_bin(s->v[i]) - kmin) * ns + k]++;
	}
	name = xasprintf("%s.dat", base);
	if (outfile_open(&d, r->sd.path, name)) {
		free(name);
		free(cnt);
		free(base);
		return -1;
	}
	free(name);
	fprintf(d.f, "# virqbench-report: histogram of cell %s, %d bins per decade (log-spaced); latencies <= 0 ns left out\n# bin_lower_us",
		c->name, HIST_PER_DECADE);
	for (k = 0; k < ns; k++)
		fprintf(d.f, "\t%s", c->series[idx[k]].name);
	fputc('\n', d.f);
	/* A zero row at each end: the outline rises from and returns to the axis. */
	fprintf(d.f, "%.6g", hist_log_edge(kmin) / 1000);
	for (k = 0; k < ns; k++)
		fputs("\t0", d.f);
	fputc('\n', d.f);
	for (b = kmin; b <= kmax; b++) {
		fprintf(d.f, "%.6g", hist_log_edge(b) / 1000);
		for (k = 0; k < ns; k++)
			fprintf(d.f, "\t%zu", cnt[(size_t)(b - kmin) * ns + k]);
		fputc('\n', d.f);
	}
	fprintf(d.f, "%.6g", hist_log_edge(kmax + 1) / 1000);
	for (k = 0; k < ns; k++)
		fputs("\t0", d.f);
	fputc('\n', d.f);
	free(cnt);

	name = xasprintf("%s.gp", base);
	if (outfile_open(&g, r->sd.path, name)) {
		free(name);
		outfile_abort(&d);
		free(base);
		return -1;
	}
	free(name);
	title = xasprintf("%s: latency histogram, %zu interrupts, %d log bins per decade",
			  c->name, c->nrows, HIST_PER_DECADE);
	gp_begin(g.f, base, title, HIST_W, HIST_H);
	fputs("set title ", g.f);
	gnuplot_str(g.f, title);
	free(title);
	fputs("\nset ylabel 'interrupts per bin (log scale)'\n"
	      "set logscale y\nset format y '%.0f'\n"
	      "set yrange [0.7:*]\n"
	      "set key below horizontal samplen 2\n", g.f);
	gp_time_axis(g.f, r->hist_lo, r->hist_hi);
	fputs("plot \\\n", g.f);
	for (k = 0; k < ns; k++) {
		const char *st = c->series[idx[k]].name;

		fprintf(g.f, "%s'%s.dat' using 1:($%zu > 0 ? $%zu : 0.7) with steps lw %s lc rgb '%s' title ",
			k ? ", \\\n     " : "     ", base, k + 2, k + 2,
			strcmp(st, "total") ? "1.5" : "2.5", gp_color_stage(st, k));
		gnuplot_str(g.f, st);
	}
	fputc('\n', g.f);
	gp_end(g.f, HIST_W, HIST_H);
	if (outfile_commit(&d)) {
		outfile_abort(&g);
		free(base);
		return -1;
	}
	if (outfile_commit(&g)) {
		free(base);
		return -1;
	}
	gp_add(&r->gp, base);
	sl_add(&r->bases, base);
	free(base);
	return 0;
}

static size_t cells_where_state(struct rep *r, struct rd_cell **out, const char *gic,
				const char *path, const char *state)
{
	size_t i, n = 0;

	for (i = 0; i < r->rd.ncells; i++) {
		struct rd_cell *c = &r->rd.cells[i];

		if (!measured(c) || !rd_series(c, "total"))
			continue;
		/* A -cycles twin's total holds its trapped stamps: "Guest cycles" shows it. */
		if (cycles_twin(c->name))
			continue;
		if ((gic && strcmp(c->gic, gic)) || (path && strcmp(c->path, path)) ||
		    (state && strcmp(c->state, state)))
			continue;
		out[n++] = c;
	}
	return n;
}

static size_t cells_where(struct rep *r, struct rd_cell **out, const char *gic,
			  const char *path)
{
	return cells_where_state(r, out, gic, path, NULL);
}

/* One x range for all CDFs, one for all histograms: plots side by side compare. */
static void ranges(struct rep *r)
{
	size_t i, k, j;

	r->cdf_lo = r->hist_lo = 1e300;
	r->cdf_hi = r->hist_hi = 0;
	for (i = 0; i < r->rd.ncells; i++) {
		const struct rd_cell *c = &r->rd.cells[i];

		if (!measured(c))
			continue;
		for (k = 0; k < c->nseries; k++) {
			const struct rd_series *s = &c->series[k];
			double lo, hi;

			if (!s->n || !strcmp(s->name, "exits") || s->v[s->n - 1] <= 0)
				continue;
			for (j = 0; s->v[j] <= 0; j++)
				;
			lo = (double)s->v[j] / 1000;
			hi = (double)s->v[s->n - 1] / 1000;
			if (lo < r->hist_lo)
				r->hist_lo = lo;
			if (hi > r->hist_hi)
				r->hist_hi = hi;
			if (strcmp(s->name, "total"))
				continue;
			if (lo < r->cdf_lo)
				r->cdf_lo = lo;
			if (hi > r->cdf_hi)
				r->cdf_hi = hi;
		}
	}
}

/* Cells of a path across at least two GIC versions: worth a plot. */
static size_t path_cells(struct rep *r, struct rd_cell **out, const char *path)
{
	size_t n = cells_where(r, out, NULL, path), i;

	for (i = 1; i < n; i++)
		if (strcmp(out[i]->gic, out[0]->gic))
			return n;
	return 0;
}

static char *gic_base(const char *gic, const char *state)
{
	char *p = file_part(gic), *q = file_part(state);
	char *b = xasprintf("report_tail_gic-%s-%s", p, q);

	free(p);
	free(q);
	return b;
}

static char *path_base(const char *path)
{
	char *p = file_part(path), *b = xasprintf("report_tail_path-%s", p);

	free(p);
	return b;
}

static int make_plots(struct rep *r)
{
	struct rd_cell **cells = xmalloc((r->rd.ncells + 1) * sizeof(*cells));
	size_t i, k, n;
	int ret = -1;

	for (i = 0; i < r->gic.n; i++) {
		for (k = 0; k < r->state.n; k++) {
			char *base = gic_base(r->gic.s[i], r->state.s[k]), *title;

			n = cells_where_state(r, cells, r->gic.s[i], NULL, r->state.s[k]);
			title = xasprintf("GIC %s, %s: total latency by percentile, one line per path",
					  r->gic.s[i], r->state.s[k]);
			if (n && write_tail(r, base, title, cells, n, BY_GIC)) {
				free(title);
				free(base);
				goto out;
			}
			free(title);
			free(base);
		}
	}
	if (r->gic.n > 1) {
		for (i = 0; i < r->path.n; i++) {
			char *base = path_base(r->path.s[i]), *title;

			n = path_cells(r, cells, r->path.s[i]);
			title = xasprintf("path %s across GIC versions: total latency by percentile (solid busy, dashed wfi)",
					  r->path.s[i]);
			if (n && write_tail(r, base, title, cells, n, BY_PATH)) {
				free(title);
				free(base);
				goto out;
			}
			free(title);
			free(base);
		}
	}
	for (i = 0; i < r->rd.ncells; i++)
		if (measured(&r->rd.cells[i]) && write_hist(r, &r->rd.cells[i]))
			goto out;
	if (gp_run(&r->gp, r->opt->gnuplot)) {
		const char *e = diag_last(), *st = strstr(e, r->sd.path);

		r->gp_failed = true;
		/* The message names where the plots will be, not the staging directory. */
		if (st)
			snprintf(r->gp_error, sizeof(r->gp_error), "%.*s%s%s", (int)(st - e), e,
				 r->rd.dir, st + strlen(r->sd.path));
		else
			snprintf(r->gp_error, sizeof(r->gp_error), "%s", e);
	}
	ret = 0;
out:
	free(cells);
	return ret;
}

static bool ends_with(const char *s, const char *x)
{
	size_t ls = strlen(s), lx = strlen(x);

	return ls > lx && !strcmp(s + ls - lx, x);
}

static void find_breakdown(struct rep *r)
{
	DIR *dh = opendir(r->rd.dir);
	struct dirent *d;

	if (!dh)
		return;
	while ((d = readdir(dh)))
		if (!strncmp(d->d_name, "breakdown", 9) && ends_with(d->d_name, ".png"))
			sl_add(&r->breakdown, d->d_name);
	closedir(dh);
	if (r->breakdown.n)
		qsort(r->breakdown.s, r->breakdown.n, sizeof(char *), cmp_str);
}

/* ---- the page ---- */

static bool file_in(const struct rep *r, const char *name)
{
	char *p = xasprintf("%s/%s", r->rd.dir, name);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

/* href="name" (escaped; names of cell files may hold anything). */
static void href(FILE *f, const char *name)
{
	fputs("href=\"", f);
	html_escape(f, name);
	fputs("\"", f);
}

static void fact(FILE *f, const char *k, const char *v, bool wide)
{
	/* A wide fact starts its own row: its label never strands at the end of the last. */
	fprintf(f, "<dt%s>", wide ? " class=\"wide\"" : "");
	html_escape(f, k);
	fprintf(f, "</dt><dd%s>", wide ? " class=\"wide\"" : "");
	if (v && *v)
		html_escape(f, v);
	else
		fputs("<span class=\"muted\">unknown</span>", f);
	fputs("</dd>\n", f);
}

static const char *meta_str(const struct rep *r, const char *key)
{
	return jr_gets(r->rd.meta, key);
}

/*
 * The run's name: meta.json's run_id, else the directory's last part less
 * the ".tmp" the matrix writes under before it renames the directory.
 */
static char *run_name(const struct rdir *rd)
{
	const char *id = jr_gets(rd->meta, "run_id");
	const char *slash = strrchr(rd->dir, '/');
	const char *name = slash && slash[1] ? slash + 1 : rd->dir;
	size_t n = strlen(name);

	if (id && *id)
		return xstrdup(id);
	if (n > 4 && !strcmp(name + n - 4, ".tmp"))
		return xasprintf("%.*s", (int)(n - 4), name);
	return xstrdup(name);
}

/* The directory as it will be named: results/ID, not results/ID.tmp. */
static char *final_dir(const struct rdir *rd)
{
	size_t n = strlen(rd->dir);

	if (n > 4 && !strcmp(rd->dir + n - 4, ".tmp"))
		return xasprintf("%.*s", (int)(n - 4), rd->dir);
	return xstrdup(rd->dir);
}

static const char *prov(const struct rep *r, const char *key)
{
	return jr_gets(jr_get(r->rd.meta, "provenance"), key);
}

/*
 * Where the cells' threads ran, from cell.kv: "target vCPU1 on CPU 1, vCPU0
 * on CPU 0, injector on CPU 0", each distinct placement once with the
 * number of cells that had it.
 */
static char *pinning(const struct rep *r)
{
	const struct jval *cells = jr_get(r->rd.meta, "cells");
	struct strlist seen = { 0 };
	size_t i, k, *count = NULL, cap = 0;
	char *out = xstrdup("");

	for (i = 0; cells && i < cells->n; i++) {
		const struct jval *kv = jr_get(cells->v[i], "cell_kv");
		const char *in = jr_gets(kv, "injector_cpu"), *tv = jr_gets(kv, "target_vcpu");
		const char *st = jr_gets(cells->v[i], "status");
		char *t, key[32];
		int v;

		if (st && !strcmp(st, "skipped"))
			continue;
		t = xstrdup("");
		for (v = 0; v < 64; v++) {
			const char *cpu;
			char *u;

			snprintf(key, sizeof(key), "vcpu%d_cpu", v);
			if (!(cpu = jr_gets(kv, key)))
				continue;
			snprintf(key, sizeof(key), "%d", v);
			u = xasprintf("%s%s%svCPU%d on CPU %s", t, *t ? ", " : "",
				      tv && !strcmp(tv, key) ? "target " : "", v, cpu);
			free(t);
			t = u;
		}
		if (in) {
			char *u = xasprintf("%s%sinjector on CPU %s", t, *t ? ", " : "", in);

			free(t);
			t = u;
		}
		/* bench/placement.c's: the tracer, the target's isolation, the NUMA placement. */
		if (jr_gets(kv, "placement_numa")) {
			const char *numa = jr_gets(kv, "placement_numa"), *tn = jr_gets(kv, "target_node");
			const char *tr = jr_gets(kv, "tracer_cpus"), *iso = jr_gets(kv, "target_cpu_isolated");
			char *u = xasprintf("%s, tracer on CPU %s; target CPU isolated: %s", t, tr ? tr : "?",
					    iso ? iso : "?");

			free(t);
			t = u;
			if (strcmp(numa, "any")) {
				u = xasprintf("%s; %s-node", t, numa);
				free(t);
				t = u;
			}
			if (tn) {
				const char *sn = jr_gets(kv, "sender_node"), *in_n = jr_gets(kv, "injector_node");

				u = xasprintf("%s (NUMA nodes: target %s, sender %s, injector %s)", t, tn,
					      sn ? sn : "?", in_n ? in_n : "?");
				free(t);
				t = u;
			}
		}
		if (*t) {
			for (k = 0; k < seen.n && strcmp(seen.s[k], t); k++)
				;
			if (k == seen.n) {
				sl_add(&seen, t);
				count = grow_array(count, &cap, seen.n, sizeof(*count));
				count[k] = 0;
			}
			count[k]++;
		}
		free(t);
	}
	for (k = 0; k < seen.n; k++) {
		char *u = xasprintf("%s%s%s (%zu cell%s)", out, k ? "; " : "", seen.s[k], count[k],
				    count[k] == 1 ? "" : "s");

		free(out);
		out = u;
	}
	free(count);
	sl_free(&seen);
	return out;
}

/* What changes the numbers (meta.json provenance, bench/provenance.c). */
static void provenance_facts(FILE *f, struct rep *r)
{
	const char *mh = prov(r, "matrix_host"), *cpu = prov(r, "cpu_model"), *midr = prov(r, "midr");
	const char *gov = prov(r, "cpufreq_governor"), *cur = prov(r, "cpufreq_cur_khz");
	const char *max = prov(r, "cpufreq_max_khz"), *n = prov(r, "ncpus");
	char *t, *pin = pinning(r);
	const char *raw = jr_gets(r->rd.meta, "raw_run");

	fact(f, "Run id", jr_gets(r->rd.meta, "run_id"), false);
	fact(f, "Ran on", mh, false);
	t = xasprintf("%s%s%s%s%s", cpu ? cpu : "", midr ? " (MIDR " : "", midr ? midr : "",
		      midr ? ")" : "", n ? "" : "");
	if (n) {
		char *u = xasprintf("%s%s%s CPUs", t, *t ? ", " : "", n);

		free(t);
		t = u;
	}
	fact(f, "CPU", t, true);
	free(t);
	t = gov || cur ? xasprintf("%s%s%s%s%s%s", gov ? gov : "", cur ? ", " : "", cur ? cur : "",
				   cur ? " kHz" : "", max ? " (max " : "", max ? max : "")
		       : xstrdup("");
	if (max && (gov || cur)) {
		char *u = xasprintf("%s kHz)", t);

		free(t);
		t = u;
	}
	fact(f, "cpufreq", t, false);
	free(t);
	fact(f, "SMT", prov(r, "smt"), false);
	fact(f, "Preemption", prov(r, "preempt_model"), false);
	t = xasprintf("isolcpus %s, nohz_full %s", prov(r, "isolcpus") ? prov(r, "isolcpus") : "?",
		      prov(r, "nohz_full") ? prov(r, "nohz_full") : "?");
	fact(f, "Isolation", t, false);
	free(t);
	fact(f, "Pinning", pin, true);
	free(pin);
	fact(f, "NUMA nodes", prov(r, "numa_nodes"), false);
	/* Said once a run by bench/ too: a target CPU not isolated, a governor not performance. */
	if (prov(r, "placement_warning") && strcmp(prov(r, "placement_warning"), "none"))
		fact(f, "Placement warning", prov(r, "placement_warning"), true);
	fact(f, "Mitigations", prov(r, "vulnerabilities"), true);
	fact(f, "Raw run", raw, true);
}

/* Every boot of the run: its GIC, hyp mode, kernel, QEMU and console log. */
static void boots_table(FILE *f, struct rep *r)
{
	const struct jval *b = jr_get(r->rd.meta, "boots");
	size_t i;

	if (!b || b->t != J_ARR || !b->n)
		return;
	fputs("<div class=\"tbl boots\"><table>\n<tr><th class=\"l\">boot</th><th class=\"l\">GIC</th><th class=\"l\">hyp</th>"
	      "<th class=\"l\">kernel</th><th class=\"l\">QEMU machine</th><th class=\"l\">-cpu</th>"
	      "<th class=\"l\">QEMU</th><th class=\"l\">console</th></tr>\n", f);
	for (i = 0; i < b->n; i++) {
		const struct jval *o = b->v[i];
		static const char *const k[] = { "tag", "host_gic", "hyp_mode", "kernel", "qemu_machine",
						 "qemu_cpu", "qemu_version" };
		const char *log = jr_gets(o, "console_log");
		size_t j;

		fputs("<tr>", f);
		for (j = 0; j < ARRAY_SIZE(k); j++) {
			fputs("<td class=\"l\">", f);
			html_escape(f, jr_gets(o, k[j]) ? jr_gets(o, k[j]) : "?");
			fputs("</td>", f);
		}
		fputs("<td class=\"l\">", f);
		if (log && file_in(r, log)) {
			fputs("<a ", f);
			href(f, log);
			fputs(">", f);
			html_escape(f, log);
			fputs("</a>", f);
		} else {
			fputs("<span class=\"muted\">none</span>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table></div>\n<p class=\"cap\">Every boot of the run (meta.json boots), each with its console log.</p>\n", f);
}

static void page_head(FILE *f, struct rep *r)
{
	const struct rdir *rd = &r->rd;
	const struct jval *lab = rd_is_lab(rd) ? jr_get(rd->meta, "lab") : NULL;
	char *name = run_name(rd);
	char *t, *kernel, *freq, *when;
	struct strlist vg = { 0 };
	size_t i;
	const char *res = rd_run(rd, "resolution_ns");

	t = xasprintf("virqbench report: %s", name);
	html_begin(f, t);
	free(t);
	fputs("<h1>virqbench report: <span class=\"mono\">", f);
	html_escape(f, name);
	fputs("</span></h1>\n", f);
	free(name);
	if (lab) {
		fputs("<div class=\"banner\">Emulation: absolute times mean little; compare ratios and exit counts.<br>"
		      "<span class=\"small\">This run was made in the lab (QEMU, TCG): ", f);
		{
			const struct jval *b = jr_get(rd->meta, "boots");

			if (b && b->t == J_ARR && b->n > 1) {
				/* Each boot its own machine: name them all, not the first. */
				html_escapef(f, "%zu boots, ", b->n);
				for (i = 0; i < b->n; i++)
					html_escapef(f, "%s%s", i ? "; " : "",
						     jr_gets(b->v[i], "qemu_machine") ? jr_gets(b->v[i], "qemu_machine") : "?");
				html_escapef(f, "; -cpu %s; %s (every boot: The run, below)",
					     jr_gets(lab, "qemu_cpu") ? jr_gets(lab, "qemu_cpu") : "unknown",
					     jr_gets(lab, "qemu_version") ? jr_gets(lab, "qemu_version") : "QEMU version unknown");
			} else {
				html_escapef(f, "%s; -cpu %s; %s",
					     jr_gets(lab, "qemu_machine") ? jr_gets(lab, "qemu_machine") : "machine unknown",
					     jr_gets(lab, "qemu_cpu") ? jr_gets(lab, "qemu_cpu") : "unknown",
					     jr_gets(lab, "qemu_version") ? jr_gets(lab, "qemu_version") : "QEMU version unknown");
			}
		}
		fputs(".</span></div>\n", f);
	}
	if (rd_run(rd, "interrupted") && !strcmp(rd_run(rd, "interrupted"), "true"))
		fputs("<div class=\"warn\"><b>This run was interrupted</b>: only the cells it finished are here.</div>\n", f);
	for (i = 0; i < r->warn.n; i++) {
		fputs("<div class=\"warn\">", f);
		html_escape(f, r->warn.s[i]);
		fputs("</div>\n", f);
	}
	if (r->gp_failed) {
		fputs("<div class=\"warn\">Some plots are missing: ", f);
		html_escape(f, r->gp_error);
		fputs("</div>\n", f);
	}

	{
		struct findings fd;

		if (!findings_make(&fd, rd->summary))
			findings_html(f, &fd);
		findings_free(&fd);
	}
	fputs("<h2>The run</h2>\n", f);
	for (i = 0; i < rd->ncells; i++)
		if (rd->cells[i].vgic && *rd->cells[i].vgic)
			sl_uniq(&vg, rd->cells[i].vgic);
	kernel = xasprintf("%s %s", rd_run(rd, "uname_release") ? rd_run(rd, "uname_release") : "",
			   rd_run(rd, "uname_version") ? rd_run(rd, "uname_version") : "");
	freq = rd_run(rd, "cntfrq_hz") || rd_run(rd, "cntfrq")
		? xasprintf("%s Hz%s%s%s", rd_run(rd, "cntfrq_hz") ? rd_run(rd, "cntfrq_hz") : rd_run(rd, "cntfrq"),
			    res ? " (one tick: " : "", res ? res : "", res ? " ns)" : "")
		: xstrdup("");
	when = xasprintf("%s  to  %s", rd_run(rd, "start_utc") ? rd_run(rd, "start_utc") : "?",
			 rd_run(rd, "end_utc") ? rd_run(rd, "end_utc") : "?");
	fputs("<dl class=\"facts\">\n", f);
	{
		const char *mh = jr_gets(jr_get(rd->meta, "provenance"), "matrix_host");
		const char *hn = rd_run(rd, "hostname");

		/* In the lab the measured host is the guest, named "(none)": name the machine. */
		if (lab && mh) {
			t = xasprintf("%s (the lab's guest: %s)", mh, hn ? hn : "?");
			fact(f, "Host", t, false);
			free(t);
		} else {
			fact(f, "Host", hn, false);
		}
	}
	fact(f, "Machine", rd_run(rd, "uname_machine"), false);
	fact(f, "Kernel", kernel, true);
	if (r->gic.n > 1 || (r->gic.n == 1 && rd_run(rd, "host_gic") &&
			     strcmp(r->gic.s[0], rd_run(rd, "host_gic")))) {
		t = xstrdup(rd_run(rd, "host_gic") ? rd_run(rd, "host_gic") : "?");
		for (i = 0; i < r->gic.n; i++) {
			char *u = xasprintf("%s%s%s", t, i ? ", " : "; cells: ", r->gic.s[i]);

			free(t);
			t = u;
		}
		fact(f, "GIC (host)", t, false);
		free(t);
	} else {
		fact(f, "GIC (host)", rd_run(rd, "host_gic"), false);
	}
	t = xstrdup("");
	for (i = 0; i < vg.n; i++) {
		char *u = xasprintf("%s%s%s", t, i ? ", " : "", vg.s[i]);

		free(t);
		t = u;
	}
	fact(f, "vGIC (guests)", t, false);
	free(t);
	fact(f, "Hyp mode", rd_run(rd, "hyp_mode"), false);
	fact(f, "CNTFRQ", freq, false);
	fact(f, "Tool version", rd_run(rd, "tool_version"), false);
	fact(f, "Analyzer", meta_str(r, "analyzer_version"), false);
	fact(f, "Command", rd_run(rd, "command"), true);
	fact(f, "Start / end (UTC)", when, true);
	fact(f, "Kernel command line", rd_run(rd, "kernel_cmdline"), true);
	fact(f, "halt_poll_ns", rd_run(rd, "halt_poll_ns"), false);
	fact(f, "Exit code", rd_run(rd, "exit_code"), false);
	provenance_facts(f, r);
	fputs("</dl>\n", f);
	boots_table(f, r);
	free(kernel);
	free(freq);
	free(when);
	sl_free(&vg);
}

static void td_text(FILE *f, const char *s, const char *cls);

/* "1 / 1" (caused / model), red when they differ. */
static void td_exits(FILE *f, const struct csv *c, size_t row)
{
	const char *got = csv_get(c, row, "exits_caused_p50"), *want = csv_get(c, row, "exits_expected");

	if (!*got) {
		fputs("<td class=\"na\">&ndash;</td>", f);
		return;
	}
	fprintf(f, "<td class=\"%s\">", *want && strcmp(got, want) ? "sig-up" : "");
	html_escape(f, got);
	fputs(" / ", f);
	html_escape(f, *want ? want : "?");
	fputs("</td>", f);
}

static void td_text(FILE *f, const char *s, const char *cls)
{
	if (!*s) {
		fputs("<td class=\"na\">&ndash;</td>", f);
		return;
	}
	if (cls)
		fprintf(f, "<td class=\"%s\">", cls);
	else
		fputs("<td>", f);
	html_escape(f, s);
	fputs("</td>", f);
}

/* Beside a CDF: the total of each plotted cell. */
static void side_table(FILE *f, struct rep *r, struct rd_cell **cells, size_t n,
		       enum cdf_mode m)
{
	size_t i;

	fputs("<div class=\"tbl\"><table>\n<tr><th class=\"l\">cell</th><th>count</th><th>lost</th>"
	      "<th>p50</th><th>p99</th><th>p99.9</th><th>max</th>"
	      "<th title=\"median exits the interrupt caused / the architectural model\">exits caused / model</th>"
	      "<th title=\"median of every kvm_exit in the window, host ticks included\">all exits</th></tr>\n", f);
	for (i = 0; i < n; i++) {
		long row = csv_row(&r->rd, cells[i]->name, "total");
		char *label = line_label(r, cells[i], m);

		fputs("<tr>", f);
		fputs("<td class=\"l\" title=\"", f);
		html_escape(f, cells[i]->name);
		fprintf(f, "\"><span style=\"color:%s\">&#9632;</span> ",
			m == BY_GIC ? gp_color_path(cells[i]->path) : gp_color_gic(cells[i]->gic));
		html_escape(f, label);
		fputs("</td>", f);
		free(label);
		if (row < 0) {
			fputs("<td colspan=\"7\" class=\"na l\">no total row in summary.csv</td></tr>\n", f);
			continue;
		}
		td_text(f, csv_get(&r->rd.csv, row, "count"), NULL);
		td_text(f, csv_get(&r->rd.csv, row, "lost"), NULL);
		td_pct(f, &r->rd.csv, (size_t)row, "p50_ns", 500);
		td_pct(f, &r->rd.csv, (size_t)row, "p99_ns", 990);
		td_pct(f, &r->rd.csv, (size_t)row, "p999_ns", 999);
		html_td_ns(f, csv_get(&r->rd.csv, row, "max_ns"));
		td_exits(f, &r->rd.csv, (size_t)row);
		td_text(f, csv_get(&r->rd.csv, row, "exits_p50"), NULL);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n<p class=\"cap\">Total latency (inject to EOI) in &micro;s, from summary.csv "
	      "(hover a value for ns); exits caused: the median exits the interrupt caused (exits_caused_p50) against "
	      "the path's architectural model (exits_expected); all exits: every kvm_exit in the window (exits_p50), "
	      "host timer ticks included.</p>\n", f);
}

static void plot_img(FILE *f, struct rep *r, const char *base, const char *alt)
{
	char *png = xasprintf("%s.png", base), *svg = xasprintf("%s.svg", base);
	char *gpf = xasprintf("%s.gp", base), *dat = xasprintf("%s.dat", base);

	if (gp_made(&r->gp, base)) {
		fputs("<a ", f);
		href(f, svg);
		fputs("><img src=\"", f);
		html_escape(f, png);
		fputs("\" alt=\"", f);
		html_escape(f, alt);
		fputs("\"></a>\n<p class=\"cap\">", f);
		fputs("<a ", f);
		href(f, svg);
		fputs(">SVG</a> &middot; <a ", f);
		href(f, gpf);
		fputs(">gnuplot script</a> &middot; <a ", f);
		href(f, dat);
		fputs(">data</a></p>\n", f);
	} else {
		fputs("<p class=\"note\">Plot not made (see the warning at the top); its script is <a ", f);
		href(f, gpf);
		fputs(">", f);
		html_escape(f, gpf);
		fputs("</a>.</p>\n", f);
	}
	free(png);
	free(svg);
	free(gpf);
	free(dat);
}

static void not_plotted(FILE *f, struct rep *r, const char *gic, const char *path)
{
	size_t i, n = 0;

	for (i = 0; i < r->rd.ncells; i++) {
		const struct rd_cell *c = &r->rd.cells[i];

		if (!measured(c) || rd_series(c, "total"))
			continue;
		if ((gic && strcmp(c->gic, gic)) || (path && strcmp(c->path, path)))
			continue;
		fputs(n++ ? ", " : "<p class=\"cap\">Not plotted (no total latency: cntvoff not established): ", f);
		html_escape(f, c->name);
	}
	if (n)
		fputs(".</p>\n", f);
}

static void section_cdf(FILE *f, struct rep *r)
{
	struct rd_cell **cells = xmalloc((r->rd.ncells + 1) * sizeof(*cells));
	size_t i, n;

	fputs("<h2>Latency tail per path</h2>\n<p class=\"muted\">Total latency (inject to EOI) against the "
	      "percentile, on HdrHistogram's axis: a decade per nine, so p99 to p99.9 gets as much room as p0 to p90. "
	      "One plot per GIC and target state, one line per path (its colour the same in every plot).</p>\n", f);
	if (!r->gic.n)
		fputs("<p class=\"note\">No cell was measured: nothing to plot.</p>\n", f);
	for (i = 0; i < r->gic.n; i++) {
		size_t k;

		n = cells_where(r, cells, r->gic.s[i], NULL);
		fputs("<h3>GIC ", f);
		html_escape(f, r->gic.s[i]);
		fputs("</h3>\n", f);
		if (!n) {
			fputs("<p class=\"note\">No cell of this GIC has a total latency.</p>\n", f);
			not_plotted(f, r, r->gic.s[i], NULL);
			continue;
		}
		fputs("<div class=\"row\">\n", f);
		for (k = 0; k < r->state.n; k++) {
			char *base = gic_base(r->gic.s[i], r->state.s[k]), *alt;

			if (!cells_where_state(r, cells, r->gic.s[i], NULL, r->state.s[k])) {
				free(base);
				continue;
			}
			alt = xasprintf("total latency by percentile per path, GIC %s, %s", r->gic.s[i],
					r->state.s[k]);
			fputs("<div class=\"plot half\">\n", f);
			plot_img(f, r, base, alt);
			fputs("</div>\n", f);
			free(alt);
			free(base);
		}
		fputs("</div>\n", f);
		not_plotted(f, r, r->gic.s[i], NULL);
		n = cells_where(r, cells, r->gic.s[i], NULL);
		side_table(f, r, cells, n, BY_GIC);
	}

	fputs("<h2>Each path across GIC versions</h2>\n", f);
	if (r->gic.n < 2) {
		fputs("<p class=\"note\">This run has one GIC version", f);
		if (r->gic.n) {
			fputs(" (", f);
			html_escape(f, r->gic.s[0]);
			fputs(")", f);
		}
		fputs(": nothing to set side by side. A results directory with cells of several GIC versions "
		      "gets one plot per path here.</p>\n", f);
	}
	for (i = 0; r->gic.n > 1 && i < r->path.n; i++) {
		char *base = path_base(r->path.s[i]), *alt;

		n = path_cells(r, cells, r->path.s[i]);
		if (!n) {
			free(base);
			continue;
		}
		fputs("<h3>", f);
		html_escape(f, r->path.s[i]);
		fputs("</h3>\n", f);
		alt = xasprintf("CDF of total latency of path %s across GIC versions", r->path.s[i]);
		fputs("<div class=\"row\"><div class=\"plot\">\n", f);
		plot_img(f, r, base, alt);
		fputs("</div><div class=\"side\">\n", f);
		side_table(f, r, cells, n, BY_PATH);
		fputs("</div></div>\n", f);
		free(alt);
		free(base);
	}
	free(cells);
}

static void percentile_table(FILE *f, struct rep *r)
{
	const struct csv *c = &r->rd.csv;
	size_t row = 0;

	fputs("<div class=\"tbl\"><table>\n<tr><th class=\"l\">cell</th><th class=\"l\">stage</th>"
	      "<th>count</th><th>lost</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th>"
	      "<th>max</th><th>exits caused / model</th><th>all exits</th></tr>\n", f);
	while (row < c->nrows) {
		const char *cell = csv_get(c, row, "cell");
		size_t end = row, k;

		bool none = true;

		while (end < c->nrows && !strcmp(csv_get(c, end, "cell"), cell))
			end++;
		for (k = row; k < end; k++)
			none = none && (!*csv_get(c, k, "count") || !strcmp(csv_get(c, k, "count"), "0"));
		if (none) {
			/* A cell that measured nothing: one row, not one per stage. */
			fputs("<tr class=\"first\">", f);
			td_text(f, cell, "l cell");
			fputs("<td class=\"l na\" colspan=\"10\">no samples (see Cells not measured)</td></tr>\n", f);
			row = end;
			continue;
		}
		for (k = row; k < end; k++) {
			const char *stage = csv_get(c, k, "stage");

			fprintf(f, "<tr class=\"%s%s\">", k == row ? "first" : "",
				!strcmp(stage, "total") ? " total" : "");
			if (k == row) {
				fprintf(f, "<td class=\"l cell\" rowspan=\"%zu\">", end - row);
				html_escape(f, cell);
				fputs("</td>", f);
			}
			td_text(f, stage, "l");
			td_text(f, csv_get(c, k, "count"), NULL);
			td_text(f, csv_get(c, k, "lost"), NULL);
			td_pct(f, c, k, "p50_ns", 500);
			td_pct(f, c, k, "p90_ns", 900);
			td_pct(f, c, k, "p99_ns", 990);
			td_pct(f, c, k, "p999_ns", 999);
			html_td_ns(f, csv_get(c, k, "max_ns"));
			td_exits(f, c, k);
			td_text(f, csv_get(c, k, "exits_p50"), NULL);
			fputs("</tr>\n", f);
		}
		row = end;
	}
	fputs("</table></div>\n<p class=\"cap\">Every row of <a href=\"summary.csv\">summary.csv</a>; "
	      "latencies in &micro;s (hover for ns), nearest-rank percentiles; lost: injected without a guest sample; "
	      "exits caused: the median exits the interrupt caused against the architectural model; all exits: every "
	      "kvm_exit in the window, host ticks included; &ndash;: unavailable.", f);
	for (row = 0; row < r->rd.ncells; row++)
		if (pct_from_hist(&r->rd, r->rd.cells[row].name)) {
			fputs(" Cells of more than 4 million samples (summary.json percentile_method "
			      "&quot;histogram&quot;) take their percentiles from a log-linear histogram: "
			      "within 1/2048 (0.05 %) of the exact value.", f);
			break;
		}
	fputs("</p>\n", f);
}

static void section_breakdown(FILE *f, struct rep *r)
{
	size_t i;

	fputs("<h2>Stage breakdown and percentiles</h2>\n", f);
	if (r->breakdown.n) {
		fputs("<div>\n", f);
		for (i = 0; i < r->breakdown.n; i++) {
			char *svg = xasprintf("%.*s.svg", (int)(strlen(r->breakdown.s[i]) - 4),
					      r->breakdown.s[i]);

			fputs("<div class=\"plot wide\"><a ", f);
			href(f, file_in(r, svg) ? svg : r->breakdown.s[i]);
			fputs("><img src=\"", f);
			html_escape(f, r->breakdown.s[i]);
			fputs("\" alt=\"stage breakdown\"></a><p class=\"cap\">", f);
			html_escape(f, r->breakdown.s[i]);
			fputs("</p></div>\n", f);
			free(svg);
		}
		fputs("</div>\n", f);
		if (file_in(r, "breakdown.csv"))
			fputs("<p class=\"cap\">Data: <a href=\"breakdown.csv\">breakdown.csv</a>.</p>\n", f);
	} else {
		fputs("<p class=\"note\">No stage breakdown plots (breakdown_*.png) in this directory: the analysis that "
		      "made it did not draw them. Each stage's percentiles are in the table.</p>\n", f);
	}
	percentile_table(f, r);
}

static void section_hist(FILE *f, struct rep *r)
{
	size_t i, n = 0;

	fputs("<h2>Histograms</h2>\n<p class=\"muted\">Every stage of each cell, log-spaced bins, log-scale counts. "
	      "The same data in cyclictest's histogram text format (a # header, one column per stage, a # trailer with "
	      "count, min, max and the outliers' sequence numbers) is each cell's <code>.hist.txt</code>.</p>\n"
	      "<div class=\"grid\">\n", f);
	for (i = 0; i < r->rd.ncells; i++) {
		const struct rd_cell *c = &r->rd.cells[i];
		char *base, *ht, *alt;

		if (!measured(c))
			continue;
		base = hist_base(c);
		if (!sl_has(&r->bases, base)) {
			free(base);
			continue;
		}
		n++;
		ht = xasprintf("%s.hist.txt", c->name);
		alt = xasprintf("histogram of %s", c->name);
		fputs("<div class=\"plot\">\n", f);
		plot_img(f, r, base, alt);
		if (file_in(r, ht)) {
			fputs("<p class=\"cap\">cyclictest format: <a ", f);
			href(f, ht);
			fputs(">", f);
			html_escape(f, ht);
			fputs("</a></p>\n", f);
		}
		fputs("</div>\n", f);
		free(ht);
		free(alt);
		free(base);
	}
	fputs("</div>\n", f);
	if (!n)
		fputs("<p class=\"note\">No cell has samples to draw.</p>\n", f);
}

/*
 * Exits by reason per cell, laid out as perf kvm stat's "VM-EXIT Samples
 * Samples%" table: what a kvm_stat or perf user expects. perf's time
 * columns (min/avg/max of each exit's handling) need the exit-to-entry time
 * of every exit, which the trace has only for an interrupt's own kick
 * (its exit_to_entry stage): so the per-interrupt count stands there.
 */
static void section_exits(FILE *f, struct rep *r)
{
	const struct jval *cells = jr_get(r->rd.summary, "cells");
	size_t i, k, shown = 0;

	fputs("<h2 id=\"exits\">Exits by reason</h2>\n<p class=\"muted\">Per cell, every kvm_exit in the interrupts' "
	      "windows by exception class, in <code>perf kvm stat</code>'s layout (VM-EXIT, Samples, Samples%). "
	      "Per interrupt: samples / interrupts. Target: the interrupted vCPU; other: the cell's other vCPUs "
	      "(sgi's sender); a class's hex number is its ESR exception class (EC). Handling times per exit are not traced: each interrupt's own kick is its "
	      "<code>exit_to_entry</code> stage in the table above.</p>\n<div class=\"exits\">\n", f);
	for (i = 0; cells && i < cells->n; i++) {
		const struct jval *c = cells->v[i], *x = jr_get(c, "exits_by_class");
		int64_t sum = 0, received = 0;

		if (!x || x->t != J_ARR || jr_gettrue(c, "skipped"))
			continue;
		jr_geti(jr_get(c, "counts"), "received", &received);
		for (k = 0; k < x->n; k++) {
			int64_t a = 0, b = 0;

			jr_geti(x->v[k], "target", &a);
			jr_geti(x->v[k], "other_vcpus", &b);
			sum += a + b;
		}
		shown++;
		fputs("<div class=\"tbl\"><h4>", f);
		html_escape(f, jr_gets(c, "name"));
		html_escapef(f, " \xe2\x80\x94 %lld exits, %lld interrupts", (long long)sum, (long long)received);
		fputs("</h4><table class=\"kvmstat\">\n<tr><th class=\"l\">VM-EXIT</th><th>Samples</th><th>Samples%</th>"
		      "<th title=\"samples / interrupts\">per irq</th><th title=\"on the interrupted vCPU\">target</th>"
		      "<th title=\"on the cell's other vCPUs\">other</th></tr>\n", f);
		if (!x->n)
			fputs("<tr><td class=\"l na\" colspan=\"6\">no exit in any interrupt's window</td></tr>\n", f);
		for (k = 0; k < x->n; k++) {
			const struct jval *e = x->v[k];
			int64_t a = 0, b = 0, ec;
			const char *pi = NULL;
			const struct jval *pv = jr_get(e, "per_interrupt");

			jr_geti(e, "target", &a);
			jr_geti(e, "other_vcpus", &b);
			if (pv && pv->t == J_NUM)
				pi = pv->s;
			fputs("<tr><td class=\"l mono\">", f);
			html_escape(f, jr_gets(e, "class") ? jr_gets(e, "class") : "?");
			if (jr_geti(e, "esr_ec", &ec))
				fprintf(f, " <span class=\"muted\">0x%02llx</span>", (unsigned long long)ec);
			fprintf(f, "</td><td>%lld</td><td>%.2f%%</td><td>", (long long)(a + b),
				sum ? 100.0 * (double)(a + b) / (double)sum : 0.0);
			html_escape(f, pi ? pi : "\xe2\x80\x93");
			fprintf(f, "</td><td>%lld</td><td>%lld</td></tr>\n", (long long)a, (long long)b);
		}
		fputs("</table></div>\n", f);
	}
	fputs("</div>\n", f);
	if (!shown)
		fputs("<p class=\"note\">No cell has traced exits (tracing off, or no summary.json).</p>\n", f);
}

static void section_unmeasured(FILE *f, struct rep *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->rd.ncells; i++) {
		const struct rd_cell *c = &r->rd.cells[i];

		if (measured(c) && !strcmp(c->status, "ok"))
			continue;
		if (!n++)
			fputs("<h2 id=\"unmeasured\">Cells not measured</h2>\n<div class=\"tbl\"><table>\n"
			      "<tr><th class=\"l\">cell</th><th class=\"l\">status</th><th class=\"l\">reason</th></tr>\n", f);
		fputs("<tr>", f);
		td_text(f, c->name, "l cell");
		td_text(f, c->status, "l");
		fputs("<td class=\"l\" style=\"white-space:normal\">", f);
		if (c->reason)
			html_escape(f, c->reason);
		else if (!measured(c))
			fputs("no samples", f);
		fputs("</td></tr>\n", f);
	}
	if (n)
		fputs("</table></div>\n", f);
}

static void section_notes(FILE *f, struct rep *r)
{
	const struct jval *cells = jr_get(r->rd.summary, "cells");
	size_t i, k, n = 0;

	for (i = 0; cells && i < cells->n; i++) {
		const struct jval *notes = jr_get(cells->v[i], "notes");

		if (!notes || notes->t != J_ARR || !notes->n)
			continue;
		if (!n++)
			fputs("<h2>Notes</h2>\n<details><summary>Per-cell notes from summary.json "
			      "(why something is unavailable or doubtful)</summary>\n<ul>\n", f);
		fputs("<li><span class=\"mono\">", f);
		html_escape(f, jr_gets(cells->v[i], "name"));
		fputs("</span><ul>\n", f);
		for (k = 0; k < notes->n; k++) {
			fputs("<li>", f);
			html_escape(f, jr_str(notes->v[k]));
			fputs("</li>\n", f);
		}
		fputs("</ul></li>\n", f);
	}
	if (n)
		fputs("</ul></details>\n", f);
}

static void section_files(FILE *f, struct rep *r)
{
	static const char *const run_files[] = {
		"meta.json", "summary.csv", "summary.json", "cdf_total.png", "breakdown.csv",
		"console.log", "raw/",
	};
	size_t i;
	char now[32];
	time_t t = time(NULL);

	fputs("<h2>Files</h2>\n<ul class=\"files\">\n", f);
	for (i = 0; i < ARRAY_SIZE(run_files); i++) {
		if (!file_in(r, run_files[i]))
			continue;
		fputs("<li><a ", f);
		href(f, run_files[i]);
		fputs(">", f);
		html_escape(f, run_files[i]);
		fputs("</a></li>\n", f);
	}
	{
		const struct jval *b = jr_get(r->rd.meta, "boots");

		for (i = 0; b && b->t == J_ARR && i < b->n; i++) {
			const char *log = jr_gets(b->v[i], "console_log");

			if (!log || !file_in(r, log))
				continue;
			fputs("<li><a ", f);
			href(f, log);
			fputs(">", f);
			html_escape(f, log);
			fputs("</a></li>\n", f);
		}
	}
	for (i = 0; i < r->rd.ncells; i++) {
		char *s = xasprintf("%s.samples.tsv", r->rd.cells[i].name);

		if (r->rd.cells[i].has_samples) {
			fputs("<li><a ", f);
			href(f, s);
			fputs(">", f);
			html_escape(f, s);
			fputs("</a></li>\n", f);
		}
		free(s);
	}
	fputs("</ul>\n", f);
	utc_stamp(t, now, sizeof(now));
	fputs("<p class=\"muted small\">Made by virqbench-report ", f);
	html_escape(f, VQB_VERSION);
	fputs(" at ", f);
	html_escape(f, now);
	fputs(" from this directory alone; rebuild with <code>virqbench-report ", f);
	{
		char *d = final_dir(&r->rd);

		html_escape(f, d);
		free(d);
	}
	fputs("</code>.</p>\n", f);
}

static int write_page(struct rep *r)
{
	struct outfile o;

	if (outfile_open(&o, r->sd.path, "report.html"))
		return -1;
	page_head(o.f, r);
	section_cdf(o.f, r);
	section_breakdown(o.f, r);
	section_exits(o.f, r);
	section_guest_cycles(o.f, &r->rd);
	section_host_cycles(o.f, &r->rd);
	section_hist(o.f, r);
	section_tracing_cost(o.f, &r->rd);
	section_unmeasured(o.f, r);
	section_notes(o.f, r);
	section_files(o.f, r);
	html_end(o.f);
	return outfile_commit(&o);
}

int report_build(const char *dir, const struct report_opts *opt)
{
	static const struct report_opts none;
	static const char *const stale_prefix[] = { "report_", NULL };
	struct rep r;
	size_t i;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	r.opt = opt ? opt : &none;
	if (rd_open(&r.rd, dir))
		return -1;
	if (stagedir_open(&r.sd, dir, "report")) {
		rd_close(&r.rd);
		return -1;
	}
	/* gnuplot runs in the staging directory too: its images are committed with the rest */
	gp_init(&r.gp, r.sd.path);
	for (i = 0; i < r.rd.ncells; i++) {
		struct rd_cell *c = &r.rd.cells[i];

		if (!strcmp(c->status, "skipped"))
			continue;
		if (rd_load_samples(&r.rd, c))
			goto out;
		if (!measured(c))
			continue;
		if (rd_series(c, "total")) {
			sl_uniq(&r.gic, c->gic);
			sl_uniq(&r.path, c->path);
			sl_uniq(&r.state, c->state);
		}
		sl_uniq(&r.hyp, c->hyp);
	}
	if (r.gic.n)
		qsort(r.gic.s, r.gic.n, sizeof(char *), cmp_str);
	ranges(&r);
	check_summary(&r);
	find_breakdown(&r);
	if (make_plots(&r))
		goto out;
	/*
	 * All or nothing: a failure before this leaves an earlier report as it
	 * was. The commit removes the report_* files of an earlier report
	 * that this one did not make (a plot no longer drawn, or not drawn now).
	 */
	if (write_page(&r) || stagedir_commit(&r.sd, NULL, stale_prefix))
		goto out;
	ret = r.gp_failed ? -2 : 0;
	if (r.gp_failed)
		diag_error(NULL, 0, "%s", r.gp_error);
out:
	sl_free(&r.gic);
	sl_free(&r.path);
	sl_free(&r.hyp);
	sl_free(&r.state);
	sl_free(&r.warn);
	sl_free(&r.bases);
	sl_free(&r.breakdown);
	gp_free(&r.gp);
	stagedir_abort(&r.sd);
	rd_close(&r.rd);
	return ret;
}
