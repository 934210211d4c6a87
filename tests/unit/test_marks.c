// SPDX-License-Identifier: GPL-2.0
/*
 * Stage assignment (marks.c) on recorded event streams: each case is the
 * events of one interrupt as the tracer would record them, some missing,
 * repeated or out of place, and the marks and route they must give.
 * Times are trace ns; the interrupt starts at 1000, its vector at 5000,
 * its ack at 6000.
 */
#include <string.h>

#include "exit_class.h"
#include "marks.h"
#include "path_catalogue.h"
#include "paths.h"
#include "stages.h"
#include "test.h"

#define MAXEV 16

struct rec {
	struct trace_ev ev[TS_NR][MAXEV];
	struct mark_ctx mc;
	struct mark_result r;
};

static void rec_init(struct rec *r, const char *path)
{
	unsigned i;

	memset(r, 0, sizeof(*r));
	r->mc.pd = path_desc_of(path);
	r->mc.slack = 20;
	for (i = 0; i < TS_NR; i++)
		r->mc.s[i].ev = r->ev[i];
}

/* Events go in time order, as join.c hands them over (sorted). */
static void ev(struct rec *r, int stream, int64_t t, unsigned vcpu, unsigned xc)
{
	struct stream_cur *c = &r->mc.s[stream];
	struct trace_ev *e = &r->ev[stream][c->nr++];

	e->t = t;
	e->vcpu = vcpu;
	e->xc = xc;
}

static void run(struct rec *r)
{
	struct mark_window w = { .start = 1000, .vector = 5000, .ack = 6000 };

	assign_marks(&r->mc, &w, &r->r);
}

#define HAS(rec, m) (((rec)->r.found & MB(m)) != 0)

static void test_routes(void)
{
	struct rec r;

	/* lr-line busy as designed: queued, kicked, entered */
	rec_init(&r, "lr-line");
	ev(&r, TS_QUEUED, 1100, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1500, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 2000, 0, 0);
	run(&r);
	CHECK_INT(r.r.route, RT_EXIT);
	CHECK(!r.r.incomplete);
	CHECK_INT(r.r.t[MK_QUEUED], 1100);
	CHECK_INT(r.r.t[MK_EXIT], 1500);
	CHECK_INT(r.r.t[MK_ENTRY], 2000);
	CHECK(!HAS(&r, MK_WAKEUP));

	/* wfi: halted in the host, woken; an exit after the wake-up is not the kick */
	rec_init(&r, "lr-line");
	ev(&r, TS_QUEUED, 1100, 0, 0);
	ev(&r, TS_WAKEUP, 1400, 0, 0);
	ev(&r, TS_ENTRY, 1600, 0, 0);
	ev(&r, TS_EXIT_TARGET, 3000, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 3500, 0, 0);
	run(&r);
	CHECK_INT(r.r.route, RT_WAKEUP);
	CHECK(!r.r.incomplete);
	CHECK_INT(r.r.t[MK_WAKEUP], 1400);
	CHECK_INT(r.r.t[MK_ENTRY], 1600);	/* the next entry, not the last */
	CHECK(!HAS(&r, MK_EXIT));

	/* already out of the guest (its last exit after its last entry): no kick */
	rec_init(&r, "lr-line");
	ev(&r, TS_ENTRY, 200, 0, 0);
	ev(&r, TS_EXIT_TARGET, 900, 0, XC_IRQ);
	ev(&r, TS_QUEUED, 1100, 0, 0);
	ev(&r, TS_ENTRY, 2500, 0, 0);
	run(&r);
	CHECK_INT(r.r.route, RT_OUTSIDE);
	CHECK(!r.r.incomplete);
	CHECK_INT(r.r.t[MK_ENTRY], 2500);

	/* in the guest, and then nothing: the kick's events were lost */
	rec_init(&r, "lr-line");
	ev(&r, TS_EXIT_TARGET, 200, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 300, 0, 0);
	ev(&r, TS_QUEUED, 1100, 0, 0);
	run(&r);
	CHECK_INT(r.r.route, RT_INCOMPLETE);
	CHECK(r.r.incomplete);
	CHECK(HAS(&r, MK_QUEUED));

	/* kicked, but the entry is missing */
	rec_init(&r, "lr-line");
	ev(&r, TS_QUEUED, 1100, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1500, 0, XC_IRQ);
	run(&r);
	CHECK_INT(r.r.route, RT_EXIT);
	CHECK(r.r.incomplete);
	CHECK(!HAS(&r, MK_ENTRY));

	/* v4-direct: nothing on the host at all is the design, not a loss */
	rec_init(&r, "v4-direct");
	ev(&r, TS_ENTRY, 300, 0, 0);
	run(&r);
	CHECK_INT(r.r.route, RT_DIRECT);
	CHECK(!r.r.incomplete);
	CHECK_INT(r.r.found, 0);
	/* ... and an exit that happened to fall in the window is reported as one */
	rec_init(&r, "v4-direct");
	ev(&r, TS_EXIT_TARGET, 2000, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 2100, 0, 0);
	run(&r);
	CHECK_INT(r.r.route, RT_EXIT);
	/* a doorbell: the vPE was not resident, the vCPU woke */
	rec_init(&r, "v4-direct");
	ev(&r, TS_WAKEUP, 3000, 0, 0);
	ev(&r, TS_ENTRY, 3100, 0, 0);
	run(&r);
	CHECK_INT(r.r.route, RT_WAKEUP);
	CHECK(!r.r.incomplete);

	/* lr-msi has no injection event: the route starts at the kick */
	rec_init(&r, "lr-msi");
	ev(&r, TS_EXIT_TARGET, 1300, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 1400, 0, 0);
	run(&r);
	CHECK_INT(r.r.route, RT_EXIT);
	CHECK(!r.r.incomplete);
	CHECK(!HAS(&r, MK_QUEUED));
}

