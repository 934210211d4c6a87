// SPDX-License-Identifier: GPL-2.0
/* Synthetic results directories: what virqbench-analyze writes, made small. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "rstats.h"
#include "rt.h"
#include "stats.h"
#include "util.h"

#define NSTAGE 4
static const char *const stages[NSTAGE] = {
	"inject_to_vector", "vector_to_ack", "ack_to_eoi", "total",
};

struct gen {
	int64_t *st[NSTAGE];
	int64_t *exits;
};

/* Latencies with a body and a tail, like the lab's: seeded, so fixed. */
static void generate(const struct fx_cell *c, struct gen *g)
{
	struct rng r;
	size_t i;
	int k;

	rng_seed(&r, c->seed ? c->seed : 7);
	for (k = 0; k < NSTAGE; k++)
		g->st[k] = xcalloc(c->n + 1, sizeof(int64_t));
	g->exits = xcalloc(c->n + 1, sizeof(int64_t));
	for (i = 0; i < c->n; i++) {
		double u = rng_unit(&r);
		int64_t itv = 20000 + (int64_t)(-8000 * log1p(-u)) + c->shift;

		if (rng_unit(&r) < 0.02)
			itv += 200000;
		g->st[0][i] = itv;
		g->st[1][i] = 1000 + (int64_t)(rng_unit(&r) * 500);
		g->st[2][i] = 500 + (int64_t)(rng_unit(&r) * 200);
		g->st[3][i] = g->st[0][i] + g->st[1][i] + g->st[2][i];
		g->exits[i] = rng_unit(&r) < 0.3 ? 2 : 1;
	}
}

static void write_samples(const char *dir, const struct fx_cell *c, const struct gen *g)
{
	char *name = xasprintf("%s/%s.samples.tsv", dir, c->name);
	FILE *f = fopen(name, "w");
	size_t i;

	if (!f)
		abort();
	fprintf(f, "# virqbench-analyze samples: cell %s, one row per injected interrupt\n"
		"# stamps: host counter ticks at 62500000 Hz (guest stamps + cntvoff 0); stages: ns; '-': unknown\n"
		"# seq\tt_inject\tt_seen\tt_trigger\tt_vector\tt_ack\tt_eoi\tinject_to_vector_ns\tvector_to_ack_ns\tack_to_eoi_ns\ttotal_ns\texits\tflags\n",
		c->name);
	for (i = 0; i < c->n; i++) {
		long long t = 1000000 + (long long)i * 10000;

		fprintf(f, "%zu\t%lld\t%lld\t-\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\t%lld\tok\n",
			i, t, t + 5, t + 1, t + 2, t + 3,
			(long long)g->st[0][i], (long long)g->st[1][i], (long long)g->st[2][i],
			(long long)g->st[3][i], (long long)g->exits[i]);
	}
	fclose(f);
	free(name);
}

char *fx_results(const char *name, const struct fx_cell *c, size_t n,
		 const char *hostname)
{
	char *dir = t_dir(name), *p;
	FILE *csv, *mf, *sf;
	struct json j, s;
	size_t i;
	int k;

	p = xasprintf("%s/summary.csv", dir);
	csv = fopen(p, "w");
	free(p);
	p = xasprintf("%s/meta.json", dir);
	mf = fopen(p, "w");
	free(p);
	p = xasprintf("%s/summary.json", dir);
	sf = fopen(p, "w");
	free(p);
	if (!csv || !mf || !sf)
		abort();
	fputs("gic,hyp,path,state,stage,count,lost,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,exits_p50,trace_lost,mean_ns,cell,vgic\n", csv);
	json_init(&j, mf);
	json_begin_object(&j);
	json_kstr(&j, "generator", "virqbench-analyze");
	json_kstr(&j, "analyzer_version", "test");
	json_key(&j, "run");
	json_begin_object(&j);
	json_kstr(&j, "tool_version", "test");
	json_kstr(&j, "command", "virqbench run --path all");
	json_kstr(&j, "start_utc", "2026-01-01T00:00:00Z");
	json_kstr(&j, "end_utc", "2026-01-01T00:01:00Z");
	json_kstr(&j, "hostname", hostname);
	json_kstr(&j, "uname_release", "6.1.0");
	json_kstr(&j, "host_gic", n ? c[0].gic : "v3");
	json_kstr(&j, "hyp_mode", "vhe");
	json_kuint(&j, "cntfrq_hz", 62500000);
	json_kbool(&j, "interrupted", false);
	json_end_object(&j);
	json_key(&j, "lab");
	json_null(&j);
	json_key(&j, "cells");
	json_begin_array(&j);
	json_init(&s, sf);
	json_begin_object(&s);
	json_kstr(&s, "generator", "virqbench-analyze");
	json_key(&s, "cells");
	json_begin_array(&s);
	for (i = 0; i < n; i++) {
		const char *status = c[i].status ? c[i].status : "ok";
		bool skipped = !strcmp(status, "skipped");
		struct gen g = { 0 };

		json_begin_object(&j);
		json_kstr(&j, "name", c[i].name);
		json_kstr(&j, "gic", c[i].gic);
		json_kstr(&j, "hyp", c[i].hyp);
		json_kstr(&j, "path", c[i].path);
		json_kstr(&j, "state", c[i].state);
		json_kstr(&j, "vgic", c[i].gic);
		json_kstr(&j, "status", status);
		json_kstr(&j, "error", skipped ? NULL : c[i].reason);
		json_kstr(&j, "skip_reason", skipped ? c[i].reason : NULL);
		json_end_object(&j);

		json_begin_object(&s);
		json_kstr(&s, "name", c[i].name);
		json_key(&s, "counts");
		json_begin_object(&s);
		json_kuint(&s, "host_rows", skipped ? 0 : c[i].n);
		json_end_object(&s);
		json_key(&s, "notes");
		json_begin_array(&s);
		json_str(&s, "a <note> & more");
		json_end_array(&s);
		json_end_object(&s);
		if (skipped)
			continue;
		generate(&c[i], &g);
		write_samples(dir, &c[i], &g);
		for (k = 0; k < NSTAGE; k++) {
			int64_t *v = g.st[k];
			size_t m = c[i].n;

			fprintf(csv, "%s,%s,%s,%s,%s,%zu,0,", c[i].gic, c[i].hyp, c[i].path,
				c[i].state, stages[k], m);
			if (m) {
				int64_t *ex = xmalloc(m * sizeof(*ex));

				memcpy(ex, g.exits, m * sizeof(*ex));
				sort_i64(v, m);
				sort_i64(ex, m);
				fprintf(csv, "%lld,%lld,%lld,%lld,%lld,%lld,%lld,0,1.0,",
					(long long)v[0], (long long)pct_rank(v, m, 500),
					(long long)pct_rank(v, m, 900), (long long)pct_rank(v, m, 990),
					(long long)pct_rank(v, m, 999), (long long)v[m - 1],
					(long long)pct_rank(ex, m, 500));
				free(ex);
			} else {
				fputs(",,,,,,,,,", csv);
			}
			fprintf(csv, "%s,%s\n", c[i].name, c[i].gic);
		}
		for (k = 0; k < NSTAGE; k++)
			free(g.st[k]);
		free(g.exits);
	}
	json_end_array(&j);
	json_end_object(&j);
	json_end_array(&s);
	json_end_object(&s);
	fclose(csv);
	fclose(mf);
	fclose(sf);
	return dir;
}
