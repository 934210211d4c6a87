// SPDX-License-Identifier: GPL-2.0
/*
 * What the 12-event tracer adds to trace.tsv (header and trailer lines,
 * negative arguments), traces out of order or with repeated rows, traces
 * from the older tracer, and the cost of tracing from traced/untraced twins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fixture.h"
#include "join.h"
#include "raw_run.h"
#include "summary.h"
#include "test.h"
#include "tracing_cost.h"
#include "write_results.h"

static int keep_all(const struct trace_row *r, struct trace_ev *e, void *ctx)
{
	uint64_t *a1 = ctx;

	if (r->kind == EV_USERSPACE_EXIT)
		*a1 = r->a[1];
	return 0;
}

static int load_text(struct trace_data *td, const char *tag, const char *text,
		     uint64_t *a1)
{
	char *dir = t_dir(tag), *p;
	int r;

	t_write(dir, "trace.tsv", text);
	if (asprintf(&p, "%s/trace.tsv", dir) < 0)
		abort();
	r = trace_load(p, keep_all, a1, 1u << EV_USERSPACE_EXIT, td);
	free(p);
	free(dir);
	return r;
}

#define HDR "# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n"

static void test_trailer(void)
{
	struct trace_data td;
	uint64_t a1 = 0;

	CHECK_INT(load_text(&td, "tr-full",
			    HDR "# foreign=on\n# missing=ack_irq,halt_poll\n"
			    "1000\t500\t1\tuserspace_exit\t6\t-4\t0\t0\n"
			    "1100\t500\t1\tmmio\t-1\t4\t0x9010000\t0x0\n"
			    "1200\t500\t1\tkvm_new_thing\t1\t2\t3\t4\n"
			    "# prog=exit run_cnt=10 run_time_ns=1500\n"
			    "# prog=userspace_exit run_cnt=1 run_time_ns=300\n"
			    "# stats_error=Operation not permitted\n"
			    "# lost_ringbuf=2\n# lost_busy=1\n# lost=3\n# events=3\n", &a1), 0);
	CHECK_INT(a1, (uint64_t)-4);	/* a negative errno, as two's complement */
	CHECK_INT(td.foreign, 1);
	CHECK_STR(td.missing, "ack_irq,halt_poll");
	CHECK_STR(td.stats_error, "Operation not permitted");
	CHECK_INT(td.nr_prog, 2);
	CHECK_STR(td.prog[0].name, "exit");
	CHECK_INT(td.prog[0].run_cnt, 10);
	CHECK_INT(td.prog[0].run_time_ns, 1500);
	CHECK_STR(td.prog[1].name, "userspace_exit");
	CHECK(td.has_lost_ringbuf && td.lost_ringbuf == 2);
	CHECK(td.has_lost_busy && td.lost_busy == 1);
	CHECK(!td.cut_short);
	CHECK_INT(td.per_kind[EV_USERSPACE_EXIT], 1);
	CHECK_INT(td.per_kind[EV_MMIO], 1);
	CHECK_INT(td.per_kind[EV_OTHER], 1);
	trace_free(&td);

	/* the older tracer: none of these lines, and it still reads */
	CHECK_INT(load_text(&td, "tr-old", HDR "1000\t500\t1\texit\t0\t0\t0x1\t0\n# lost=0\n# events=1\n",
			    &a1), 0);
	CHECK_INT(td.foreign, -1);
	CHECK(!td.missing && !td.has_lost_ringbuf && !td.nr_prog);
	trace_free(&td);

	CHECK_INT(load_text(&td, "tr-badprog", HDR "# prog=exit run_cnt=ten run_time_ns=1\n", &a1), -1);
	CHECK_HAS(diag_last(), "trace.tsv:2: bad trailer '# prog=exit run_cnt=ten run_time_ns=1' (expected '# prog=<event> run_cnt=N run_time_ns=N')");
	CHECK_INT(load_text(&td, "tr-twice", HDR "# lost_ringbuf=1\n# lost_ringbuf=1\n", &a1), -1);
	CHECK_HAS(diag_last(), "trace.tsv:3: trailer line '# lost_ringbuf=1' repeated");
	CHECK_INT(load_text(&td, "tr-badbusy", HDR "# lost_busy=-1\n", &a1), -1);
	CHECK_HAS(diag_last(), "bad trailer '# lost_busy=-1' (expected '# lost_busy=N')");
	CHECK_INT(load_text(&td, "tr-minus", HDR "1\t2\t3\texit\t-\t0\t0\t0\n", &a1), -1);
	CHECK_HAS(diag_last(), "field 5 (a0): '-'");
}