static void test_window_edges(void)
{
	struct rec r;

	/* within the slack before the start: the calibration's error, kept */
	rec_init(&r, "lr-line");
	ev(&r, TS_QUEUED, 985, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1500, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 2000, 0, 0);
	run(&r);
	CHECK(HAS(&r, MK_QUEUED));
	CHECK_INT(r.r.t[MK_QUEUED], 985);

	/* beyond it: an earlier interrupt's, not this one's */
	rec_init(&r, "lr-line");
	ev(&r, TS_QUEUED, 970, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1500, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 2000, 0, 0);
	run(&r);
	CHECK(!HAS(&r, MK_QUEUED));
	CHECK(r.r.incomplete);
	CHECK_INT(r.r.route, RT_EXIT);	/* the rest is still assigned */

	/* after the vector (and its slack): not part of this interrupt */
	rec_init(&r, "lr-line");
	ev(&r, TS_QUEUED, 1100, 0, 0);
	ev(&r, TS_EXIT_TARGET, 5030, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 5100, 0, 0);
	run(&r);
	CHECK(!HAS(&r, MK_EXIT));

	/* repeated raises (the vtimer's level on every host tick): the first */
	rec_init(&r, "vtimer");
	ev(&r, TS_QUEUED, 1200, 0, 0);
	ev(&r, TS_QUEUED, 1300, 0, 0);
	ev(&r, TS_QUEUED, 1300, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1400, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 1500, 0, 0);
	run(&r);
	CHECK_INT(r.r.t[MK_QUEUED], 1200);
	CHECK_INT(r.r.route, RT_EXIT);
	CHECK(!r.r.incomplete);

	/* marks never go back in time: an entry before the exit is passed over */
	rec_init(&r, "lr-line");
	ev(&r, TS_QUEUED, 1100, 0, 0);
	ev(&r, TS_ENTRY, 1200, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1500, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 1900, 0, 0);
	run(&r);
	CHECK_INT(r.r.t[MK_ENTRY], 1900);
}

