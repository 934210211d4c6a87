// SPDX-License-Identifier: GPL-2.0
/* analyze() end to end: a synthetic raw run in, the results directory out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyze.h"
#include "diag.h"
#include "fixture.h"
#include "join.h"
#include "raw_run.h"
#include "summary.h"
#include "test.h"
#include "write_results.h"

#define WFI_CELL "v3-vhe-lr-line-wfi"
#define SKIP_CELL "v3-vhe-v4-direct-busy"

static int run(const char *raw, const char *out, const char *gnuplot)
{
	char *argv[] = { "virqbench-analyze", (char *)raw, (char *)out, NULL };
	struct analyze_opts o = {
		.raw_dir = raw, .out_dir = out, .quiet = true,
		.gnuplot = gnuplot, .argc = 3, .argv = argv,
		.hist_width_ns = 10,	/* --hist-bucket-us 0.01: the fixture's ns-scale stages */
	};

	return analyze(&o);
}

/* Two cells: the fixture's, and a WFI one without cntvoff or trace. */
static char *make_raw(const char *tag)
{
	char *raw = t_dir(tag), *kv, *kv2;

	fix_write_run(raw, fix_run_kv);
	t_write(raw, "lab.kv", "qemu_version=7.2.0\nmachine=virt,virtualization=on,gic-version=3\ncpu=max\n");
	fix_write_cell(raw, FIX_CELL, fix_cell_kv, fix_host, fix_guest, fix_trace);
	kv = fix_replace(fix_cell_kv, "cntvoff=1000\ncntvoff_err=2\ncntvoff_ok=1\n", "cntvoff_ok=0\n");
	kv2 = fix_replace(kv, "trace=on", "trace=off");
	free(kv);
	kv = fix_replace(kv2, "state=busy", "state=wfi\nvgic=v2\ncontended=1");
	fix_write_cell(raw, WFI_CELL, kv, fix_host, fix_guest, NULL);
	free(kv);
	free(kv2);
	/* a cell bench/ could not run: cell.kv alone */
	fix_write_cell(raw, SKIP_CELL,
		       "gic=v3\nvgic=v3\nhyp=vhe\npath=v4-direct\nstate=busy\ncount_requested=6\n"
		       "target_vcpu=0\ncntfrq=100000000\ncount_injected=0\ntrace=off\n"
		       "status=skipped\nskip_reason=needs a GICv4 host\n",
		       NULL, NULL, NULL);
	return raw;
}

