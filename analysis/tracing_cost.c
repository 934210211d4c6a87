// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "tracing_cost.h"

#define SUFFIX "-untraced"

static const struct cell_summary *twin_of(const struct cell_summary *cs,
					  size_t n, const char *name)
{
	size_t len = strlen(name) - strlen(SUFFIX), i;

	for (i = 0; i < n; i++)
		if (strlen(cs[i].ci->name) == len &&
		    !strncmp(cs[i].ci->name, name, len) && !cs[i].ci->skipped)
			return &cs[i];
	return NULL;
}

size_t tracing_cost_pairs(const struct cell_summary *cs, size_t n,
			  struct cost_pair *out)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		const struct cell_summary *u = &cs[i], *t;
		struct cost_pair *p;

		if (!u->ci->untraced_twin || u->ci->skipped)
			continue;
		t = twin_of(cs, n, u->ci->name);
		if (!t)
			continue;
		p = &out[k++];
		memset(p, 0, sizeof(*p));
		p->traced = t;
		p->untraced = u;
		p->have = t->st[ST_TOTAL].available && t->st[ST_TOTAL].p.n &&
			  u->st[ST_TOTAL].available && u->st[ST_TOTAL].p.n &&
			  u->st[ST_TOTAL].p.p50 > 0;
		if (!p->have)
			continue;
		p->traced_p50 = t->st[ST_TOTAL].p.p50;
		p->untraced_p50 = u->st[ST_TOTAL].p.p50;
		p->ratio = (double)p->traced_p50 / (double)p->untraced_p50;
		p->change_pct = (p->ratio - 1) * 100;
	}
	return k;
}

size_t bpf_cost_totals(const struct cell_summary *cs, size_t n,
		       struct prog_total *out, size_t max)
{
	size_t c, i, k, nr = 0;

	for (c = 0; c < n; c++)
		for (i = 0; i < cs[c].nr_prog; i++) {
			const struct prog_stat *ps = &cs[c].prog[i];

			for (k = 0; k < nr && strcmp(out[k].name, ps->name); k++)
				;
			if (k == nr) {
				if (nr == max)
					continue;
				memset(&out[nr], 0, sizeof(out[nr]));
				memcpy(out[nr].name, ps->name, sizeof(out[nr].name));
				nr++;
			}
			out[k].run_cnt += ps->run_cnt;
			out[k].run_time_ns += ps->run_time_ns;
			out[k].cells++;
		}
	return nr;
}
