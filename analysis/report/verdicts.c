// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rstats.h"
#include "stats.h"
#include "util.h"
#include "verdicts.h"

/*
 * The round token of a cell's name: "-r" and digits, then the end or
 * another '-'. Its start and end in name, or NULL when there is none.
 */
static const char *round_token(const char *name, const char **end, long *round)
{
	const char *p = name;

	while ((p = strstr(p, "-r"))) {
		const char *q = p + 2;

		while (isdigit((unsigned char)*q))
			q++;
		if (q > p + 2 && (!*q || *q == '-')) {
			*end = q;
			*round = strtol(p + 2, NULL, 10);
			return p;
		}
		p += 2;
	}
	return NULL;
}

char *round_base(const char *name)
{
	const char *end;
	long round;
	const char *p = round_token(name, &end, &round);

	return p ? xasprintf("%.*s%s", (int)(p - name), name, end) : xstrdup(name);
}

long round_of(const char *name)
{
	const char *end;
	long round = 0;

	return round_token(name, &end, &round) ? round : 0;
}

static bool measured(const struct rd_cell *c)
{
	return c->has_samples && c->nrows > 0 && strcmp(c->status, "skipped");
}

static double median_of(const struct rd_series *s)
{
	return (double)s->v[pct_rank_of(s->n, 500) - 1];
}

/* Round medians of one stage over the cells of rd whose base is `base`. */
static size_t round_medians(const struct rdir *rd, const char *base, const char *stage,
			    double **out)
{
	size_t k = 0, cap = 0;

	*out = NULL;
	for (size_t i = 0; i < rd->ncells; i++) {
		const struct rd_cell *c = &rd->cells[i];
		const struct rd_series *s;
		char *b;

		if (!c->loaded || !measured(c))
			continue;
		b = round_base(c->name);
		s = strcmp(b, base) ? NULL : rd_series(c, stage);
		free(b);
		if (!s || !s->n)
			continue;
		*out = grow_array(*out, &cap, k + 1, sizeof(**out));
		(*out)[k++] = median_of(s);
	}
	return k;
}

/*
 * `trace both`: a traced cell's headline total is its untraced twin's
 * (<base>-untraced), which no tracer slowed; the traced one keeps the
 * stages only it has. True, with both sides' round medians, when A and B
 * both have the twin.
 */
static bool untraced_medians(const struct rdir *A, const struct rdir *B, const char *base,
			     double **ma, size_t *ka, double **mb, size_t *kb)
{
	static const char suffix[] = "-untraced";
	size_t l = strlen(base), sl = sizeof(suffix) - 1;
	char *twin;

	if (l >= sl && !strcmp(base + l - sl, suffix))
		return false;	/* the untraced cell itself */
	twin = xasprintf("%s%s", base, suffix);
	*ka = round_medians(A, twin, "total", ma);
	*kb = round_medians(B, twin, "total", mb);
	free(twin);
	if (*ka && *kb)
		return true;
	free(*ma);
	free(*mb);
	return false;
}

static double resolution(const struct rdir *A, const char *stage)
{
	const char *f = rd_run(A, "cntfrq_hz");
	double hz = f ? atof(f) : 0;

	if (!strcmp(stage, "exits"))
		return 1;
	return hz > 0 ? 1e9 / hz : 1;
}

static bool seen(const struct verdicts *v, const char *base)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->c[i].base, base))
			return true;
	return false;
}

static void judge_cell(struct rdir *A, struct rdir *B, const struct rd_cell *a0,
		       struct verdict_cell *vc, double level, struct verdicts *v)
{
	vc->st = xcalloc(a0->nseries, sizeof(*vc->st));
	for (size_t k = 0; k < a0->nseries; k++) {
		const char *stage = a0->series[k].name;
		struct verdict_stage *vs;
		double *ma, *mb;
		size_t ka, kb;
		bool twin = !strcmp(stage, "total") &&
			    untraced_medians(A, B, vc->base, &ma, &ka, &mb, &kb);

		if (!twin) {
			ka = round_medians(A, vc->base, stage, &ma);
			kb = round_medians(B, vc->base, stage, &mb);
		}
		if (ka && kb) {
			vs = &vc->st[vc->ns++];
			vs->stage = xstrdup(stage);
			vs->untraced_twin = twin;
			rounds_judge(ma, ka, mb, kb, level, resolution(A, stage), &vs->j);
			vs->regressed = v->fail_above >= 0 && rounds_regressed(&vs->j, v->fail_above);
			v->slower += vs->j.verdict == RV_SLOWER;
			v->faster += vs->j.verdict == RV_FASTER;
			v->same += vs->j.verdict == RV_SAME;
			v->unknown += vs->j.verdict == RV_UNKNOWN;
			v->regressed += vs->regressed;
		}
		free(ma);
		free(mb);
	}
}

void verdicts_compute(struct rdir *A, struct rdir *B, double level, double fail_above,
		      struct verdicts *v)
{
	size_t cap = 0;

	memset(v, 0, sizeof(*v));
	v->fail_above = fail_above;
	for (size_t i = 0; i < A->ncells; i++) {
		const struct rd_cell *a0 = &A->cells[i];
		struct verdict_cell *vc;
		char *base;

		if (!a0->loaded || !measured(a0))
			continue;
		base = round_base(a0->name);
		if (seen(v, base)) {
			free(base);
			continue;
		}
		v->c = grow_array(v->c, &cap, v->n + 1, sizeof(*v->c));
		vc = &v->c[v->n];
		memset(vc, 0, sizeof(*vc));
		vc->base = base;
		vc->a0 = a0;
		judge_cell(A, B, a0, vc, level, v);
		if (vc->ns)
			v->n++;
		else {
			free(vc->st);
			free(vc->base);
		}
	}
}

void verdicts_free(struct verdicts *v)
{
	for (size_t i = 0; i < v->n; i++) {
		for (size_t k = 0; k < v->c[i].ns; k++)
			free(v->c[i].st[k].stage);
		free(v->c[i].st);
		free(v->c[i].base);
	}
	free(v->c);
	memset(v, 0, sizeof(*v));
}
