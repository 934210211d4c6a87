// SPDX-License-Identifier: GPL-2.0
/* join.c and summary.c on the fixture's synthetic cell and its variants. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "exit_class.h"
#include "fixture.h"
#include "join.h"
#include "raw_run.h"
#include "summary.h"
#include "test.h"

/* The fixture's cell, as most of these tests use it. */
static void load(struct fix_loaded *l, const char *tag, const char *cell_kv,
		 const char *host, const char *guest, const char *trace)
{
	fix_load(l, tag, FIX_CELL, cell_kv, host, guest, trace);
}

static const char *flags(const struct cell_join *j, size_t seq)
{
	static char buf[256];

	sample_flags_str(j->s[seq].flags, buf, sizeof(buf));
	return buf;
}

static int64_t stage(const struct cell_join *j, size_t seq, enum stage st)
{
	int64_t ns;

	return sample_stage(j, seq, st, &ns) ? ns : -999999;
}

static void test_full(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	const struct cell_join *j = &l.j;
	unsigned long warns = diag_warn_count();
	size_t i;
	bool any;

	load(&l, "join-full", fix_cell_kv, fix_host, fix_guest, fix_trace);
	CHECK_INT(l.ret, 0);
	if (l.ret) {
		printf("  (%s)\n", diag_last());
		return;
	}
	/* the 5 ns fit against cntfrq's 10 ns, and guest seq 99, are warned about */
	CHECK(diag_warn_count() >= warns + 2);

	CHECK_INT(j->nr_host, 6);
	CHECK_INT(j->injected, 5);
	CHECK_INT(j->inject_errors, 1);
	CHECK_INT(j->received, 3);
	CHECK_INT(j->lost, 2);
	CHECK_INT(j->timeouts, 1);
	CHECK_INT(j->duplicates, 1);
	CHECK_INT(j->guest_unmatched, 1);
	CHECK_INT(j->ok, 2);
	CHECK_STR(j->inject_event, "irq_line");
	CHECK_INT(j->trace.rows, 17);
	CHECK_INT(j->trace.ooo_rows, 1);
	CHECK(!j->trace.cut_short);

	CHECK_STR(flags(j, 0), "ok");
	CHECK_STR(flags(j, 1), "timeout,no_guest_sample");
	CHECK_STR(flags(j, 2), "no_guest_sample,no_inject_event");
	/* seq 3 and 4 have no vgic_pending nor entry in the trace */
	CHECK_STR(flags(j, 3), "seq_mismatch,trace_incomplete");
	CHECK_STR(flags(j, 4), "ok,out_of_order,trace_incomplete");
	CHECK_STR(flags(j, 5), "inject_error");

	/*
	 * exits in [t_inject, t_eoi] on both vCPUs' threads, exits_to_ack in
	 * [t_inject, t_ack] on vCPU0's; trace ns through the fit
	 */
	CHECK_INT(j->s[0].exits, 2);	/* vCPU0's 110020 and vCPU1's 110030 */
	CHECK_INT(j->s[0].exits_to_ack, 1);
	CHECK_INT(j->s[1].exits, -1);
	CHECK_INT(j->s[2].exits, -1);
	CHECK_INT(j->s[3].exits, 2);
	CHECK_INT(j->s[3].exits_to_ack, 2);
	CHECK_INT(j->s[4].exits, 3);	/* 150041 is after the ack, before the EOI */
	CHECK_INT(j->s[4].exits_to_ack, 2);
	CHECK_INT(j->s[5].exits, -1);
	CHECK_INT(j->xc_count[0][XC_IRQ], 6);
	CHECK_INT(j->xc_count[1][XC_IRQ], 1);

	/* seq 0's way: vgic_pending 110006, exit 110020, entry 110022 (trace ns) */
	CHECK_INT(j->s[0].route, RT_EXIT);
	CHECK_INT(stage(j, 0, ST_INJECT_TO_QUEUED), 30);
	CHECK_INT(stage(j, 0, ST_QUEUED_TO_EXIT), 70);
	CHECK_INT(stage(j, 0, ST_EXIT_TO_ENTRY), 10);
	CHECK_INT(stage(j, 0, ST_ENTRY_TO_VECTOR), 390);
	CHECK_INT(stage(j, 0, ST_WAKEUP_TO_ENTRY), -999999);	/* not its route */
	CHECK_INT(stage(j, 3, ST_INJECT_TO_QUEUED), -999999);	/* missing: left out */
	CHECK_INT(stage(j, 3, ST_QUEUED_TO_EXIT), -999999);
	CHECK_INT(j->route_count[RT_EXIT], 3);

	CHECK_INT(stage(j, 0, ST_INJECT_TO_VECTOR), 500);
	CHECK_INT(stage(j, 0, ST_VECTOR_TO_ACK), 100);
	CHECK_INT(stage(j, 0, ST_ACK_TO_EOI), 50);
	CHECK_INT(stage(j, 0, ST_TOTAL), 650);
	CHECK_INT(stage(j, 3, ST_INJECT_TO_VECTOR), 400);	/* the causal row */
	CHECK_INT(stage(j, 4, ST_TOTAL), 450);
	CHECK_INT(stage(j, 1, ST_TOTAL), -999999);
	CHECK_INT(stage(j, 5, ST_VECTOR_TO_ACK), -999999);

	summarize_cell(&cs, j);
	CHECK_STR(trace_status(&cs), "complete");
	CHECK(cs.trace_has_lost && cs.trace_lost == 3);
	CHECK_INT(cs.st[ST_TOTAL].p.n, 3);
	CHECK_INT(cs.st[ST_TOTAL].p.min, 450);
	CHECK_INT(cs.st[ST_TOTAL].p.p50, 550);
	CHECK_INT(cs.st[ST_TOTAL].p.p90, 650);
	CHECK_INT(cs.st[ST_TOTAL].p.max, 650);
	CHECK(cs.st[ST_TOTAL].p.mean == 550);
	CHECK_INT(cs.st[ST_INJECT_TO_VECTOR].p.p50, 400);
	CHECK(cs.exits_available);
	CHECK_INT(cs.exits.n, 3);
	CHECK_INT(cs.exits.p50, 2);
	CHECK_INT(cs.exits_to_ack.p50, 2);
	CHECK_INT(cs.exits_expected, 1);
	/* of the 2, one IRQ exit is the kick, the other a host interrupt */
	CHECK_INT(cs.exits_caused.p50, 1);
	CHECK(cs.host_irq_per_irq > 1.3 && cs.host_irq_per_irq < 1.34);
	CHECK_INT(cs.exits_match, 1);
	CHECK(cs.finding == NULL);
	/* a trace stage counts the interrupts that have it */
	CHECK(cs.st[ST_INJECT_TO_QUEUED].listed && cs.st[ST_INJECT_TO_QUEUED].available);
	CHECK_INT(cs.st[ST_INJECT_TO_QUEUED].p.n, 1);
	CHECK(!cs.st[ST_QUEUED_TO_WAKEUP].listed);
	CHECK_INT(cs.flag_count[SF_TRACE_INCOMPLETE], 2);
	/* the breakdown: seq 0 alone has every mark; it adds up to its total */
	CHECK(cs.bd.available);
	CHECK_INT(cs.bd.route, RT_EXIT);
	CHECK_INT(cs.bd.n, 1);
	CHECK_INT(cs.bd.nr_marks, 7);
	CHECK_INT(breakdown_stage_ns(&cs.bd, 1), 30);
	CHECK_INT(cs.bd.stage[4], ST_ENTRY_TO_VECTOR);
	CHECK_INT(breakdown_stage_ns(&cs.bd, 4), 390);
	CHECK_INT(cs.bd.cum_ns[6], 650);
	CHECK_INT(cs.nr_out, 3);
	CHECK_INT(cs.out_seq[0], 0);
	CHECK_INT(cs.out_ns[0], 650);
	CHECK_INT(cs.out_seq[2], 4);
	/* histogram: the run's 1 us buckets (cyclictest's), to the max 650 */
	CHECK_INT(cs.plan.width, HIST_DEFAULT_WIDTH_NS);
	CHECK_INT(cs.plan.nb, 1);
	CHECK_INT(stage_bucket(&cs.st[ST_TOTAL], 0), 3);
	CHECK_INT(stage_bucket(&cs.st[ST_VECTOR_TO_ACK], 0), 3);
	CHECK_INT(stage_bucket(&cs.st[ST_TOTAL], 1), 0);
	CHECK_INT(cs.st[ST_TOTAL].nr_bk, 1);	/* sparse: one bucket has them all */
	CHECK_INT(cs.nr_cdf, 3);
	any = false;
	for (i = 0; i < cs.nr_notes; i++)
		any |= strstr(cs.notes[i], "lost 3 records") != NULL;
	CHECK(any);
	cell_summary_free(&cs);
	fix_unload(&l);
}

