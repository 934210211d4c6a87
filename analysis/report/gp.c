// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "gnuplot.h"
#include "gp.h"
#include "outfile.h"
#include "path_catalogue.h"
#include "util.h"

void gp_init(struct gp_batch *b, const char *dir)
{
	memset(b, 0, sizeof(*b));
	b->dir = xstrdup(dir);
}

void gp_add(struct gp_batch *b, const char *base)
{
	size_t c2 = b->cap;

	b->base = grow_array(b->base, &b->cap, b->n + 1, sizeof(*b->base));
	b->made = grow_array(b->made, &c2, b->n + 1, sizeof(*b->made));
	b->made[b->n] = false;
	b->base[b->n++] = xstrdup(base);
}

void gp_free(struct gp_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->base[i]);
	free(b->base);
	free(b->made);
	free(b->dir);
	memset(b, 0, sizeof(*b));
}

bool gp_made(const struct gp_batch *b, const char *base)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!strcmp(b->base[i], base))
			return b->made[i];
	return false;
}

void gp_begin(FILE *f, const char *base, const char *what, int w, int h)
{
	fprintf(f, "# virqbench-report: %s\n"
		"# Re-plot from this directory: gnuplot %s.gp (writes %s.png and %s.svg)\n"
		"if (!exists(\"outbase\")) outbase = ",
		what, base, base, base);
	gnuplot_str(f, base);
	fprintf(f, "\nreset\n"
		"if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
		"\tset terminal pngcairo size %d,%d noenhanced font 'sans,10'\n"
		"} else {\n"
		"\tset terminal png size %d,%d noenhanced\n"
		"}\n"
		"set output outbase.'.png'\n"
		"set border lc rgb '#555555'\n"
		"set grid xtics mxtics ytics mytics lc rgb '#d4d4d4' lw 1 dt 1, lc rgb '#ececec' lw 1 dt 1\n",
		w, h, w, h);
}

void gp_end(FILE *f, int w, int h)
{
	fprintf(f, "set terminal svg size %d,%d dynamic noenhanced font 'sans,11' background rgb 'white'\n"
		"set output outbase.'.svg'\n"
		"replot\n"
		"unset output\n", w, h);
}

void gp_time_axis(FILE *f, double lo_us, double hi_us)
{
	gp_time_axis_on(f, 'x', lo_us, hi_us);
}

void gp_time_axis_on(FILE *f, char ax, double lo_us, double hi_us)
{
	static const char *const unit[] = { "ns", "\xc2\xb5s", "ms", "s" };
	int lo, hi, e, m;

	if (!(lo_us > 0) || !(hi_us >= lo_us))
		lo_us = hi_us = 1;
	lo = (int)floor(log10(lo_us) + 1e-9);
	hi = (int)ceil(log10(hi_us) - 1e-9);
	if (hi <= lo)
		hi = lo + 1;
	if (lo < -3)
		lo = -3;
	if (hi > 8)
		hi = 8;
	if (lo >= hi)
		lo = hi - 1;
	fprintf(f, "set logscale %c\nset %crange [%g:%g]\nset %ctics (", ax, ax, pow(10, lo),
		pow(10, hi), ax);
	for (e = lo; e <= hi; e++) {
		/* e = -3 is 1 ns; units every three decades from there. */
		int k = (e + 3) / 3, v = 1;

		for (m = (e + 3) % 3; m > 0; m--)
			v *= 10;
		fprintf(f, "%s'%d %s' %g", e > lo ? ", " : "", v, unit[k > 3 ? 3 : k], pow(10, e));
	}
	fputs(")\n", f);
	for (e = lo; e < hi; e++) {
		fprintf(f, "set %ctics add (", ax);
		for (m = 2; m <= 9; m++)
			fprintf(f, "%s'' %g 1", m > 2 ? ", " : "", m * pow(10, e));
		fputs(")\n", f);
	}
}

void gp_nines_axis(FILE *f, size_t n)
{
	/* A tic label is a format to gnuplot: its percent sign doubled. */
	static const char *const lab[] = { "90%%", "99%%", "99.9%%", "99.99%%", "99.999%%",
					   "99.9999%%", "99.99999%%" };
	double top = 10;
	size_t k;

	/* One nine beyond the largest x (n, the maximum): the maximum's step shows. */
	for (k = 1; top <= (double)n && k < 7; k++)
		top *= 10;
	fprintf(f, "set logscale x\nset xrange [1:%g]\nset xtics ('0%%%%' 1, '50%%%%' 2", top);
	for (k = 0, top = 10; k < 7 && top <= 1e7; k++, top *= 10) {
		fprintf(f, ", '%s' %g", lab[k], top);
		if (top > (double)n)
			break;
	}
	fputs(")\nset mxtics 10\n", f);
}

static const char *const palette[] = {
	"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
	"#17becf", "#e377c2", "#393b79", "#7f7f7f", "#bcbd22", "#000000",
};

/*
 * A catalogue path keeps its colour in every plot (its place in the
 * catalogue, past the palette's end a hash); a name the catalogue does not
 * know gets one of the last three by hash.
 */
