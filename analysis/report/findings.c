// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "html.h"
#include "num.h"
#include "perf_verdict.h"
#include "util.h"
#include "verdicts.h"

static struct fint get_int(const struct jval *o, const char *key)
{
	struct fint r = { 0 };

	r.has = o && jr_geti(o, key, &r.v) == 1;
	return r;
}

/* [lo, hi] of a p*_ci_ns member; hi null: open above. */
static bool get_ci(const struct jval *st, const char *key, struct fint *lo, struct fint *hi)
{
	const struct jval *a = jr_get(st, key);

	memset(lo, 0, sizeof(*lo));
	memset(hi, 0, sizeof(*hi));
	if (!a || a->t != J_ARR || a->n != 2 || a->v[0]->t != J_NUM)
		return false;
	lo->has = !num_i64(a->v[0]->s, &lo->v);
	hi->has = a->v[1]->t == J_NUM && !num_i64(a->v[1]->s, &hi->v);
	return lo->has;
}

static int get_bool(const struct jval *o, const char *key)
{
	const struct jval *v = jr_get(o, key);

	if (!v || v->t != J_BOOL)
		return -1;
	return v->b;
}

static void cell_flags(struct fcell *c, const struct jval *flags)
{
	size_t i, n = 0;

	c->flags[0] = '\0';
	for (i = 0; flags && flags->t == J_OBJ && i < flags->n; i++) {
		int64_t k;

		if (!strcmp(flags->keys[i], "ok") || flags->v[i]->t != J_NUM ||
		    num_i64(flags->v[i]->s, &k) || !k)
			continue;
		/*
		 * Notes, not faults (analysis/README.md, Counts and flags); the
		 * warm-up interrupts are left out by design, not flagged.
		 */
		if (!strcmp(flags->keys[i], "out_of_order") || !strcmp(flags->keys[i], "no_trace") ||
		    !strcmp(flags->keys[i], "trace_incomplete") || !strcmp(flags->keys[i], "warmup"))
			continue;
		n += (size_t)snprintf(c->flags + n, n < sizeof(c->flags) ? sizeof(c->flags) - n : 0,
				      "%s%s %lld", n ? ", " : "", flags->keys[i], (long long)k);
		if (n >= sizeof(c->flags))
			break;
	}
}