/* Cut short after seq 1's irq_line: no trailer, so coverage ends there. */
static void test_cut_short(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char *trace = strdup(fix_trace);

	*strstr(trace, "1150025") = '\0';
	load(&l, "join-cut", fix_cell_kv, fix_host, fix_guest, trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.j.trace.cut_short);
		CHECK_INT(l.j.s[0].exits, 2);	/* inside what the trace covers */
		CHECK_STR(flags(&l.j, 0), "ok");
		CHECK_STR(flags(&l.j, 1), "timeout,no_guest_sample");
		CHECK_STR(flags(&l.j, 2), "no_guest_sample,no_trace");
		CHECK_STR(flags(&l.j, 3), "seq_mismatch,no_trace");
		CHECK_INT(l.j.s[3].exits, -1);	/* unknown, not 0 */
		CHECK_STR(flags(&l.j, 4), "ok,no_trace");
		summarize_cell(&cs, &l.j);
		CHECK_STR(trace_status(&cs), "cut_short");
		CHECK(!cs.trace_has_lost);	/* loss unknown */
		CHECK_INT(cs.exits.n, 1);
		cell_summary_free(&cs);
	}
	fix_unload(&l);

	/* a partial last line is cut short too, and ignored, with a warning */
	strcpy(trace, fix_trace);
	*strstr(trace, "\tirq_line\t1\t0\t41") = '\0';
	{
		char *w = NULL;
		size_t wlen = 0;
		FILE *ws = open_memstream(&w, &wlen);

		diag_set_warn_stream(ws);
		load(&l, "join-partial", fix_cell_kv, fix_host, fix_guest, trace);
		diag_set_warn_stream(NULL);
		fclose(ws);
		CHECK_HAS(w, "trace.tsv:10: last line has no newline: file cut short, partial line ignored\n");
		free(w);
	}
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.j.trace.cut_short);
		CHECK_INT(l.j.trace.rows, 8);
	}
	fix_unload(&l);
	free(trace);
}

