/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Order statistics and histograms of latencies (int64 ns; negative values
 * are possible when clocks disagree and are kept, not clipped).
 *
 * Percentiles are nearest-rank: the p-th percentile of n sorted values is
 * the value at 1-based rank ceil(p/100 * n). It always returns a measured
 * value (no interpolated latency that never happened), p100 is the max, and
 * for 1..100 the pN is exactly N. The rank is computed in integers (p in
 * tenths of a percent) so that 99.9 % of 1000 is rank 999, not 999.0000001.
 */
#ifndef VQB_STATS_H
#define VQB_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pct {
	uint64_t n;
	int64_t min, p50, p90, p99, p999, max;
	double mean;
};

/*
 * O(n): a counting sort when the values span less than their count (a
 * million latencies: about 5 ms), else an LSD radix sort of the passes
 * their range needs (about 15 ms).
 */
void sort_i64(int64_t *v, size_t n);
/*
 * The same, the radix sort's second array taken from tmp (util.h's
 * scratch), which the next sort then reuses: allocated afresh, its pages
 * cost the kernel about what the sort costs (a summary sorts a dozen
 * stages of a million values).
 */
struct scratch;
void sort_i64_tmp(int64_t *v, size_t n, struct scratch *tmp);

/* v sorted ascending, n > 0; permille: 500 = p50, 999 = p99.9. */
int64_t pct_rank(const int64_t *v, size_t n, unsigned permille);
/* The 1-based rank pct_rank() reads, for n > 0 values. */
size_t pct_rank_of(size_t n, unsigned permille);

/*
 * The nearest-rank median (rank ceil(n/2)) of v, n > 0: counted when
 * the values span less than their count, else by selection. O(n); v may
 * be reordered.
 */
int64_t median_i64(int64_t *v, size_t n);

/*
 * Whether n samples support the nearest-rank percentile `permille`: at
 * least one sample is expected above it (n >= 1000 / (1000 - permille):
 * p99.9 from 1000, p99 from 100, p90 from 10), and never from a handful
 * (PCT_MIN_ANY). Below that a percentile is withheld ("n too small"):
 * p99.9 of 200 samples is only their maximum. min, max and mean are
 * always reported.
 */
#define PCT_MIN_ANY 5
size_t pct_min_samples(unsigned permille);
bool pct_supported(uint64_t n, unsigned permille);

/* Sorts v in place and fills *p (all zero when n == 0). */
void pct_compute(int64_t *v, size_t n, struct pct *p);
/* The same, sorted by sort_i64_tmp(). */
void pct_compute_tmp(int64_t *v, size_t n, struct pct *p, struct scratch *tmp);
/*
 * The same for values 0 .. nv - 1 given as how many of each (count[i]
 * of value i): small counts (exits per interrupt) need no array of them.
 */
void pct_from_counts(const uint64_t *count, size_t nv, struct pct *p);

/*
 * Linear buckets of one width, as cyclictest's: bucket i holds
 * [i * width, (i + 1) * width) ns. The width is the run's, the same for
 * every stage of every cell (HIST_DEFAULT_WIDTH_NS, 1 us as cyclictest's,
 * unless the analysis is told another), so that histograms of two cells,
 * or two runs made with the same width, add and compare bucket by bucket.
 */
#define HIST_DEFAULT_WIDTH_NS 1000
#define HIST_MAX_BUCKETS 100000
struct hist_plan {
	int64_t width;
	size_t nb;
};

/* Smallest 1, 2 or 5 times a power of ten that is >= x (x >= 1). */
int64_t nice_ceil(int64_t x);

/*
 * Buckets of `width_ns` (at least 1) from 0 up to `max`, at most
 * HIST_MAX_BUCKETS (100 ms at 1 us); beyond is overflow.
 */
void hist_plan(struct hist_plan *h, int64_t width_ns, int64_t max);

/* Bucket index; -1 for a negative value, h->nb for an overflow. */
long hist_bucket(const struct hist_plan *h, int64_t v);

#endif /* VQB_STATS_H */
