// SPDX-License-Identifier: GPL-2.0
/*
 * breakdown.csv: per cell, its stage chain with each stage's share of the
 * total median (breakdown.h says how they are made to add up).
 */
#include "outfile.h"
#include "util.h"
#include "write_results.h"

#define BREAKDOWN_CSV_HEADER \
	"gic,hyp,path,state,order,stage,ns,cum_ns,total_p50_ns,count,route,cell,vgic"

int write_breakdown_csv(const char *out, const struct cell_summary *cs, size_t n)
{
	struct outfile o;
	size_t c, k;

	if (outfile_open(&o, out, "breakdown.csv"))
		return -1;
	fputs(BREAKDOWN_CSV_HEADER "\n", o.f);
	for (c = 0; c < n; c++) {
		const struct cell_summary *s = &cs[c];
		const struct breakdown *bd = &s->bd;

		if (!bd->available)
			continue;
		for (k = 1; k < bd->nr_marks; k++) {
			csv_cell_keys(o.f, s->ci);
			fprintf(o.f, ",%zu,%s,%lld,%lld,%lld,%llu,%s,", k,
				stage_names[bd->stage[k]],
				(long long)breakdown_stage_ns(bd, k),
				(long long)bd->cum_ns[k],
				(long long)bd->cum_ns[bd->nr_marks - 1],
				(unsigned long long)bd->n, route_names[bd->route]);
			csv_field(o.f, s->ci->name);
			putc(',', o.f);
			csv_field(o.f, s->ci->vgic ? s->ci->vgic : "");
			putc('\n', o.f);
		}
	}
	return outfile_commit(&o);
}
