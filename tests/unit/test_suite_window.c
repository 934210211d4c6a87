// SPDX-License-Identifier: GPL-2.0
/*
 * suite_window.c: the suite's own threads inside the interrupts' windows,
 * on a synthetic sgi cell (sender vCPU0 on CPU 0, target vCPU1 on CPU 1)
 * whose sched_switch rows put the injector, a helper and the tracer on the
 * watched CPUs (and elsewhere) at known times.
 */
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "join.h"
#include "json.h"
#include "summary.h"
#include "suite_window.h"
#include "test.h"

/* Ticks -> trace ns: 1000000 + (ticks - 100000) * 5. */
static const char kv[] =
	"gic=v3\nvgic=v3\nhyp=vhe\npath=sgi\nstate=busy\nguest_originated=1\n"
	"count_requested=2\ncount_injected=2\nintid=1\ntarget_vcpu=1\nnr_vcpus=2\nsender_vcpu=0\n"
	"vcpu0_tid=500\nvcpu1_tid=501\nvcpu0_cpu=0\nvcpu1_cpu=1\ninjector_tid=400\ninjector_cpu=0\n"
	"warmup=0\ncntfrq=100000000\ncntvoff=1000\ncntvoff_err=2\ncntvoff_ok=1\n"
	"calib_start_ns=1000000\ncalib_start_cnt=100000\n"
	"calib_end_ns=2000000\ncalib_end_cnt=300000\n"
	"trace=on\nstatus=ok\n";
static const char host[] =
	"# seq\tt_inject\tt_seen\tstatus\n"
	"0\t110000\t110100\tok\n"
	"1\t120000\t120100\tok\n";
/* Windows [t_trigger, t_eoi]: seq 0 [1050050, 1050325] ns, seq 1 [1100050, 1100325]. */
static const char guest[] =
	"# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\tt_trigger\n"
	"0\t1\t1\t109050\t109060\t109065\t109010\n"
	"1\t1\t1\t119050\t119060\t119065\t119010\n";
#define HDR "# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n# sched=on\n"

/*
 * A helper (450) runs on CPU 1 from before the trace until 1049000; the
 * injector (400) takes CPU 0 from the sender inside seq 0's window, and
 * on CPU 2 (watched by nobody) too; the tracer (900) takes CPU 1 from the
 * target inside seq 1's.
 */
static const char trace_in[] = HDR
	"1049000\t450\t1\tsched_switch\t450\t501\t1\t1\n"
	"1050100\t500\t0\tsched_switch\t500\t400\t1\t1\n"
	"1050120\t0\t2\tsched_switch\t0\t400\t0\t1\n"
	"1050200\t400\t0\tsched_switch\t400\t500\t1\t1\n"
	"1100100\t501\t1\tsched_switch\t501\t900\t1\t2\n"
	"1100150\t900\t1\tsched_switch\t900\t501\t2\t1\n"
	"# lost=0\n# events=6\n";
/* The same threads, each outside every window: between them, or on CPU 2. */
static const char trace_out[] = HDR
	"1049000\t450\t1\tsched_switch\t450\t501\t1\t1\n"
	"1050400\t500\t0\tsched_switch\t500\t400\t1\t1\n"
	"1050500\t400\t0\tsched_switch\t400\t500\t1\t1\n"
	"1100100\t0\t2\tsched_switch\t0\t900\t0\t2\n"
	"1100200\t900\t2\tsched_switch\t900\t0\t2\t0\n"
	"1200000\t501\t1\tsched_switch\t501\t900\t1\t2\n"
	"# lost=0\n# events=6\n";

/* vmm-ioeventfd's backend (device_tid 460) in seq 0's window: the path's own, no disturbance. */
static const char trace_dev[] = HDR
	"1050100\t500\t0\tsched_switch\t500\t460\t1\t1\n"
	"1050200\t460\t0\tsched_switch\t460\t500\t1\t1\n"
	"# lost=0\n# events=2\n";

static void load(struct fix_loaded *l, const char *tag, const char *cell_kv, const char *trace)
{
	fix_load(l, tag, "v3-vhe-sgi-busy", cell_kv, host, guest, trace);
	CHECKF(l->ret == 0, "%s: loaded", tag);
}

static void test_inside(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char text[256];

	load(&l, "suite-in", kv, trace_in);
	if (l.ret)
		return;
	CHECK(l.j.suite_ok);
	CHECK_INT(l.j.watch.nr, 2);
	CHECK_INT(l.j.s[0].suite, 1 << SR_INJECTOR);
	CHECK_INT(l.j.s[1].suite, 1 << SR_TRACER);
	summarize_cell(&cs, &l.j);
	CHECK(cs.suite.available);
	CHECK_INT(cs.suite.windows, 2);
	CHECK_INT(cs.suite.any, 2);
	CHECK_INT(cs.suite.role[SR_INJECTOR], 1);
	CHECK_INT(cs.suite.role[SR_HELPER], 0);
	CHECK_INT(cs.suite.role[SR_TRACER], 1);
	suite_share_text(text, sizeof(text), &cs.suite);
	CHECK_STR(text, "2 of 2 (100.0 %; injector 1, helper 0, tracer 1; CPU 1,0)");
	cell_summary_free(&cs);
	fix_unload(&l);
}

