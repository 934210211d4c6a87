// SPDX-License-Identifier: GPL-2.0
/*
 * The self-check's two promises on synthetic cells whose every stamp is
 * known: a warm-up is in the samples and in no statistic, and a known delay
 * (bench --delay) shows in the one stage that holds it and in no other.
 *
 * lr-line busy, cntfrq 100 MHz (10 ns a tick), a calibration of exactly
 * 10 ns a tick, cntvoff 1000. Interrupt i starts at host tick 200000 +
 * 10000 i; then, in ticks: queued +3, exit +7, entry +5, vector +20 + i % 5,
 * ack +10, eoi +5. The warm-up's entry_to_vector is 1000 ticks longer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "fixture.h"
#include "join.h"
#include "raw_run.h"
#include "summary.h"
#include "test.h"

#define N_IRQ	110
#define WARM	10

struct synth {
	int64_t inject_delay;	/* ticks between t_inject and the injection (host-inject) */
	int64_t ack_delay;	/* ticks between t_vector and the IAR read (guest-ack) */
	int64_t handler_delay;	/* ticks between t_handler and t_answer (vmm-handler) */
	bool vmm;		/* vmm-mmio, untraced: the guest triggers, bench/'s device answers */
};

static char *cat(char *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *cat(char *s, const char *fmt, ...)
{
	va_list ap;
	char *add, *r;

	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0)
		abort();
	va_end(ap);
	if (asprintf(&r, "%s%s", s ? s : "", add) < 0)
		abort();
	free(s);
	free(add);
	return r;
}

static void synth_cell(const struct synth *sy, char **kv, char **host, char **guest,
		       char **trace)
{
	*kv = cat(NULL,
		  "gic=v3\nvgic=v3\nhyp=vhe\npath=%s\nstate=busy\n"
		  "count_requested=%d\nwarmup=%d\ncount_injected=%d\ncount_received=%d\n"
		  "intid=%d\ntarget_vcpu=%d\nnr_vcpus=%d\n%s"
		  "vcpu0_tid=500\nvcpu1_tid=501\ninjector_tid=400\n"
		  "cntfrq=100000000\ncntvoff=1000\ncntvoff_err=1\ncntvoff_ok=1\n"
		  "calib_start_ns=1000000\ncalib_start_cnt=100000\ncalib_start_err_ns=5\n"
		  "calib_end_ns=21000000\ncalib_end_cnt=2100000\ncalib_end_err_ns=5\n"
		  "trace=%s\nstatus=ok\nspurious=0\n",
		  sy->vmm ? "vmm-mmio" : "lr-line", N_IRQ, WARM, N_IRQ, N_IRQ, sy->vmm ? 41 : 40,
		  sy->vmm ? 1 : 0, sy->vmm ? 2 : 1,
		  sy->vmm ? "sender_vcpu=0\nguest_originated=1\n" : "", sy->vmm ? "off" : "on");
	*host = cat(NULL, "# seq\tt_inject\tt_seen\tstatus\tt_handler\tt_answer\n");
	*guest = cat(NULL, "# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\tt_trigger\n");
	*trace = cat(NULL, "# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n# irq_line=cpu\n");
	for (int i = 0; i < N_IRQ; i++) {
		int64_t t0 = 200000 + 10000 * i, q = t0 + 3 + sy->inject_delay, x = q + 7,
			e = x + 5, v = e + 20 + i % 5 + (i < WARM ? 1000 : 0),
			a = v + 10 + sy->ack_delay, o = a + 5;
		/* ns of a host tick on the trace's clock */
#define NS(t) (1000000 + ((t) - 100000) * 10)

		if (sy->vmm) {
			int64_t h = t0 + 40, w = h + 12 + sy->handler_delay;

			/* the answer comes later: so does all that follows it */
			v += sy->handler_delay;
			a += sy->handler_delay;
			o += sy->handler_delay;

			/* guest-originated: the stages start at t_trigger (guest clock) */
			*host = cat(*host, "%d\t%lld\t%lld\tok\t%lld\t%lld\n", i, (long long)t0 - 50,
				    (long long)o + 100, (long long)h, (long long)w);
			*guest = cat(*guest, "%d\t1\t41\t%lld\t%lld\t%lld\t%lld\n", i,
				     (long long)(v + 100 - 1000), (long long)(a + 100 - 1000),
				     (long long)(o + 100 - 1000), (long long)(t0 - 1000));
			continue;
		}
		*host = cat(*host, "%d\t%lld\t%lld\tok\t0\t0\n", i, (long long)t0, (long long)o + 100);
		*guest = cat(*guest, "%d\t0\t40\t%lld\t%lld\t%lld\t0\n", i, (long long)(v - 1000),
			     (long long)(a - 1000), (long long)(o - 1000));
		*trace = cat(*trace,
			     "%lld\t400\t0\tvgic_pending\t0\t40\t1\t0\n"
			     "%lld\t500\t1\texit\t0\t0\t0x40001000\t0\n"
			     "%lld\t500\t1\tentry\t0x40001000\t0\t0\t0\n",
			     (long long)NS(q), (long long)NS(x), (long long)NS(e));
#undef NS
	}
	*trace = cat(*trace, "# lost=0\n# events=%d\n", 3 * N_IRQ);
}