static void test_no_cntvoff(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char *kv = fix_replace(fix_cell_kv, "cntvoff=1000\ncntvoff_err=2\ncntvoff_ok=1\n",
			       "cntvoff_ok=0\n");

	load(&l, "join-nocntvoff", kv, fix_host, fix_guest, fix_trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		int64_t t;

		CHECK(!l.j.cross);
		CHECK(!sample_host_stamp(&l.j, 0, 0, &t));
		CHECK_INT(stage(&l.j, 0, ST_TOTAL), -999999);
		CHECK_INT(stage(&l.j, 0, ST_VECTOR_TO_ACK), 100);
		/* no window end on the host clock: exits unknown */
		CHECK_INT(l.j.s[0].exits, -1);
		CHECK_STR(flags(&l.j, 0), "ok");	/* irq_line found before t_seen */
		summarize_cell(&cs, &l.j);
		CHECK(!cs.st[ST_TOTAL].available);
		CHECK(!cs.st[ST_INJECT_TO_VECTOR].available);
		CHECK(cs.st[ST_ACK_TO_EOI].available);
		CHECK_INT(cs.st[ST_ACK_TO_EOI].p.n, 3);
		CHECK(!cs.exits_available);
		CHECK_STR(cs.outlier_by, "vector_to_eoi");
		CHECK_INT(cs.nr_cdf, 0);
		CHECK(cs.nr_notes > 0 && strstr(cs.notes[0], "cntvoff_ok=0"));
		cell_summary_free(&cs);
	}
	fix_unload(&l);
	free(kv);
}

static void test_trace_off(void)
{
	struct fix_loaded l;
	char *kv = fix_replace(fix_cell_kv, "trace=on", "trace=off");
	char *guest = fix_replace(fix_guest, "0\t0\t40\t109050", "0\t1\t41\t109050");

	/* trace.tsv lying around is not read when cell.kv says off */
	load(&l, "join-off", kv, fix_host, guest, "garbage\n");
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(!l.j.have_trace);
		CHECK_STR(flags(&l.j, 0), "wrong_intid,wrong_vcpu,no_trace");
		CHECK_STR(flags(&l.j, 4), "ok,no_trace");
		CHECK_INT(l.j.s[4].exits, -1);
	}
	fix_unload(&l);

	/* a wrong cntvoff shows as a negative stage, kept and flagged */
	{
		char *kv2 = fix_replace(kv, "cntvoff=1000\n", "cntvoff=900\n");

		load(&l, "join-neg", kv2, fix_host, fix_guest, NULL);
		CHECK_INT(l.ret, 0);
		if (!l.ret) {
			CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_VECTOR), -500);
			CHECK_STR(flags(&l.j, 0), "negative_stage,no_trace");
		}
		fix_unload(&l);
		free(kv2);
	}
	free(kv);
	free(guest);
}

