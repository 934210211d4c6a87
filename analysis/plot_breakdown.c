// SPDX-License-Identifier: GPL-2.0
/*
 * Stacked bars of each cell's stage breakdown (breakdown.h): one bar per
 * cell, grouped by state, one plot per host GIC in the run. Each stage is
 * one colour across the plot, stacked in the order an interrupt passes
 * them, so that bars of different paths line up stage by stage.
 */
#include <stdlib.h>
#include <string.h>

#include "gnuplot.h"
#include "outfile.h"
#include "plot.h"
#include "util.h"

static const char *const states[] = { "busy", "wfi" };

/*
 * One colour per stage, the same in every plot, each from a set of 20
 * chosen to be told apart (Trubetskoy's): no two stages share a hue family
 * where they can meet in one bar or one key. The report's histograms use
 * the same table by name (analysis/report/gp.c's gp_color_stage).
 */
static const char *const colour[ST_NR] = {
	[ST_INJECT_TO_QUEUED] = "#4363d8", [ST_INJECT_TO_TRAP] = "#42d4f4",
	[ST_INJECT_TO_EXIT] = "#000075", [ST_INJECT_TO_WAKEUP] = "#469990",
	[ST_INJECT_TO_ENTRY] = "#dcbeff", [ST_INJECT_TO_VECTOR] = "#a9a9a9",
	[ST_QUEUED_TO_EXIT] = "#f58231", [ST_QUEUED_TO_WAKEUP] = "#ffe119",
	[ST_QUEUED_TO_ENTRY] = "#ffd8b1", [ST_TRAP_TO_EXIT] = "#f032e6",
	[ST_TRAP_TO_WAKEUP] = "#bfef45", [ST_TRAP_TO_ENTRY] = "#fabed4",
	[ST_EXIT_TO_ENTRY] = "#e6194b", [ST_WAKEUP_TO_ENTRY] = "#800000",
	[ST_ENTRY_TO_VECTOR] = "#3cb44b", [ST_VECTOR_TO_ACK] = "#911eb4",
	[ST_ACK_TO_EOI] = "#9a6324", [ST_TOTAL] = "#000000",
	[ST_UIRQ_ROUND_TRIP] = "#808000",
	/* vmm-*: beyond the set of 20, still apart from what shares a bar or a key with them */
	[ST_TRAP_TO_HANDLER] = "#aaffc3", [ST_HANDLER_TO_ANSWER] = "#2f4f4f",
	[ST_ANSWER_TO_QUEUED] = "#b8860b", [ST_ANSWER_TO_EXIT] = "#6a5acd",
	[ST_ANSWER_TO_WAKEUP] = "#2e8b57", [ST_ANSWER_TO_ENTRY] = "#c71585",
};

/* Stacking order: by the marks that bound a stage, as an interrupt passes them. */
static int stage_order(const void *a, const void *b)
{
	const struct stage_desc *x = &stage_desc[*(const uint8_t *)a];
	const struct stage_desc *y = &stage_desc[*(const uint8_t *)b];

	if (x->from != y->from)
		return x->from - y->from;
	return x->to - y->to;
}

static bool plotted(const struct cell_summary *s, const char *gic)
{
	return cell_in_overview(s->ci) && s->has_trace && !strcmp(s->ci->gic, gic);
}

/*
 * "lr-line", "lr-line+v2" (a vGIC other than the host's usual one: the
 * name's -vgicv2), or "nvhe:lr-line" when the plot mixes hyp modes. Short:
 * the labels are rotated under the bars; no blank: gnuplot splits the column on it.
 */
static char *bar_label(const struct cell_summary *s, bool hyps)
{
	const struct cell_info *ci = s->ci;
	char *variant = cell_variant_label(ci);
	char *label = xasprintf("%s%s%s%s%s", hyps ? ci->hyp : "", hyps ? ":" : "", ci->path,
				variant, s->bd.available ? "" : "(n/a)");

	free(variant);
	return label;
}

struct bplot {
	const char *gic;
	uint8_t col[ST_NR];	/* the stages shown, in stacking order */
	size_t nr_col;
	bool hyps;		/* more than one hyp mode in this plot */
	bool state_has[2];
	int64_t max_total;	/* picks the axis unit */
	char *dat, *gp, *png, *svg;
};