/* The median of a stage over the samples in the statistics, in ns; -1 if none. */
static int64_t stage_p50(const struct cell_join *j, enum stage st)
{
	int64_t *v = calloc(j->nr_host + 1, sizeof(*v));
	struct pct p;
	size_t n = join_stage_values(j, st, v);

	pct_compute(v, n, &p);
	free(v);
	return n ? p.p50 : -1;
}

static void load(struct fix_loaded *l, const char *tag, const struct synth *sy)
{
	char *kv, *host, *guest, *trace;

	synth_cell(sy, &kv, &host, &guest, &trace);
	fix_load(l, tag, sy->vmm ? "v3-vhe-vmm-mmio-busy" : "v3-vhe-lr-line-busy", kv, host,
		 guest, sy->vmm ? NULL : trace);
	CHECKF(l->ret == 0, "%s: loads and joins", tag);
	free(kv);
	free(host);
	free(guest);
	free(trace);
}

static void test_warmup(void)
{
	struct synth sy = { 0 };
	struct fix_loaded l;
	struct cell_summary cs;
	size_t i, flagged = 0;

	load(&l, "selfcheck-warmup", &sy);
	if (l.ret)
		return;
	CHECK_INT(l.ci.warmup, WARM);
	for (i = 0; i < l.j.nr_host; i++)
		flagged += !!(l.j.s[i].flags & 1u << SF_WARMUP);
	CHECK_INT(flagged, WARM);
	CHECK(l.j.s[WARM - 1].flags & 1u << SF_WARMUP);
	CHECK(!(l.j.s[WARM].flags & 1u << SF_WARMUP));
	/* kept: the warm-up's own stages are there, for the samples file */
	{
		int64_t ns;

		CHECK(sample_stage(&l.j, 0, ST_ENTRY_TO_VECTOR, &ns) && ns == 10200);
	}
	/* ...and counted as injected and received, never lost */
	CHECK_INT(l.j.injected, N_IRQ);
	CHECK_INT(l.j.received, N_IRQ);
	CHECK_INT(l.j.ok, N_IRQ);
	summarize_cell(&cs, &l.j);
	CHECK_INT(cs.st[ST_TOTAL].p.n, N_IRQ - WARM);
	CHECK_INT(cs.st[ST_ENTRY_TO_VECTOR].p.n, N_IRQ - WARM);
	/* out of the statistics: the max is an ordinary interrupt's (20 + 4 ticks) */
	CHECK_INT(cs.st[ST_ENTRY_TO_VECTOR].p.max, 240);
	CHECK_INT(cs.st[ST_TOTAL].p.max, (3 + 7 + 5 + 24 + 10 + 5) * 10);
	CHECK_INT(cs.exits.n, N_IRQ - WARM);
	CHECK_INT(cs.exits_known, N_IRQ - WARM);
	CHECK_INT(cs.flag_count[SF_WARMUP], WARM);
	for (i = 0; i < cs.nr_out; i++)
		CHECKF(cs.out_seq[i] >= WARM, "outlier seq %llu is no warm-up",
		       (unsigned long long)cs.out_seq[i]);
	CHECK(cs.bd.available && cs.bd.n == N_IRQ - WARM);
	cell_summary_free(&cs);
	fix_unload(&l);
}

/* Each stage's median with the delay, against the plain cell's: D in `in`, 0 elsewhere. */
static void check_attribution(const char *what, const struct synth *sy, enum stage in,
			      int64_t d_ns)
{
	static const enum stage chain[] = {
		ST_INJECT_TO_QUEUED, ST_QUEUED_TO_EXIT, ST_EXIT_TO_ENTRY, ST_ENTRY_TO_VECTOR,
		ST_VECTOR_TO_ACK, ST_ACK_TO_EOI,
	};
	static const enum stage vmm_chain[] = {
		ST_HANDLER_TO_ANSWER, ST_VECTOR_TO_ACK, ST_ACK_TO_EOI,
	};
	struct synth plain = { .vmm = sy->vmm };
	struct fix_loaded a, b;
	const enum stage *c = sy->vmm ? vmm_chain : chain;
	size_t nc = sy->vmm ? 3 : 6;
	char tag[64];

	snprintf(tag, sizeof(tag), "selfcheck-%s-plain", what);
	load(&a, tag, &plain);
	snprintf(tag, sizeof(tag), "selfcheck-%s-delayed", what);
	load(&b, tag, sy);
	if (a.ret || b.ret)
		goto out;
	for (size_t k = 0; k < nc; k++) {
		int64_t pa = stage_p50(&a.j, c[k]), pb = stage_p50(&b.j, c[k]);

		CHECKF(pa >= 0 && pb >= 0, "%s: %s reported in both cells", what,
		       stage_names[c[k]]);
		CHECKF(pb - pa == (c[k] == in ? d_ns : 0), "%s: %s moved by %lld ns (expected %lld)",
		       what, stage_names[c[k]], (long long)(pb - pa),
		       (long long)(c[k] == in ? d_ns : 0));
	}
	/* the cumulative stages carry it too, as they must */
	CHECKF(stage_p50(&b.j, ST_TOTAL) - stage_p50(&a.j, ST_TOTAL) == d_ns,
	       "%s: total grows by the delay", what);
out:
	fix_unload(&a);
	fix_unload(&b);
}