static void cell_from(struct fcell *c, const struct jval *j)
{
	const struct jval *counts = jr_get(j, "counts"), *stages = jr_get(j, "stages");
	const struct jval *tot = jr_get(stages, "total"), *caused = jr_get(j, "exits_caused");
	const struct jval *nts;
	int64_t received = 0;

	memset(c, 0, sizeof(*c));
	c->name = jr_gets(j, "name");
	c->gic = jr_gets(j, "gic");
	c->hyp = jr_gets(j, "hyp");
	c->path = jr_gets(j, "path");
	c->state = jr_gets(j, "state");
	if (!c->name)
		c->name = "?";
	/*
	 * Cells of one path differ by vGIC only when the name says -vgic
	 * (vmm-* with an ITS), by NUMA placement (-same-node, -cross-node), by
	 * round when measured in rounds (-rN), and as a -cycles twin.
	 */
	{
		const char *vg = strstr(c->name, "-vgic") ? jr_gets(j, "vgic") : NULL;
		const char *dev = jr_gets(j, "device_kind");
		long round = round_of(c->name);
		char tag[40];

		/* A run of several devices names each cell by it (-e1000e): so does the label. */
		snprintf(tag, sizeof(tag), "-%s", dev ? dev : "");
		if (!dev || !strstr(c->name, tag))
			dev = NULL;
		snprintf(c->path_label, sizeof(c->path_label), "%s%s%s%s%s%s", c->path ? c->path : "?",
			 vg ? " (" : "", vg ? vg : "", vg ? ")" : "", dev ? " " : "", dev ? dev : "");
		/* bench --numa: the same cell on the target's node and on another. */
		const char *numa = jr_gets(jr_get(j, "placement"), "numa");

		if (numa && strcmp(numa, "any"))
			snprintf(c->path_label + strlen(c->path_label),
				 sizeof(c->path_label) - strlen(c->path_label), " %s-node", numa);
		if (round)
			snprintf(c->path_label + strlen(c->path_label),
				 sizeof(c->path_label) - strlen(c->path_label), " r%ld", round);
		/* A -cycles twin: its stages include the trapped stamps, its model counts them. */
		if (strstr(c->name, "-cycles"))
			snprintf(c->path_label + strlen(c->path_label),
				 sizeof(c->path_label) - strlen(c->path_label), " cycles");
	}
	jr_geti(counts, "received", &received);
	c->injected = get_int(counts, "injected").has ? (uint64_t)get_int(counts, "injected").v : 0;
	c->lost = get_int(counts, "lost").has ? (uint64_t)get_int(counts, "lost").v : 0;
	if (jr_gettrue(j, "skipped")) {
		c->st = FC_SKIPPED;
		c->why = jr_gets(j, "skip_reason");
	} else if (jr_gets(j, "status") && !strcmp(jr_gets(j, "status"), "ok") && received > 0) {
		c->st = FC_MEASURED;
	} else {
		c->st = FC_FAILED;
		c->why = jr_gets(j, "error");
		if (!c->why)
			c->why = received > 0 ? jr_gets(j, "status") : "no interrupt reached the guest";
	}
	if (tot && jr_gettrue(tot, "available")) {
		c->stage = "total";
		c->count = get_int(tot, "count").has ? (uint64_t)get_int(tot, "count").v : 0;
		c->p50 = get_int(tot, "p50_ns");
		c->p99 = get_int(tot, "p99_ns");
		nts = jr_get(tot, "n_too_small");
		if (!c->p99.has && nts)
			c->p99_needs = get_int(nts, "p99").has ? (uint64_t)get_int(nts, "p99").v : 0;
		c->p50_ci = get_ci(tot, "p50_ci_ns", &c->p50_lo, &c->p50_hi);
		c->p99_ci = get_ci(tot, "p99_ci_ns", &c->p99_lo, &c->p99_hi);
	}
	c->caused = get_int(caused, "p50");
	if (!caused || !jr_gettrue(caused, "available"))
		c->caused.has = false;
	c->all = get_int(j, "exits_p50");
	c->expected = get_int(j, "exits_expected");
	c->match = get_bool(j, "exits_match");
	c->direct = get_bool(j, "direct_injection_proven");
	c->device_host_irqs = get_int(j, "device_host_irqs");
	c->wfi_not_trapped = get_int(j, "wfi_not_trapped");
	{
		const struct jval *cy = jr_get(j, "guest_cycles");

		c->cycles = cy && cy->t == J_OBJ ? get_bool(cy, "on") : -1;
		c->cycles_monotonic = c->cycles == 1 ? get_bool(cy, "monotonic") : -1;
		c->cycles_why = c->cycles == 0 ? jr_gets(cy, "why") : NULL;
	}
	{
		const struct jval *sw = jr_get(j, "suite_in_window");

		if (sw && jr_gettrue(sw, "available")) {
			c->suite_windows = get_int(sw, "windows");
			c->suite_any = get_int(sw, "with_suite_thread");
		}
	}
	c->finding = jr_gets(j, "finding");
	cell_flags(c, jr_get(j, "flags"));
	perf_verdict_cell(c, j);
	/* A trace that lost events undercounts exits: the verdict says so. */
	{
		int64_t tl = 0;
		size_t n = strlen(c->flags);

		if (jr_geti(counts, "trace_lost", &tl) && tl > 0 && n + 40 < sizeof(c->flags))
			snprintf(c->flags + n, sizeof(c->flags) - n, "%strace lost %lld events",
				 n ? ", " : "", (long long)tl);
	}
}

