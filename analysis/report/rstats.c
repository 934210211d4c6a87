// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdlib.h>

#include "rstats.h"
#include "stats.h"
#include "util.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t rng_u64(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

double rng_unit(struct rng *r)
{
	return (double)(rng_u64(r) >> 11) * 0x1.0p-53;
}

/* Marsaglia polar method; one of the pair is dropped (no hidden state). */
double rng_normal(struct rng *r)
{
	double u, v, s;

	do {
		u = 2 * rng_unit(r) - 1;
		v = 2 * rng_unit(r) - 1;
		s = u * u + v * v;
	} while (s >= 1 || s == 0);
	return u * sqrt(-2 * log(s) / s);
}

/* Marsaglia and Tsang (2000), for shape >= 1. */
double rng_gamma(struct rng *r, double shape)
{
	double d = shape - 1.0 / 3, c = 1 / sqrt(9 * d);

	for (;;) {
		double x, v, u;

		do {
			x = rng_normal(r);
			v = 1 + c * x;
		} while (v <= 0);
		v = v * v * v;
		u = rng_unit(r);
		if (u < 1 - 0.0331 * x * x * x * x)
			return d * v;
		if (u > 0 && log(u) < 0.5 * x * x + d * (1 - v + log(v)))
			return d * v;
	}
}

double rng_beta(struct rng *r, double a, double b)
{
	double x = rng_gamma(r, a), y = rng_gamma(r, b);

	return x / (x + y);
}

uint64_t hash_str(uint64_t h, const char *s)
{
	if (!h)
		h = 0xcbf29ce484222325ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ull;
	}
	/* A separator, so that ("ab", "c") and ("a", "bc") differ. */
	h ^= 0xff;
	h *= 0x100000001b3ull;
	return h;
}

int64_t boot_pct(struct rng *r, const int64_t *v, size_t n, unsigned permille)
{
	size_t k = pct_rank_of(n, permille), i;
	double u;

	if (n == 1)
		return v[0];
	/* The k-th smallest of n uniforms. */
	u = rng_beta(r, (double)k, (double)(n - k + 1));
	i = (size_t)(u * (double)n);
	if (i >= n)
		i = n - 1;
	return v[i];
}

int64_t boot_pct_naive(struct rng *r, const int64_t *v, size_t n,
		       unsigned permille, int64_t *scratch)
{
	size_t i;

	for (i = 0; i < n; i++)
		scratch[i] = v[(size_t)(rng_unit(r) * (double)n)];
	sort_i64(scratch, n);
	return pct_rank(scratch, n, permille);
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

void boot_diff(const int64_t *a, size_t na, const int64_t *b, size_t nb,
	       unsigned permille, unsigned resamples, double level, uint64_t seed,
	       struct pct_diff *out)
{
	int64_t *d = xmalloc((resamples ? resamples : 1) * sizeof(*d));
	struct rng r;
	size_t lo, hi;
	unsigned i;

	out->permille = permille;
	out->a = pct_rank(a, na, permille);
	out->b = pct_rank(b, nb, permille);
	out->diff = out->b - out->a;
	rng_seed(&r, seed);
	for (i = 0; i < resamples; i++) {
		int64_t qa = boot_pct(&r, a, na, permille);
		int64_t qb = boot_pct(&r, b, nb, permille);

		d[i] = qb - qa;
	}
	if (!resamples) {
		out->lo = out->hi = (double)out->diff;
		out->significant = false;
		free(d);
		return;
	}
	qsort(d, resamples, sizeof(*d), cmp_i64);
	/* Ranks of the (1-level)/2 and (1+level)/2 quantiles, 0-based. */
	lo = (size_t)floor((1 - level) / 2 * resamples);
	hi = (size_t)ceil((1 + level) / 2 * resamples);
	if (hi > 0)
		hi--;
	if (hi >= resamples)
		hi = resamples - 1;
	if (lo > hi)
		lo = hi;
	out->lo = (double)d[lo];
	out->hi = (double)d[hi];
	out->significant = out->lo > 0 || out->hi < 0;
	free(d);
}

void mann_whitney(const int64_t *a, size_t na, const int64_t *b, size_t nb,
		  struct mwu *out)
{
	double n = (double)na + (double)nb, rank_b = 0, ties = 0, mean, var, u;
	size_t i = 0, j = 0;
	double next = 1;	/* rank of the next value */

	while (i < na || j < nb) {
		int64_t x = i < na && (j >= nb || a[i] <= b[j]) ? a[i] : b[j];
		size_t ca = 0, cb = 0;
		double t, avg;

		while (i < na && a[i] == x) {
			i++;
			ca++;
		}
		while (j < nb && b[j] == x) {
			j++;
			cb++;
		}
		t = (double)(ca + cb);
		avg = next + (t - 1) / 2;
		rank_b += avg * (double)cb;
		ties += t * t * t - t;
		next += t;
	}
	u = rank_b - (double)nb * ((double)nb + 1) / 2;
	mean = (double)na * (double)nb / 2;
	var = (double)na * (double)nb / 12 * ((n + 1) - (n > 1 ? ties / (n * (n - 1)) : 0));
	out->u = u;
	out->p_b_gt_a = u / ((double)na * (double)nb);
	if (var <= 0) {
		out->z = 0;
		out->p = 1;
		return;
	}
	/* Continuity correction: half a step toward the mean. */
	if (u > mean)
		out->z = (u - mean - 0.5) / sqrt(var);
	else if (u < mean)
		out->z = (u - mean + 0.5) / sqrt(var);
	else
		out->z = 0;
	if ((u > mean && out->z < 0) || (u < mean && out->z > 0))
		out->z = 0;
	out->p = erfc(fabs(out->z) / sqrt(2.0));
}
