// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tdist.h"
#include "tracing_cost.h"
#include "util.h"

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

/* The traced cell's name without its round's suffix. */
static void base_name(const struct cell_info *ci, char *buf, size_t size)
{
	char suffix[32];
	size_t len = strlen(ci->name), sl;

	snprintf(buf, size, "%s", ci->name);
	if (!ci->has_round)
		return;
	sl = (size_t)snprintf(suffix, sizeof(suffix), "-r%llu",
			      (unsigned long long)ci->round);
	if (len > sl && len - sl < size && !strcmp(ci->name + len - sl, suffix))
		buf[len - sl] = '\0';
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n), n > 0; sorts v. */
static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static uint64_t bpf_run_time(const struct cell_summary *cs)
{
	uint64_t t = 0;
	size_t i;

	for (i = 0; i < cs->nr_prog; i++)
		t += cs->prog[i].run_time_ns;
	return t;
}

/* Fills g from the pairs of its name, in round order. */
/* The mean of k paired changes with its Student t interval (k >= 2). */
static void paired_interval(struct cost_group *g, const double *chg, size_t k)
{
	double mean = 0, ss = 0, half;
	size_t i;

	if (k < 2)
		return;
	for (i = 0; i < k; i++)
		mean += chg[i];
	mean /= (double)k;
	for (i = 0; i < k; i++)
		ss += (chg[i] - mean) * (chg[i] - mean);
	half = student_t_quantile(1 - (1 - TRACING_COST_LEVEL) / 2, (double)(k - 1)) *
	       sqrt(ss / (double)(k - 1) / (double)k);
	g->have_ci = true;
	g->change_mean_pct = mean;
	g->ci_lo_pct = mean - half;
	g->ci_hi_pct = mean + half;
}

static void group_stats(struct cost_group *g, const struct cost_pair **m, size_t nm)
{
	double *chg = xcalloc(nm, sizeof(*chg)), *tr = xcalloc(nm, sizeof(*tr));
	double *un = xcalloc(nm, sizeof(*un)), *step = xcalloc(nm, sizeof(*step));
	uint64_t bpf_ns = 0, irqs = 0;
	size_t i, k = 0, ns = 0;
	double last_un = 0, goal = TRACING_COST_GOAL_PCT;

	for (i = 0; i < nm; i++) {
		const struct cell_summary *t = m[i]->traced;

		if (t->nr_prog) {
			g->have_bpf = true;
			bpf_ns += bpf_run_time(t);
			irqs += t->injected;
		}
		if (!m[i]->have)
			continue;
		chg[k] = m[i]->change_pct;
		tr[k] = (double)m[i]->traced_p50;
		un[k] = (double)m[i]->untraced_p50;
		if (k)
			step[ns++] = fabs(un[k] / last_un - 1) * 100;
		last_un = un[k];
		k++;
	}
	g->rounds = k;
	if (k) {
		g->change_min = g->change_max = chg[0];
		for (i = 1; i < k; i++) {
			if (chg[i] < g->change_min)
				g->change_min = chg[i];
			if (chg[i] > g->change_max)
				g->change_max = chg[i];
		}
		g->change_pct = median(chg, k);
		g->traced_p50 = (int64_t)(median(tr, k) + 0.5);
		g->untraced_p50 = (int64_t)(median(un, k) + 0.5);
	}
	if (ns) {
		g->have_noise = true;
		g->noise_pct = median(step, ns);
	}
	if (g->have_bpf && irqs) {
		g->bpf_ns_per_irq = (double)bpf_ns / (double)irqs;
		if (g->untraced_p50 > 0)
			g->bpf_pct = g->bpf_ns_per_irq / (double)g->untraced_p50 * 100;
	} else {
		g->have_bpf = false;
	}

	paired_interval(g, chg, k);
	if (!g->have_ci)
		g->verdict = COST_UNKNOWN;
	else if (g->ci_lo_pct >= -goal && g->ci_hi_pct <= goal)
		g->verdict = COST_WITHIN;
	else if (g->ci_lo_pct > goal)
		g->verdict = COST_OVER;
	else if (g->ci_hi_pct < -goal)
		g->verdict = COST_BELOW;
	else
		g->verdict = COST_NOISE;
	free(chg);
	free(tr);
	free(un);
	free(step);
}

static int cmp_round(const void *a, const void *b)
{
	const struct cost_pair *x = *(const struct cost_pair *const *)a;
	const struct cost_pair *y = *(const struct cost_pair *const *)b;
	uint64_t rx = x->traced->ci->round, ry = y->traced->ci->round;

	return (rx > ry) - (rx < ry);
}

size_t tracing_cost_groups(const struct cost_pair *p, size_t np,
			   struct cost_group *out)
{
	const struct cost_pair **m = xcalloc(np ? np : 1, sizeof(*m));
	bool *taken = xcalloc(np ? np : 1, sizeof(*taken));
	char name[128];
	size_t i, j, ng = 0, nm;

	for (i = 0; i < np; i++) {
		struct cost_group *g;

		if (taken[i])
			continue;
		g = &out[ng++];
		memset(g, 0, sizeof(*g));
		g->first = p[i].traced;
		base_name(p[i].traced->ci, g->base, sizeof(g->base));
		for (nm = 0, j = i; j < np; j++) {
			base_name(p[j].traced->ci, name, sizeof(name));
			if (taken[j] || strcmp(name, g->base))
				continue;
			taken[j] = true;
			m[nm++] = &p[j];
		}
		qsort(m, nm, sizeof(*m), cmp_round);
		g->pairs = nm;
		group_stats(g, m, nm);
	}
	free(m);
	free(taken);
	return ng;
}

const char *cost_verdict_name(enum cost_verdict v)
{
	switch (v) {
	case COST_WITHIN:	return "within";
	case COST_OVER:		return "over";
	case COST_BELOW:	return "below";
	case COST_NOISE:	return "noise";
	default:		return "unknown";
	}
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