static void test_sgi(void)
{
	struct rec r;

	rec_init(&r, "sgi");
	r.mc.sender = 0;
	/* the sender's host interrupt and another vCPU's trap are not the SGI */
	ev(&r, TS_EXIT_OTHER, 1050, 0, XC_IRQ);
	ev(&r, TS_EXIT_OTHER, 1060, 2, EC_SYS64);
	ev(&r, TS_EXIT_OTHER, 1100, 0, EC_SYS64);
	ev(&r, TS_EXIT_TARGET, 1900, 1, XC_IRQ);
	ev(&r, TS_ENTRY, 2200, 1, 0);
	run(&r);
	CHECK_INT(r.r.t[MK_TRAP], 1100);
	CHECK_INT(r.r.route, RT_EXIT);
	CHECK_INT(r.r.t[MK_EXIT], 1900);
	CHECK(!r.r.incomplete);

	/* no trap in the window: the rest is found, the interrupt flagged */
	rec_init(&r, "sgi");
	ev(&r, TS_WAKEUP, 1900, 1, 0);
	ev(&r, TS_ENTRY, 2200, 1, 0);
	run(&r);
	CHECK(!HAS(&r, MK_TRAP));
	CHECK(r.r.incomplete);
	CHECK_INT(r.r.route, RT_WAKEUP);
}

/* rec_init for a cell: the row as that cell's vGIC and INTID make it. */
static void rec_init_cell(struct rec *r, struct path_desc *pd, const char *path,
			  const char *vgic, uint64_t intid)
{
	rec_init(r, path);
	path_desc_for_cell(path_desc_of(path), vgic, true, intid, pd);
	r->mc.pd = pd;
}

static void test_sgi_v2(void)
{
	struct path_desc pd;
	struct rec r;

	/* GICv2: the SGI is a GICD_SGIR write, a data abort, not SYS64 */
	rec_init_cell(&r, &pd, "sgi", "v2", 1);
	ev(&r, TS_EXIT_OTHER, 1080, 0, EC_SYS64);	/* not the v2 SGI's class */
	ev(&r, TS_EXIT_OTHER, 1100, 0, EC_DABT_LOW);
	ev(&r, TS_EXIT_TARGET, 1900, 1, XC_IRQ);
	ev(&r, TS_ENTRY, 2200, 1, 0);
	run(&r);
	CHECK(HAS(&r, MK_TRAP));
	CHECK_INT(r.r.t[MK_TRAP], 1100);
	CHECK(!r.r.incomplete);
	/* on v3 the same abort is no SGI */
	rec_init_cell(&r, &pd, "sgi", "v3", 1);
	ev(&r, TS_EXIT_OTHER, 1100, 0, EC_DABT_LOW);
	ev(&r, TS_EXIT_TARGET, 1900, 1, XC_IRQ);
	ev(&r, TS_ENTRY, 2200, 1, 0);
	run(&r);
	CHECK(!HAS(&r, MK_TRAP));
	CHECK(r.r.incomplete);
}

/* vmm-*: the doorbell's abort, bench/'s answer at 1600, then the irqfd's way. */
static void run_answer(struct rec *r, int64_t answer)
{
	struct mark_window w = { .start = 1000, .vector = 5000, .ack = 6000, .answer = answer };

	assign_marks(&r->mc, &w, &r->r);
}