static void test_delay_attribution(void)
{
	struct synth ack = { .ack_delay = 5000 };	/* 50 us */
	struct synth inj = { .inject_delay = 5000 };
	struct synth hnd = { .vmm = true, .handler_delay = 5000 };

	check_attribution("guest-ack", &ack, ST_VECTOR_TO_ACK, 50000);
	check_attribution("host-inject", &inj, ST_INJECT_TO_QUEUED, 50000);
	check_attribution("vmm-handler", &hnd, ST_HANDLER_TO_ANSWER, 50000);
}

/* A cell.kv's delay reaches the analysis, so a delayed run never passes for a plain one. */
static void test_delay_recorded(void)
{
	struct synth sy = { .ack_delay = 5000 };
	struct fix_loaded l;
	char *kv, *host, *guest, *trace, *kv2;

	synth_cell(&sy, &kv, &host, &guest, &trace);
	kv2 = fix_replace(kv, "status=ok\n", "status=ok\ndelay_point=guest-ack\ndelay_ns=50000\n");
	fix_load(&l, "selfcheck-recorded", "v3-vhe-lr-line-busy", kv2, host, guest, trace);
	CHECK(l.ret == 0);
	if (!l.ret) {
		struct cell_summary cs;
		bool noted = false;

		CHECK_STR(l.ci.delay_point, "guest-ack");
		CHECK_INT(l.ci.delay_ns, 50000);
		summarize_cell(&cs, &l.j);
		for (size_t i = 0; i < cs.nr_notes; i++)
			noted |= strstr(cs.notes[i], "self-check") != NULL;
		CHECK(noted);
		cell_summary_free(&cs);
	}
	fix_unload(&l);
	free(kv);
	free(kv2);
	free(host);
	free(guest);
	free(trace);
}

/* summary.json: each cell's warm-up, its delay, and which twin gives the headline. */
static void test_summary_fields(void)
{
	struct synth sy = { 0 };
	char *raw = t_dir("selfcheck-e2e-raw"), *out = t_path("selfcheck-e2e-out");
	char *kv, *host, *guest, *trace, *kv_off, *kv_delay, *js;
	char *argv[] = { "virqbench-analyze", raw, out, NULL };
	struct analyze_opts o = {
		.raw_dir = raw, .out_dir = out, .quiet = true, .gnuplot = "/nonexistent/gnuplot",
		.argc = 3, .argv = argv, .hist_width_ns = 10,
	};

	synth_cell(&sy, &kv, &host, &guest, &trace);
	kv_off = fix_replace(kv, "trace=on", "trace=off");
	kv_delay = fix_replace(kv, "status=ok\n", "status=ok\ndelay_point=guest-ack\ndelay_ns=50000\n");
	js = kv_delay;
	kv_delay = fix_replace(js, "state=busy", "state=wfi");
	free(js);
	fix_write_run(raw, fix_run_kv);
	fix_write_cell(raw, "v3-vhe-lr-line-busy", kv, host, guest, trace);
	fix_write_cell(raw, "v3-vhe-lr-line-busy-untraced", kv_off, host, guest, NULL);
	fix_write_cell(raw, "v3-vhe-lr-line-wfi", kv_delay, host, guest, trace);
	CHECK(analyze(&o) >= 0);
	js = t_read(out, "summary.json");
	CHECK(js != NULL);
	if (js) {
		CHECK_HAS(js, "\"warmup\": 10");
		CHECK_HAS(js, "\"role\": \"breakdown\"");
		CHECK_HAS(js, "\"role\": \"headline\"");
		CHECK_HAS(js, "\"headline_cell\": \"v3-vhe-lr-line-busy-untraced\"");
		CHECK_HAS(js, "\"breakdown_cell\": \"v3-vhe-lr-line-busy\"");
		CHECK_HAS(js, "\"point\": \"guest-ack\"");
		CHECK_HAS(js, "\"twin\": null");	/* the delayed cell has none */
	}
	free(js);
	free(kv);
	free(kv_off);
	free(kv_delay);
	free(host);
	free(guest);
	free(trace);
	free(raw);
	free(out);
}

void test_selfcheck(void)
{
	test_summary_fields();
	test_warmup();
	test_delay_attribution();
	test_delay_recorded();
}
