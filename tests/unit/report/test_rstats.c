// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "rstats.h"
#include "stats.h"
#include "rt.h"
#include "stats.h"
#include "util.h"

/* n latencies: a body and a tail, sorted. */
static int64_t *sample(size_t n, uint64_t seed, int64_t shift)
{
	int64_t *v = xmalloc(n * sizeof(*v));
	struct rng r;
	size_t i;

	rng_seed(&r, seed);
	for (i = 0; i < n; i++) {
		v[i] = 20000 + (int64_t)(-8000 * log1p(-rng_unit(&r))) + shift;
		if (rng_unit(&r) < 0.02)
			v[i] += 200000;
	}
	sort_i64(v, n);
	return v;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Mean and 2.5/97.5 % points of draws (sorted in place). */
static void summarize(double *d, size_t n, double *mean, double *lo, double *hi)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += d[i];
	qsort(d, n, sizeof(*d), cmp_d);
	*mean = s / n;
	*lo = d[(size_t)(0.025 * n)];
	*hi = d[(size_t)(0.975 * n)];
}

/* The one-Beta-draw bootstrap has the same distribution as drawing n. */
static void beta_vs_naive(size_t n, unsigned permille)
{
	enum { R = 4000 };
	int64_t *v = xmalloc(n * sizeof(*v)), *scratch = xmalloc(n * sizeof(*v));
	double *fast = xmalloc(R * sizeof(double)), *slow = xmalloc(R * sizeof(double));
	double mf, lf, hf, ms, ls, hs, tol = 0.1 * sqrt((double)n);
	struct rng r1, r2;
	size_t i;

	/* v[i] = i: the bootstrap's value is its rank. */
	for (i = 0; i < n; i++)
		v[i] = (int64_t)i;
	rng_seed(&r1, 11);
	rng_seed(&r2, 12);
	for (i = 0; i < R; i++) {
		fast[i] = (double)boot_pct(&r1, v, n, permille);
		slow[i] = (double)boot_pct_naive(&r2, v, n, permille, scratch);
	}
	summarize(fast, R, &mf, &lf, &hf);
	summarize(slow, R, &ms, &ls, &hs);
	if (tol < 1.5)
		tol = 1.5;
	CHECK(fabs(mf - ms) < tol);
	CHECK(fabs(lf - ls) <= 2 * tol);
	CHECK(fabs(hf - hs) <= 2 * tol);
	/* And both centre on the percentile's rank. */
	CHECK(fabs(ms - (double)(pct_rank_of(n, permille) - 1)) < 3 * tol + 2);
	free(v);
	free(scratch);
	free(fast);
	free(slow);
}

