// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "hdrhist.h"
#include "util.h"

#define SUB (1ull << HDR_SUB_BITS)
#define HALF (SUB / 2)

void hdr_init(struct hdr *h)
{
	memset(h, 0, sizeof(*h));
}

void hdr_free(struct hdr *h)
{
	free(h->pos);
	free(h->neg);
	memset(h, 0, sizeof(*h));
}

size_t hdr_index(uint64_t m)
{
	unsigned msb, k;

	if (m < SUB)
		return (size_t)m;
	msb = 63 - __builtin_clzll(m);
	k = msb - HDR_SUB_BITS + 1;	/* the bucket is 2^k wide */
	return (size_t)(SUB + (uint64_t)(k - 1) * HALF + ((m >> k) - HALF));
}

uint64_t hdr_lo(size_t i, uint64_t *width)
{
	uint64_t t, k;

	if (i < SUB) {
		*width = 1;
		return i;
	}
	t = i - SUB;
	k = t / HALF + 1;
	*width = 1ull << k;
	return (t % HALF + HALF) << k;
}

void hdr_grow(struct hdr *h, bool neg, size_t need)
{
	uint64_t **a = neg ? &h->neg : &h->pos;
	size_t *n = neg ? &h->nneg : &h->npos, cap = *n ? *n : 256;

	while (cap < need)
		cap *= 2;
	if (cap > HDR_BUCKETS)
		cap = HDR_BUCKETS;
	*a = xrealloc(*a, cap * sizeof(**a));
	memset(*a + *n, 0, (cap - *n) * sizeof(**a));
	*n = cap;
}

/* A bucket's value: its midpoint, within [min, max]. */
static int64_t value_of(const struct hdr *h, size_t i, bool neg, int64_t *lo, int64_t *hi)
{
	uint64_t w, l = hdr_lo(i, &w), mid = l + (w - 1) / 2, top = l + (w - 1);
	int64_t v, a, b;

	if (neg) {
		/* magnitudes up to 2^63 (INT64_MIN): no int64 negation of them */
		v = mid >= (1ull << 63) ? INT64_MIN : -(int64_t)mid;
		a = top >= (1ull << 63) ? INT64_MIN : -(int64_t)top;
		b = l >= (1ull << 63) ? INT64_MIN : -(int64_t)l;
	} else {
		v = mid > INT64_MAX ? INT64_MAX : (int64_t)mid;
		a = (int64_t)l;
		b = top > INT64_MAX ? INT64_MAX : (int64_t)top;
	}
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	if (lo)
		*lo = a;
	if (hi)
		*hi = b;
	return v;
}

bool hdr_next(const struct hdr *h, struct hdr_cur *c, int64_t *value, uint64_t *count,
	      int64_t *lo, int64_t *hi)
{
	/* c->i counts down through the negative half, then up through the positive */
	if (!c->in_pos) {
		if (!c->i)
			c->i = h->nneg;
		while (c->i > 0) {
			size_t i = --c->i;

			if (h->nneg && h->neg[i]) {
				*value = value_of(h, i, true, lo, hi);
				*count = h->neg[i];
				if (!c->i)
					c->in_pos = true;
				return true;
			}
		}
		c->in_pos = true;
		c->i = 0;
	}
	while (c->i < h->npos) {
		size_t i = c->i++;

		if (h->pos[i]) {
			*value = value_of(h, i, false, lo, hi);
			*count = h->pos[i];
			return true;
		}
	}
	return false;
}

int64_t hdr_at_rank(const struct hdr *h, uint64_t r)
{
	struct hdr_cur c = { 0 };
	uint64_t cum = 0, k;
	int64_t v = h->max;

	while (hdr_next(h, &c, &v, &k, NULL, NULL)) {
		cum += k;
		if (cum >= r)
			return v;
	}
	return h->max;
}

void hdr_pct(const struct hdr *h, struct pct *p)
{
	memset(p, 0, sizeof(*p));
	if (!h->n)
		return;
	p->n = h->n;
	p->min = h->min;
	p->max = h->max;
	p->p50 = hdr_at_rank(h, pct_rank_of(h->n, 500));
	p->p90 = hdr_at_rank(h, pct_rank_of(h->n, 900));
	p->p99 = hdr_at_rank(h, pct_rank_of(h->n, 990));
	p->p999 = hdr_at_rank(h, pct_rank_of(h->n, 999));
	p->mean = (double)h->sum / (double)h->n;
}

uint64_t hdr_nonpositive(const struct hdr *h)
{
	uint64_t n = h->npos ? h->pos[0] : 0;
	size_t i;

	for (i = 0; i < h->nneg; i++)
		n += h->neg[i];
	return n;
}