int findings_make(struct findings *f, const struct jval *summary)
{
	const struct jval *cells = jr_get(summary, "cells");
	size_t i;

	memset(f, 0, sizeof(*f));
	if (!summary)
		return 0;
	if (!cells || cells->t != J_ARR)
		return -1;
	f->cell = xcalloc(cells->n ? cells->n : 1, sizeof(*f->cell));
	f->ncells = cells->n;
	for (i = 0; i < cells->n; i++) {
		struct fcell *c = &f->cell[i];

		cell_from(c, cells->v[i]);
		switch (c->st) {
		case FC_MEASURED: f->measured++; break;
		case FC_SKIPPED: f->skipped++; continue;
		case FC_FAILED: f->failed++; break;
		}
		f->injected += c->injected;
		f->lost += c->lost;
		f->cells_lossy += c->lost > 0;
		if (c->st != FC_MEASURED)
			continue;
		if (c->match == 1)
			f->exits_match++;
		else if (c->match == 0)
			f->exits_differ++;
		else
			f->exits_unknown++;
		if (c->direct >= 0) {
			f->direct_asked++;
			f->direct_proven += c->direct == 1;
		}
		if (c->cycles >= 0) {
			f->cycles_asked++;
			f->cycles_on += c->cycles == 1;
			f->cycles_monotonic += c->cycles_monotonic == 1;
			if (c->cycles == 0 && !f->cycles_off_why)
				f->cycles_off_why = c->cycles_why;
		}
		if (c->wfi_not_trapped.has) {
			f->wfi_cells++;
			f->wfi_untrapped_cells += c->wfi_not_trapped.v > 0;
			f->wfi_untrapped += (uint64_t)c->wfi_not_trapped.v;
		}
		if (c->suite_windows.has && c->suite_any.has && c->suite_windows.v > 0) {
			f->suite_cells++;
			f->suite_cells_any += c->suite_any.v > 0;
			f->suite_windows += (uint64_t)c->suite_windows.v;
			f->suite_any += (uint64_t)c->suite_any.v;
		}
		perf_verdict_count(f, c);
		f->flagged += c->finding || c->flags[0] || c->match == 0 || c->perf == PV_DIFFER;
	}
	return 0;
}

void findings_suite_line(char *buf, size_t size, const struct findings *f)
{
	if (!f->suite_cells) {
		snprintf(buf, size, "%s", "");
		return;
	}
	snprintf(buf, size,
		 "the suite's own threads (injector, helpers, tracer) ran on a measured vCPU's CPU inside %llu of %llu interrupts' windows (%.1f %%), in %zu of %zu traced cells",
		 (unsigned long long)f->suite_any, (unsigned long long)f->suite_windows,
		 100.0 * (double)f->suite_any / (double)f->suite_windows, f->suite_cells_any,
		 f->suite_cells);
}

/* A cell's share, "12 of 300 windows (4.0 %)"; false when unknown or none. */
static bool suite_cell_text(char *buf, size_t size, const struct fcell *c)
{
	if (!c->suite_windows.has || !c->suite_any.has || c->suite_any.v <= 0 ||
	    c->suite_windows.v <= 0)
		return false;
	snprintf(buf, size, "suite threads in %lld of %lld windows (%.1f %%)",
		 (long long)c->suite_any.v, (long long)c->suite_windows.v,
		 100.0 * (double)c->suite_any.v / (double)c->suite_windows.v);
	return true;
}

void findings_free(struct findings *f)
{
	free(f->cell);
	memset(f, 0, sizeof(*f));
}

bool findings_bad(const struct findings *f)
{
	return f->failed || f->lost || f->exits_differ || f->direct_proven < f->direct_asked ||
	       f->perf_differ;
}

void findings_headline(char *buf, size_t size, const struct findings *f)
{
	snprintf(buf, size,
		 "%zu cell%s measured, %zu skipped, %zu failed; %llu of %llu interrupts lost; "
		 "exits caused match the model in %zu of %zu measured cell%s%s",
		 f->measured, f->measured == 1 ? "" : "s", f->skipped, f->failed,
		 (unsigned long long)f->lost, (unsigned long long)f->injected, f->exits_match,
		 f->measured, f->measured == 1 ? "" : "s",
		 f->exits_differ ? " (some differ: see below)" : "");
}

/* "146.0 us" or "2,980 us" style for a terminal. */
static void us(char *buf, size_t size, struct fint v)
{
	if (!v.has) {
		snprintf(buf, size, "-");
		return;
	}
	fmt_us(buf, size, v.v);
}

static void ci_text(char *buf, size_t size, bool have, struct fint lo, struct fint hi)
{
	char a[48], b[48];

	if (!have) {
		snprintf(buf, size, "-");
		return;
	}
	us(a, sizeof(a), lo);
	if (hi.has)
		us(b, sizeof(b), hi);
	else
		snprintf(b, sizeof(b), "max+");
	snprintf(buf, size, "%s..%s", a, b);
}

static void pct_text(char *buf, size_t size, const struct fcell *c, bool p99)
{
	struct fint v = p99 ? c->p99 : c->p50;

	if (!c->stage)
		snprintf(buf, size, "n/a");
	else if (!v.has)
		snprintf(buf, size, "n too small");
	else
		us(buf, size, v);
}