void test_rstats(void)
{
	struct compare_opts o;
	struct rng a, b;
	struct pct_diff d1, d2;
	struct cmp_series cs;
	struct mwu m;
	int64_t *x = sample(1000, 1, 0), *y = sample(1000, 2, 0), *z = sample(1000, 1, 5000);
	int64_t one[] = { 7 }, low[] = { 1, 2, 3, 4, 5 }, high[] = { 6, 7, 8, 9, 10 };
	int64_t same[] = { 1, 1, 1 }, t1[] = { 1, 2 }, t2[] = { 2, 3 };
	bool differ = false;
	int i;

	compare_opts_default(&o);
	/* The generator: same seed, same numbers; unit draws in [0, 1). */
	rng_seed(&a, 42);
	rng_seed(&b, 42);
	for (i = 0; i < 100; i++) {
		double u = rng_unit(&a);

		CHECK(u >= 0 && u < 1);
		if (u != rng_unit(&b))
			break;
	}
	CHECK_INT(i, 100);
	CHECK(hash_str(0, "a") != hash_str(0, "b"));
	CHECK(hash_str(hash_str(0, "ab"), "c") != hash_str(hash_str(0, "a"), "bc"));

	CHECK_INT(pct_rank_of(1000, 500), 500);
	CHECK_INT(pct_rank_of(1000, 999), 999);
	CHECK_INT(pct_rank_of(1000, 990), 990);
	CHECK_INT(pct_rank_of(3, 500), 2);
	CHECK_INT(pct_rank_of(1, 990), 1);
	CHECK_INT(boot_pct(&a, one, 1, 500), 7);

	beta_vs_naive(301, 500);
	beta_vs_naive(1000, 990);
	beta_vs_naive(20, 500);

	/* Bootstrap determinism: a fixed seed gives the same interval. */
	boot_diff(x, 1000, y, 1000, 500, 1000, 0.99, 12345, &d1);
	boot_diff(x, 1000, y, 1000, 500, 1000, 0.99, 12345, &d2);
	CHECK(d1.lo == d2.lo && d1.hi == d2.hi && d1.diff == d2.diff);
	for (i = 1; i <= 5 && !differ; i++) {
		boot_diff(x, 1000, y, 1000, 500, 1000, 0.99, 12345 + i, &d2);
		differ = d1.lo != d2.lo || d1.hi != d2.hi;
	}
	CHECK(differ);
	CHECK(d1.lo <= d1.hi);

	/* Identical samples: no change, the interval holds 0, MWU p = 1. */
	compare_series(x, 1000, x, 1000, &o, "cell/total", &cs);
	CHECK_INT(cs.p50.d.diff, 0);
	CHECK_INT(cs.p99.d.diff, 0);
	CHECK(!cs.p50.d.significant);
	CHECK(!cs.p99.d.significant);
	CHECK(cs.p50.d.lo <= 0 && cs.p50.d.hi >= 0);
	CHECK(cs.p99.d.lo <= 0 && cs.p99.d.hi >= 0);
	CHECK(cs.p50.enough && cs.p99.enough);
	CHECK(!cs.mwu_significant);
	CHECK(cs.mwu.p > 0.99);
	CHECK(fabs(cs.mwu.p_b_gt_a - 0.5) < 1e-9);
	/* Same distribution, other draws: not significant either. */
	compare_series(x, 1000, y, 1000, &o, "cell/total", &cs);
	CHECK(!cs.p50.d.significant);
	CHECK(!cs.mwu_significant);

	/* Shifted by 5 us (the spread is about 8 us): significant, sign right. */
	compare_series(x, 1000, z, 1000, &o, "cell/total", &cs);
	CHECK_INT(cs.p50.d.diff, z[499] - x[499]);
	CHECK(cs.p50.d.diff > 4000 && cs.p50.d.diff < 6000);
	CHECK(cs.p50.d.significant);
	CHECK(cs.p50.d.lo > 0);
	CHECK(cs.mwu_significant);
	CHECK(cs.mwu.p < 1e-6);
	CHECK(cs.mwu.z > 0);
	CHECK(cs.mwu.p_b_gt_a > 0.6);
	compare_series(z, 1000, x, 1000, &o, "cell/total", &cs);
	CHECK(cs.p50.d.diff < -4000);
	CHECK(cs.p50.d.significant);
	CHECK(cs.p50.d.hi < 0);
	CHECK(cs.mwu.z < 0);
	CHECK(cs.mwu.p_b_gt_a < 0.4);
	/* The same comparison again: the same answer (seed from the key). */
	{
		struct cmp_series c2;

		compare_series(z, 1000, x, 1000, &o, "cell/total", &c2);
		CHECK(c2.p50.d.lo == cs.p50.d.lo && c2.p50.d.hi == cs.p50.d.hi);
		CHECK(c2.p99.d.lo == cs.p99.d.lo && c2.p99.d.hi == cs.p99.d.hi);
	}

	/* Too few samples beyond p99 (n = 100): no verdict on p99. */
	compare_series(x, 100, z, 100, &o, "cell/total", &cs);
	CHECK(!cs.p99.enough);
	CHECK(!cs.p99.d.significant);
	CHECK(cs.p50.enough);

	/* Mann-Whitney by hand: complete separation of 5 and 5. */
	mann_whitney(low, 5, high, 5, &m);
	CHECK(m.u == 25);
	CHECK(fabs(m.p - 0.01219) < 2e-4);
	CHECK(m.p_b_gt_a == 1);
	mann_whitney(high, 5, low, 5, &m);
	CHECK(m.u == 0);
	CHECK(m.z < 0);
	/* Ties: half a win each. */
	mann_whitney(t1, 2, t2, 2, &m);
	CHECK(m.u == 3.5);
	CHECK(m.p_b_gt_a == 0.875);
	/* All equal: no evidence at all. */
	mann_whitney(same, 3, same, 3, &m);
	CHECK(m.p == 1);
	free(x);
	free(y);
	free(z);
}
