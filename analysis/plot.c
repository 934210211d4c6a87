// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "gnuplot.h"
#include "outfile.h"
#include "path_catalogue.h"
#include "plot.h"
#include "util.h"

#define CDF_DATA "cdf_total.dat"
#define CDF_SCRIPT "cdf_total.gp"
#define CDF_PNG "cdf_total.png"

/* A cell with a CDF that the overview draws (raw_run.h cell_in_overview). */
static bool cdf_drawn(const struct cell_summary *s)
{
	return s->nr_cdf && cell_in_overview(s->ci);
}

static int write_data(const char *out, const struct cell_summary *cs, size_t n)
{
	struct outfile o;
	size_t c, i;

	if (outfile_open(&o, out, CDF_DATA))
		return -1;
	fputs("# virqbench-analyze: CDF of total latency (inject -> EOI) per cell;\n"
	      "# one block per plotted cell (gnuplot `index`), about 2000 points each\n", o.f);
	for (c = 0; c < n; c++) {
		const struct cell_summary *s = &cs[c];

		if (!cdf_drawn(s))
			continue;
		fprintf(o.f, "\n\n# cell %s: %llu samples", s->ci->name,
			(unsigned long long)s->st[ST_TOTAL].p.n);
		if (s->cdf_nonpositive)
			fprintf(o.f, ", %llu with total <= 0 ns not plotted (log axis)",
				(unsigned long long)s->cdf_nonpositive);
		fputs("\n# total_ns\tfraction\n", o.f);
		for (i = 0; i < s->nr_cdf; i++)
			fprintf(o.f, "%lld\t%.6f\n", (long long)s->cdf_ns[i],
				s->cdf_frac[i]);
	}
	return outfile_commit(&o);
}

static const char *cell_vgic(const struct cell_info *ci)
{
	return ci->vgic ? ci->vgic : ci->gic;
}

static char *plot_title(const struct run_info *ri, const struct cell_summary *cs,
			size_t n)
{
	const char *gic = kv_get(&ri->run, "host_gic");
	const char *hyp = kv_get(&ri->run, "hyp_mode");
	char vgic[64] = "";
	size_t c, len = 0;

	/*
	 * The guests' vGIC versions, each once, in cell order: cell.kv's vgic,
	 * else its gic (doc/raw-format.md's gic is the guest's).
	 */
	for (c = 0; c < n; c++) {
		const char *g = cell_vgic(cs[c].ci);
		size_t d;

		if (cs[c].ci->skipped)
			continue;
		for (d = 0; d < c && (cs[d].ci->skipped || strcmp(cell_vgic(cs[d].ci), g)); d++)
			;
		if (d < c || len + strlen(g) + 2 >= sizeof(vgic))
			continue;
		len += snprintf(vgic + len, sizeof(vgic) - len, "%s%s", len ? "/" : "", g);
	}
	return xasprintf("virqbench: total latency CDF (inject to EOI) - host GIC %s, hyp %s, vGIC %s",
			 gic ? gic : "unknown", hyp ? hyp : "unknown", vgic);
}

/*
 * A path keeps its colour in every plot: its place in the catalogue (the
 * report's palette, analysis/report/gp.c, in the same order).
 */
static const char *path_color(const char *path)
{
	static const char *const pal[] = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd",
					   "#ff7f0e", "#8c564b", "#17becf", "#e377c2", "#393b79" };
	const struct vqb_path_info *pi = catalogue_by_name(path);
	size_t i = pi ? catalogue_index(pi) : ARRAY_SIZE(pal) - 1;

	return pal[i < ARRAY_SIZE(pal) ? i : ARRAY_SIZE(pal) - 1];
}

/* Log x tics in ns named 1 us, 10 us, 100 us, 1 ms...: never 1e+06. */
static void time_tics(FILE *f, int64_t lo, int64_t hi)
{
	static const char *const unit[] = { "ns", "\xc2\xb5s", "ms", "s" };
	int64_t d = 1, top = 1;
	int e = 0;

	while (d * 10 <= lo && d < INT64_C(1000000000000))
		d *= 10;
	while (top < hi && top < INT64_C(100000000000))
		top *= 10;
	if (top <= d)
		top = d * 10;
	fprintf(f, "set xrange [%lld:%lld]\nset xtics (", (long long)d, (long long)top);
	for (int64_t v = d; v <= top; v *= 10, e++) {
		int64_t t = v;
		int k = 0;

		while (t >= 1000 && k < 3) {
			t /= 1000;
			k++;
		}
		fprintf(f, "%s'%lld %s' %lld", e ? ", " : "", (long long)t, unit[k], (long long)v);
	}
	fputs(")\nset mxtics 10\n", f);
}