static void exits_text(char *buf, size_t size, const struct fcell *c)
{
	char a[16], e[16], l[16];

	snprintf(a, sizeof(a), c->caused.has ? "%lld" : "-", (long long)c->caused.v);
	snprintf(e, sizeof(e), c->expected.has ? "%lld" : "?", (long long)c->expected.v);
	snprintf(l, sizeof(l), c->all.has ? "%lld" : "-", (long long)c->all.v);
	snprintf(buf, size, "%s/%s%s", a, e, c->match == 0 ? " !" : c->match == 1 ? " ok" : "");
	(void)l;
}

static const char *direct_text(const struct fcell *c)
{
	if (c->direct < 0)
		return "";
	return c->direct ? "proven" : "NOT proven";
}

void findings_print(FILE *out, const struct findings *f)
{
	char head[512];
	size_t i;

	findings_headline(head, sizeof(head), f);
	fprintf(out, "verdict: %s\n", head);
	if (f->direct_asked)
		fprintf(out, "  direct injection proven (device host IRQs 0) in %zu of %zu cells\n",
			f->direct_proven, f->direct_asked);
	if (f->wfi_cells)
		fprintf(out, "  WFI not trapped: %llu interrupts in %zu of %zu wfi cells\n",
			(unsigned long long)f->wfi_untrapped, f->wfi_untrapped_cells, f->wfi_cells);
	if (f->cycles_asked)
		fprintf(out, "  guest cycle stamps in %zu of %zu -cycles cells, monotonic in %zu%s%s\n",
			f->cycles_on, f->cycles_asked, f->cycles_monotonic,
			f->cycles_off_why ? "; without: " : "",
			f->cycles_off_why ? f->cycles_off_why : "");
	findings_suite_line(head, sizeof(head), f);
	if (head[0])
		fprintf(out, "  %s\n", head);
	perf_verdict_print(out, f);
	fprintf(out, "  %-4s %-5s %-22s %-5s %6s %11s %21s %11s %21s %12s %5s %s\n", "gic", "hyp",
		"path", "state", "n", "p50 us", "p50 95% CI", "p99 us", "p99 95% CI",
		"exits/model", "all", "direct");
	for (i = 0; i < f->ncells; i++) {
		const struct fcell *c = &f->cell[i];
		char p50[48], p99[48], c50[112], c99[112], ex[48], all[24];

		if (c->st != FC_MEASURED)
			continue;
		pct_text(p50, sizeof(p50), c, false);
		pct_text(p99, sizeof(p99), c, true);
		ci_text(c50, sizeof(c50), c->p50_ci, c->p50_lo, c->p50_hi);
		ci_text(c99, sizeof(c99), c->p99_ci, c->p99_lo, c->p99_hi);
		exits_text(ex, sizeof(ex), c);
		snprintf(all, sizeof(all), c->all.has ? "%lld" : "-", (long long)c->all.v);
		fprintf(out, "  %-4s %-5s %-22s %-5s %6llu %11s %21s %11s %21s %12s %5s %s\n",
			c->gic ? c->gic : "?", c->hyp ? c->hyp : "?", c->path_label,
			c->state ? c->state : "?", (unsigned long long)c->count, p50, c50, p99, c99,
			ex, all, direct_text(c));
	}
	for (i = 0; i < f->ncells; i++) {
		const struct fcell *c = &f->cell[i];

		if (c->st == FC_FAILED)
			fprintf(out, "  failed: %s: %s\n", c->name, c->why ? c->why : "unknown");
		if (c->st != FC_MEASURED)
			continue;
		if (c->finding)
			fprintf(out, "  flagged: %s: %s\n", c->name, c->finding);
		else if (c->match == 0)
			fprintf(out, "  flagged: %s: exits caused %lld against the model's %lld\n",
				c->name, (long long)c->caused.v, (long long)c->expected.v);
		if (c->flags[0])
			fprintf(out, "  flagged: %s: %s\n", c->name, c->flags);
		if (suite_cell_text(head, sizeof(head), c))
			fprintf(out, "  suite: %s: %s\n", c->name, head);
		if (c->perf == PV_DIFFER)
			fprintf(out, "  flagged: %s: BPF's counts differ from perf's: %s\n", c->name,
				c->perf_diff);
	}
	for (i = 0; i < f->ncells; i++)
		if (f->cell[i].st == FC_SKIPPED)
			fprintf(out, "  skipped: %s: %s\n", f->cell[i].name,
				f->cell[i].why ? f->cell[i].why : "(no reason given)");
	fprintf(out, "  (in the lab compare ratios and exit counts, not absolute times; all of it: report.html)\n");
}