static void columns(struct bplot *p, const struct cell_summary *cs, size_t n)
{
	bool used[ST_NR] = { false };
	const char *hyp = NULL;
	size_t c, k;
	unsigned st;

	for (c = 0; c < n; c++) {
		const struct breakdown *bd = &cs[c].bd;
		int si = state_index(cs[c].ci->state);

		if (!plotted(&cs[c], p->gic))
			continue;
		if (hyp && strcmp(hyp, cs[c].ci->hyp))
			p->hyps = true;
		hyp = cs[c].ci->hyp;
		if (si >= 0)
			p->state_has[si] = true;
		for (k = 1; bd->available && k < bd->nr_marks; k++)
			used[bd->stage[k]] = true;
		if (bd->available && bd->cum_ns[bd->nr_marks - 1] > p->max_total)
			p->max_total = bd->cum_ns[bd->nr_marks - 1];
	}
	for (st = 0; st < ST_NR; st++)
		if (used[st])
			p->col[p->nr_col++] = st;
	qsort(p->col, p->nr_col, sizeof(p->col[0]), stage_order);
}

static int write_data(const char *out, struct bplot *p,
		      const struct cell_summary *cs, size_t n)
{
	struct outfile o;
	size_t c, k, i;
	unsigned si;

	if (outfile_open(&o, out, p->dat))
		return -1;
	fprintf(o.f, "# virqbench-analyze: stage breakdown (ns) of the cells on host GIC %s;\n"
		"# one block per state that has cells (gnuplot `index`): busy, then wfi. A stage's\n"
		"# value is median(cum to its end) - median(cum to its start): the\n"
		"# stages of a row add up to its total (last column). 0: not on that route.\n",
		p->gic);
	for (si = 0; si < ARRAY_SIZE(states); si++) {
		/* gnuplot does not count a block without rows: write none. */
		if (!p->state_has[si])
			continue;
		fprintf(o.f, "\n\n# state %s\n# cell", states[si]);
		for (k = 0; k < p->nr_col; k++)
			fprintf(o.f, "\t%s", stage_names[p->col[k]]);
		fputs("\ttotal\n", o.f);
		for (c = 0; c < n; c++) {
			const struct breakdown *bd = &cs[c].bd;
			char *label;

			if (!plotted(&cs[c], p->gic) || strcmp(cs[c].ci->state, states[si]))
				continue;
			label = bar_label(&cs[c], p->hyps);
			fputs(label, o.f);
			free(label);
			for (k = 0; k < p->nr_col; k++) {
				int64_t v = 0;

				for (i = 1; bd->available && i < bd->nr_marks; i++)
					if (bd->stage[i] == p->col[k])
						v = breakdown_stage_ns(bd, i);
				fprintf(o.f, "\t%lld", (long long)v);
			}
			fprintf(o.f, "\t%lld\n", bd->available ? (long long)bd->cum_ns[bd->nr_marks - 1] : 0LL);
		}
	}
	return outfile_commit(&o);
}