/* A panel's height: 360 px, taller when its key has more lines than 16 fill. */
static size_t panel_px(size_t rows)
{
	return rows > 16 ? 360 + 18 * (rows - 16) : 360;
}

/*
 * One panel per host GIC (cells in the order given), one line per cell
 * coloured by path, wfi dashed (dt 2 at lw 2, which pngcairo draws as
 * dashes), the key outside the data in one column.
 */
static int write_script(const char *out, const struct run_info *ri,
			const struct cell_summary *cs, size_t n)
{
	struct outfile o;
	char *title = plot_title(ri, cs, n);
	const char *gics[16], *hyp0 = NULL;
	size_t c, block = 0, ng = 0, g;
	int64_t lo = INT64_MAX, hi = 1;
	bool several_hyps = false;
	size_t in_panel[16] = { 0 }, rows = 16;
	char *label, *variant;

	if (outfile_open(&o, out, CDF_SCRIPT)) {
		free(title);
		return -1;
	}
	for (c = 0; c < n; c++) {
		if (!cdf_drawn(&cs[c]))
			continue;
		for (g = 0; g < ng && strcmp(gics[g], cs[c].ci->gic); g++)
			;
		if (g == ng && ng < ARRAY_SIZE(gics))
			gics[ng++] = cs[c].ci->gic;
		if (g < ng && ++in_panel[g] > rows)
			rows = in_panel[g];
		if (!hyp0)
			hyp0 = cs[c].ci->hyp;
		several_hyps |= strcmp(hyp0, cs[c].ci->hyp) != 0;
		if (cs[c].cdf_ns[0] < lo)
			lo = cs[c].cdf_ns[0];
		if (cs[c].cdf_ns[cs[c].nr_cdf - 1] > hi)
			hi = cs[c].cdf_ns[cs[c].nr_cdf - 1];
	}
	fprintf(o.f, "# virqbench-analyze: CDF of total latency, one panel per host GIC, one line per cell.\n"
		"# Re-plot from this directory: gnuplot " CDF_SCRIPT "\n"
		"# (or: gnuplot -e \"outfile='other.png'\" " CDF_SCRIPT ")\n"
		"if (!exists(\"outfile\")) outfile = '" CDF_PNG "'\n"
		"if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
		"\tset terminal pngcairo size 1100,%zu noenhanced font 'sans,10'\n"
		"} else {\n"
		"\tset terminal png size 1100,%zu noenhanced\n"
		"}\n"
		"set output outfile\n", 60 + panel_px(rows) * (ng ? ng : 1),
		60 + panel_px(rows) * (ng ? ng : 1));
	fputs("set xlabel 'total latency, inject to EOI (log scale)'\n"
	      "set ylabel 'fraction of interrupts at or below'\n"
	      "set logscale x\n"
	      "set yrange [0:1]\nset ytics 0.2\n"
	      "set grid xtics mxtics ytics lc rgb '#dddddd'\n"
	      /* Every panel the same width, whatever its key holds. */
	      "set lmargin at screen 0.08\nset rmargin at screen 0.74\n", o.f);
	/* One column of key beside the data, however many lines: a second would cover them. */
	fprintf(o.f, "set key outside right top vertical Left reverse samplen 4 maxrows %zu\n", rows);
	if (!ng) {
		fputs("set title ", o.f);
		gnuplot_str(o.f, title);
		fputs("\nset xrange [1:1e6]\n"
		      "set label 1 'nothing to plot: no cell has a total latency (cntvoff not established, or no samples)' at graph 0.5, 0.5 center\n"
		      "plot 2 notitle\n", o.f);
		free(title);
		return outfile_commit(&o);
	}
	time_tics(o.f, lo, hi);
	fprintf(o.f, "set multiplot layout %zu,1 title ", ng);
	gnuplot_str(o.f, title);
	fputs("\n", o.f);
	for (g = 0; g < ng; g++) {
		size_t k = 0;

		fputs("set title ", o.f);
		gnuplot_str(o.f, gics[g]);
		fputs(" font ',11'\n", o.f);
		/* Only the bottom panel names the axis: the others share it. */
		fputs(g + 1 < ng ? "set xlabel ''\n" : "set xlabel 'total latency, inject to EOI (log scale)'\n", o.f);
		fputs("plot \\\n", o.f);
		for (c = 0, block = 0; c < n; c++) {
			if (!cdf_drawn(&cs[c]))
				continue;
			if (!strcmp(cs[c].ci->gic, gics[g])) {
				fprintf(o.f, "%s'" CDF_DATA "' index %zu using 1:2 with steps lw 2 lc rgb '%s' dt %d title ",
					k++ ? ", \\\n     " : "     ", block, path_color(cs[c].ci->path),
					strcmp(cs[c].ci->state, "wfi") ? 1 : 2);
				variant = cell_variant_label(cs[c].ci);
				label = several_hyps ? xasprintf("%s%s %s %s", cs[c].ci->path, variant,
								 cs[c].ci->state, cs[c].ci->hyp)
						     : xasprintf("%s%s %s", cs[c].ci->path, variant,
								 cs[c].ci->state);
				free(variant);
				gnuplot_str(o.f, label);
				free(label);
			}
			block++;
		}
		putc('\n', o.f);
	}
	fputs("unset multiplot\n", o.f);
	free(title);
	return outfile_commit(&o);
}