static void test_fallback_fit(void)
{
	struct fix_loaded l;
	char *kv = fix_replace(fix_cell_kv, "calib_end_ns=2000000\ncalib_end_cnt=300000",
			       "calib_end_ns=1000000\ncalib_end_cnt=100000");

	/* nominal 10 ns a tick: the exit at 1050100 ns is at tick 105010, outside */
	load(&l, "join-fallback", kv, fix_host, fix_guest, fix_trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.j.fit.fallback);
		CHECK_INT(l.j.s[0].exits, 0);
	}
	fix_unload(&l);
	free(kv);
}

static void test_bad_cells(void)
{
	struct fix_loaded l;
	char *s;

	load(&l, "join-notrace", fix_cell_kv, fix_host, fix_guest, NULL);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "/cells/" FIX_CELL "/trace.tsv: missing (expected it: cell.kv says trace=on)");
	fix_unload(&l);

	s = fix_replace(fix_trace, "1050025\t400\t0\tirq_line\t1", "1050025\t400\t0\tirq_line\tzz");
	load(&l, "join-badtrace", fix_cell_kv, fix_host, fix_guest, s);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "trace.tsv:3: field 5 (a0): 'zz' (expected a decimal (possibly negative) or 0x-hex number)");
	fix_unload(&l);
	free(s);

	/* arguments only checked (not converted) are held to the same rules */
	s = fix_replace(fix_trace, "0x40001004", "0x4000100g");
	load(&l, "join-badpc", fix_cell_kv, fix_host, fix_guest, s);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "trace.tsv:5: field 7 (a2): '0x4000100g' (expected a decimal (possibly negative) or 0x-hex number)");
	fix_unload(&l);
	free(s);
	s = fix_replace(fix_trace, "vgic_pending\t0\t40\t1\t0", "vgic_pending\t0\t40\t1\t18446744073709551616");
	load(&l, "join-bigarg", fix_cell_kv, fix_host, fix_guest, s);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "trace.tsv:4: field 8 (a3): '18446744073709551616'");
	fix_unload(&l);
	free(s);
	s = fix_replace(fix_trace, "vgic_pending\t0\t40\t1\t0", "vgic_pending\t0\t40\t0x\t18446744073709551615");
	load(&l, "join-bigarg2", fix_cell_kv, fix_host, fix_guest, s);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "trace.tsv:4: field 7 (a2): '0x'");
	fix_unload(&l);
	free(s);
	s = fix_replace(fix_trace, "vgic_pending\t0\t40\t1\t0", "vgic_pending\t0\t40\t1\t18446744073709551615");
	load(&l, "join-maxarg", fix_cell_kv, fix_host, fix_guest, s);
	CHECK_INT(l.ret, 0);
	fix_unload(&l);
	free(s);

	s = fix_replace(fix_trace, "# lost=3\n", "# lost=3\n1\t2\t3\texit\t0\t0\t0\t0\n");
	load(&l, "join-aftertrailer", fix_cell_kv, fix_host, fix_guest, s);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "trace.tsv:20: event after the trailer");
	fix_unload(&l);
	free(s);

	s = fix_replace(fix_host, "1\t120000", "2\t120000");
	load(&l, "join-seqgap", fix_cell_kv, s, fix_guest, fix_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "host.tsv:3: seq 2 (expected 1: seq starts at 0 and increases by 1)");
	fix_unload(&l);
	free(s);

	s = fix_replace(fix_host, "timeout", "lost");
	load(&l, "join-status", fix_cell_kv, s, fix_guest, fix_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "host.tsv:3: field 4 (status): 'lost' (expected ok, timeout or error)");
	fix_unload(&l);
	free(s);

	s = fix_replace(fix_guest, "4\t0\t40\t149030", "4\t0\t40");
	load(&l, "join-guestcols", fix_cell_kv, fix_host, s, fix_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "guest.tsv:5: 5 fields (expected 6: seq vcpu intid t_vector t_ack t_eoi)");
	fix_unload(&l);
	free(s);

	load(&l, "join-noguest", fix_cell_kv, fix_host, NULL, fix_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "guest.tsv: cannot open: No such file or directory");
	fix_unload(&l);

	s = fix_replace(fix_cell_kv, "calib_end_cnt=300000", "calib_end_cnt=50000");
	load(&l, "join-calib", s, fix_host, fix_guest, fix_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "cell.kv:24: calibration end (ns 2000000, cnt 50000) is not after start");
	fix_unload(&l);
	free(s);

	s = fix_replace(fix_cell_kv, "vcpu0_tid=500\n", "");
	load(&l, "join-notid", s, fix_host, fix_guest, fix_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "cell.kv: missing key 'vcpu0_tid'");
	fix_unload(&l);
	free(s);

	s = fix_replace(fix_cell_kv, "trace=on", "trace=maybe");
	load(&l, "join-tracekey", s, fix_host, fix_guest, fix_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "trace='maybe' (expected on, off or failed)");
	fix_unload(&l);
	free(s);
}

