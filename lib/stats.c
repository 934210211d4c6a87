// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

static void min_max(const int64_t *v, size_t n, int64_t *lo, int64_t *hi)
{
	int64_t a = v[0], b = v[0];
	size_t i;

	for (i = 1; i < n; i++) {
		a = v[i] < a ? v[i] : a;
		b = v[i] > b ? v[i] : b;
	}
	*lo = a;
	*hi = b;
}

/* How many of each value in [lo, lo + range]: a table of range + 1, malloc'd. */
static size_t *value_counts(const int64_t *v, size_t n, int64_t lo, uint64_t range)
{
	size_t *count = xcalloc(range + 1, sizeof(*count));

	for (size_t i = 0; i < n; i++)
		count[(uint64_t)v[i] - (uint64_t)lo]++;
	return count;
}

/*
 * A range narrower than the count (latencies: a few thousand ns apart
 * over a million samples): how many of each value, then the values back
 * in order. Two sequential passes and a table the size of the range, no
 * scatter over the whole array.
 */
static void counting_sort(int64_t *v, size_t n, int64_t lo, uint64_t range)
{
	size_t *count = value_counts(v, n, lo, range);
	size_t i, k = 0;
	uint64_t d;

	for (d = 0; d <= range; d++)
		for (i = count[d]; i; i--)
			v[k++] = (int64_t)((uint64_t)lo + d);
	free(count);
}

/*
 * LSD radix sort, 16 bits a pass, over the offsets from the minimum (so
 * that unsigned order is signed order): only the passes the range needs.
 */