void plot_batch_add(struct plot_batch *b, const char *script, const char *name,
		    const char *fmt)
{
	struct plot_job *j;

	b->job = grow_array(b->job, &b->cap, b->n + 1, sizeof(*b->job));
	j = &b->job[b->n++];
	j->script = xstrdup(script);
	j->name = xstrdup(name);
	j->fmt = fmt;
}

void plot_batch_free(struct plot_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->job[i].script);
		free(b->job[i].name);
	}
	free(b->job);
	memset(b, 0, sizeof(*b));
}

/* How a user makes the plots by hand: gnuplot runs the scripts it is given in turn. */
static char *redo_hint(const char *dir, const struct plot_batch *b)
{
	char *redo = xasprintf("run: cd %s && gnuplot", dir), *more;
	size_t i, k;

	for (i = 0; i < b->n; i++) {
		for (k = 0; k < i && strcmp(b->job[k].script, b->job[i].script); k++)
			;
		if (k < i)
			continue;	/* one script can make a PNG and an SVG */
		more = xasprintf("%s %s", redo, b->job[i].script);
		free(redo);
		redo = more;
	}
	return redo;
}

/*
 * One gnuplot for every plot: its start-up (fonts) costs more than a plot.
 * Runs in `dir` as `gnuplot -e "outfile='T1'; fmt='F1'" S1 -e "reset; ..." S2 ...`.
 */
static int run_gnuplot(const char *gnuplot, const char *dir,
		       const struct plot_batch *b, char *const tmp[])
{
	char **args = xcalloc(3 * b->n + 1, sizeof(*args)), **arg, *redo;
	struct gnuplot_run run = { .program = gnuplot, .dir = dir, .args = args };
	size_t i, k = 0;
	int r;

	arg = xcalloc(b->n, sizeof(*arg));
	for (i = 0; i < b->n; i++) {
		arg[i] = xasprintf("%soutfile='%s'; fmt='%s'", i ? "reset; " : "",
				   tmp[i], b->job[i].fmt);
		args[k++] = "-e";
		args[k++] = arg[i];
		args[k++] = b->job[i].script;
	}
	run.redo = redo = redo_hint(dir, b);
	r = gnuplot_run(&run);
	free(redo);
	for (i = 0; i < b->n; i++)
		free(arg[i]);
	free(arg);
	free(args);
	return r;
}

int plot_batch_run(const char *gnuplot, const char *out,
		   const struct plot_batch *b)
{
	char **tmp, **base;
	struct stat st;
	size_t i;
	int r = 0;

	if (!b->n)
		return 0;
	tmp = xcalloc(b->n, sizeof(*tmp));
	base = xcalloc(b->n, sizeof(*base));
	for (i = 0; i < b->n; i++) {
		tmp[i] = outfile_tmp_name(out, b->job[i].name);
		base[i] = strrchr(tmp[i], '/') + 1;
	}
	r = run_gnuplot(gnuplot, out, b, base);
	/* Each plot into place, or none half-made: the tmp files go either way. */
	for (i = 0; i < b->n; i++) {
		char *final = xasprintf("%s/%s", out, b->job[i].name);

		if (!r && (stat(tmp[i], &st) || !st.st_size))
			r = diag_error(NULL, 0, "gnuplot ('%s') made no %s in %s",
				       gnuplot, b->job[i].name, out);
		if (!r && rename(tmp[i], final))
			r = diag_error(final, 0, "cannot rename into place: %s",
				       strerror(errno));
		unlink(tmp[i]);
		free(final);
		free(tmp[i]);
	}
	free(tmp);
	free(base);
	return r ? -2 : 0;
}

int plot_cdf_total(const char *out, const struct run_info *ri,
		   const struct cell_summary *cs, size_t n, struct plot_batch *b)
{
	if (write_data(out, cs, n) || write_script(out, ri, cs, n))
		return -1;
	plot_batch_add(b, CDF_SCRIPT, CDF_PNG, "png");
	return 0;
}