/*
 * virqtrace writes irq_line rows for the CPU lines only (`# irq_line=cpu`):
 * an lr-line injection is then not checked by its irq_line, and seq 2,
 * whose irq_line is missing from the fixture, is not flagged for it.
 */
static void test_irq_line_cpu_only(void)
{
	struct fix_loaded l;
	char *trace = fix_replace(fix_trace, "a3\n", "a3\n# irq_line=cpu\n");

	load(&l, "join-irqline-cpu", fix_cell_kv, fix_host, fix_guest, trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.j.trace.irq_line_cpu_only);
		CHECK(l.j.inject_event == NULL);
		CHECK_STR(flags(&l.j, 2), "no_guest_sample");
		CHECK_STR(flags(&l.j, 0), "ok");
	}
	fix_unload(&l);
	free(trace);
}

void test_join(void)
{
	test_full();
	test_irq_line_cpu_only();
	test_cut_short();
	test_no_cntvoff();
	test_trace_off();
	test_fallback_fit();
	test_bad_cells();
}

/*
 * A guest-originated cell (sgi, vCPU0 -> vCPU1) as bench/ writes it: a
 * t_trigger column, stamped by the sender on the guest's clock.
 */
static const char sgi_kv[] =
	"gic=v3\nvgic=v3\nhyp=vhe\npath=sgi\nstate=busy\nguest_originated=1\n"
	"count_requested=2\ncount_injected=2\nintid=1\ntarget_vcpu=1\nnr_vcpus=2\nsender_vcpu=0\n"
	"vcpu0_tid=500\nvcpu1_tid=501\ncntfrq=100000000\n"
	"cntvoff=1000\ncntvoff_err=2\ncntvoff_ok=1\n"
	"calib_start_ns=1000000\ncalib_start_cnt=100000\n"
	"calib_end_ns=2000000\ncalib_end_cnt=300000\n"
	"trace=on\nstatus=ok\n";
static const char sgi_host[] =
	"# seq\tt_inject\tt_seen\tstatus\n"
	"0\t110000\t110100\tok\n"
	"1\t120000\t120100\tok\n";
/* seq 1 has no trigger stamp: its stages that start there are unknown */
static const char sgi_guest[] =
	"# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\tt_trigger\n"
	"0\t1\t1\t109050\t109060\t109065\t109010\n"
	"1\t1\t1\t119050\t119060\t119065\t0\n";
/*
 * vCPU1 exits at host 110005 (before the trigger, 110010); the sender
 * (vCPU0) traps its ICC_SGI1R write (esr_ec 0x18) at 110012 after a host
 * interrupt at 110011 that is not the SGI; vCPU1 is kicked at 110020 and
 * enters at 110030. Ticks -> ns: 1000000 + (ticks - 100000) * 5.
 */
static const char sgi_trace[] =
	"# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n"
	"1050025\t501\t1\texit\t0\t0\t0x1000\t0\n"
	"1050055\t500\t0\texit\t0\t0\t0x2000\t0\n"
	"1050060\t500\t0\texit\t2\t24\t0x2004\t0\n"
	"1050100\t501\t1\texit\t0\t0\t0x1004\t0\n"
	"1050150\t501\t1\tentry\t0x1004\t0\t0\t0\n"
	"# lost=0\n# events=5\n";