static void test_vmm(void)
{
	struct path_desc pd;
	struct rec r;

	/* SPI, busy: trap, queued after the answer, the target's kick */
	rec_init_cell(&r, &pd, "vmm-mmio", "v3", 64);
	r.mc.sender = 0;
	ev(&r, TS_EXIT_OTHER, 1050, 0, XC_IRQ);		/* the sender's host IRQ: no doorbell */
	ev(&r, TS_EXIT_OTHER, 1100, 0, EC_DABT_LOW);
	ev(&r, TS_QUEUED, 1700, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1900, 1, XC_IRQ);
	ev(&r, TS_ENTRY, 2200, 1, 0);
	run_answer(&r, 1600);
	CHECK_INT(r.r.t[MK_TRAP], 1100);
	CHECK_INT(r.r.t[MK_QUEUED], 1700);
	CHECK_INT(r.r.route, RT_EXIT);
	CHECK_INT(r.r.t[MK_EXIT], 1900);
	CHECK(!r.r.incomplete);

	/* LPI: no queued event; a target exit before the answer is no kick */
	rec_init_cell(&r, &pd, "vmm-ioeventfd", "v3-its", 8192);
	CHECK_INT(pd.queued, NO_EVENT);
	CHECK(pd.no_queued != NULL);
	ev(&r, TS_EXIT_OTHER, 1100, 0, EC_DABT_LOW);
	ev(&r, TS_EXIT_TARGET, 1300, 1, XC_IRQ);	/* a host IRQ while bench/ handled it */
	ev(&r, TS_ENTRY, 1350, 1, 0);
	ev(&r, TS_EXIT_TARGET, 1900, 1, XC_IRQ);
	ev(&r, TS_ENTRY, 2200, 1, 0);
	run_answer(&r, 1600);
	CHECK_INT(r.r.route, RT_EXIT);
	CHECK_INT(r.r.t[MK_EXIT], 1900);
	CHECK_INT(r.r.t[MK_ENTRY], 2200);
	CHECK(!HAS(&r, MK_QUEUED));
	CHECK(!r.r.incomplete);

	/* wfi: the wake-up after the answer */
	rec_init_cell(&r, &pd, "vmm-mmio", "v2", 64);
	CHECK_INT(pd.trap_ec, EC_DABT_LOW);
	ev(&r, TS_EXIT_OTHER, 1100, 0, EC_DABT_LOW);
	ev(&r, TS_QUEUED, 1700, 0, 0);
	ev(&r, TS_WAKEUP, 1800, 1, 0);
	ev(&r, TS_ENTRY, 2000, 1, 0);
	run_answer(&r, 1600);
	CHECK_INT(r.r.route, RT_WAKEUP);
	CHECK_INT(r.r.t[MK_WAKEUP], 1800);
	CHECK(!r.r.incomplete);

	/* no stamps of bench/'s (an old host.tsv): searched after the trap */
	rec_init_cell(&r, &pd, "vmm-mmio", "v3-its", 8192);
	ev(&r, TS_EXIT_OTHER, 1100, 0, EC_DABT_LOW);
	ev(&r, TS_EXIT_TARGET, 1300, 1, XC_IRQ);
	ev(&r, TS_ENTRY, 1350, 1, 0);
	run_answer(&r, INT64_MIN);
	CHECK_INT(r.r.t[MK_EXIT], 1300);
}

static void test_uirq(void)
{
	struct rec r;

	/* soft-vi: the IAR read's MMIO exit, user space, the entry after it */
	rec_init(&r, "soft-vi");
	ev(&r, TS_QUEUED, 1100, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1500, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 1600, 0, 0);
	ev(&r, TS_EXIT_TARGET, 5200, 0, XC_IRQ);	/* not an MMIO exit */
	ev(&r, TS_ENTRY, 5300, 0, 0);
	ev(&r, TS_EXIT_TARGET, 5400, 0, EC_DABT_LOW);
	ev(&r, TS_UEXIT, 5450, 0, 0);
	ev(&r, TS_ENTRY, 5800, 0, 0);
	run(&r);
	CHECK(r.r.has_uirq);
	CHECK_INT(r.r.uirq_ns, 400);
	CHECK(!r.r.incomplete);

	/* the exit to user space missing: no round trip, flagged */
	rec_init(&r, "soft-vi");
	ev(&r, TS_QUEUED, 1100, 0, 0);
	ev(&r, TS_EXIT_TARGET, 1500, 0, XC_IRQ);
	ev(&r, TS_ENTRY, 1600, 0, 0);
	ev(&r, TS_EXIT_TARGET, 5400, 0, EC_DABT_LOW);
	ev(&r, TS_ENTRY, 5800, 0, 0);
	run(&r);
	CHECK(!r.r.has_uirq);
	CHECK(r.r.incomplete);
}

