// SPDX-License-Identifier: GPL-2.0
/* stats.c against distributions whose percentiles are known by hand. */
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "test.h"
#include "util.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void shuffle(int64_t *v, size_t n)
{
	size_t i;

	for (i = n - 1; i > 0; i--) {
		size_t j = next() % (i + 1);
		int64_t t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
}

/* pct_compute of 1..n in random order. */
static struct pct one_to(size_t n)
{
	int64_t *v = malloc(n * sizeof(*v));
	struct pct p;
	size_t i;

	for (i = 0; i < n; i++)
		v[i] = i + 1;
	shuffle(v, n);
	pct_compute(v, n, &p);
	free(v);
	return p;
}

static int cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* a[n]'s median and sort against qsort's (b: scratch of n). */
static void check_median_and_sort(int64_t *a, int64_t *b, size_t n)
{
	memcpy(b, a, n * sizeof(*a));
	qsort(b, n, sizeof(*b), cmp);
	CHECK_INT(median_i64(a, n), pct_rank(b, n, 500));
	sort_i64(a, n);
	CHECK(!memcmp(a, b, n * sizeof(*a)));
}

static void test_sort(void)
{
	enum { N = 100000 };
	int64_t *a = malloc(N * sizeof(*a)), *b = malloc(N * sizeof(*b));
	size_t i;
	bool same;

	/* negatives, zero, huge values and duplicates, against qsort */
	for (i = 0; i < N; i++) {
		switch (i % 4) {
		case 0: a[i] = (int64_t)next(); break;
		case 1: a[i] = (int64_t)(next() % 2000) - 1000; break;
		case 2: a[i] = (int64_t)(next() % 100000); break;
		default: a[i] = i % 3 ? INT64_MIN : INT64_MAX; break;
		}
	}
	memcpy(b, a, N * sizeof(*a));
	sort_i64(a, N);
	qsort(b, N, sizeof(*b), cmp);
	same = !memcmp(a, b, N * sizeof(*a));
	CHECK(same);

	/* a range narrower than the count (the counting sort), across 0; and its median */
	for (i = 0; i < N; i++)
		a[i] = (int64_t)(next() % 500) - 250;
	check_median_and_sort(a, b, N);
	/* at INT64_MAX's end: offsets from the minimum must not overflow */
	for (i = 0; i < N; i++)
		a[i] = INT64_MAX - (int64_t)(next() % 3);
	check_median_and_sort(a, b, N);

	/* all equal: every radix pass is skipped */
	for (i = 0; i < N; i++)
		a[i] = 5;
	sort_i64(a, N);
	CHECK(a[0] == 5 && a[N - 1] == 5);
	sort_i64(a, 0);
	sort_i64(a, 1);
	free(a);
	free(b);
}

/*
 * sort_i64_tmp() and pct_compute_tmp() with one scratch for several wide
 * (radix) sorts: the same order and figures as without, and the second
 * array allocated once.
 */
static void test_sort_tmp(void)
{
	enum { N = 50000 };
	int64_t *a = malloc(N * sizeof(*a)), *b = malloc(N * sizeof(*b));
	struct scratch tmp = { 0 };
	struct pct p, q;
	void *first = NULL;
	size_t i;
	int k;

	for (k = 0; k < 3; k++) {
		for (i = 0; i < N; i++)
			a[i] = (int64_t)(next() % 4000000000ull) - 7;	/* range >= N: radix */
		memcpy(b, a, N * sizeof(*a));
		qsort(b, N, sizeof(*b), cmp);
		pct_compute(b, N, &q);	/* sorted already: the same figures */
		pct_compute_tmp(a, N, &p, &tmp);
		CHECK(!memcmp(a, b, N * sizeof(*a)));
		CHECK(p.min == q.min && p.p50 == q.p50 && p.p999 == q.p999 &&
		      p.max == q.max && p.mean == q.mean && p.n == N);
		if (!k)
			first = tmp.p;
		CHECK(tmp.p == first && tmp.size >= N * sizeof(*a));
	}
	scratch_free(&tmp);
	free(a);
	free(b);
}

/*
 * scratch_cols(): columns carved from the blocks given first (as many as
 * fit each), then from its own buffer; all disjoint.
 */
static void test_scratch_cols(void)
{
	enum { COL = 1u << 19 };	/* bytes a column: two fit a block of 1 MiB + some */
	struct scratch sc = { 0 };
	char *blk = malloc(2 * COL + 100), *small = malloc(100);
	void *col[5];
	unsigned c, d;
	bool disjoint = true;

	scratch_give(&sc, blk, 2 * COL + 100);
	scratch_give(&sc, small, 100);	/* too small to keep: freed at once */
	CHECK_INT(sc.nr_spare, 1);
	scratch_cols(&sc, 5, COL, col);
	CHECK(col[0] == blk && (char *)col[1] == blk + COL);
	for (c = 2; c < 5; c++)
		CHECK((char *)col[c] >= (char *)sc.p && (char *)col[c] + COL <= (char *)sc.p + sc.size);
	for (c = 0; c < 5; c++)
		for (d = c + 1; d < 5; d++)
			disjoint = disjoint && ((char *)col[c] + COL <= (char *)col[d] ||
						(char *)col[d] + COL <= (char *)col[c]);
	CHECK(disjoint);
	for (c = 0; c < 5; c++)
		memset(col[c], (int)c, COL);	/* ASan: every column writable whole */
	/* fewer columns the next time: all from the block */
	scratch_cols(&sc, 2, COL, col);
	CHECK(col[0] == blk && (char *)col[1] == blk + COL);
	scratch_free(&sc);
	CHECK(!sc.p && !sc.nr_spare);
}

/* The percentile rule (stats.h): one sample expected above, never a handful. */
static void test_pct_supported(void)
{
	CHECK_INT(pct_min_samples(500), 5);
	CHECK_INT(pct_min_samples(900), 10);
	CHECK_INT(pct_min_samples(990), 100);
	CHECK_INT(pct_min_samples(999), 1000);
	CHECK_INT(pct_min_samples(1000), 1);
	CHECK(!pct_supported(4, 500) && pct_supported(5, 500));
	CHECK(!pct_supported(99, 990) && pct_supported(100, 990));
	CHECK(!pct_supported(999, 999) && pct_supported(1000, 999));
	CHECK(!pct_supported(200, 999));	/* p99.9 of 200 would be the max */
}

/* pct_from_counts() is pct_compute() of the values its counts stand for. */
static void test_pct_counts(void)
{
	uint64_t count[40];
	int64_t v[4000];
	uint32_t seed = 7;
	unsigned k, bad = 0;
	struct pct a, b;

	for (k = 0; k < 300; k++) {
		size_t n = 0, x, c;

		for (x = 0; x < 40; x++) {
			seed = seed * 1103515245u + 12345u;
			/* Some values absent, a few counts large: every rank lands somewhere else. */
			count[x] = (seed >> 16) % 7 < 3 ? 0 : (seed >> 20) % (k % 5 ? 9 : 99);
			for (c = 0; c < count[x]; c++)
				v[n++] = (int64_t)x;
		}
		pct_from_counts(count, 40, &a);
		pct_compute(v, n, &b);
		bad += memcmp(&a, &b, sizeof(a)) != 0;
	}
	CHECK(bad == 0);
	memset(count, 0, sizeof(count));
	pct_from_counts(count, 40, &a);
	CHECK(a.n == 0 && a.max == 0 && a.mean == 0);
	count[3] = 1;
	pct_from_counts(count, 40, &a);
	CHECK(a.n == 1 && a.min == 3 && a.p50 == 3 && a.p999 == 3 && a.max == 3 && a.mean == 3);
}

void test_stats(void)
{
	test_pct_supported();
	test_pct_counts();
	struct pct p;
	int64_t v[10];
	size_t i;

	test_sort();
	test_sort_tmp();
	test_scratch_cols();

	/* nearest rank: the pN of 1..100 is N, p99.9 is the max */
	p = one_to(100);
	CHECK_INT(p.n, 100);
	CHECK_INT(p.min, 1);
	CHECK_INT(p.p50, 50);
	CHECK_INT(p.p90, 90);
	CHECK_INT(p.p99, 99);
	CHECK_INT(p.p999, 100);
	CHECK_INT(p.max, 100);
	CHECK(p.mean == 50.5);

	p = one_to(1000);
	CHECK_INT(p.p50, 500);
	CHECK_INT(p.p90, 900);
	CHECK_INT(p.p99, 990);
	CHECK_INT(p.p999, 999);	/* rank ceil(0.999 * 1000) = 999 exactly */
	CHECK_INT(p.max, 1000);
	CHECK(p.mean == 500.5);

	p = one_to(1000000);
	CHECK_INT(p.p50, 500000);
	CHECK_INT(p.p999, 999000);

	/* constant */
	for (i = 0; i < 10; i++)
		v[i] = 7;
	pct_compute(v, 10, &p);
	CHECK(p.min == 7 && p.p50 == 7 && p.p99 == 7 && p.p999 == 7 && p.max == 7);
	CHECK(p.mean == 7);

	/* a single sample is every percentile */
	v[0] = -3;
	pct_compute(v, 1, &p);
	CHECK(p.n == 1 && p.min == -3 && p.p50 == -3 && p.p999 == -3 && p.max == -3);

	/* even and odd counts: no interpolation, the lower middle for even */
	v[0] = 4; v[1] = 1; v[2] = 3; v[3] = 2;
	pct_compute(v, 4, &p);
	CHECK_INT(p.p50, 2);	/* rank ceil(2.0) = 2 */
	CHECK_INT(p.p90, 4);	/* rank ceil(3.6) = 4 */
	v[0] = 50; v[1] = 10; v[2] = 40; v[3] = 20; v[4] = 30;
	pct_compute(v, 5, &p);
	CHECK_INT(p.p50, 30);	/* rank ceil(2.5) = 3 */
	CHECK_INT(p.p90, 50);	/* rank ceil(4.5) = 5 */
	CHECK_INT(pct_rank(v, 5, 200), 10);	/* rank 1 */
	CHECK_INT(pct_rank(v, 5, 0), 10);	/* never rank 0 */
	/* the rank itself, in integers: 99.9 % of 1000 is 999, not 1000 */
	CHECK_INT(pct_rank_of(1000, 999), 999);
	CHECK_INT(pct_rank_of(1001, 999), 1000);
	CHECK_INT(pct_rank_of(3, 500), 2);
	CHECK_INT(pct_rank_of(7, 1000), 7);
	CHECK_INT(pct_rank_of(1, 1), 1);
	CHECK_INT(pct_rank_of((size_t)1 << 62, 999), 4607074332408960517ll);	/* no overflow */

	/* empty */
	pct_compute(v, 0, &p);
	CHECK_INT(p.n, 0);

	/* histogram buckets */
	CHECK_INT(nice_ceil(0), 1);
	CHECK_INT(nice_ceil(1), 1);
	CHECK_INT(nice_ceil(2), 2);
	CHECK_INT(nice_ceil(3), 5);
	CHECK_INT(nice_ceil(7), 10);
	CHECK_INT(nice_ceil(11), 20);
	CHECK_INT(nice_ceil(150), 200);
	CHECK_INT(nice_ceil(201), 500);
	CHECK_INT(nice_ceil(1000), 1000);

	{
		struct hist_plan h;

		/* the run's width (cyclictest's 1 us), to the max */
		hist_plan(&h, 1000, 20000);
		CHECK_INT(h.width, 1000);
		CHECK_INT(h.nb, 21);
		CHECK_INT(hist_bucket(&h, 0), 0);
		CHECK_INT(hist_bucket(&h, 999), 0);
		CHECK_INT(hist_bucket(&h, 1000), 1);
		CHECK_INT(hist_bucket(&h, 20999), 20);
		CHECK_INT(hist_bucket(&h, 21000), 21);	/* overflow == nb */
		CHECK_INT(hist_bucket(&h, -1), -1);	/* negative */

		/* the width does not depend on the data: two cells share it */
		hist_plan(&h, 1000, 5000000);
		CHECK_INT(h.width, 1000);
		CHECK_INT(h.nb, 5001);
		hist_plan(&h, 50, 100);
		CHECK_INT(h.width, 50);
		CHECK_INT(h.nb, 3);

		/* one huge outlier: capped at HIST_MAX_BUCKETS, the rest overflows */
		hist_plan(&h, 1000, INT64_C(1000000000000));
		CHECK_INT(h.nb, HIST_MAX_BUCKETS);
		CHECK_INT(hist_bucket(&h, (int64_t)HIST_MAX_BUCKETS * 1000), HIST_MAX_BUCKETS);

		/* nothing measured; a width of 0 is 1 ns */
		hist_plan(&h, 0, 0);
		CHECK_INT(h.width, 1);
		CHECK_INT(h.nb, 1);
	}
}