static void radix_sort(int64_t *v, size_t n, int64_t lo, uint64_t range, struct scratch *tmp)
{
	uint64_t *a = (uint64_t *)v, *b, *src, *dst;
	unsigned pass, passes = 0;
	size_t (*count)[65536];
	size_t i;

	while (passes < 4 && range >> (16 * passes))
		passes++;
	count = xcalloc(passes, sizeof(*count));
	for (i = 0; i < n; i++) {
		uint64_t x = a[i] - (uint64_t)lo;

		a[i] = x;
		for (pass = 0; pass < passes; pass++)
			count[pass][x >> (16 * pass) & 0xffff]++;
	}
	b = tmp ? scratch_get(tmp, n * sizeof(*b)) : xmalloc_populated(n * sizeof(*b));
	src = a;
	dst = b;
	for (pass = 0; pass < passes; pass++) {
		unsigned shift = pass * 16;
		size_t sum = 0, d;

		/* A digit the same for every value moves nothing. */
		if (count[pass][src[0] >> shift & 0xffff] == n)
			continue;
		for (d = 0; d < 65536; d++) {
			size_t c = count[pass][d];

			count[pass][d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[count[pass][src[i] >> shift & 0xffff]++] = src[i];
		src = dst;
		dst = src == a ? b : a;
	}
	for (i = 0; i < n; i++)
		a[i] = src[i] + (uint64_t)lo;
	if (!tmp)
		free(b);
	free(count);
}

void sort_i64(int64_t *v, size_t n)
{
	sort_i64_tmp(v, n, NULL);
}

/* v's values all in [lo, hi]. */
static void sort_in(int64_t *v, size_t n, int64_t lo, int64_t hi, struct scratch *tmp)
{
	uint64_t range = (uint64_t)hi - (uint64_t)lo;

	if (n < 2 || !range)
		return;
	if (range < n)
		counting_sort(v, n, lo, range);
	else
		radix_sort(v, n, lo, range, tmp);
}

void sort_i64_tmp(int64_t *v, size_t n, struct scratch *tmp)
{
	int64_t lo, hi;

	if (n < 2)
		return;
	min_max(v, n, &lo, &hi);
	sort_in(v, n, lo, hi, tmp);
}

size_t pct_rank_of(size_t n, unsigned permille)
{
	/* ceil(permille * n / 1000), at least rank 1; 128-bit: n may be large. */
	unsigned __int128 r = ((unsigned __int128)permille * n + 999) / 1000;

	if (r < 1)
		r = 1;
	if (r > n)
		r = n;
	return (size_t)r;
}

int64_t pct_rank(const int64_t *v, size_t n, unsigned permille)
{
	return v[pct_rank_of(n, permille) - 1];
}

static void swap_i64(int64_t *a, int64_t *b)
{
	int64_t t = *a;

	*a = *b;
	*b = t;
}

/* The k-th smallest (from 0) of values in [lo, lo + range], range < n: counted. */
static int64_t counting_select(const int64_t *v, size_t n, size_t k, int64_t lo,
			       uint64_t range)
{
	size_t *count = value_counts(v, n, lo, range);
	size_t seen = 0;
	uint64_t d;

	for (d = 0; seen + count[d] <= k; d++)
		seen += count[d];
	free(count);
	return (int64_t)((uint64_t)lo + d);
}

/* Hoare's selection with a median-of-three pivot; counted when the range is narrow. */
int64_t median_i64(int64_t *v, size_t n)
{
	size_t k = (n + 1) / 2 - 1, lo = 0, hi = n - 1;
	int64_t min, max;

	min_max(v, n, &min, &max);
	if ((uint64_t)max - (uint64_t)min < n)
		return counting_select(v, n, k, min, (uint64_t)max - (uint64_t)min);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
		int64_t pivot;

		if (v[mid] < v[lo])
			swap_i64(&v[mid], &v[lo]);
		if (v[hi] < v[lo])
			swap_i64(&v[hi], &v[lo]);
		if (v[hi] < v[mid])
			swap_i64(&v[hi], &v[mid]);
		pivot = v[mid];
		while (i <= j) {
			while (v[i] < pivot)
				i++;
			while (v[j] > pivot)
				j--;
			if (i <= j) {
				swap_i64(&v[i], &v[j]);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
	return v[k];
}

void pct_compute(int64_t *v, size_t n, struct pct *p)
{
	pct_compute_tmp(v, n, p, NULL);
}

void pct_compute_tmp(int64_t *v, size_t n, struct pct *p, struct scratch *tmp)
{
	__int128 sum = 0;
	int64_t lo, hi;
	size_t i;

	memset(p, 0, sizeof(*p));
	if (!n)
		return;
	lo = hi = v[0];
	/* The sort's first pass, min_max()'s, and the sum in one: a pass of n fewer. */
	for (i = 0; i < n; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
		sum += v[i];
	}
	sort_in(v, n, lo, hi, tmp);
	p->n = n;
	p->min = v[0];
	p->max = v[n - 1];
	p->p50 = pct_rank(v, n, 500);
	p->p90 = pct_rank(v, n, 900);
	p->p99 = pct_rank(v, n, 990);
	p->p999 = pct_rank(v, n, 999);
	p->mean = (double)sum / (double)n;
}

void pct_from_counts(const uint64_t *count, size_t nv, struct pct *p)
{
	static const unsigned permille[4] = { 500, 900, 990, 999 };
	int64_t *at[4] = { &p->p50, &p->p90, &p->p99, &p->p999 };
	unsigned __int128 sum = 0;
	uint64_t n = 0, cum = 0;
	size_t i, r = 0, rank[4];
	bool first = true;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < nv; i++) {
		n += count[i];
		sum += (unsigned __int128)count[i] * i;
	}
	if (!n)
		return;
	for (r = 0; r < 4; r++)
		rank[r] = pct_rank_of(n, permille[r]);
	/* The value at a rank: the first whose cumulative count reaches it. */
	for (i = 0, r = 0; i < nv; i++) {
		if (!count[i])
			continue;
		if (first)
			p->min = (int64_t)i;
		first = false;
		p->max = (int64_t)i;
		cum += count[i];
		for (; r < 4 && rank[r] <= cum; r++)
			*at[r] = (int64_t)i;
	}
	p->n = n;
	p->mean = (double)(__int128)sum / (double)n;
}

int64_t nice_ceil(int64_t x)
{
	int64_t p = 1;

	if (x <= 1)
		return 1;
	for (;;) {
		if (p >= x)
			return p;
		if (2 * p >= x)
			return 2 * p;
		if (5 * p >= x)
			return 5 * p;
		if (p > INT64_MAX / 100)
			return INT64_MAX;
		p *= 10;
	}
}

void hist_plan(struct hist_plan *h, int64_t width_ns, int64_t max)
{
	int64_t nb;

	h->width = width_ns > 0 ? width_ns : 1;
	nb = max >= 0 ? max / h->width + 1 : 1;
	h->nb = nb > HIST_MAX_BUCKETS ? HIST_MAX_BUCKETS : (size_t)nb;
}

long hist_bucket(const struct hist_plan *h, int64_t v)
{
	int64_t i;

	if (v < 0)
		return -1;
	i = v / h->width;
	return i >= (int64_t)h->nb ? (long)h->nb : (long)i;
}

size_t pct_min_samples(unsigned permille)
{
	size_t need;

	if (permille >= 1000)
		return 1;
	need = (1000 + (1000 - permille) - 1) / (1000 - permille);
	return need > PCT_MIN_ANY ? need : PCT_MIN_ANY;
}

bool pct_supported(uint64_t n, unsigned permille)
{
	return n >= pct_min_samples(permille);
}