static void test_tables(void)
{
	const struct path_desc *pd = path_desc_of("lr-line");
	uint8_t m[MAX_ROUTE_MARKS];
	size_t n;
	uint32_t mask;

	/* Every catalogue path has its analysis row. */
	for (size_t k = 0; catalogue_at(k); k++)
		CHECKF(path_desc_of(catalogue_at(k)->name) != NULL, "analysis/paths.c has a row for %s",
		       catalogue_at(k)->name);
	CHECK(path_desc_of("nonesuch") == NULL);
	CHECK_INT(path_expected_exits(path_desc_of("soft-vi"), "busy"), 3);
	CHECK_INT(path_expected_exits(path_desc_of("soft-vi"), "wfi"), 2);
	CHECK_INT(path_expected_exits(path_desc_of("sgi"), "wfi"), 1);
	CHECK_INT(path_expected_exits(path_desc_of("v4-direct"), "busy"), 0);
	CHECK_INT(path_expected_exits(path_desc_of("vtimer"), "idle"), -1);
	CHECK_INT(path_nominal_route(path_desc_of("v4-direct"), "busy"), RT_DIRECT);
	CHECK_INT(path_nominal_route(pd, "wfi"), RT_WAKEUP);

	n = route_marks(pd, RT_EXIT, m);
	CHECK_INT(n, 7);
	CHECK_INT(m[1], MK_QUEUED);
	CHECK_INT(m[2], MK_EXIT);
	CHECK_INT(m[6], MK_EOI);
	mask = route_stage_mask(pd, RT_EXIT);
	CHECK(mask & 1u << ST_INJECT_TO_QUEUED);
	CHECK(mask & 1u << ST_QUEUED_TO_EXIT);
	CHECK(mask & 1u << ST_ENTRY_TO_VECTOR);
	CHECK(!(mask & 1u << ST_INJECT_TO_VECTOR));	/* not neighbours on this route */
	CHECK(!(mask & 1u << ST_UIRQ_ROUND_TRIP));
	/* an unknown route leaves a gap: nothing spans it */
	mask = route_stage_mask(pd, RT_INCOMPLETE);
	CHECK(mask & 1u << ST_INJECT_TO_QUEUED);
	CHECK(!(mask & 1u << ST_ENTRY_TO_VECTOR));
	mask = route_stage_mask(path_desc_of("v4-direct"), RT_DIRECT);
	CHECK(mask & 1u << ST_INJECT_TO_VECTOR);
	mask = route_stage_mask(path_desc_of("sgi"), RT_WAKEUP);
	CHECK(mask & 1u << ST_TRAP_TO_WAKEUP);
	CHECK(route_stage_mask(path_desc_of("soft-vi"), RT_EXIT) & 1u << ST_UIRQ_ROUND_TRIP);

	/* vmm-*: trap, handler, answer, then the SPI's queued or the LPI's kick */
	{
		struct path_desc lpi;

		n = route_marks(path_desc_of("vmm-mmio"), RT_EXIT, m);
		CHECK_INT(n, 10);
		CHECK_INT(m[1], MK_TRAP);
		CHECK_INT(m[2], MK_HANDLER);
		CHECK_INT(m[3], MK_ANSWER);
		CHECK_INT(m[4], MK_QUEUED);
		CHECK_INT(m[5], MK_EXIT);
		mask = route_stage_mask(path_desc_of("vmm-mmio"), RT_EXIT);
		CHECK(mask & 1u << ST_INJECT_TO_TRAP);
		CHECK(mask & 1u << ST_TRAP_TO_HANDLER);
		CHECK(mask & 1u << ST_HANDLER_TO_ANSWER);
		CHECK(mask & 1u << ST_ANSWER_TO_QUEUED);
		CHECK(mask & 1u << ST_QUEUED_TO_EXIT);
		CHECK(!(mask & 1u << ST_TRAP_TO_EXIT));
		path_desc_for_cell(path_desc_of("vmm-ioeventfd"), "v3-its", true, 8192, &lpi);
		mask = route_stage_mask(&lpi, RT_WAKEUP);
		CHECK(mask & 1u << ST_ANSWER_TO_WAKEUP);
		CHECK(!(mask & 1u << ST_ANSWER_TO_QUEUED));
		CHECK(route_stage_mask(&lpi, RT_EXIT) & 1u << ST_ANSWER_TO_EXIT);
		CHECK(route_stage_mask(&lpi, RT_OUTSIDE) & 1u << ST_ANSWER_TO_ENTRY);
		/* no trace: bench/'s own stage stands alone */
		CHECK(route_stage_mask(&lpi, RT_NONE) & 1u << ST_HANDLER_TO_ANSWER);
		/* the SPI's row keeps its queued event; only an LPI loses it */
		path_desc_for_cell(path_desc_of("vmm-ioeventfd"), "v3", true, 64, &lpi);
		CHECK_INT(lpi.queued, EV_VGIC_PENDING);
		/* sgi's trap is SYS64 on a vGICv3 (or an unknown vGIC), DABT_LOW on v2 */
		path_desc_for_cell(path_desc_of("sgi"), NULL, true, 1, &lpi);
		CHECK_INT(lpi.trap_ec, EC_SYS64);
		path_desc_for_cell(path_desc_of("sgi"), "v2", true, 1, &lpi);
		CHECK_INT(lpi.trap_ec, EC_DABT_LOW);
		CHECK_INT(path_expected_exits(path_desc_of("vmm-mmio"), "busy"), 2);
		CHECK_INT(path_expected_exits(path_desc_of("vmm-ioeventfd"), "wfi"), 1);
	}

	CHECK_INT(stage_between(MK_WAKEUP, MK_ENTRY), ST_WAKEUP_TO_ENTRY);
	CHECK_INT(stage_between(MK_START, MK_EOI), ST_NR);	/* total is not a step */
	CHECK_INT(stage_domain(ST_QUEUED_TO_EXIT, false), DOM_TRACE);
	CHECK_INT(stage_domain(ST_INJECT_TO_QUEUED, false), DOM_CROSS);
	CHECK_INT(stage_domain(ST_ENTRY_TO_VECTOR, true), DOM_CROSS);
	CHECK_INT(stage_domain(ST_TOTAL, false), DOM_COUNTER);
	CHECK_INT(stage_domain(ST_TOTAL, true), DOM_GUEST);
	CHECK_INT(stage_domain(ST_UIRQ_ROUND_TRIP, false), DOM_TRACE);
	CHECK_INT(stage_domain(ST_HANDLER_TO_ANSWER, true), DOM_HOST);
	CHECK_INT(stage_domain(ST_HANDLER_TO_ANSWER, false), DOM_HOST);
	CHECK_INT(stage_domain(ST_TRAP_TO_HANDLER, true), DOM_CROSS);
	CHECK_INT(stage_domain(ST_ANSWER_TO_QUEUED, true), DOM_CROSS);
	CHECK_INT(stage_between(MK_ANSWER, MK_WAKEUP), ST_ANSWER_TO_WAKEUP);
	CHECK_STR(stage_names[ST_ANSWER_TO_ENTRY], "answer_to_entry");
	CHECK_STR(mark_names[MK_HANDLER], "handler");
	CHECK_STR(stage_names[ST_TRAP_TO_WAKEUP], "trap_to_wakeup");

	CHECK_INT(exit_class(0, 0x24), XC_IRQ);
	CHECK_INT(exit_class(2, 0x24), EC_DABT_LOW);
	CHECK_INT(exit_class(7, 0), XC_OTHER);
	{
		char b[16];

		CHECK_STR(exit_class_name(EC_SYS64, b, sizeof(b)), "SYS64");
		CHECK_STR(exit_class_name(0x2b, b, sizeof(b)), "EC_0x2b");
	}
}

void test_marks(void)
{
	test_routes();
	test_window_edges();
	test_sgi();
	test_sgi_v2();
	test_vmm();
	test_uirq();
	test_tables();
}
