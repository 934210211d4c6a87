// SPDX-License-Identifier: GPL-2.0
/*
 * The breakdown (breakdown.c) and the calibration rule on a generated
 * lr-line wfi cell: at 1 GHz with the trace's ns equal to the counter, so
 * that every expected number is computed here from the same formulas.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "breakdown.h"
#include "fixture.h"
#include "join.h"
#include "raw_run.h"
#include "stats.h"
#include "summary.h"
#include "test.h"

#define BCELL "v3-vhe-lr-line-wfi"
#define N 9
#define NONMONO 7	/* its entry is after its vector: clocks disagreeing */
#define KICKED 8	/* it took the other route: not asleep, kicked */

struct ival {
	int64_t s, q, w, e, v, a, o;
};

static struct ival ival_of(int i)
{
	struct ival x;

	x.s = 1000000 + i * 10000;
	x.q = x.s + 10 + i;
	x.w = x.q + 100 + 3 * i;
	x.e = x.w + 50 + (i * 7) % 5;
	x.v = x.e + 200 - (i % 3) * 7;
	if (i == NONMONO)
		x.e = x.v + 2;	/* within the calibration's slack */
	x.a = x.v + 30;
	x.o = x.a + 5 + i;
	return x;
}

/* Appends to *s, which grows. */
static void appendf(char **s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void appendf(char **s, const char *fmt, ...)
{
	va_list ap;
	char *add, *r;

	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (asprintf(&r, "%s%s", *s, add) < 0)
		abort();
	free(add);
	free(*s);
	*s = r;
}

static void write_cell(const char *raw, const char *err_ns)
{
	char *host = strdup("# seq\tt_inject\tt_seen\tstatus\n");
	char *guest = strdup("# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\n");
	char *trace = strdup("# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n");
	char *kv;
	int i;

	for (i = 0; i < N; i++) {
		struct ival x = ival_of(i);

		appendf(&host, "%d\t%lld\t%lld\tok\n", i, (long long)x.s,
			(long long)x.o + 10);
		appendf(&guest, "%d\t0\t40\t%lld\t%lld\t%lld\n", i, (long long)x.v,
			(long long)x.a, (long long)x.o);
		appendf(&trace, "%lld\t400\t0\tvgic_pending\t0\t40\t1\t0\n", (long long)x.q);
		if (i == KICKED)
			appendf(&trace, "%lld\t500\t1\texit\t0\t0\t0x1\t0\n", (long long)x.w);
		else
			appendf(&trace, "%lld\t500\t1\twakeup\t1000\t1\t1\t0\n", (long long)x.w);
		appendf(&trace, "%lld\t500\t1\tentry\t0x1\t0\t0\t0\n", (long long)x.e);
	}
	appendf(&trace, "# lost=0\n# events=%d\n", 3 * N);
	if (asprintf(&kv,
		     "gic=v3\nhyp=vhe\npath=lr-line\nstate=wfi\ncount_requested=%d\ncount_injected=%d\n"
		     "intid=40\ntarget_vcpu=0\nnr_vcpus=1\nvcpu0_tid=500\ncntfrq=1000000000\n"
		     "cntvoff=0\ncntvoff_err=0\ncntvoff_ok=1\n"
		     "calib_start_ns=1000000\ncalib_start_cnt=1000000\ncalib_start_err_ns=%s\n"
		     "calib_end_ns=9000000\ncalib_end_cnt=9000000\ncalib_end_err_ns=1\n"
		     "trace=on\nstatus=ok\n", N, N, err_ns) < 0)
		abort();
	fix_write_cell(raw, BCELL, kv, host, guest, trace);
	free(kv);
	free(host);
	free(guest);
	free(trace);
}

struct loaded {
	struct run_info ri;
	struct cell_info ci;
	struct cell_join j;
	struct cell_summary cs;
	int ret;
};

static void load(struct loaded *l, const char *tag, const char *err_ns,
		 bool tol, uint64_t tol_ns)
{
	char *raw = t_dir(tag);

	memset(l, 0, sizeof(*l));
	fix_write_run(raw, fix_run_kv);
	write_cell(raw, err_ns);
	l->ret = run_open(&l->ri, raw);
	l->ri.has_calib_tol = tol;
	l->ri.calib_tol_ns = tol_ns;
	if (!l->ret)
		l->ret = cell_info_load(&l->ci, &l->ri, BCELL);
	if (!l->ret)
		l->ret = join_cell(&l->j, &l->ci);
	if (!l->ret)
		summarize_cell(&l->cs, &l->j);
	free(raw);
}

static void unload(struct loaded *l)
{
	if (!l->ret)
		cell_summary_free(&l->cs);
	join_free(&l->j);
	cell_info_free(&l->ci);
	run_free(&l->ri);
}

static int64_t med(int64_t *v, size_t n)
{
	sort_i64(v, n);
	return pct_rank(v, n, 500);
}

static void test_adds_up(void)
{
	struct loaded l;
	const struct breakdown *bd = &l.cs.bd;
	int64_t q[N], w[N], e[N], v[N], a[N], o[N], sum = 0;
	size_t k, n = 0;
	int i;

	load(&l, "bd-adds", "1", false, 0);
	CHECK_INT(l.ret, 0);
	if (l.ret)
		return;
	CHECK_INT(l.j.route_count[RT_WAKEUP], N - 1);
	CHECK_INT(l.j.route_count[RT_EXIT], 1);
	CHECK(bd->available);
	CHECK_INT(bd->route, RT_WAKEUP);
	CHECK_INT(bd->on_route, N - 1);
	CHECK_INT(bd->nonmonotone, 1);
	CHECK_INT(bd->n, N - 2);
	CHECK_INT(bd->nr_marks, 7);
	for (i = 0; i < N; i++) {
		struct ival x = ival_of(i);

		if (i == NONMONO || i == KICKED)
			continue;
		q[n] = x.q - x.s;
		w[n] = x.w - x.s;
		e[n] = x.e - x.s;
		v[n] = x.v - x.s;
		a[n] = x.a - x.s;
		o[n] = x.o - x.s;
		n++;
	}
	CHECK_INT(bd->cum_ns[1], med(q, n));
	CHECK_INT(bd->cum_ns[2], med(w, n));
	CHECK_INT(bd->cum_ns[3], med(e, n));
	CHECK_INT(bd->cum_ns[4], med(v, n));
	CHECK_INT(bd->cum_ns[5], med(a, n));
	CHECK_INT(bd->cum_ns[6], med(o, n));
	CHECK_INT(bd->stage[2], ST_QUEUED_TO_WAKEUP);
	CHECK_INT(bd->stage[3], ST_WAKEUP_TO_ENTRY);
	for (k = 1; k < bd->nr_marks; k++) {
		CHECK(breakdown_stage_ns(bd, k) >= 0);
		sum += breakdown_stage_ns(bd, k);
	}
	/* the stages telescope to the median total of the interrupts they cover */
	CHECK_INT(sum, bd->cum_ns[6]);
	CHECK_INT(sum, med(o, n));
	/* the kicked one still has its own stages, counted apart */
	CHECK(l.cs.st[ST_QUEUED_TO_EXIT].listed);
	CHECK_INT(l.cs.st[ST_QUEUED_TO_EXIT].p.n, 1);
	CHECK_INT(l.cs.st[ST_QUEUED_TO_WAKEUP].p.n, N - 1);
	/* entry_to_vector may dip below 0 within the calibration's error: kept */
	CHECK_INT(l.cs.st[ST_ENTRY_TO_VECTOR].p.min, -2);
	CHECK_INT(l.cs.st[ST_ENTRY_TO_VECTOR].underflow, 1);
	CHECK_INT(l.j.flag_count[SF_NEGATIVE_STAGE], 0);	/* stamps only */
	unload(&l);
}

static void test_calibration_rule(void)
{
	struct loaded l;

	/* 5 ns of calibration error on a 1 ns counter: cross-domain refused */
	load(&l, "bd-refused", "5", false, 0);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.ci.calib_v.known && !l.ci.calib_v.ok);
		CHECK_INT(l.ci.calib_v.err_ns, 5);
		CHECK_HAS(l.ci.calib_v.reason, "cross-domain stages refused: calibration error 5 ns exceeds the counter's resolution (1.000 ns); --calib-tolerance-ns N accepts up to N ns");
		CHECK(l.cs.st[ST_INJECT_TO_QUEUED].listed);
		CHECK(!l.cs.st[ST_INJECT_TO_QUEUED].available);
		CHECK(!l.cs.st[ST_ENTRY_TO_VECTOR].available);
		CHECK_HAS(l.cs.st[ST_ENTRY_TO_VECTOR].why, "refused");
		/* both ends in the trace: no calibration needed */
		CHECK(l.cs.st[ST_QUEUED_TO_WAKEUP].available);
		CHECK(l.cs.st[ST_WAKEUP_TO_ENTRY].available);
		CHECK(l.cs.st[ST_TOTAL].available);
		CHECK(!l.cs.bd.available);
		CHECK_HAS(l.cs.bd.why, "refused");
		CHECK(l.cs.exits_available);	/* counts are not refused */
	}
	unload(&l);

	/* accepted by --calib-tolerance-ns, and then said to carry the error */
	load(&l, "bd-tolerated", "5", true, 5);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.ci.calib_v.ok);
		CHECK_HAS(l.ci.calib_v.reason, "cross-domain stages carry \u00b15 ns");
		CHECK(l.cs.st[ST_ENTRY_TO_VECTOR].available);
		CHECK(l.cs.bd.available);
	}
	unload(&l);

	/* a tolerance below the error changes nothing */
	load(&l, "bd-toolow", "5", true, 4);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(!l.ci.calib_v.ok);
		CHECK_HAS(l.ci.calib_v.reason, "exceeds the counter's resolution (1.000 ns) and --calib-tolerance-ns");
		CHECK(!l.cs.bd.available);
	}
	unload(&l);
}

