// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "host_section.h"
#include "html.h"
#include "jread.h"

/* A number member as text, or an en dash. */
static void td_num(FILE *f, const struct jval *o, const char *key, const char *fmt)
{
	const struct jval *v = jr_get(o, key);

	if (!v || v->t != J_NUM) {
		fputs("<td class=\"na\">\xe2\x80\x93</td>", f);
		return;
	}
	fprintf(f, "<td>");
	fprintf(f, fmt, strtod(v->s, NULL));
	fputs("</td>", f);
}

static bool has_rows(const struct jval *cell)
{
	const struct jval *x = jr_get(jr_get(cell, "perf_counts"), "host_exits_by_class");

	return x && x->t == J_ARR && x->n;
}

void section_host_cycles(FILE *f, const struct rdir *rd)
{
	const struct jval *cells = jr_get(rd->summary, "cells");
	const char *cyc = NULL;
	size_t i, k, shown = 0;

	for (i = 0; cells && i < cells->n && !shown; i++)
		shown = has_rows(cells->v[i]);
	if (!shown)
		return;
	for (i = 0; cells && i < cells->n && !cyc; i++)
		cyc = jr_gets(jr_get(cells->v[i], "perf_counts"), "host_cycles");
	fputs("<h2 id=\"host-cycles\">Host cycles per exit</h2>\n<p class=\"muted\">Per cell, every kvm_exit of the "
	      "traced window with its kvm_entry, by exception class: the time between them, and the host's CPU cycles "
	      "and instructions on the vCPU thread between them, read by the BPF programs from per-thread perf counters "
	      "at the two tracepoints. Cycles: ", f);
	html_escape(f, cyc ? cyc : "?");
	fputs(". Under QEMU TCG (the lab) the cycle counter follows QEMU's virtual clock at 1 GHz: a cycle is a "
	      "nanosecond there, not CPU work.</p>\n<div class=\"exits wide\">\n", f);
	for (i = 0; cells && i < cells->n; i++) {
		const struct jval *c = cells->v[i];
		const struct jval *x = jr_get(jr_get(c, "perf_counts"), "host_exits_by_class");

		if (!has_rows(c))
			continue;
		fputs("<div class=\"tbl\"><h4>", f);
		html_escape(f, jr_gets(c, "name"));
		fputs("</h4><table class=\"kvmstat host-cycles\">\n<tr><th class=\"l\">VM-EXIT</th><th>Samples</th>"
		      "<th title=\"exit to entry, by the trace's clock\">Time avg ns</th><th>cycles avg</th>"
		      "<th>cycles min</th><th>cycles max</th><th>instructions avg</th></tr>\n", f);
		for (k = 0; k < x->n; k++) {
			const struct jval *e = x->v[k];

			fputs("<tr><td class=\"l mono\">", f);
			html_escape(f, jr_gets(e, "class") ? jr_gets(e, "class") : "?");
			fputs("</td>", f);
			td_num(f, e, "exits", "%.0f");
			td_num(f, e, "ns_mean", "%.0f");
			td_num(f, e, "host_cycles_mean", "%.0f");
			td_num(f, e, "host_cycles_min", "%.0f");
			td_num(f, e, "host_cycles_max", "%.0f");
			td_num(f, e, "host_instr_mean", "%.0f");
			fputs("</tr>\n", f);
		}
		fputs("</table></div>\n", f);
	}
	fputs("</div>\n", f);
}
