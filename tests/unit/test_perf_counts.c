// SPDX-License-Identifier: GPL-2.0
/*
 * perf's recount (analysis/perf_counts.c): perf.tsv read, summed over the
 * threads, compared event by event: agree, disagree, an edge not placed,
 * perf off, no file at all, and input that is not a perf.tsv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fixture.h"
#include "json.h"
#include "perf_counts.h"
#include "summary.h"
#include "test.h"
#include "util.h"

#define HEAD "# tid\tevent\tperf\trows\tfiltered\tseen\texact\n" \
	     "# host_cycles=on\n" \
	     "# host_instr=off: instructions: no PMU with this event\n"
#define XC_HEAD "# tid\tclass\texits\tcycles\tcycles_min\tcycles_max\tinstr\tns\n"

/* Two threads: the injector (irq_line, all of them left out) and a vCPU. */
static const char agree_tsv[] = HEAD
	"109\tirq_line\t60\t0\t60\t60\t1\n"
	"109\tvgic_pending\t60\t60\t0\t60\t1\n"
	"110\texit\t60\t60\t0\t60\t1\n"
	"110\tentry\t60\t60\t0\t60\t1\n"
	"110\ttimer_irq\t4\t2\t2\t4\t1\n"
	"110\tvgic_pending\t4\t2\t2\t4\t1\n"
	XC_HEAD
	"110\tIRQ\t50\t5000000\t90000\t110000\t0\t5100000\n"
	"110\tHVC64\t10\t3000000\t290000\t310000\t0\t3000000\n";

static char *json_of(const struct perf_counts *pc, const struct pct *per_irq)
{
	struct json j;
	char *text;
	size_t n;
	FILE *f = open_memstream(&text, &n);

	json_init(&j, f);
	json_begin_object(&j);
	perf_counts_json(&j, pc, per_irq);
	json_end_object(&j);
	fclose(f);
	return text;
}

static char *load_json(const struct perf_counts *pc)
{
	return json_of(pc, NULL);
}

/* A recount with cycles on, and the cell's per-interrupt figures. */
static char *host_cycles_json_of(const struct pct *per_irq)
{
	struct perf_counts pc = { .state = PERF_ON, .exact = true };
	char *r;

	pc.host_cycles = xstrdup("on");
	r = json_of(&pc, per_irq);
	perf_counts_free(&pc);
	return r;
}

static char *load_json(const struct perf_counts *pc);
static char *host_cycles_json_of(const struct pct *per_irq);

/* The kick's entry carries the host's cycles since its exit (virqtrace.bpf.c): seq 0's, per interrupt. */
static void per_interrupt_cycles(void)
{
	char *trace = fix_replace(fix_trace, "entry\t0x40001004\t0\t0", "entry\t0x40001004\t93901\t0");
	struct fix_loaded l;
	struct cell_summary cs;
	char *json;

	fix_load(&l, "perf-cycles", FIX_CELL, fix_cell_kv, fix_host, fix_guest, trace);
	CHECK_INT(l.ret, 0);
	CHECK_INT(l.j.nr_host_cycles[0], 1);	/* seq 0, kicked: route exit */
	CHECK_INT(l.j.nr_host_cycles[1], 0);
	if (l.j.nr_host_cycles[0])
		CHECK_INT(l.j.host_cycles[0][0], 93901);
	summarize_cell(&cs, &l.j);
	CHECK_INT(cs.host_cycles[0].n, 1);
	CHECK_INT(cs.host_cycles[0].p50, 93901);
	json = host_cycles_json_of(cs.host_cycles);
	CHECK_HAS(json, "\"kick\": {");
	CHECK_HAS(json, "\"count\": 1,");
	CHECK_HAS(json, "\"min\": 93901,");
	CHECK_HAS(json, "\"p50\": null,");	/* one interrupt supports no percentile (stats.h) */
	CHECK_HAS(json, "\"max\": 93901,");
	CHECK_HAS(json, "\"wakeup\": null");
	free(json);
	cell_summary_free(&cs);
	fix_unload(&l);
	free(trace);

	/* Without counters the entry says 0: nothing, not a zero-cycle kick. */
	fix_load(&l, "perf-nocycles", FIX_CELL, fix_cell_kv, fix_host, fix_guest, fix_trace);
	CHECK_INT(l.j.nr_host_cycles[0], 0);
	fix_unload(&l);
}