static void test_median(void)
{
	int64_t v[101], w[101];
	uint64_t x = 12345;
	size_t n, i;

	for (n = 1; n <= 101; n += 4) {
		for (i = 0; i < n; i++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			v[i] = (int64_t)(x >> 50) - 4000;
			if (i % 7 == 3)
				v[i] = v[0];	/* ties */
		}
		memcpy(w, v, n * sizeof(*v));
		sort_i64(w, n);
		CHECK_INT(median_i64(v, n), pct_rank(w, n, 500));
	}
	for (i = 0; i < 8; i++)
		v[i] = 7;
	CHECK_INT(median_i64(v, 8), 7);
}

/* The overview's labels: a vGIC variant as +v3-its, the round left out. */
static void test_variant_label(void)
{
	static const struct { const char *name; int has_round; unsigned round; const char *want; } t[] = {
		{ "v3-vhe-vmm-mmio-busy-vgicv3-its-r2", 1, 2, "+v3-its" },
		{ "v3-vhe-vmm-mmio-busy-vgicv3-its", 0, 0, "+v3-its" },
		{ "v3-vhe-lr-line-busy-cycles-r1", 1, 1, "-cycles" },
		{ "v3-vhe-lr-line-busy-r1", 1, 1, "" },
		{ "v3-vhe-lr-line-busy", 0, 0, "" },
		/* a name's -r3 that is not its round stays */
		{ "v3-vhe-lr-line-busy-r3", 1, 1, "-r3" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct cell_info ci = { .name = (char *)t[i].name, .gic = "v3", .hyp = "vhe",
					.state = "busy", .has_round = t[i].has_round, .round = t[i].round };
		char *got;

		ci.path = strstr(t[i].name, "vmm-mmio") ? "vmm-mmio" : "lr-line";
		got = cell_variant_label(&ci);
		CHECK_STR(got, t[i].want);
		free(got);
	}
}

void test_breakdown(void)
{
	test_variant_label();
	test_adds_up();
	test_calibration_rule();
	test_median();
}
