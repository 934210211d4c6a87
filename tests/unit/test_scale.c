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
#include "diag.h"
#include "hdrhist.h"
#include "join_stream.h"
#include "stats.h"
#include "summary.h"
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

/* The first field of every data row: the seqs, in order. */
static char *seq_column(const char *tsv)
{
	size_t n = strlen(tsv), k = 0;
	char *o = malloc(n + 1);
	const char *p = tsv;

	while (*p) {
		const char *e = strchr(p, '\n');

		if (!e)
			e = p + strlen(p);
		if (*p != '#')
			while (p < e && *p != '\t')
				o[k++] = *p++;
		o[k++] = ' ';
		p = *e ? e + 1 : e;
	}
	o[k] = '\0';
	return o;
}

/*
 * A cell joined a window at a time (join_stream.c) against the same cell
 * in memory, both on the histogram path: the same numbers, files and
 * order. A window of 2 puts the fixture's duplicate seq 3 and its
 * timeout across windows, and its unmatched seq 99 in the last.
 */
static void test_stream_same(void)
{
	char *raw = t_dir("stream-raw"), *mem = t_dir("stream-mem"), *str = t_dir("stream-str");
	static const char *const files[] = { "summary.csv", FIX_CELL ".hist.txt", "breakdown.csv" };
	char *a, *b, *sa, *sb;
	size_t i;

	fix_write_run(raw, fix_run_kv);
	fix_write_cell(raw, FIX_CELL, fix_cell_kv, fix_host, fix_guest, fix_trace);
	summary_exact_max = 0;
	join_stream_enabled = false;
	CHECK_INT(analyze_quiet(raw, mem), ANALYZE_PLOT_FAIL);
	join_stream_enabled = true;
	join_stream_window = 2;
	CHECK_INT(analyze_quiet(raw, str), ANALYZE_PLOT_FAIL);
	join_stream_window = JOIN_STREAM_WINDOW;
	summary_exact_max = SUMMARY_EXACT_MAX;
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		a = t_read(mem, files[i]);
		b = t_read(str, files[i]);
		CHECK(a && b);
		if (a && b)
			CHECK_STR(b, a);
		free(a);
		free(b);
	}
	a = t_read(mem, FIX_CELL ".samples.tsv");
	b = t_read(str, FIX_CELL ".samples.tsv");
	CHECK(a && b);
	if (a && b) {
		sa = seq_column(a);
		sb = seq_column(b);
		CHECK_STR(sb, sa);
		free(sa);
		free(sb);
		/* the streamed file has every route's columns, the in-memory one those taken */
		CHECK_HAS(b, "queued_to_wakeup_ns");
		CHECK_LACKS(a, "queued_to_wakeup_ns");
	}
	free(a);
	free(b);
	b = t_read(str, "summary.json");
	CHECK_HAS(b, "a large cell (6 rows, above 0): joined 2 interrupts at a time");
	CHECK_HAS(b, "\"percentile_method\": \"histogram\"");
	CHECK_HAS(b, "\"guest_unmatched\": 1");
	free(b);
	free(raw);
	free(mem);
	free(str);
}

/* A guest row beyond the look-ahead cannot be joined any more: refused, with its line. */
static void test_stream_guest_order(void)
{
	enum { N = JOIN_STREAM_GUEST_LOOK + 100 };
	char *raw = t_dir("stream-order"), *out = t_dir("stream-order-out");
	size_t cap = 64 * N + 256, len = 0, i;
	char *host = malloc(cap), *guest = malloc(cap), *kv;

	len = snprintf(host, cap, "# seq\tt_inject\tt_seen\tstatus\n");
	for (i = 0; i < N; i++)
		len += snprintf(host + len, cap - len, "%zu\t%zu\t%zu\tok\n", i, 100000 + i * 100,
				100050 + i * 100);
	len = snprintf(guest, cap, "# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\n");
	for (i = 1; i < N; i++)
		len += snprintf(guest + len, cap - len, "%zu\t0\t40\t%zu\t%zu\t%zu\n", i,
				100010 + i * 100, 100020 + i * 100, 100030 + i * 100);
	snprintf(guest + len, cap - len, "0\t0\t40\t100010\t100020\t100030\n");
	kv = fix_replace(fix_cell_kv, "count_injected=6", "count_injected=4196");
	fix_write_run(raw, fix_run_kv);
	fix_write_cell(raw, FIX_CELL, kv, host, guest, fix_trace);
	summary_exact_max = 0;
	join_stream_window = 64;
	CHECK_INT(analyze_quiet(raw, out), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "guest.tsv:4197: seq 0 after seq 4195: the streamed join of this large cell had joined seq 0's window already");
	/* in memory the same file is fine */
	join_stream_enabled = false;
	CHECK(analyze_quiet(raw, out) != ANALYZE_FAIL);
	join_stream_enabled = true;
	join_stream_window = JOIN_STREAM_WINDOW;
	summary_exact_max = SUMMARY_EXACT_MAX;
	free(kv);
	free(host);
	free(guest);
	free(raw);
	free(out);
}

void test_scale(void)
{
	test_index();
	test_pct();
	test_summary_hist();
	test_stream_same();
	test_stream_guest_order();
}