static void td_us(FILE *o, struct fint v, const char *na, const char *title)
{
	char b[48];

	if (!v.has) {
		fputs("<td class=\"na\"", o);
		if (title) {
			fputs(" title=\"", o);
			html_escape(o, title);
			fputs("\"", o);
		}
		fputs(">", o);
		html_escape(o, na);
		fputs("</td>", o);
		return;
	}
	fmt_us(b, sizeof(b), v.v);
	fprintf(o, "<td title=\"%lld ns\">", (long long)v.v);
	html_escape(o, b);
	fputs("</td>", o);
}

static void td_ci(FILE *o, bool have, struct fint lo, struct fint hi)
{
	char b[128];

	if (!have) {
		fputs("<td class=\"na\">&ndash;</td>", o);
		return;
	}
	ci_text(b, sizeof(b), true, lo, hi);
	fputs("<td class=\"ci\" title=\"95 % distribution-free interval (order statistics); max+: the sample cannot bound it above\">", o);
	html_escape(o, b);
	fputs("</td>", o);
}

void findings_html(FILE *o, const struct findings *f)
{
	const struct fcell *prev = NULL;
	char head[512];
	size_t i;
	bool bad = findings_bad(f);

	findings_headline(head, sizeof(head), f);
	fprintf(o, "<section id=\"verdict\" class=\"verdict %s\">\n<h2>Verdict</h2>\n<p class=\"headline\">",
		bad ? "bad" : "good");
	html_escape(o, head);
	fputs(".</p>\n<ul class=\"counts\">\n", o);
	fprintf(o, "<li><b class=\"n-measured\">%zu</b> measured</li><li><b class=\"n-skipped\">%zu</b> skipped</li>"
		   "<li><b class=\"n-failed\">%zu</b> failed</li><li><b class=\"n-lost\">%llu</b> of %llu interrupts lost</li>\n",
		f->measured, f->skipped, f->failed, (unsigned long long)f->lost,
		(unsigned long long)f->injected);
	fprintf(o, "<li>exits match the model in <b class=\"n-exits-match\">%zu</b> of %zu</li>\n",
		f->exits_match, f->measured);
	if (f->direct_asked)
		fprintf(o, "<li>direct injection proven in <b class=\"n-direct\">%zu</b> of %zu</li>\n",
			f->direct_proven, f->direct_asked);
	if (f->wfi_cells)
		fprintf(o, "<li>WFI not trapped: %llu interrupts in %zu of %zu wfi cells</li>\n",
			(unsigned long long)f->wfi_untrapped, f->wfi_untrapped_cells, f->wfi_cells);
	if (f->cycles_asked) {
		fprintf(o, "<li>guest cycle stamps in <b class=\"n-cycles\">%zu</b> of %zu -cycles cells, monotonic in %zu",
			f->cycles_on, f->cycles_asked, f->cycles_monotonic);
		if (f->cycles_off_why) {
			fputs("; without: ", o);
			html_escape(o, f->cycles_off_why);
		}
		fputs("</li>\n", o);
	}
	findings_suite_line(head, sizeof(head), f);
	if (head[0]) {
		fputs("<li class=\"suite\" title=\"from trace.tsv's sched_switch rows: summary.json suite_in_window\">", o);
		html_escape(o, head);
		fputs("</li>\n", o);
	}
	perf_verdict_html(o, f);
	fputs("</ul>\n", o);
	if (!f->ncells) {
		fputs("<p class=\"note\">No summary.json: nothing to judge.</p>\n</section>\n", o);
		return;
	}
	fputs("<div class=\"tbl\"><table>\n<tr><th class=\"l\">GIC</th><th class=\"l\">hyp</th><th class=\"l\">path</th>"
	      "<th class=\"l\">state</th><th>n</th><th>p50 &micro;s</th><th>p50 95&nbsp;% CI</th><th>p99 &micro;s</th>"
	      "<th>p99 95&nbsp;% CI</th><th title=\"exits the interrupt caused (median), against the architectural model\">exits caused / model</th>"
	      "<th title=\"every kvm_exit in the window, host ticks included (median)\">all exits</th>"
	      "<th>direct</th><th class=\"l\">flagged</th></tr>\n", o);
	for (i = 0; i < f->ncells; i++) {
		const struct fcell *c = &f->cell[i];
		char ex[48], title[96];

		if (c->st != FC_MEASURED)
			continue;
		/* A heavier rule where the GIC changes: the table reads as one block per GIC. */
		fprintf(o, "<tr class=\"%s%s\">",
			c->match == 0 || c->flags[0] || c->finding || c->perf == PV_DIFFER ? "flag" : "",
			prev && c->gic && prev->gic && strcmp(prev->gic, c->gic) ? " first" : "");
		prev = c;
		fputs("<td class=\"l\">", o);
		html_escape(o, c->gic);
		fputs("</td><td class=\"l\">", o);
		html_escape(o, c->hyp);
		fputs("</td><td class=\"l\">", o);
		html_escape(o, c->path_label);
		fputs("</td><td class=\"l\">", o);
		html_escape(o, c->state);
		fprintf(o, "</td><td>%llu</td>", (unsigned long long)c->count);
		td_us(o, c->p50, c->stage ? "n too small" : "n/a", NULL);
		td_ci(o, c->p50_ci, c->p50_lo, c->p50_hi);
		snprintf(title, sizeof(title), "p99 needs %llu samples, this cell has %llu",
			 (unsigned long long)c->p99_needs, (unsigned long long)c->count);
		td_us(o, c->p99, c->stage ? "n too small" : "n/a", c->p99_needs ? title : NULL);
		td_ci(o, c->p99_ci, c->p99_lo, c->p99_hi);
		exits_text(ex, sizeof(ex), c);
		fprintf(o, "<td class=\"%s\">", c->match == 0 ? "sig-up" : c->match == 1 ? "ok" : "na");
		html_escape(o, ex);
		fputs("</td>", o);
		if (c->all.has)
			fprintf(o, "<td>%lld</td>", (long long)c->all.v);
		else
			fputs("<td class=\"na\">&ndash;</td>", o);
		fprintf(o, "<td class=\"%s\">", c->direct == 1 ? "ok" : c->direct == 0 ? "sig-up" : "na");
		html_escape(o, direct_text(c));
		fputs("</td><td class=\"l wrap\">", o);
		if (c->finding)
			html_escape(o, c->finding);
		if (c->flags[0]) {
			if (c->finding)
				fputs("; ", o);
			html_escape(o, c->flags);
		}
		if (c->wfi_not_trapped.has && c->wfi_not_trapped.v)
			html_escapef(o, "%sWFI not trapped for %lld of %llu", c->finding || c->flags[0] ? "; " : "",
				     (long long)c->wfi_not_trapped.v, (unsigned long long)c->injected);
		if (suite_cell_text(title, sizeof(title), c))
			html_escapef(o, "%s%s", c->finding || c->flags[0] ||
				     (c->wfi_not_trapped.has && c->wfi_not_trapped.v) ? "; " : "", title);
		if (c->perf == PV_DIFFER)
			html_escapef(o, "%sBPF's counts differ from perf's: %s",
				     c->finding || c->flags[0] || (c->wfi_not_trapped.has && c->wfi_not_trapped.v) ||
				     suite_cell_text(title, sizeof(title), c) ? "; " : "", c->perf_diff);
		fputs("</td></tr>\n", o);
	}
	fputs("</table></div>\n", o);
	for (i = 0; i < f->ncells; i++) {
		const struct fcell *c = &f->cell[i];

		if (c->st != FC_FAILED)
			continue;
		fputs("<div class=\"warn\">failed: <span class=\"mono\">", o);
		html_escape(o, c->name);
		fputs("</span>: ", o);
		html_escape(o, c->why ? c->why : "unknown");
		fputs("</div>\n", o);
	}
	fputs("<p class=\"cap\">Total latency (inject to EOI). Exits: the median number of kvm_exits the interrupt "
	      "caused (traps, plus the kick where its route is one) against the path's architectural model; "
	      "all exits counts every exit in the window, host timer ticks included. n too small: the analysis "
	      "withholds a percentile with fewer than one sample expected above it. Skipped cells and why: "
	      "<a href=\"#unmeasured\">Cells not measured</a>.</p>\n</section>\n", o);
}
