// SPDX-License-Identifier: GPL-2.0
/*
 * The resolution rules (resolution.c) and a -cycles cell's guest cycle
 * figures (cycles.c) on the fixture's cell: cntfrq 100 MHz (10 ns a tick),
 * the guest's cycle counter at 2 GHz (0.5 ns a cycle).
 */
#include <stdlib.h>
#include <string.h>

#include "cycles.h"
#include "fixture.h"
#include "resolution.h"
#include "summary.h"
#include "test.h"

static void test_rules(void)
{
	struct resolution r;
	char buf[96];

	/* 62.5 MHz, the lab's: a tick is 16 ns. 48 ns is 3 ticks: below. */
	resolution_of(&r, 48, 62500000);
	CHECK(r.known);
	CHECK(r.period_ns > 15.999 && r.period_ns < 16.001);
	CHECK_INT(r.p50_ticks, 3);
	CHECK(r.below);
	CHECK_STR(resolution_text(&r, "ticks", buf, sizeof(buf)), "below resolution (3 ticks)");
	/* RES_MIN_TICKS itself is enough. */
	resolution_of(&r, 64, 62500000);
	CHECK_INT(r.p50_ticks, RES_MIN_TICKS);
	CHECK(!r.below);
	CHECK_STR(resolution_text(&r, "ticks", buf, sizeof(buf)), "");
	/* ns are rounded to the nearest tick: 56 ns is 3.5, so 4. */
	resolution_of(&r, 56, 62500000);
	CHECK_INT(r.p50_ticks, 4);
	CHECK(!r.below);
	resolution_of(&r, 55, 62500000);
	CHECK_INT(r.p50_ticks, 3);
	CHECK(r.below);
	/* Nothing, and a negative median (clocks that disagree), by their size. */
	resolution_of(&r, 0, 62500000);
	CHECK(r.below);
	resolution_of(&r, -48, 62500000);
	CHECK_INT(r.p50_ticks, -3);
	CHECK(r.below);
	resolution_of(&r, -1000, 62500000);
	CHECK(!r.below);
	/* Unknown rate: nothing judged, no text. */
	resolution_of(&r, 1, 0);
	CHECK(!r.known);
	CHECK(!r.below);
	CHECK_STR(resolution_text(&r, "ticks", buf, sizeof(buf)), "");
	/* A 1 GHz counter, in its own periods. */
	resolution_of_ticks(&r, 3, 1000000000);
	CHECK(r.below);
	CHECK(r.period_ns > 0.999 && r.period_ns < 1.001);
	CHECK_STR(resolution_text(&r, "cycles", buf, sizeof(buf)), "below resolution (3 cycles)");
	/* Huge values do not overflow: 1 s at 25 GHz. */
	resolution_of(&r, 1000000000, 25000000000ull);
	CHECK_INT(r.p50_ticks, 25000000000ll);
}

/*
 * The fixture's measured samples are seq 0, 3 (its second row) and 4;
 * each gets cycle stamps. vector_to_ack: 100, 200, 300 cycles; ack_to_eoi:
 * 3, 10, 2 (a median of 3 cycles: below resolution).
 */
static const char cycles_guest[] =
	"# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\tt_trigger\tc_vector\tc_ack\tc_eoi\n"
	"0\t0\t40\t109050\t109060\t109065\t0\t1000\t1100\t1103\n"
	"3\t0\t40\t138990\t139000\t139005\t0\t1500\t1600\t1601\n"
	"3\t0\t40\t139040\t139050\t139055\t0\t2000\t2200\t2210\n"
	"4\t0\t40\t149030\t149040\t149042\t0\t3000\t3300\t3302\n"
	"99\t0\t40\t1\t2\t3\t0\t1\t2\t3\n";

static void summarize(struct fix_loaded *l, struct cell_summary *cs, const char *tag,
		      const char *kv_extra, const char *guest)
{
	char *kv = malloc(strlen(fix_cell_kv) + strlen(kv_extra) + 1);

	strcpy(kv, fix_cell_kv);
	strcat(kv, kv_extra);
	fix_load(l, tag, FIX_CELL, kv, fix_host, guest, fix_trace);
	free(kv);
	CHECK_INT(l->ret, 0);
	memset(cs, 0, sizeof(*cs));
	if (!l->ret)
		summarize_cell(cs, &l->j);
}

static bool has_note(const struct cell_summary *cs, const char *needle)
{
	for (size_t i = 0; i < cs->nr_notes; i++)
		if (strstr(cs->notes[i], needle))
			return true;
	return false;
}

