// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded memory for large cells: the log-linear histogram (lib/hdrhist.h)
 * against exact percentiles, and a cell summarized both ways.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "fixture.h"
#include "hdrhist.h"
#include "stats.h"
#include "summary.h"
#include "test.h"

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static bool close_to(int64_t got, int64_t want)
{
	double d = (double)got - (double)want, m = want < 0 ? -(double)want : (double)want;

	if (d < 0)
		d = -d;
	return m < 2048 ? got == want : d <= m * HDR_REL_ERROR + 0.5;
}

static void test_index(void)
{
	uint64_t m, w, lo;
	size_t i, bad = 0;

	for (i = 0; i < 200000; i++) {
		m = i < 5000 ? i : next() >> (next() % 64);
		lo = hdr_lo(hdr_index(m), &w);
		bad += !(lo <= m && m - lo < w && (m < 2048 || (double)w <= (double)m / 1024));
	}
	CHECK_INT(bad, 0);
	CHECK_INT(hdr_index(UINT64_MAX), HDR_BUCKETS - 1);
	CHECK_INT(hdr_index(2047), 2047);
	CHECK_INT(hdr_index(2048), 2048);
}

static void test_pct(void)
{
	enum { N = 100000 };
	int64_t *v = malloc(N * sizeof(*v));
	struct pct e, h;
	struct hdr hd;
	size_t i;

	hdr_init(&hd);
	/* a body, a tail, some negatives, the extremes */
	for (i = 0; i < N; i++) {
		uint64_t r = next();

		v[i] = (int64_t)(r % 200000) + (r % 97 == 0 ? 40000000 : 0) - (r % 1000 == 0 ? 5000 : 0);
	}
	v[0] = INT64_MIN;
	v[1] = INT64_MAX;
	v[2] = 0;
	for (i = 0; i < N; i++)
		hdr_add(&hd, v[i]);
	hdr_pct(&hd, &h);
	pct_compute(v, N, &e);
	CHECK_INT(h.n, e.n);
	CHECK_INT(h.min, e.min);
	CHECK_INT(h.max, e.max);
	CHECKF(close_to(h.p50, e.p50), "p50 %lld vs %lld", (long long)h.p50, (long long)e.p50);
	CHECKF(close_to(h.p90, e.p90), "p90 %lld vs %lld", (long long)h.p90, (long long)e.p90);
	CHECKF(close_to(h.p99, e.p99), "p99 %lld vs %lld", (long long)h.p99, (long long)e.p99);
	CHECKF(close_to(h.p999, e.p999), "p999 %lld vs %lld", (long long)h.p999, (long long)e.p999);
	CHECK(h.mean == e.mean);
	/* every rank, not only the five */
	for (i = 1; i <= N; i += 997)
		CHECKF(close_to(hdr_at_rank(&hd, i), v[i - 1]), "rank %zu: %lld vs %lld", i,
		       (long long)hdr_at_rank(&hd, i), (long long)v[i - 1]);
	{
		size_t k, c = 0;

		for (k = 0; k < N; k++)
			c += v[k] <= 0;
		CHECK_INT(hdr_nonpositive(&hd), c);
	}
	/* bounded: about 2 x 56320 counters at most, whatever N */
	CHECK(hd.npos <= HDR_BUCKETS && hd.nneg <= HDR_BUCKETS);
	hdr_free(&hd);
	free(v);
}

static int analyze_quiet(const char *raw, const char *out)
{
	char *argv[] = { "virqbench-analyze", (char *)raw, (char *)out, NULL };
	struct analyze_opts o = {
		.raw_dir = raw, .out_dir = out, .quiet = true,
		.gnuplot = "/nonexistent/gnuplot", .argc = 3, .argv = argv,
	};

	return analyze(&o);
}

/* The fixture's latencies are below 2048 ns: both ways give the same numbers. */
static void test_summary_hist(void)
{
	char *raw = t_dir("scale-raw"), *exact = t_dir("scale-exact"), *hist = t_dir("scale-hist");
	char *a, *b, *j;

	fix_write_run(raw, fix_run_kv);
	fix_write_cell(raw, FIX_CELL, fix_cell_kv, fix_host, fix_guest, fix_trace);
	CHECK_INT(analyze_quiet(raw, exact), ANALYZE_PLOT_FAIL);
	summary_exact_max = 0;
	CHECK_INT(analyze_quiet(raw, hist), ANALYZE_PLOT_FAIL);
	summary_exact_max = SUMMARY_EXACT_MAX;
	a = t_read(exact, "summary.csv");
	b = t_read(hist, "summary.csv");
	CHECK_STR(b, a);
	free(a);
	free(b);
	a = t_read(exact, FIX_CELL ".hist.txt");
	b = t_read(hist, FIX_CELL ".hist.txt");
	CHECK_STR(b, a);
	free(a);
	free(b);
	a = t_read(exact, "breakdown.csv");
	b = t_read(hist, "breakdown.csv");
	CHECK_STR(b, a);
	free(a);
	free(b);
	j = t_read(hist, "summary.json");
	CHECK_HAS(j, "\"percentile_method\": \"histogram\"");
	CHECK_HAS(j, "\"percentile_exact_max\": 0");
	free(j);
	j = t_read(exact, "summary.json");
	CHECK_HAS(j, "\"percentile_method\": \"exact\"");
	CHECK_HAS(j, "\"percentile_exact_max\": 4000000");
	free(j);
	free(raw);
	free(exact);
	free(hist);
}

void test_scale(void)
{
	test_index();
	test_pct();
	test_summary_hist();
}