static void test_guest_originated(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char *kv, *s;
	int64_t t;

	load(&l, "join-sgi", sgi_kv, sgi_host, sgi_guest, sgi_trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.j.trig);
		CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_VECTOR), 400);	/* 40 ticks after t_trigger */
		CHECK_INT(stage(&l.j, 0, ST_TOTAL), 550);
		CHECK_INT(stage(&l.j, 1, ST_TOTAL), -999999);
		CHECK_INT(stage(&l.j, 1, ST_VECTOR_TO_ACK), 100);
		CHECK(sample_host_stamp(&l.j, 0, 3, &t) && t == 110010);
		CHECK(!sample_host_stamp(&l.j, 1, 3, &t));
		/* window [t_trigger, t_eoi], both vCPUs: the sender's two, the kick */
		CHECK_INT(l.j.s[0].exits, 3);
		CHECK_INT(l.j.s[0].exits_to_ack, 1);
		CHECK_INT(l.j.s[1].exits, -1);
		CHECK_STR(flags(&l.j, 0), "ok");	/* sgi: no host injection event to check */
		/* the trap is the sender's SYS64 exit, not its host interrupt */
		CHECK_INT(l.j.s[0].route, RT_EXIT);
		CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_TRAP), 10);
		CHECK_INT(stage(&l.j, 0, ST_TRAP_TO_EXIT), 40);
		CHECK_INT(stage(&l.j, 0, ST_EXIT_TO_ENTRY), 50);
		CHECK_INT(stage(&l.j, 0, ST_ENTRY_TO_VECTOR), 300);
		CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_QUEUED), -999999);	/* sgi has none */
		summarize_cell(&cs, &l.j);
		CHECK_INT(cs.st[ST_TOTAL].p.n, 1);
		CHECK_INT(cs.st[ST_VECTOR_TO_ACK].p.n, 2);
		CHECK(cs.st[ST_INJECT_TO_TRAP].listed);
		CHECK(!cs.st[ST_INJECT_TO_QUEUED].listed);
		CHECK_INT(cs.exits_expected, 2);
		/* the sender's SYS64 trap and the target's kick; the sender's IRQ exit is a host one */
		CHECK_INT(cs.exits.p50, 3);
		CHECK_INT(cs.exits_caused.p50, 2);
		CHECK_INT(cs.exits_match, 1);
		CHECK_INT(cs.xc_count[1][EC_SYS64], 1);
		CHECK_INT(cs.xc_count[1][XC_IRQ], 1);
		CHECK(cs.bd.available);
		CHECK_INT(cs.bd.nr_marks, 7);
		CHECK_INT(cs.bd.stage[1], ST_INJECT_TO_TRAP);
		CHECK_INT(cs.bd.cum_ns[6], 550);
		cell_summary_free(&cs);
	}
	fix_unload(&l);

	/* the trigger stages need no cntvoff: both ends are on the guest's clock */
	kv = fix_replace(sgi_kv, "cntvoff=1000\ncntvoff_err=2\ncntvoff_ok=1\n", "cntvoff_ok=0\n");
	load(&l, "join-sgi-nocntvoff", kv, sgi_host, sgi_guest, sgi_trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		summarize_cell(&cs, &l.j);
		CHECK(cs.st[ST_TOTAL].available);
		CHECK_INT(cs.st[ST_TOTAL].p.p50, 550);
		CHECK(!cs.exits_available);
		cell_summary_free(&cs);
	}
	fix_unload(&l);
	free(kv);

	/* the 7-column header is checked like the 6-column one */
	s = fix_replace(sgi_guest, "\t109010\n", "\n");
	load(&l, "join-sgi-short", sgi_kv, sgi_host, s, sgi_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "guest.tsv:2: 6 fields (expected 7: seq vcpu intid t_vector t_ack t_eoi t_trigger)");
	fix_unload(&l);
	free(s);
	s = fix_replace(sgi_guest, "\tt_trigger\n", "\tt_sent\n");
	load(&l, "join-sgi-header", sgi_kv, sgi_host, s, sgi_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "guest.tsv:1: not the header (expected '# seq vcpu intid t_vector t_ack t_eoi' or '# seq vcpu intid t_vector t_ack t_eoi t_trigger' or '# seq vcpu intid t_vector t_ack t_eoi t_trigger c_vector c_ack c_eoi', tab-separated)");
	fix_unload(&l);
	free(s);

	/* a host-injected cell with the column: t_trigger is 0, stages from t_inject */
	s = fix_replace(sgi_kv, "guest_originated=1", "guest_originated=0");
	load(&l, "join-trig-host", s, sgi_host, sgi_guest, sgi_trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(!l.j.trig);
		CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_VECTOR), 500);
	}
	fix_unload(&l);
	free(s);
}

/*
 * vmm-mmio, vCPU0 rings bench/'s doorbell for vCPU1's SPI 64: host.tsv has
 * bench/'s t_handler (110015) and t_answer (110016). The start is the
 * sender's t_trigger (host 110010, trace 1050050 by the fit); trace marks
 * are their ns after it: the sender's data abort (esr_ec 0x24) at +20, the
 * SPI's vgic_pending at +80, the target's kick at +100, its entry at +150.
 * A target exit at +10, before the doorbell, is no kick.
 */
static const char vmm_kv[] =
	"gic=v3\nvgic=v3\nhyp=vhe\npath=vmm-mmio\nstate=busy\nguest_originated=1\n"
	"count_requested=2\ncount_injected=2\nintid=64\ntarget_vcpu=1\nnr_vcpus=2\nsender_vcpu=0\n"
	"vcpu0_tid=500\nvcpu1_tid=501\ncntfrq=100000000\n"
	"cntvoff=1000\ncntvoff_err=2\ncntvoff_ok=1\n"
	"calib_start_ns=1000000\ncalib_start_cnt=100000\n"
	"calib_end_ns=2000000\ncalib_end_cnt=300000\n"
	"trace=on\nstatus=ok\nits=0\n";