static void test_cycle_cell(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	const struct cycle_summary *cy = &cs.cyc;

	summarize(&l, &cs, "cycles-on", "guest_cycles=on\nguest_cycle_hz=2000000000\n", cycles_guest);
	CHECK(cy->requested);
	CHECK(cy->on);
	CHECK_INT(cy->hz, 2000000000);
	CHECK_INT(cy->rows, 3);
	CHECK_INT(cy->not_monotonic, 0);
	CHECK_INT(cy->cyc[CY_VECTOR_TO_ACK].min, 100);
	CHECK_INT(cy->cyc[CY_VECTOR_TO_ACK].p50, 200);	/* nearest rank 2 of 3 */
	CHECK_INT(cy->cyc[CY_VECTOR_TO_ACK].max, 300);
	CHECK_INT(cy->ns[CY_VECTOR_TO_ACK].p50, 100);	/* 200 cycles at 2 GHz */
	CHECK_INT(cy->ns[CY_VECTOR_TO_ACK].max, 150);
	CHECK(!cy->res[CY_VECTOR_TO_ACK].below);
	CHECK_INT(cy->cyc[CY_ACK_TO_EOI].p50, 3);
	CHECK(cy->res[CY_ACK_TO_EOI].below);
	/* lr-line busy: 1 exit, and the two trapped stamps inside the window. */
	CHECK_INT(cs.exits_expected, 1 + CYCLE_STAMP_EXITS);
	CHECK(has_note(&cs, "PMCCNTR_EL0 read that traps"));
	/* The CNTVCT stages: ack_to_eoi of seq 4 is 2 ticks; the median (5, 5, 2) is 5: resolved. */
	CHECK(cs.st[ST_ACK_TO_EOI].res.known);
	CHECK(!cs.st[ST_ACK_TO_EOI].res.below);
	CHECK_INT(cs.st[ST_ACK_TO_EOI].res.p50_ticks, 5);
	cell_summary_free(&cs);
	fix_unload(&l);

	/* A counter that goes back (here seq 4's c_vector behind seq 3's c_eoi) is caught. */
	{
		char *g = fix_replace(cycles_guest, "\t3000\t3300\t3302", "\t2100\t3300\t3302");

		summarize(&l, &cs, "cycles-back", "guest_cycles=on\nguest_cycle_hz=2000000000\n", g);
		CHECK_INT(cy->not_monotonic, 1);
		CHECK_INT(cy->first_bad_seq, 4);
		CHECK(has_note(&cs, "1 samples not monotonic (first seq 4)"));
		cell_summary_free(&cs);
		fix_unload(&l);
		free(g);
	}

	/* No vPMU: the cell says why, its model and its stages are the plain ones. */
	summarize(&l, &cs, "cycles-off",
		  "guest_cycles=off\nguest_cycles_why=no vPMU: KVM lacks KVM_CAP_ARM_PMU_V3\n", fix_guest);
	CHECK(cy->requested);
	CHECK(!cy->on);
	CHECK_STR(cy->why, "no vPMU: KVM lacks KVM_CAP_ARM_PMU_V3");
	CHECK_INT(cs.exits_expected, 1);
	CHECK(has_note(&cs, "not stamped: no vPMU: KVM lacks KVM_CAP_ARM_PMU_V3"));
	CHECK_INT(cs.st[ST_TOTAL].p.n, 3);
	cell_summary_free(&cs);
	fix_unload(&l);

	/* on, but no calibration: said, not guessed. */
	summarize(&l, &cs, "cycles-nohz", "guest_cycles=on\n", cycles_guest);
	CHECK(!cy->on);
	CHECK_HAS(cy->why, "without a guest_cycle_hz");
	cell_summary_free(&cs);
	fix_unload(&l);

	/* A plain cell: nothing asked, nothing said. */
	summarize(&l, &cs, "cycles-none", "", fix_guest);
	CHECK(!cy->requested);
	CHECK(!has_note(&cs, "cycle"));
	cell_summary_free(&cs);
	fix_unload(&l);
}

/* A CNTVCT stage below RES_MIN_TICKS: flagged, and its percentiles withheld in summary.csv. */
static void test_stage_below(void)
{
	struct fix_loaded l;
	struct cell_summary cs;
	char *g = fix_replace(fix_guest, "0\t0\t40\t109050\t109060\t109065",
			      "0\t0\t40\t109050\t109060\t109062");

	g = fix_replace(g, "3\t0\t40\t139040\t139050\t139055", "3\t0\t40\t139040\t139050\t139053");
	summarize(&l, &cs, "stage-below", "", g);
	/* ack_to_eoi: 2, 3, 5 ticks: median 3, below 4. */
	CHECK(cs.st[ST_ACK_TO_EOI].res.below);
	CHECK_INT(cs.st[ST_ACK_TO_EOI].res.p50_ticks, 3);
	CHECK(!cs.st[ST_VECTOR_TO_ACK].res.below);
	CHECK(has_note(&cs, "ack_to_eoi: below resolution (3 ticks), a tick is 10.0 ns"));
	cell_summary_free(&cs);
	fix_unload(&l);
	free(g);
}

void test_cycles(void)
{
	test_rules();
	test_cycle_cell();
	test_stage_below();
}
