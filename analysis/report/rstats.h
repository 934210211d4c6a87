/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What virqbench-compare needs to say whether a change is real: a seeded
 * generator (same seed, same answer, on every machine), a bootstrap
 * confidence interval of the difference of two percentiles, and the
 * Mann-Whitney U test (normal approximation, tie-corrected).
 *
 * The bootstrap resamples each run with replacement and takes the
 * nearest-rank percentile of the resample, as lib/stats.h defines it.
 * It does not draw n values: the k-th smallest of n values drawn from a
 * sorted array v is v[floor(n * U)] where U is the k-th smallest of n
 * uniforms, and that is Beta(k, n - k + 1) distributed. One Beta draw per
 * resample gives the same distribution as resampling all n values, so a
 * million-sample cell costs the same as a ten-sample one.
 */
#ifndef VQB_REPORT_RSTATS_H
#define VQB_REPORT_RSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* xoshiro256** seeded through splitmix64. */
void rng_seed(struct rng *r, uint64_t seed);
uint64_t rng_u64(struct rng *r);
double rng_unit(struct rng *r);			/* [0, 1) */
double rng_normal(struct rng *r);
double rng_gamma(struct rng *r, double shape);	/* shape >= 1 */
double rng_beta(struct rng *r, double a, double b);	/* a, b >= 1 */

/* 64-bit FNV-1a, to derive a seed per comparison from names. */
uint64_t hash_str(uint64_t h, const char *s);

/* The percentile of one bootstrap resample of sorted v (n > 0). */
int64_t boot_pct(struct rng *r, const int64_t *v, size_t n, unsigned permille);
/* The same by drawing n values (slow; the tests check one against the other). */
int64_t boot_pct_naive(struct rng *r, const int64_t *v, size_t n,
		       unsigned permille, int64_t *scratch);

struct pct_diff {
	unsigned permille;
	int64_t a, b;		/* the percentile of each run */
	int64_t diff;		/* b - a */
	double lo, hi;		/* confidence interval of b - a */
	bool significant;	/* the interval excludes 0 */
};

/*
 * Percentile-method bootstrap CI at `level` (0.99: from the 0.5th to the
 * 99.5th percentile of the resampled differences) with `resamples` draws
 * from a generator seeded with `seed`. a and b sorted, na, nb > 0.
 */
void boot_diff(const int64_t *a, size_t na, const int64_t *b, size_t nb,
	       unsigned permille, unsigned resamples, double level, uint64_t seed,
	       struct pct_diff *out);

struct mwu {
	double u;	/* U of b: pairs (x in a, y in b) with y > x, ties half */
	double z;	/* standardized, continuity-corrected */
	double p;	/* two-sided */
	double p_b_gt_a;	/* u / (na * nb): P(a value of B > one of A) */
};

/* a and b sorted, na, nb > 0. */
void mann_whitney(const int64_t *a, size_t na, const int64_t *b, size_t nb,
		  struct mwu *out);

#endif /* VQB_REPORT_RSTATS_H */