static bool have_gnuplot(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

static void check_results(const char *out)
{
	char *s;

	s = t_read(out, "summary.csv");
	CHECK(s != NULL);
	CHECK_STR(t_line(s, 1), "gic,hyp,path,state,stage,count,lost,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,exits_p50,trace_lost,mean_ns,cell,vgic,exits_to_ack_p50,exits_expected,exits_caused_p50,host_irq_exits_mean,kernel,resolution_ns,resolution_note,cycle_hz,cycles_min,cycles_p50,cycles_p90,cycles_p99,cycles_max,cycles_p50_ns,cycles_p99_ns,cycles_note,suite_in_window,suite_in_window_pct");
	CHECK_INT(t_count_lines(s), 13);
	CHECK_STR(t_line(s, 2), "v3,vhe,lr-line,busy,inject_to_vector,3,2,300,,,,,500,2,3,400.0,v3-vhe-lr-line-busy,,2,1,1,1.333,6.12.95+deb12-arm64,10.000,,,,,,,,,,,,");
	CHECK_STR(t_line(s, 3), "v3,vhe,lr-line,busy,vector_to_ack,3,2,100,,,,,100,2,3,100.0,v3-vhe-lr-line-busy,,2,1,1,1.333,6.12.95+deb12-arm64,10.000,,,,,,,,,,,,");
	CHECK_STR(t_line(s, 4), "v3,vhe,lr-line,busy,ack_to_eoi,3,2,50,,,,,50,2,3,50.0,v3-vhe-lr-line-busy,,2,1,1,1.333,6.12.95+deb12-arm64,10.000,,,,,,,,,,,,");
	CHECK_STR(t_line(s, 5), "v3,vhe,lr-line,busy,total,3,2,450,,,,,650,2,3,550.0,v3-vhe-lr-line-busy,,2,1,1,1.333,6.12.95+deb12-arm64,10.000,,,,,,,,,,,,");
	/* the trace stages of lr-line's route, each counting the interrupts that have it */
	CHECK_STR(t_line(s, 6), "v3,vhe,lr-line,busy,inject_to_queued,1,2,30,,,,,30,2,3,30.0,v3-vhe-lr-line-busy,,2,1,1,1.333,6.12.95+deb12-arm64,10.000,below resolution (3 ticks),,,,,,,,,,,");
	CHECK_STR(t_line(s, 7), "v3,vhe,lr-line,busy,queued_to_exit,1,2,70,,,,,70,2,3,70.0,v3-vhe-lr-line-busy,,2,1,1,1.333,6.12.95+deb12-arm64,10.000,,,,,,,,,,,,");
	CHECK_STR(t_line(s, 8), "v3,vhe,lr-line,busy,exit_to_entry,1,2,10,,,,,10,2,3,10.0,v3-vhe-lr-line-busy,,2,1,1,1.333,6.12.95+deb12-arm64,10.000,below resolution (1 ticks),,,,,,,,,,,");
	CHECK_STR(t_line(s, 9), "v3,vhe,lr-line,busy,entry_to_vector,1,2,390,,,,,390,2,3,390.0,v3-vhe-lr-line-busy,,2,1,1,1.333,6.12.95+deb12-arm64,10.000,,,,,,,,,,,,");
	/* no cntvoff: cross-domain stages empty, never 0; no trace: no exits, no trace stages */
	CHECK_STR(t_line(s, 10), "v3,vhe,lr-line,wfi,inject_to_vector,,2,,,,,,,,,,v3-vhe-lr-line-wfi,v2,,0,,,6.12.95+deb12-arm64,,,,,,,,,,,,,");
	CHECK_STR(t_line(s, 11), "v3,vhe,lr-line,wfi,vector_to_ack,3,2,100,,,,,100,,,100.0,v3-vhe-lr-line-wfi,v2,,0,,,6.12.95+deb12-arm64,10.000,,,,,,,,,,,,");
	CHECK_STR(t_line(s, 13), "v3,vhe,lr-line,wfi,total,,2,,,,,,,,,,v3-vhe-lr-line-wfi,v2,,0,,,6.12.95+deb12-arm64,,,,,,,,,,,,,");
	free(s);

	/* the breakdown adds up: seq 0 alone has every mark of the route */
	s = t_read(out, "breakdown.csv");
	CHECK(s != NULL);
	CHECK_INT(t_count_lines(s), 7);
	CHECK_STR(t_line(s, 1), "gic,hyp,path,state,order,stage,ns,cum_ns,total_p50_ns,count,route,cell,vgic");
	CHECK_STR(t_line(s, 2), "v3,vhe,lr-line,busy,1,inject_to_queued,30,30,650,1,exit,v3-vhe-lr-line-busy,");
	CHECK_STR(t_line(s, 5), "v3,vhe,lr-line,busy,4,entry_to_vector,390,500,650,1,exit,v3-vhe-lr-line-busy,");
	CHECK_STR(t_line(s, 7), "v3,vhe,lr-line,busy,6,ack_to_eoi,50,650,650,1,exit,v3-vhe-lr-line-busy,");
	free(s);

	/* every injected seq has its row */
	s = t_read(out, FIX_CELL ".samples.tsv");
	CHECK(s != NULL);
	CHECK_INT(t_count_lines(s), 4 + 6);
	CHECK_STR(t_line(s, 4), "# seq\tt_inject\tt_seen\tt_trigger\tt_vector\tt_ack\tt_eoi\tinject_to_vector_ns\tvector_to_ack_ns\tack_to_eoi_ns\ttotal_ns\texits\tflags\texits_to_ack\troute\tinject_to_queued_ns\tqueued_to_exit_ns\texit_to_entry_ns\tentry_to_vector_ns");
	CHECK_STR(t_line(s, 5), "0\t110000\t110100\t-\t110050\t110060\t110065\t500\t100\t50\t650\t2\tok\t1\texit\t30\t70\t10\t390");
	CHECK_STR(t_line(s, 6), "1\t120000\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\ttimeout,no_guest_sample\t-\t-\t-\t-\t-\t-");
	CHECK_STR(t_line(s, 8), "3\t140000\t140100\t-\t140040\t140050\t140055\t400\t100\t50\t550\t2\tseq_mismatch,trace_incomplete\t2\texit\t-\t-\t-\t-");
	CHECK_STR(t_line(s, 10), "5\t160000\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\tinject_error\t-\t-\t-\t-\t-\t-");
	free(s);
	s = t_read(out, WFI_CELL ".samples.tsv");
	CHECK_STR(t_line(s, 4), "0\t110000\t110100\t-\t-\t-\t-\t-\t100\t50\t-\t-\tok,no_trace\t-\t-");
	free(s);

	s = t_read(out, "meta.json");
	CHECK(s != NULL);
	CHECK_HAS(s, "{\n  \"format_version\": 1,");
	CHECK_HAS(s, "\"hist_bucket_ns\": 10,");
	CHECK_HAS(s, "\"provenance\": {");
	/* A lab run brings its clock tolerance (lab.kv; 500 when it does not say). */
	CHECK_HAS(s, "\"calib_tolerance_ns\": 500,\n  \"run\"");
	CHECK_HAS(s, "\"kernel_cmdline\": \"console=ttyAMA0 rdinit=/init quote=\\\"x\\\" back=\\\\y tab=\\there\"");
	CHECK_HAS(s, "\"command\": \"virqbench-bench --paths 'lr-line' --count \\\"6\\\"\"");
	CHECK_HAS(s, "\"cntfrq_hz\": 100000000,\n    \"resolution_ns\": 10,");
	CHECK_HAS(s, "\"interrupted\": false");
	CHECK_HAS(s, "\"halt_poll_ns\": 200000");
	CHECK_HAS(s, "\"cpufreq_governor\": \"performance\"");	/* keys this reader does not know */
	CHECK_HAS(s, "\"lab\": {\n    \"qemu_version\": \"7.2.0\"");
	CHECK_HAS(s, "\"ns_per_tick\": 5,");
	CHECK_HAS(s, "\"cntvoff\": 1000,");
	CHECK_HAS(s, "\"cntvoff\": null,");
	/* the busy cell ran alone on its CPU, the wfi one beside a spinner */
	CHECK_HAS(s, "\"guest_originated\": false,\n      \"contended\": false,");
	CHECK_HAS(s, "\"guest_originated\": false,\n      \"contended\": true,");
	free(s);

	s = t_read(out, "summary.json");
	CHECK(s != NULL);
	/* The schema's version, and the run's one histogram width. */
	CHECK_HAS(s, "{\n  \"format_version\": 1,\n  \"format\": \"doc/results-format.md\",");
	CHECK_HAS(s, "\"hist_bucket_ns\": 10,");
	CHECK_HAS(s, "\"histogram\": {\n        \"bucket_ns\": 10,");
	CHECK_HAS(s, "\"underflow\": 0,\n            \"overflow\": 0,\n            \"counts\": [");
	CHECK_HAS(s, "\"p50_ci_ns\": null");	/* 3 samples: no interval */
	CHECK_HAS(s, "\"name\": \"" SKIP_CELL "\",");
	CHECK_HAS(s, "\"skip_reason\": \"needs a GICv4 host\"");
	CHECK_HAS(s, "skipped, nothing measured: needs a GICv4 host");
	CHECK(!t_read(out, SKIP_CELL ".samples.tsv"));
	CHECK_HAS(s, "\"percentile_method\": \"nearest-rank");
	CHECK_HAS(s, "\"requested\": 7,");
	CHECK_HAS(s, "\"injected\": 5,");
	CHECK_HAS(s, "\"received\": 3,");
	CHECK_HAS(s, "\"lost\": 2,");
	CHECK_HAS(s, "\"spurious\": 1,");
	CHECK_HAS(s, "\"trace_events\": 17,");
	CHECK_HAS(s, "\"trace_lost\": 3");
	CHECK_HAS(s, "\"status\": \"complete\"");
	CHECK_HAS(s, "\"status\": \"off\"");
	CHECK_HAS(s, "\"mean_ns\": 550,\n");
	CHECK_HAS(s, "\"inject_to_vector\": {\n          \"available\": false,\n          \"reason\": \"cntvoff not established\",");
	/* 2 exits, one the kick and one a host interrupt: what it caused matches */
	CHECK_HAS(s, "\"exits_p50\": 2,\n      \"exits_expected\": 1,\n      \"exits_match\": true,\n      \"finding\": null");
	CHECK_HAS(s, "\"host_irq_exits_per_interrupt\": 1.33");
	CHECK_HAS(s, "\"class\": \"IRQ\",\n          \"code\": 0,\n          \"esr_ec\": null,\n          \"target\": 6,\n          \"other_vcpus\": 1,");
	CHECK_HAS(s, "\"routes\": {\n        \"exit\": 3,");
	CHECK_HAS(s, "\"cross_domain\": \"reported\",");
	CHECK_HAS(s, "\"wfi_asleep\": null,");	/* a wfi cell that does not say */
	CHECK_HAS(s, "\"total_p50_ns\": 650,");
	CHECK_HAS(s, "\"tracing_cost\": [],");
	/* Where the threads ran (bench/placement.c's keys), the target's CPU by its role. */
	CHECK_HAS(s, "\"placement\": {\n        \"target_cpu\": \"1\",\n        \"sender_cpu\": null,\n        \"numa\": \"any\",\n        \"injector_cpu\": \"0\",\n        \"tracer_cpus\": \"0\",\n        \"target_isolated\": \"nohz_full\",");
	CHECK_HAS(s, "\"tracing_cost_by_cell\": [],");
	CHECK_HAS(s, "inject_to_vector and total unavailable: cntvoff_ok=0");
	free(s);

	s = t_read(out, FIX_CELL ".hist.txt");
	CHECK(s != NULL);
	CHECK_HAS(t_line(s, 1), "# virqbench-analyze histogram: cell " FIX_CELL);
	CHECK_HAS(s, "\n# bucket_ns\tinject_to_vector\tvector_to_ack\tack_to_eoi\ttotal\tinject_to_queued\tqueued_to_exit\texit_to_entry\tentry_to_vector\n0\t0\t0\t0\t0\t0\t0\t0\t0\n");
	CHECK_HAS(s, "\n650\t0\t0\t0\t1\t0\t0\t0\t0\n");
	CHECK_HAS(s, "\n390\t0\t0\t0\t0\t0\t0\t0\t1\n");
	CHECK_HAS(s, "# Total:                 3 3 3 3 1 1 1 1\n");
	CHECK_HAS(s, "# Max Latencies:         500 100 50 650 30 70 10 390\n");
	CHECK_HAS(s, "# Outliers (top 10 by total, seq:ns): 0:650 3:550 4:450\n");
	free(s);
	s = t_read(out, WFI_CELL ".hist.txt");
	CHECK_HAS(s, "\n100\t-\t3\t0\t-\n");
	free(s);

	s = t_read(out, "cdf_total.gp");
	CHECK(s != NULL);
	/* One panel per GIC; a path's colour; ns tics named, never 1e+06. */
	CHECK_HAS(s, "set multiplot layout 1,1 title 'virqbench: total latency CDF (inject to EOI) - host GIC v3, hyp vhe, vGIC v3/v2'");
	CHECK_HAS(s, "set title 'v3' font ',11'");
	CHECK_HAS(s, "'cdf_total.dat' index 0 using 1:2 with steps lw 2 lc rgb '#d62728' dt 1 title 'lr-line busy'");
	CHECK_HAS(s, "set xtics ('100 ns' 100, '1 \xc2\xb5s' 1000)");
	CHECK(!strstr(s, WFI_CELL));	/* nothing to plot for it */
	free(s);
	s = t_read(out, "cdf_total.dat");
	CHECK_HAS(s, "# cell " FIX_CELL ": 3 samples\n# total_ns\tfraction\n450\t0.333333\n550\t0.666667\n650\t1.000000\n");
	free(s);
}

static void test_table(void)
{
	char *raw = make_raw("e2e-table"), *buf = NULL;
	size_t len = 0;
	struct run_info ri;
	struct cell_info ci[3];
	struct cell_join j;
	struct cell_summary cs[3];
	FILE *f;
	int c;

	CHECK_INT(run_open(&ri, raw), 0);
	CHECK_INT(ri.nr_cells, 3);
	for (c = 0; c < 3; c++) {
		CHECK_INT(cell_info_load(&ci[c], &ri, ri.cells[c]), 0);
		CHECK_INT(join_cell(&j, &ci[c]), 0);
		summarize_cell(&cs[c], &j);
		join_free(&j);
	}
	f = open_memstream(&buf, &len);
	print_table(f, cs, 3);
	fclose(f);
	CHECK_HAS(t_line(buf, 1), "cell");
	/* The exits the interrupt caused against the model, all exits beside. */
	CHECK_HAS(t_line(buf, 2), FIX_CELL "           5       2        n<5        n<5      n<100        650      1      1    2  complete, lost 3");
	CHECK_HAS(t_line(buf, 3), WFI_CELL "            5       2        n/a        n/a        n/a        n/a    n/a      0  n/a  off");
	CHECK_STR(t_line(buf, 4), SKIP_CELL " skipped: needs a GICv4 host");
	free(buf);
	for (c = 0; c < 3; c++) {
		cell_summary_free(&cs[c]);
		cell_info_free(&ci[c]);
	}
	run_free(&ri);
	free(raw);
}

void test_e2e(void)
{
	char *raw = make_raw("e2e-raw"), *out, *s;
	int r;

	/* gnuplot missing: everything but the PNG, and a distinct status */
	out = t_dir("e2e-out/new/dir");
	rmdir(out);
	r = run(raw, out, "/nonexistent/gnuplot");
	CHECK_INT(r, ANALYZE_PLOT_FAIL);
	CHECK_HAS(diag_last(), "cannot run gnuplot ('/nonexistent/gnuplot'): No such file or directory");
	check_results(out);
	s = t_read(out, "cdf_total.png");
	CHECK(s == NULL);
	free(s);

	/* one thread or two: the same bytes */
	{
		char *out1 = t_dir("e2e-one-thread"), *a, *b;
		static const char *const files[] = {
			"summary.csv", FIX_CELL ".samples.tsv", FIX_CELL ".hist.txt",
			"cdf_total.dat", "breakdown.csv",
		};
		size_t i;

		setenv("VIRQBENCH_THREADS", "0", 1);
		r = run(raw, out1, "/nonexistent/gnuplot");
		unsetenv("VIRQBENCH_THREADS");
		CHECK_INT(r, ANALYZE_PLOT_FAIL);
		for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
			a = t_read(out, files[i]);
			b = t_read(out1, files[i]);
			CHECK(a && b && !strcmp(a, b));
			free(a);
			free(b);
		}
		free(out1);
	}

	/* a previous analysis is overwritten; with gnuplot there are plots */
	if (have_gnuplot()) {
		t_write(out, "breakdown_v9.png", "an old run's GIC\n");
		r = run(raw, out, NULL);
		CHECK_INT(r, ANALYZE_OK);
		if (r)
			printf("  (%s)\n", diag_last());
		s = t_read(out, "cdf_total.png");
		CHECK(s && !memcmp(s, "\x89PNG", 4));
		free(s);
		s = t_read(out, "breakdown_v3.png");
		CHECK(s && !memcmp(s, "\x89PNG", 4));
		free(s);
		s = t_read(out, "breakdown_v3.svg");
		CHECK_HAS(s, "<svg");
		free(s);
		s = t_read(out, "breakdown_v9.png");
		CHECK(s == NULL);	/* removed with the previous analysis' plots */
		free(s);
		s = t_read(out, "breakdown_v3.gp");
		CHECK_HAS(s, "set ylabel 'ns (medians of cumulative times: a bar adds up to the median total)'");
		CHECK_HAS(s, "newhistogram 'busy', \\\n     'breakdown_v3.dat' index 0 using ($2):xtic(1) lc rgb '#4363d8' title 'inject_to_queued'");
		free(s);
		s = t_read(out, "breakdown_v3.dat");
		CHECK_HAS(s, "# state busy\n# cell\tinject_to_queued\tqueued_to_exit\texit_to_entry\tentry_to_vector\tvector_to_ack\tack_to_eoi\ttotal\nlr-line\t30\t70\t10\t390\t100\t50\t650\n");
		free(s);
		check_results(out);
	} else {
		printf("note: gnuplot not installed, PNG not tested\n");
	}

	/* re-analysing a run with fewer cells: the old cell's files are named */
	{
		char *raw1 = t_dir("e2e-raw1"), *w = NULL;
		size_t wlen = 0;
		FILE *ws = open_memstream(&w, &wlen);

		fix_write_run(raw1, fix_run_kv);
		fix_write_cell(raw1, FIX_CELL, fix_cell_kv, fix_host, fix_guest, fix_trace);
		diag_set_warn_stream(ws);
		r = run(raw1, out, "/nonexistent/gnuplot");
		diag_set_warn_stream(NULL);
		fclose(ws);
		CHECK_INT(r, ANALYZE_PLOT_FAIL);
		/* the previous PNG is gone with its summary, not left to mislead */
		s = t_read(out, "cdf_total.png");
		CHECK(s == NULL);
		free(s);
		CHECK_HAS(w, WFI_CELL ".samples.tsv is from an earlier analysis: this run has no such cell");
		CHECK_HAS(w, WFI_CELL ".hist.txt is from an earlier analysis");
		free(w);
		free(raw1);
	}
	free(out);

	/*
	 * wfi cells only: the breakdown's data has one block, so the plot
	 * reads it as index 0 (gnuplot counts no block without rows).
	 */
	if (have_gnuplot()) {
		char *raw2 = t_dir("e2e-wfi-only"), *out2 = t_dir("e2e-wfi-only-out");
		char *kv = fix_replace(fix_cell_kv, "state=busy", "state=wfi");

		fix_write_run(raw2, fix_run_kv);
		fix_write_cell(raw2, WFI_CELL, kv, fix_host, fix_guest, fix_trace);
		r = run(raw2, out2, NULL);
		CHECK_INT(r, ANALYZE_OK);
		s = t_read(out2, "breakdown_v3.gp");
		CHECK_HAS(s, "newhistogram 'wfi', \\\n     'breakdown_v3.dat' index 0 using");
		free(s);
		s = t_read(out2, "breakdown_v3.png");
		CHECK(s && !memcmp(s, "\x89PNG", 4));
		free(s);
		free(kv);
		free(raw2);
		free(out2);
	}

	/* not ours: refused */
	out = t_dir("e2e-busy");
	t_write(out, "notes.txt", "mine\n");
	CHECK_INT(run(raw, out, "/nonexistent/gnuplot"), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "not empty and no meta.json, so not a previous analysis: refusing to overwrite");
	s = t_read(out, "summary.csv");
	CHECK(s == NULL);
	free(out);
	CHECK_INT(run(raw, raw, "/nonexistent/gnuplot"), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "holds run.kv: that is a raw run");
	free(raw);

	/* an unknown format version, before anything else */
	raw = make_raw("e2e-v2");
	fix_write_run(raw, "# written by a newer bench\nformat=2\ncntfrq=100000000\n");
	out = t_dir("e2e-v2-out");
	CHECK_INT(run(raw, out, "/nonexistent/gnuplot"), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "/run.kv:2: unknown format version '2' (expected format=1)");
	s = t_read(out, "meta.json");
	CHECK(s == NULL);
	fix_write_run(raw, "cntfrq=100000000\n");
	CHECK_INT(run(raw, out, "/nonexistent/gnuplot"), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "/run.kv: no 'format' key (expected format=1)");
	free(out);
	free(raw);

	/* a malformed line in one cell: one message with file and line */
	raw = make_raw("e2e-bad");
	s = fix_replace(fix_host, "4\t150000\t150100\tok", "4\t150000\tsoon\tok");
	fix_write_cell(raw, WFI_CELL, NULL, s, NULL, NULL);
	free(s);
	out = t_dir("e2e-bad-out");
	CHECK_INT(run(raw, out, "/nonexistent/gnuplot"), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "/cells/" WFI_CELL "/host.tsv:6: field 3 (t_seen): 'soon' (expected an unsigned decimal number below 2^63)");
	free(out);
	free(raw);

	/* no cells */
	raw = t_dir("e2e-empty");
	fix_write_run(raw, fix_run_kv);
	out = t_dir("e2e-empty-out");
	CHECK_INT(run(raw, out, "/nonexistent/gnuplot"), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "/cells: cannot open: No such file or directory");
	free(out);
	free(raw);

	test_table();
}