static void test_outside(void)
{
	struct fix_loaded l;
	struct cell_summary cs;

	load(&l, "suite-out", kv, trace_out);
	if (l.ret)
		return;
	CHECK_INT(l.j.s[0].suite, 0);
	CHECK_INT(l.j.s[1].suite, 0);
	summarize_cell(&cs, &l.j);
	CHECK(cs.suite.available);
	CHECK_INT(cs.suite.windows, 2);
	CHECK_INT(cs.suite.any, 0);
	CHECK(suite_share_pct(&cs.suite) == 0.0);
	cell_summary_free(&cs);
	fix_unload(&l);
}

static void test_device(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char *k = fix_replace(kv, "injector_tid=400\n", "injector_tid=400\ndevice_tid=460\n");
	char text[256];

	load(&l, "suite-device", k, trace_dev);
	if (!l.ret) {
		CHECK_INT(l.j.s[0].suite, 1 << SR_DEVICE);
		CHECK_INT(l.j.s[1].suite, 0);
		summarize_cell(&cs, &l.j);
		CHECK_INT(cs.suite.any, 0);
		CHECK_INT(cs.suite.role[SR_DEVICE], 1);
		suite_share_text(text, sizeof(text), &cs.suite);
		CHECK_HAS(text, "device 1 (the path's own, not counted)");
		cell_summary_free(&cs);
	}
	fix_unload(&l);
	free(k);
}

/* No figure without the rows to make it, and the reason says which. */
static void test_unknown(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char *t = fix_replace(trace_in, "# sched=on\n", ""), *k;

	load(&l, "suite-old-tracer", kv, t);
	if (!l.ret) {
		summarize_cell(&cs, &l.j);
		CHECK(!cs.suite.available);
		CHECK(cs.suite.why && strstr(cs.suite.why, "no '# sched=' line"));
		CHECK_INT(l.j.s[0].suite, -1);
		cell_summary_free(&cs);
	}
	fix_unload(&l);
	free(t);

	t = fix_replace(trace_in, "# sched=on\n", "# sched=off\n");
	load(&l, "suite-sched-off", kv, t);
	if (!l.ret)
		CHECK(!l.j.suite_ok && strstr(l.j.suite_why, "sched=off"));
	fix_unload(&l);
	free(t);

	k = fix_replace(kv, "vcpu1_cpu=1\n", "vcpu1_cpu=-1\n");
	load(&l, "suite-unpinned", k, trace_in);
	if (!l.ret)
		CHECK(!l.j.suite_ok && strstr(l.j.suite_why, "not pinned"));
	fix_unload(&l);
	free(k);
}

/* Runs that overlap on two CPUs merge; a run open at either end of the trace reaches it. */
static void test_runs(void)
{
	struct trace_ev ev[] = {
		{ .t = 100, .vcpu = 0, .xc = (1 + SR_HELPER) },			/* helper off CPU a: since t_first */
		{ .t = 200, .vcpu = 0, .xc = (1 + SR_INJECTOR) << 3 },		/* injector on a */
		{ .t = 250, .vcpu = 1, .xc = (1 + SR_INJECTOR) << 3 },		/* ... and on b */
		{ .t = 300, .vcpu = 0, .xc = (1 + SR_INJECTOR) },		/* off a */
		{ .t = 400, .vcpu = 1, .xc = (1 + SR_INJECTOR) | (1 + SR_TRACER) << 3 },	/* b: to the tracer */
	};
	struct suite_runs sr;

	suite_runs_build(&sr, ev, sizeof(ev) / sizeof(ev[0]), 10, 1000);
	CHECK_INT(sr.nr[SR_HELPER], 1);
	CHECK(sr.nr[SR_HELPER] && sr.iv[SR_HELPER][0].lo == 10 && sr.iv[SR_HELPER][0].hi == 100);
	CHECK_INT(sr.nr[SR_INJECTOR], 1);	/* [200, 300] and [250, 400] merged */
	CHECK(sr.nr[SR_INJECTOR] && sr.iv[SR_INJECTOR][0].lo == 200 && sr.iv[SR_INJECTOR][0].hi == 400);
	CHECK(sr.nr[SR_TRACER] && sr.iv[SR_TRACER][0].lo == 400 && sr.iv[SR_TRACER][0].hi == 1000);
	CHECK_INT(suite_runs_in(&sr, 0, 10), 1 << SR_HELPER);	/* ends where the trace began */
	CHECK_INT(suite_runs_in(&sr, 0, 9), 0);
	CHECK_INT(suite_runs_in(&sr, 101, 199), 0);
	CHECK_INT(suite_runs_in(&sr, 350, 360), 1 << SR_INJECTOR);
	CHECK_INT(suite_runs_in(&sr, 400, 400), 1 << SR_INJECTOR | 1 << SR_TRACER);
	CHECK_INT(suite_runs_in(&sr, 2000, 3000), 0);
	suite_runs_free(&sr);
}

void test_suite_window(void)
{
	test_inside();
	test_outside();
	test_device();
	test_unknown();
	test_runs();
}
