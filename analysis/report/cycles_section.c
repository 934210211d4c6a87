// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycles_section.h"
#include "html.h"
#include "jread.h"

bool cycles_twin(const char *name)
{
	const char *p = name ? strstr(name, "-cycles") : NULL;

	/* Followed by nothing, a round or the untraced twin's suffix. */
	return p && (!p[7] || p[7] == '-');
}

/* A number of summary.json as it was written, or an en dash for null or absent. */
static void num(FILE *f, const struct jval *o, const char *key)
{
	const struct jval *v = jr_get(o, key);

	fputs("<td>", f);
	html_escape(f, v && v->t == J_NUM ? v->s : "\xe2\x80\x93");
	fputs("</td>", f);
}

static void stage_row(FILE *f, const char *cell, const char *hz, const char *stage,
		      const struct jval *s)
{
	fputs("<tr><td class=\"l cell\">", f);
	html_escape(f, cell);
	fputs("</td><td class=\"l\">", f);
	html_escape(f, stage);
	fputs("</td>", f);
	num(f, s, "p50_cycles");
	num(f, s, "p99_cycles");
	num(f, s, "max_cycles");
	num(f, s, "p50_ns");
	num(f, s, "p99_ns");
	fputs("<td>", f);
	html_escape(f, hz);
	fputs("</td>", f);
	{
		/* A tick's length: three figures say it; the JSON keeps them all. */
		const struct jval *v = jr_get(s, "resolution_ns");

		if (v && v->t == J_NUM)
			fprintf(f, "<td title=\"%s\">%.3g</td>", v->s, strtod(v->s, NULL));
		else
			fputs("<td>\xe2\x80\x93</td>", f);
	}
	fputs("<td class=\"l\">", f);
	html_escape(f, jr_gets(s, "note") ? jr_gets(s, "note") : "");
	fputs("</td></tr>\n", f);
}

void section_guest_cycles(FILE *f, const struct rdir *rd)
{
	const struct jval *cells = rd->summary ? jr_get(rd->summary, "cells") : NULL;
	size_t i, n = 0;

	for (i = 0; cells && i < cells->n; i++) {
		const struct jval *c = cells->v[i], *g = jr_get(c, "guest_cycles"), *st, *hzv;
		const char *name = jr_gets(c, "name");

		if (!g || g->t != J_OBJ || jr_gettrue(c, "skipped"))
			continue;
		if (!n++)
			fputs("<h2 id=\"cycles\">Guest cycles</h2>\n<p class=\"muted\">The -cycles cells: the guest's "
			      "cycle counter (PMCCNTR_EL0, through KVM's vPMU) stamped beside CNTVCT. The cycles count "
			      "the guest's own time only; each stage spans one stamp's own cost (stamp); ns through the "
			      "rate the agent calibrated against CNTVCT. Each stamp is a trapped read, an exit: these "
			      "cells' CNTVCT stages hold those round trips, and they are left out of the latency plots "
			      "(doc/clocks.md, \"Guest cycles\"). Under emulation the counter is QEMU's, not a CPU's.</p>\n"
			      "<div class=\"tbl\"><table>\n<tr><th class=\"l\">cell</th><th class=\"l\">stage</th>"
			      "<th>p50 cycles</th><th>p99 cycles</th><th>max cycles</th><th>p50 ns</th><th>p99 ns</th>"
			      "<th>Hz</th><th>resolution ns</th><th class=\"l\">note</th></tr>\n", f);
		if (!jr_gettrue(g, "on")) {
			fputs("<tr><td class=\"l cell\">", f);
			html_escape(f, name);
			fputs("</td><td class=\"l na\" colspan=\"9\">no cycle stamps: ", f);
			html_escape(f, jr_gets(g, "why") ? jr_gets(g, "why") : "(no reason given)");
			fputs("</td></tr>\n", f);
			continue;
		}
		hzv = jr_get(g, "hz");
		st = jr_get(g, "stages");
		if (!st || st->t != J_OBJ)
			continue;
		for (size_t k = 0; k < st->n; k++) {
			char stage[96];
			int64_t stamp = 0;

			jr_geti(g, "stamp_cycles", &stamp);
			snprintf(stage, sizeof(stage), "%s (stamp %lld)%s", st->keys[k], (long long)stamp,
				 jr_gettrue(g, "monotonic") ? "" : ", NOT monotonic");
			stage_row(f, name, hzv && hzv->t == J_NUM ? hzv->s : "?", stage, st->v[k]);
		}
	}
	if (n)
		fputs("</table></div>\n", f);
}
