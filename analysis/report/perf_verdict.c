// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "findings.h"
#include "html.h"
#include "perf_verdict.h"

void perf_verdict_cell(struct fcell *c, const struct jval *cell)
{
	const struct jval *pc = jr_get(cell, "perf_counts"), *evs = jr_get(pc, "events");
	const char *status = jr_gets(pc, "status");
	size_t n = 0;

	c->perf = PV_NONE;
	c->perf_diff[0] = '\0';
	c->perf_why = NULL;
	if (!status || !strcmp(status, "absent"))
		return;
	if (!strcmp(status, "off")) {
		c->perf = PV_OFF;
		c->perf_why = jr_gets(pc, "why");
		return;
	}
	c->perf = jr_gettrue(pc, "agree") ? PV_AGREE : PV_DIFFER;
	for (size_t i = 0; evs && evs->t == J_ARR && i < evs->n; i++) {
		const struct jval *e = evs->v[i];
		int64_t p = 0, b = 0;

		if (jr_gettrue(e, "agree") || !jr_geti(e, "perf", &p) || !jr_geti(e, "bpf", &b) ||
		    n >= sizeof(c->perf_diff))
			continue;
		n += (size_t)snprintf(c->perf_diff + n, sizeof(c->perf_diff) - n,
				      "%s%s: perf %lld, bpf %lld", n ? "; " : "",
				      jr_gets(e, "event") ? jr_gets(e, "event") : "?", (long long)p,
				      (long long)b);
	}
	if (c->perf == PV_DIFFER && !n)
		snprintf(c->perf_diff, sizeof(c->perf_diff),
			 "a window edge could not be placed among the rows: the counts are not proven equal");
}

void perf_verdict_count(struct findings *f, const struct fcell *c)
{
	switch (c->perf) {
	case PV_NONE:
		return;
	case PV_OFF:
		f->perf_off++;
		if (!f->perf_off_why)
			f->perf_off_why = c->perf_why;
		return;
	case PV_AGREE:
		f->perf_agree++;
		break;
	case PV_DIFFER:
		f->perf_differ++;
		break;
	}
}

void perf_verdict_print(FILE *out, const struct findings *f)
{
	size_t counted = f->perf_agree + f->perf_differ;

	if (counted)
		fprintf(out, "  perf recount: BPF's event counts equal perf_event_open's in %zu of %zu traced cells%s\n",
			f->perf_agree, counted, f->perf_differ ? " (some differ: see below)" : "");
	if (f->perf_off)
		fprintf(out, "  perf recount off in %zu cell%s: %s\n", f->perf_off,
			f->perf_off == 1 ? "" : "s", f->perf_off_why ? f->perf_off_why : "(no reason given)");
}

void perf_verdict_html(FILE *o, const struct findings *f)
{
	size_t counted = f->perf_agree + f->perf_differ;

	if (counted)
		fprintf(o, "<li>BPF's event counts equal perf's in <b class=\"n-perf-agree\">%zu</b> of %zu traced cells</li>\n",
			f->perf_agree, counted);
	if (f->perf_off) {
		fprintf(o, "<li>perf recount off in %zu cell%s: ", f->perf_off, f->perf_off == 1 ? "" : "s");
		html_escape(o, f->perf_off_why ? f->perf_off_why : "(no reason given)");
		fputs("</li>\n", o);
	}
}