static int write_script(const char *out, struct bplot *p)
{
	struct outfile o;
	size_t k;
	unsigned si, groups = 0;
	bool us;

	if (outfile_open(&o, out, p->gp))
		return -1;
	fprintf(o.f, "# virqbench-analyze: stage breakdown per path on host GIC %s.\n"
		"# Re-plot from this directory: gnuplot %s (PNG), or\n"
		"# gnuplot -e \"outfile='%s'; fmt='svg'\" %s\n"
		"if (!exists(\"outfile\")) outfile = '%s'\n"
		"if (!exists(\"fmt\")) fmt = 'png'\n"
		"if (fmt eq 'svg') {\n"
		"\tset terminal svg size 1100,720 noenhanced\n"
		"} else {\n"
		"\tif (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
		"\t\tset terminal pngcairo size 1100,720 noenhanced\n"
		"\t} else {\n"
		"\t\tset terminal png size 1100,720 noenhanced\n"
		"\t}\n"
		"}\n"
		"set output outfile\n", p->gic, p->gp, p->svg, p->gp, p->png);
	fputs("set title ", o.f);
	{
		char *t = xasprintf("virqbench: where the time goes, median stage times per path - host GIC %s",
				    p->gic);

		gnuplot_str(o.f, t);
		free(t);
	}
	/* Microseconds once bars reach 10 us: tick labels stay short. */
	us = p->max_total >= 10000;
	fprintf(o.f, "\nset ylabel '%s (medians of cumulative times: a bar adds up to the median total)'\n",
		us ? "\xc2\xb5s" : "ns");
	fputs("set xlabel 'path, grouped by the target vCPU''s state (busy: spinning, wfi: idle in WFI)' offset 0,-2.6\n"
	      "set bmargin 11\n"
	      "set style data histograms\n"
	      "set style histogram rowstacked title font ',13' offset 0,0.3\n"
	      "set style fill solid 0.9 border rgb '#404040'\n"
	      "set boxwidth 0.7\n"
	      "set xtics rotate by -30 nomirror\n"
	      "set grid ytics\n"
	      "set yrange [0:*]\n"
	      "set format y '%g'\n"
	      "set key outside right top vertical invert\n", o.f);
	if (!p->nr_col) {
		fputs("set xrange [0:1]\nset yrange [0:1]\n"
		      "set label 1 'nothing to plot: no cell has a breakdown (see summary.json: breakdown.reason)' at graph 0.5, 0.5 center\n"
		      "plot 2 notitle with lines\n", o.f);
		return outfile_commit(&o);
	}
	fputs("plot ", o.f);
	for (si = 0; si < ARRAY_SIZE(states); si++) {
		if (!p->state_has[si])
			continue;
		fprintf(o.f, "%snewhistogram '%s'", groups ? ", \\\n     " : "", states[si]);
		for (k = 0; k < p->nr_col; k++) {
			/* Blocks are written for the states that have cells only. */
			fprintf(o.f, ", \\\n     '%s' index %u using ($%zu%s)%s lc rgb '%s' ",
				p->dat, groups, k + 2, us ? "/1000.0" : "",
				k == 0 ? ":xtic(1)" : "", colour[p->col[k]]);
			if (groups)
				fputs("notitle", o.f);
			else
				fprintf(o.f, "title '%s'", stage_names[p->col[k]]);
		}
		groups++;
	}
	putc('\n', o.f);
	return outfile_commit(&o);
}

/* The GIC's name as cell.kv gives it, made safe for a file name. */
static char *file_tag(const char *gic)
{
	char *t = xstrdup(gic), *c;

	for (c = t; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '.' || *c == '-' || *c == '+'))
			*c = '_';
	return t;
}

static int one_gic(const char *out, const char *gic, const struct cell_summary *cs,
		   size_t n, struct plot_batch *b)
{
	struct bplot p = { .gic = gic };
	char *tag = file_tag(gic);
	int r;

	p.dat = xasprintf("breakdown_%s.dat", tag);
	p.gp = xasprintf("breakdown_%s.gp", tag);
	p.png = xasprintf("breakdown_%s.png", tag);
	p.svg = xasprintf("breakdown_%s.svg", tag);
	free(tag);
	columns(&p, cs, n);
	r = write_data(out, &p, cs, n) || write_script(out, &p) ? -1 : 0;
	if (!r) {
		plot_batch_add(b, p.gp, p.png, "png");
		plot_batch_add(b, p.gp, p.svg, "svg");
	}
	free(p.dat);
	free(p.gp);
	free(p.png);
	free(p.svg);
	return r;
}

int plot_breakdown(const char *out, const struct cell_summary *cs, size_t n,
		   struct plot_batch *b)
{
	size_t c, d;

	for (c = 0; c < n; c++) {
		if (!cs[c].has_trace || cs[c].ci->skipped)
			continue;
		/* each GIC once: the first traced cell that has it */
		for (d = 0; d < c; d++)
			if (cs[d].has_trace && !cs[d].ci->skipped &&
			    !strcmp(cs[d].ci->gic, cs[c].ci->gic))
				break;
		if (d < c)
			continue;
		if (one_gic(out, cs[c].ci->gic, cs, n, b))
			return -1;
	}
	return 0;
}