static const char vmm_host[] =
	"# seq\tt_inject\tt_seen\tstatus\tt_handler\tt_answer\n"
	"0\t110000\t110100\tok\t110015\t110016\n"
	"1\t120000\t120100\tok\t0\t0\n";
static const char vmm_guest[] =
	"# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\tt_trigger\n"
	"0\t1\t64\t109050\t109060\t109065\t109010\n"
	"1\t1\t64\t119050\t119060\t119065\t119010\n";
static const char vmm_trace[] =
	"# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n"
	"1050060\t501\t1\texit\t0\t0\t0x1000\t0\n"
	"1050061\t501\t1\tentry\t0x1000\t0\t0\t0\n"
	"1050070\t500\t0\texit\t2\t36\t0x2004\t0\n"
	"1050130\t0\t0\tvgic_pending\t0\t64\t1\t0\n"
	"1050150\t501\t1\texit\t0\t0\t0x1004\t0\n"
	"1050200\t501\t1\tentry\t0x1004\t0\t0\t0\n"
	"# lost=0\n# events=6\n";

static void test_vmm(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char *s;

	load(&l, "join-vmm", vmm_kv, vmm_host, vmm_guest, vmm_trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret) {
		CHECK(l.j.trig);
		CHECK(l.j.host_st != NULL);
		CHECK_INT(join_host_stamp(&l.j, 0, 0), 110015);
		CHECK_INT(join_host_stamp(&l.j, 0, 1), 110016);
		CHECK_INT(l.j.s[0].route, RT_EXIT);
		CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_TRAP), 20);
		CHECK_INT(stage(&l.j, 0, ST_TRAP_TO_HANDLER), 30);
		CHECK_INT(stage(&l.j, 0, ST_HANDLER_TO_ANSWER), 10);
		CHECK_INT(stage(&l.j, 0, ST_ANSWER_TO_QUEUED), 20);
		CHECK_INT(stage(&l.j, 0, ST_QUEUED_TO_EXIT), 20);
		CHECK_INT(stage(&l.j, 0, ST_EXIT_TO_ENTRY), 50);
		CHECK_INT(stage(&l.j, 0, ST_ENTRY_TO_VECTOR), 250);
		CHECK_INT(stage(&l.j, 0, ST_TOTAL), 550);
		CHECK_INT(stage(&l.j, 0, ST_TRAP_TO_EXIT), -999999);	/* not neighbours here */
		/* seq 1: bench/ stamped nothing; its stages through the device are unknown */
		CHECK_INT(stage(&l.j, 1, ST_HANDLER_TO_ANSWER), -999999);
		CHECK_INT(stage(&l.j, 1, ST_TRAP_TO_HANDLER), -999999);
		summarize_cell(&cs, &l.j);
		CHECK_INT(cs.exits_expected, 2);
		/* the doorbell's abort and the kick; the target's exit before the doorbell is a host IRQ */
		CHECK_INT(l.j.s[0].exits, 3);
		CHECK_INT(l.j.s[0].exits - l.j.s[0].exits_host_irq, 2);
		CHECK_INT(cs.xc_count[1][EC_DABT_LOW], 1);
		CHECK(cs.st[ST_HANDLER_TO_ANSWER].listed);
		CHECK(cs.st[ST_ANSWER_TO_QUEUED].listed);
		CHECK(!cs.st[ST_ANSWER_TO_EXIT].listed);	/* an SPI: the queued event comes between */
		CHECK(cs.bd.available);
		CHECK_INT(cs.bd.nr_marks, 10);
		CHECK_INT(cs.bd.stage[2], ST_TRAP_TO_HANDLER);
		CHECK_INT(cs.bd.stage[3], ST_HANDLER_TO_ANSWER);
		CHECK_INT(cs.bd.stage[4], ST_ANSWER_TO_QUEUED);
		CHECK_INT(cs.bd.cum_ns[9], 550);
		cell_summary_free(&cs);
	}
	fix_unload(&l);

	/* the VM had an ITS: LPI 8192 has no queued event, the answer leads to the kick */
	s = fix_replace(vmm_kv, "intid=64", "intid=8192");
	{
		char *g = fix_replace(vmm_guest, "\t1\t64\t109050", "\t1\t8192\t109050");
		char *g2 = fix_replace(g, "\t1\t64\t119050", "\t1\t8192\t119050");

		load(&l, "join-vmm-lpi", s, vmm_host, g2, vmm_trace);
		CHECK_INT(l.ret, 0);
		if (!l.ret) {
			CHECK_INT(l.j.pd->queued, NO_EVENT);
			CHECK_INT(stage(&l.j, 0, ST_ANSWER_TO_EXIT), 40);
			CHECK_INT(stage(&l.j, 0, ST_ANSWER_TO_QUEUED), -999999);
			CHECK_STR(flags(&l.j, 0), "ok");
		}
		fix_unload(&l);
		free(g);
		free(g2);
	}
	free(s);

	/* no trace: bench/'s own stage needs none (nor cntvoff) */
	s = fix_replace(vmm_kv, "trace=on", "trace=off");
	{
		char *k = fix_replace(s, "cntvoff=1000\ncntvoff_err=2\ncntvoff_ok=1\n", "cntvoff_ok=0\n");

		load(&l, "join-vmm-untraced", k, vmm_host, vmm_guest, NULL);
		CHECK_INT(l.ret, 0);
		if (!l.ret) {
			CHECK_INT(stage(&l.j, 0, ST_HANDLER_TO_ANSWER), 10);
			CHECK_INT(stage(&l.j, 0, ST_TRAP_TO_HANDLER), -999999);
			summarize_cell(&cs, &l.j);
			CHECK(cs.st[ST_HANDLER_TO_ANSWER].listed);
			CHECK(cs.st[ST_HANDLER_TO_ANSWER].available);
			CHECK_INT(cs.st[ST_HANDLER_TO_ANSWER].p.n, 1);
			cell_summary_free(&cs);
		}
		fix_unload(&l);
		free(k);
	}
	free(s);

	/* a host.tsv from before the stamps still loads: the device's stages are unknown */
	s = fix_replace(vmm_host, "\tt_handler\tt_answer\n", "\n");
	{
		char *h = fix_replace(s, "\tok\t110015\t110016\n", "\tok\n");
		char *h2 = fix_replace(h, "\tok\t0\t0\n", "\tok\n");

		load(&l, "join-vmm-old-host", vmm_kv, h2, vmm_guest, vmm_trace);
		CHECK_INT(l.ret, 0);
		if (!l.ret) {
			CHECK(l.j.host_st == NULL);	/* no columns: no array of zeros */
			CHECK_INT(join_host_stamp(&l.j, 0, 0), 0);
			CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_TRAP), 20);
			CHECK_INT(stage(&l.j, 0, ST_HANDLER_TO_ANSWER), -999999);
			CHECK_INT(stage(&l.j, 0, ST_QUEUED_TO_EXIT), 20);
		}
		fix_unload(&l);
		free(h);
		free(h2);
	}
	free(s);

	/* 6 columns announced, 5 given */
	s = fix_replace(vmm_host, "\t110015\t110016\n", "\t110015\n");
	load(&l, "join-vmm-short", vmm_kv, s, vmm_guest, vmm_trace);
	CHECK_INT(l.ret, -1);
	CHECK_HAS(diag_last(), "host.tsv:2: 5 fields (expected 6: seq t_inject t_seen status t_handler t_answer)");
	fix_unload(&l);
	free(s);
}