void test_perf_counts(void)
{
	per_interrupt_cycles();
	char *dir = t_dir("perf-agree"), *json, buf[256];
	struct perf_counts pc;

	t_write(dir, "perf.tsv", agree_tsv);
	CHECK_INT(perf_counts_load(&pc, dir), 0);
	CHECK_INT(pc.state, PERF_ON);
	CHECK(pc.agree && pc.exact);
	CHECK_INT(pc.threads, 2);
	CHECK_INT(pc.ev[VQT_EV_IRQ_LINE].bpf, 60);	/* every one left out by design, counted */
	CHECK_INT(pc.ev[VQT_EV_VGIC_PENDING].perf, 64);	/* both threads */
	CHECK_INT(pc.ev[VQT_EV_VGIC_PENDING].bpf, 64);
	CHECK(!pc.ev[VQT_EV_MMIO].counted);
	CHECK_INT(pc.nr_xc, 2);
	json = load_json(&pc);
	CHECK_HAS(json, "\"status\": \"on\"");
	CHECK_HAS(json, "\"agree\": true");
	CHECK_HAS(json, "\"event\": \"exit\",\n        \"perf\": 60,\n        \"bpf\": 60,\n"
			"        \"bpf_rows\": 60,\n        \"bpf_filtered\": 0,\n        \"bpf_seen\": 60,\n"
			"        \"agree\": true");
	CHECK_HAS(json, "\"class\": \"IRQ\",\n        \"exits\": 50,\n        \"ns_mean\": 102000,\n"
			"        \"host_cycles_mean\": 100000,\n        \"host_cycles_min\": 90000,\n"
			"        \"host_cycles_max\": 110000,\n        \"host_instr_mean\": null");
	CHECK_LACKS(json, "\"mmio\"");
	free(json);
	perf_counts_free(&pc);

	/* One exit perf counted and the trace has no row of (a lost record). */
	dir = t_dir("perf-differ");
	t_write(dir, "perf.tsv", HEAD "110\texit\t60\t59\t0\t60\t1\n110\tentry\t60\t60\t0\t60\t1\n");
	CHECK_INT(perf_counts_load(&pc, dir), 0);
	CHECK(!pc.agree);
	CHECK_INT(pc.disagree, 1);
	CHECK(!pc.ev[VQT_EV_EXIT].agree && pc.ev[VQT_EV_ENTRY].agree);
	perf_counts_disagreement(&pc, buf, sizeof(buf));
	CHECK_STR(buf, "exit: perf 60, bpf 59");
	json = load_json(&pc);
	CHECK_HAS(json, "\"agree\": false");
	free(json);
	perf_counts_free(&pc);

	/* Equal numbers, but one edge not placed among the rows: not proven. */
	dir = t_dir("perf-inexact");
	t_write(dir, "perf.tsv", HEAD "110\texit\t60\t60\t0\t60\t0\n");
	CHECK_INT(perf_counts_load(&pc, dir), 0);
	CHECK(!pc.agree && !pc.exact && !pc.disagree);
	perf_counts_disagreement(&pc, buf, sizeof(buf));
	CHECK_HAS(buf, "could not be placed");
	perf_counts_free(&pc);

	/* perf could not count: named, no verdict either way. */
	dir = t_dir("perf-off");
	t_write(dir, "perf.tsv", "# tid\tevent\tperf\trows\tfiltered\tseen\texact\n"
		"# perf_error=kvm tracepoint counters: perf_event_open: Permission denied: perf_event_paranoid too strict\n");
	CHECK_INT(perf_counts_load(&pc, dir), 0);
	CHECK_INT(pc.state, PERF_OFF);
	CHECK(!pc.agree);
	CHECK_HAS(pc.why, "perf_event_paranoid too strict");
	json = load_json(&pc);
	CHECK_HAS(json, "\"status\": \"off\"");
	CHECK_HAS(json, "\"agree\": null");
	free(json);
	perf_counts_free(&pc);

	/* No perf.tsv (a tracer before the recount): absent, no error. */
	CHECK_INT(perf_counts_load(&pc, t_dir("perf-absent")), 0);
	CHECK_INT(pc.state, PERF_ABSENT);
	perf_counts_free(&pc);

	/* Not a perf.tsv: one message naming file, line and field. */
	dir = t_dir("perf-bad");
	t_write(dir, "perf.tsv", HEAD "110\texit\tmany\t59\t0\t60\t1\n");
	CHECK_INT(perf_counts_load(&pc, dir), -1);
	CHECK_HAS(diag_last(), "perf.tsv:4: field 3 (perf)");
	perf_counts_free(&pc);
	t_write(dir, "perf.tsv", HEAD "110\tnosuch\t1\t1\t0\t1\t1\n");
	CHECK_INT(perf_counts_load(&pc, dir), -1);
	CHECK_HAS(diag_last(), "trace_events.h");
	perf_counts_free(&pc);
	t_write(dir, "perf.tsv", "# ts_ns\ttid\n");
	CHECK_INT(perf_counts_load(&pc, dir), -1);
	perf_counts_free(&pc);
}