/* The fixture's trace rows, last first, one of them twice. */
static char *scrambled(void)
{
	char *t = strdup(fix_trace), *rows[32], *out, *p, *save;
	size_t n = 0, i, len = strlen(fix_trace) + 128;

	out = calloc(1, len);
	for (p = strtok_r(t, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
		if (*p != '#')
			rows[n++] = p;
	strcat(out, "# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n");
	for (i = n; i-- > 0;) {
		strcat(out, rows[i]);
		strcat(out, "\n");
		if (strstr(rows[i], "1050100\t500"))
			strcat(out, "1050100\t500\t1\texit\t0\t0\t0x40001004\t0\n");
	}
	strcat(out, "# lost=3\n# events=18\n");
	free(t);
	return out;
}

static void test_order_and_repeats(void)
{
	struct fix_loaded a, b;
	struct cell_summary cs;
	char *s = scrambled();
	unsigned st;
	size_t i;
	bool any = false;

	fix_load(&a, "tr-sorted", FIX_CELL, fix_cell_kv, fix_host, fix_guest, fix_trace);
	fix_load(&b, "tr-scrambled", FIX_CELL, fix_cell_kv, fix_host, fix_guest, s);
	CHECK_INT(a.ret, 0);
	CHECK_INT(b.ret, 0);
	if (!a.ret && !b.ret) {
		CHECK_INT(b.j.trace.ooo_rows, 16);
		CHECK_INT(b.j.trace_dups, 1);
		/* sorted first, the repeat dropped: the same exits and stages */
		for (i = 0; i < a.j.nr_host; i++) {
			CHECK_INT(b.j.s[i].exits, a.j.s[i].exits);
			CHECK_INT(b.j.s[i].exits_to_ack, a.j.s[i].exits_to_ack);
			CHECK_INT(b.j.s[i].route, a.j.s[i].route);
			for (st = 0; st < ST_NR; st++) {
				int64_t x = -1, y = -1;

				CHECK_INT(sample_stage(&b.j, i, st, &y), sample_stage(&a.j, i, st, &x));
				CHECK_INT(y, x);
			}
		}
		CHECK(b.j.s[0].flags & 1u << SF_OUT_OF_ORDER);
		summarize_cell(&cs, &b.j);
		for (i = 0; i < cs.nr_notes; i++)
			any |= strstr(cs.notes[i], "repeats 1 rows (same event, thread and ns): counted once") != NULL;
		CHECK(any);
		cell_summary_free(&cs);
	}
	fix_unload(&a);
	fix_unload(&b);
	free(s);
}

static void test_old_tracer_wfi(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char *kv = fix_replace(fix_cell_kv, "state=busy", "state=wfi\nwfi_asleep=4\nwfi_not_trapped=1");
	size_t i;
	bool any = false;

	/* the fixture's trace has no wakeup events: a tracer before the 12 */
	fix_load(&l, "tr-oldwfi", "v3-vhe-lr-line-wfi", kv, fix_host, fix_guest, fix_trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.ci.has_wfi);
		CHECK_INT(l.ci.wfi_not_trapped, 1);
		summarize_cell(&cs, &l.j);
		for (i = 0; i < cs.nr_notes; i++)
			any |= strstr(cs.notes[i], "trace.tsv has no wakeup events at all (a tracer older than the 12-event format?)") != NULL;
		CHECK(any);
		/* the wfi route's stages are listed, and empty */
		CHECK(cs.st[ST_QUEUED_TO_WAKEUP].listed);
		CHECK_INT(cs.st[ST_QUEUED_TO_WAKEUP].p.n, 0);
		/* and seq 0, which was kicked, shows that route's stages instead */
		CHECK(cs.st[ST_QUEUED_TO_EXIT].listed);
		CHECK_INT(cs.exits_expected, 0);
		CHECK_HAS(cs.finding, "1 of the interrupts reached a vCPU whose WFI KVM had not trapped");
		cell_summary_free(&cs);
	}
	fix_unload(&l);
	free(kv);
}

static void test_cost(void)
{
	struct fix_loaded t, u;
	struct cell_summary cs[2];
	struct cost_pair p[2];
	struct prog_total pt[4];
	char *trace = fix_replace(fix_trace, "# lost=3\n",
				  "# prog=exit run_cnt=10 run_time_ns=1500\n# prog=entry run_cnt=0 run_time_ns=0\n# lost=3\n");
	char *ukv = fix_replace(fix_cell_kv, "trace=on", "trace=off");
	char *h1 = fix_replace(fix_host, "0\t110000", "0\t110010");
	char *h2 = fix_replace(h1, "3\t140000", "3\t140010");
	char *uhost = fix_replace(h2, "4\t150000", "4\t150010");
	FILE *f;
	char *buf = NULL;
	size_t len = 0;

	fix_load(&t, "tr-traced", FIX_CELL, fix_cell_kv, fix_host, fix_guest, trace);
	fix_load(&u, "tr-untraced", FIX_CELL "-untraced", ukv, uhost, fix_guest, NULL);
	CHECK_INT(t.ret, 0);
	CHECK_INT(u.ret, 0);
	if (!t.ret && !u.ret) {
		CHECK(u.ci.untraced_twin);
		CHECK(!t.ci.untraced_twin);
		summarize_cell(&cs[0], &t.j);
		summarize_cell(&cs[1], &u.j);
		CHECK_INT(tracing_cost_pairs(cs, 2, p), 1);
		CHECK(p[0].traced == &cs[0] && p[0].untraced == &cs[1]);
		CHECK(p[0].have);
		CHECK_INT(p[0].traced_p50, 550);
		CHECK_INT(p[0].untraced_p50, 450);
		CHECK(p[0].change_pct > 22.22 && p[0].change_pct < 22.23);
		CHECK_INT(bpf_cost_totals(cs, 2, pt, 4), 2);
		CHECK_STR(pt[0].name, "exit");
		CHECK_INT(pt[0].run_cnt, 10);
		CHECK(prog_ns_per_event(pt[0].run_time_ns, pt[0].run_cnt) == 150);
		f = open_memstream(&buf, &len);
		print_tracing_cost(f, cs, 2);
		fclose(f);
		CHECK_HAS(buf, "tracing cost (median total latency, traced vs untraced in this run; goal: within 3%):");
		/* One round: no interval, no noise known, no verdict; 1500 ns of BPF over 5 injected. */
		CHECK_HAS(buf, FIX_CELL "               1        550        450   +22.2%   [+22.2 .. +22.2]   n/a (1 round)            n/a       300   66.7%  unknown (1 round)\n");
		CHECK_HAS(buf, "exit                     10           1500          150\n");
		CHECK_HAS(buf, "entry                     0              0            -\n");
		free(buf);
		cell_summary_free(&cs[0]);
		cell_summary_free(&cs[1]);
	}
	fix_unload(&t);
	fix_unload(&u);
	free(trace);
	free(ukv);
	free(h1);
	free(h2);
	free(uhost);
}

/* Verdicts from medians alone: pairs built in memory, three rounds each. */
static void verdict_of(const int64_t tr[3], const int64_t un[3], struct cost_group *g)
{
	struct cell_info ci[3];
	char names[3][8];
	struct cell_summary cs[3];
	struct cost_pair p[3];
	int k;

	memset(ci, 0, sizeof(ci));
	memset(cs, 0, sizeof(cs));
	memset(p, 0, sizeof(p));
	for (k = 0; k < 3; k++) {
		snprintf(names[k], sizeof(names[k]), "c-r%d", k + 1);
		ci[k].name = names[k];
		ci[k].has_round = true;
		ci[k].round = (uint64_t)k + 1;
		ci[k].rounds = 3;
		cs[k].ci = &ci[k];
		p[k].traced = p[k].untraced = &cs[k];
		p[k].have = true;
		p[k].traced_p50 = tr[k];
		p[k].untraced_p50 = un[k];
		p[k].change_pct = ((double)tr[k] / (double)un[k] - 1) * 100;
	}
	CHECK_INT(tracing_cost_groups(p, 3, g), 1);
}

static void test_cost_verdicts(void)
{
	static const int64_t quiet_un[3] = { 1000, 1010, 1000 };
	static const int64_t quiet_tr[3] = { 1010, 1020, 1010 };
	static const int64_t loud_un[3] = { 100, 150, 100 };
	static const int64_t loud_tr[3] = { 110, 160, 105 };
	static const int64_t fast_tr[3] = { 900, 910, 905 };
	struct cost_group g;

	verdict_of(quiet_tr, quiet_un, &g);
	CHECK_STR(g.base, "c");
	CHECK_INT(g.verdict, COST_WITHIN);		/* +1%, +1%, +1%: interval within +-3% */
	CHECK(g.have_ci && g.ci_lo_pct > 0.9 && g.ci_hi_pct < 1.1);
	/* +10%, +6.7%, +5% against untraced rounds 50% and 33% apart. */
	verdict_of(loud_tr, loud_un, &g);
	CHECK(g.change_pct > 6.66 && g.change_pct < 6.67);
	CHECK(g.noise_pct > 41.66 && g.noise_pct < 41.67);
	CHECK_INT(g.verdict, COST_NOISE);	/* its interval reaches below +3% */
	CHECK(g.have_ci && g.ci_lo_pct < 3 && g.ci_hi_pct > 3);
	verdict_of(fast_tr, quiet_un, &g);
	CHECK_INT(g.verdict, COST_BELOW);
	CHECK_STR(cost_verdict_name(COST_NOISE), "noise");
	/* One round: no interval, no verdict, however small the change. */
	{
		struct cost_pair one = { .have = true, .traced_p50 = 1001, .untraced_p50 = 1000,
					 .change_pct = 0.1 };
		struct cell_info ci = { .name = "c" };
		struct cell_summary cs = { .ci = &ci };

		one.traced = one.untraced = &cs;
		CHECK_INT(tracing_cost_groups(&one, 1, &g), 1);
		CHECK_INT(g.verdict, COST_UNKNOWN);
		CHECK(!g.have_ci);
	}
}

/*
 * Two rounds of one cell: medians 550/450 in round 1, 550/500 in round 2
 * (its untraced host stamps 5 ticks, 50 ns, later). Grouped under the
 * name without -r<k>, in round order.
 */
static void test_cost_rounds(void)
{
	static const char *const names[4] = {
		FIX_CELL "-r1", FIX_CELL "-r1-untraced", FIX_CELL "-r2", FIX_CELL "-r2-untraced",
	};
	struct fix_loaded l[4], bad;
	struct cell_summary cs[4];
	struct cost_pair p[4];
	struct cost_group g[4];
	char *trace = fix_replace(fix_trace, "# lost=3\n",
				  "# prog=exit run_cnt=10 run_time_ns=1500\n# lost=3\n");
	char *kv[4], *host[4], *t1, *t2, *badkv;
	size_t i;
	int ok = 1;

	for (i = 0; i < 4; i++) {
		char round[64];

		snprintf(round, sizeof(round), "trace=%s\nround=%zu\nrounds=2",
			 i % 2 ? "off" : "on", i / 2 + 1);
		kv[i] = fix_replace(fix_cell_kv, "trace=on", round);
		host[i] = NULL;
		if (i % 2) {
			char a[32], b[32], c[32];

			snprintf(a, sizeof(a), "0\t1100%s", i == 3 ? "05" : "10");
			snprintf(b, sizeof(b), "3\t1400%s", i == 3 ? "05" : "10");
			snprintf(c, sizeof(c), "4\t1500%s", i == 3 ? "05" : "10");
			t1 = fix_replace(fix_host, "0\t110000", a);
			t2 = fix_replace(t1, "3\t140000", b);
			host[i] = fix_replace(t2, "4\t150000", c);
			free(t1);
			free(t2);
		}
		fix_load(&l[i], "tr-rounds", names[i], kv[i], host[i] ? host[i] : fix_host,
			 fix_guest, i % 2 ? NULL : trace);
		CHECK_INT(l[i].ret, 0);
		ok &= !l[i].ret;
	}
	if (ok) {
		for (i = 0; i < 4; i++)
			summarize_cell(&cs[i], &l[i].j);
		CHECK(l[2].ci.has_round && l[2].ci.round == 2 && l[2].ci.rounds == 2);
		CHECK_INT(tracing_cost_pairs(cs, 4, p), 2);
		CHECK_INT(tracing_cost_groups(p, 2, g), 1);
		CHECK_STR(g[0].base, FIX_CELL);
		CHECK_INT(g[0].pairs, 2);
		CHECK_INT(g[0].rounds, 2);
		CHECK_INT(g[0].traced_p50, 550);
		CHECK_INT(g[0].untraced_p50, 475);
		/* +22.2% and +10.0%: median 16.1%; untraced moved 11.1% between rounds. */
		CHECK(g[0].change_min > 9.99 && g[0].change_min < 10.01);
		CHECK(g[0].change_max > 22.22 && g[0].change_max < 22.23);
		CHECK(g[0].change_pct > 16.11 && g[0].change_pct < 16.12);
		CHECK(g[0].have_noise && g[0].noise_pct > 11.11 && g[0].noise_pct < 11.12);
		CHECK(g[0].have_bpf && g[0].bpf_ns_per_irq == 300);
		/* +22.2% and +10.0%: two rounds give an interval far too wide to judge 3%. */
		CHECK_INT(g[0].verdict, COST_NOISE);
		CHECK(g[0].have_ci && g[0].ci_lo_pct < -3 && g[0].ci_hi_pct > 3);
		for (i = 0; i < 4; i++)
			cell_summary_free(&cs[i]);
	}
	for (i = 0; i < 4; i++) {
		fix_unload(&l[i]);
		free(kv[i]);
		free(host[i]);
	}

	/* A round beyond its rounds is refused, not guessed at. */
	badkv = fix_replace(fix_cell_kv, "trace=on", "trace=on\nround=3\nrounds=2");
	fix_load(&bad, "tr-badround", FIX_CELL "-r3", badkv, fix_host, fix_guest, trace);
	CHECK(bad.ret != 0);
	fix_unload(&bad);
	free(badkv);
	free(trace);
}

/* Every row kept, by kind: the split must hand over each one as one pass does. */
static int keep_by_kind(const struct trace_row *r, struct trace_ev *e, void *ctx)
{
	e->vcpu = (uint8_t)r->tid;
	return r->kind % TRACE_STREAMS;
}

static bool same_trace(const struct trace_data *a, const struct trace_data *b)
{
	bool ok = a->rows == b->rows && a->has_lost == b->has_lost &&
		  a->lost == b->lost && a->has_events == b->has_events &&
		  a->events == b->events && a->lost_ringbuf == b->lost_ringbuf &&
		  a->has_lost_busy == b->has_lost_busy && a->nr_prog == b->nr_prog &&
		  a->ooo_rows == b->ooo_rows && a->first_ooo_line == b->first_ooo_line &&
		  a->min_ts == b->min_ts && a->max_ts == b->max_ts &&
		  a->cut_short == b->cut_short && a->foreign == b->foreign &&
		  !memcmp(a->per_kind, b->per_kind, sizeof(a->per_kind)) &&
		  !memcmp(a->prog, b->prog, a->nr_prog * sizeof(*a->prog)) &&
		  !a->missing == !b->missing &&
		  (!a->missing || !strcmp(a->missing, b->missing));
	unsigned i;

	/* field by field: the padding of trace_ev is not data */
	for (i = 0; ok && i < TRACE_STREAMS; i++) {
		size_t k;

		ok = a->s[i].nr == b->s[i].nr;
		for (k = 0; ok && k < a->s[i].nr; k++) {
			const struct trace_ev *x = &a->s[i].ev[k], *y = &b->s[i].ev[k];

			ok = x->t == y->t && x->kind == y->kind && x->ooo == y->ooo &&
			     x->vcpu == y->vcpu && x->xc == y->xc;
		}
	}
	return ok;
}

/* Reads text in one pass and as two halves; both must agree, errors too. */
static void split_vs_whole(const char *tag, const char *text, int want_ret,
			   const char *want_err)
{
	char *dir = t_dir(tag), *p, e1[1024] = "", e2[1024] = "";
	struct trace_data one, two;
	size_t saved = trace_split_min;
	int r1, r2;

	t_write(dir, "trace.tsv", text);
	if (asprintf(&p, "%s/trace.tsv", dir) < 0)
		abort();
	trace_split_min = SIZE_MAX;
	r1 = trace_load(p, keep_by_kind, NULL, ~0u, &one);
	snprintf(e1, sizeof(e1), "%s", r1 ? diag_last() : "");
	trace_split_min = 1;
	r2 = trace_load(p, keep_by_kind, NULL, ~0u, &two);
	snprintf(e2, sizeof(e2), "%s", r2 ? diag_last() : "");
	trace_split_min = saved;
	CHECK_INT(r1, want_ret);
	CHECK_INT(r2, want_ret);
	if (want_ret) {
		CHECK_STR(e2, e1);
		CHECK_HAS(e1, want_err);
	} else {
		CHECK(same_trace(&one, &two));
		trace_free(&one);
		trace_free(&two);
	}
	free(p);
	free(dir);
}

static void test_split(void)
{
	char *t = strdup(HDR), *r;
	int i;

	split_vs_whole("split-fixture", fix_trace, 0, NULL);
	/* out of order across the middle: rows of the second half behind the first's */
	for (i = 0; i < 40; i++) {
		long long ts = 1000 + i * 10 + (i == 21 ? -15 : 0) + (i == 22 ? -200 : 0);

		if (asprintf(&r, "%s%lld\t%d\t1\t%s\t0\t0\t0x1\t0\n", t, ts, 500 + i % 3,
			     i % 2 ? "exit" : "entry") < 0)
			abort();
		free(t);
		t = r;
	}
	r = fix_replace(t, HDR, HDR "# foreign=on\n");
	free(t);
	t = r;
	split_vs_whole("split-ooo", t, 0, NULL);
	r = fix_replace(t, "1200\t", "1200\tx");
	split_vs_whole("split-bad", r, -1, "field 2 (tid): 'x502'");
	free(r);
	if (asprintf(&r, "%s# prog=exit run_cnt=3 run_time_ns=9\n# lost_ringbuf=0\n# lost_busy=1\n# lost=1\n# events=40\n", t) < 0)
		abort();
	split_vs_whole("split-trailer", r, 0, NULL);
	free(r);
	/* a trailer line in the first half, rows after it */
	r = fix_replace(t, "1100\t", "# lost=0\n1100\t");
	split_vs_whole("split-early-trailer", r, -1, "event after the trailer");
	free(r);
	/* cut short in the middle of a row: warned of once, with its line */
	if (asprintf(&r, "%s1500\t500\t1\tex", t) < 0)
		abort();
	{
		char *w = NULL;
		size_t wlen = 0;
		FILE *ws = open_memstream(&w, &wlen);

		diag_set_warn_stream(ws);
		split_vs_whole("split-cut", r, 0, NULL);
		diag_set_warn_stream(NULL);
		fclose(ws);
		CHECK_HAS(w, "trace.tsv:43: last line has no newline");
		/* once per read (two reads here): the half that saw it kept quiet */
		{
			int n = 0;
			const char *q;

			for (q = w; (q = strstr(q, "last line has no newline")); q++)
				n++;
			CHECK_INT(n, 2);
		}
		free(w);
	}
	free(r);
	free(t);
}

void test_trace_extras(void)
{
	test_split();
	test_trailer();
	test_order_and_repeats();
	test_old_tracer_wfi();
	test_cost();
	test_cost_rounds();
	test_cost_verdicts();
}