/* sgi on a vGICv2: GICD_SGIR is MMIO, so the trap is a data abort (0x24). */
static void test_sgi_v2(void)
{
	struct fix_loaded l;
	char *kv = fix_replace(sgi_kv, "vgic=v3", "vgic=v2");

	load(&l, "join-sgi-v2", kv, sgi_host, sgi_guest, sgi_trace);
	CHECK_INT(l.ret, 0);
	if (!l.ret)	/* the fixture's trap is SYS64: no trap on v2, the rest found */
		CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_TRAP), -999999);
	fix_unload(&l);
	free(kv);
	{
		char *tr = fix_replace(sgi_trace, "\texit\t2\t24\t", "\texit\t2\t36\t");

		kv = fix_replace(sgi_kv, "vgic=v3", "vgic=v2");
		load(&l, "join-sgi-v2-dabt", kv, sgi_host, sgi_guest, tr);
		CHECK_INT(l.ret, 0);
		if (!l.ret) {
			CHECK_INT(stage(&l.j, 0, ST_INJECT_TO_TRAP), 10);
			CHECK_INT(stage(&l.j, 0, ST_TRAP_TO_EXIT), 40);
		}
		fix_unload(&l);
		free(kv);
		free(tr);
	}
}

void test_join_more(void)
{
	test_guest_originated();
	test_vmm();
	test_sgi_v2();
}