const char *gp_color_path(const char *path)
{
	const struct vqb_path_info *pi = catalogue_by_name(path);
	size_t i = pi ? catalogue_index(pi) : ARRAY_SIZE(palette);
	unsigned h = 0;

	if (i < ARRAY_SIZE(palette) - 3)
		return palette[i];
	for (; *path; path++)
		h = h * 31 + (unsigned char)*path;
	return palette[ARRAY_SIZE(palette) - 3 + h % 3];
}

const char *gp_color_gic(const char *gic)
{
	if (!strcmp(gic, "v2"))
		return "#1f77b4";
	if (!strcmp(gic, "v3"))
		return "#2ca02c";
	if (!strcmp(gic, "v4"))
		return "#d62728";
	return "#9467bd";
}

/* analysis/plot_breakdown.c's table, by name: a stage is one colour everywhere. */
const char *gp_color_stage(const char *stage, size_t i)
{
	static const struct { const char *name, *rgb; } sc[] = {
		{ "inject_to_queued", "#4363d8" }, { "inject_to_trap", "#42d4f4" },
		{ "inject_to_exit", "#000075" }, { "inject_to_wakeup", "#469990" },
		{ "inject_to_entry", "#dcbeff" }, { "inject_to_vector", "#a9a9a9" },
		{ "queued_to_exit", "#f58231" }, { "queued_to_wakeup", "#ffe119" },
		{ "queued_to_entry", "#ffd8b1" }, { "trap_to_exit", "#f032e6" },
		{ "trap_to_wakeup", "#bfef45" }, { "trap_to_entry", "#fabed4" },
		{ "exit_to_entry", "#e6194b" }, { "wakeup_to_entry", "#800000" },
		{ "entry_to_vector", "#3cb44b" }, { "vector_to_ack", "#911eb4" },
		{ "ack_to_eoi", "#9a6324" }, { "uirq_round_trip", "#808000" },
		{ "trap_to_handler", "#aaffc3" }, { "handler_to_answer", "#2f4f4f" },
		{ "answer_to_queued", "#b8860b" }, { "answer_to_exit", "#6a5acd" },
		{ "answer_to_wakeup", "#2e8b57" }, { "answer_to_entry", "#c71585" },
		{ "total", "#000000" },
	};
	static const char *const other[] = { "#808080", "#4b4b4b", "#b0b0b0" };
	size_t k;

	for (k = 0; k < ARRAY_SIZE(sc); k++)
		if (!strcmp(stage, sc[k].name))
			return sc[k].rgb;
	return other[i % ARRAY_SIZE(other)];
}

int gp_dash_state(const char *state)
{
	if (!strcmp(state, "busy"))
		return 1;
	if (!strcmp(state, "wfi"))
		return 2;
	return 4;
}

static bool nonempty(const char *p)
{
	struct stat st;

	return !stat(p, &st) && st.st_size > 0;
}

int gp_run(struct gp_batch *b, const char *gnuplot)
{
	struct gnuplot_run run = { .program = gnuplot, .dir = b->dir };
	struct outfile o;
	char *driver, *script, *args[2];
	size_t i, failed = 0;
	int r;

	if (!b->n)
		return 0;
	if (outfile_open(&o, b->dir, ".report-plots.gp"))
		return -1;
	for (i = 0; i < b->n; i++) {
		char *tmp = outfile_tmp_name(b->dir, b->base[i]);

		fputs("outbase = ", o.f);
		gnuplot_str(o.f, strrchr(tmp, '/') + 1);
		fputs("\nload ", o.f);
		script = xasprintf("%s.gp", b->base[i]);
		gnuplot_str(o.f, script);
		fputc('\n', o.f);
		free(script);
		free(tmp);
	}
	/* Written under its temporary name and run from there: no rename. */
	if (fflush(o.f) || ferror(o.f)) {
		diag_error(o.tmp, 0, "write error: %s", strerror(errno));
		outfile_abort(&o);
		return -1;
	}
	driver = xstrdup(strrchr(o.tmp, '/') + 1);
	args[0] = driver;
	args[1] = NULL;
	run.args = args;
	run.redo = xasprintf("run the .gp scripts in %s", b->dir);
	r = gnuplot_run(&run);
	outfile_abort(&o);
	free(driver);
	free((char *)run.redo);
	for (i = 0; i < b->n; i++) {
		char *tmp = outfile_tmp_name(b->dir, b->base[i]);
		char *tp = xasprintf("%s.png", tmp), *ts = xasprintf("%s.svg", tmp);
		char *fp = xasprintf("%s/%s.png", b->dir, b->base[i]);
		char *fs = xasprintf("%s/%s.svg", b->dir, b->base[i]);

		if (nonempty(tp) && nonempty(ts) && !rename(tp, fp) && !rename(ts, fs))
			b->made[i] = true;
		else
			failed++;
		unlink(tp);
		unlink(ts);
		free(tmp);
		free(tp);
		free(ts);
		free(fp);
		free(fs);
	}
	if (r && failed < b->n) {
		char *why = xstrdup(diag_last());

		diag_error(NULL, 0, "%s (made %zu of %zu plots)", why, b->n - failed, b->n);
		free(why);
	}
	if (r)
		return -1;
	if (failed)
		return diag_error(NULL, 0, "gnuplot ('%s') made %zu of %zu plots in %s",
				  gnuplot_program(gnuplot), b->n - failed, b->n, b->dir);
	return 0;
}
