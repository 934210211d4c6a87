/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A log-linear histogram of int64 values in the manner of HdrHistogram:
 * memory bounded whatever the count (at most 2 x 56320 counters, 440 KiB
 * each side, allocated up to the largest magnitude seen: about 170 KiB
 * for values up to a second in ns), and a bounded relative error.
 *
 * Magnitudes below 2^HDR_SUB_BITS (2048) have a bucket each: exact. Above,
 * every power of two is cut into 2^(HDR_SUB_BITS-1) buckets, so a bucket
 * is at most 1/1024 of its values wide, and a value read back (its
 * bucket's midpoint, clamped to the exact min and max) is within 1/2048
 * (HDR_REL_ERROR, 0.049 %) of every value in that bucket. Count, min, max
 * and mean are exact. Negative values (clocks that disagree) are kept,
 * in a mirrored half.
 */
#ifndef VQB_HDRHIST_H
#define VQB_HDRHIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stats.h"

#define HDR_SUB_BITS 11
#define HDR_REL_ERROR (1.0 / (1 << HDR_SUB_BITS))
#define HDR_BUCKETS ((1u << HDR_SUB_BITS) + (64 - HDR_SUB_BITS) * (1u << (HDR_SUB_BITS - 1)))

struct hdr {
	uint64_t *pos, *neg;	/* counts by bucket of v >= 0, and of -v for v < 0 */
	size_t npos, nneg;	/* buckets allocated */
	uint64_t n;
	int64_t min, max;
	__int128 sum;
};

void hdr_init(struct hdr *h);
void hdr_free(struct hdr *h);

size_t hdr_index(uint64_t magnitude);
/* The magnitudes of bucket i: [lo, lo + width). */
uint64_t hdr_lo(size_t i, uint64_t *width);

/* hdr_add()'s slow path: room for `need` buckets of one half. */
void hdr_grow(struct hdr *h, bool neg, size_t need);

static inline void hdr_add(struct hdr *h, int64_t v)
{
	uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
	size_t i = m < (1u << HDR_SUB_BITS) ? (size_t)m : hdr_index(m);

	if (v < 0) {
		if (i >= h->nneg)
			hdr_grow(h, true, i + 1);
		h->neg[i]++;
	} else {
		if (i >= h->npos)
			hdr_grow(h, false, i + 1);
		h->pos[i]++;
	}
	if (!h->n || v < h->min)
		h->min = v;
	if (!h->n || v > h->max)
		h->max = v;
	h->n++;
	h->sum += v;
}

/* Ascending walk over the non-empty buckets: 0 at the start; false at the end. */
struct hdr_cur {
	bool in_pos;
	size_t i;
};
bool hdr_next(const struct hdr *h, struct hdr_cur *c, int64_t *value, uint64_t *count,
	      int64_t *lo, int64_t *hi);

/* The value at 1-based rank r (1 <= r <= n), as described above. */
int64_t hdr_at_rank(const struct hdr *h, uint64_t r);
/* What pct_compute() gives for sorted values, ranks by pct_rank_of(). */
void hdr_pct(const struct hdr *h, struct pct *p);
/* How many values are <= 0. */
uint64_t hdr_nonpositive(const struct hdr *h);

#endif /* VQB_HDRHIST_H */
