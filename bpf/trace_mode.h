/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace mode's run around its summary: naming the VMM's vCPU threads, a
 * report per interval and at the end, and the JSON file that holds them
 * all. No BPF here: virqtrace.c feeds the events and the loss counters;
 * --replay feeds a recorded trace.tsv instead.
 */
#ifndef VQT_TRACE_MODE_H
#define VQT_TRACE_MODE_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "summary_out.h"
#include "trace_summary.h"

struct trace_mode {
	struct summary sum;
	unsigned int pid;		/* the VMM; 0 for a replay */
	struct json json;
	FILE *json_f;			/* open while the JSON file is written */
	char *json_path, *json_tmp;
	unsigned long long t0, last_report;	/* CLOCK_MONOTONIC ns */
	struct loss last_loss;		/* the kernel's counts at the last report */
};

/* What the JSON file's head says of the run. */
struct trace_meta {
	const char *comm;
	double interval_s;
	double duration_s;		/* 0: until stopped */
	const char *missing;		/* comma-separated tracepoints, or "" */
	const char *foreign_off;	/* why foreign injections are unseen, or "" */
};

void tm_init(struct trace_mode *tm, unsigned int pid, unsigned long long now);
/* Frees all; a JSON file not closed is removed (no half-written file). */
void tm_free(struct trace_mode *tm);

/*
 * Names the VMM's vCPU threads from /proc (their thread names); now is
 * CLOCK_MONOTONIC, the events' clock, and dates the threads found gone.
 */
void tm_scan_threads(struct trace_mode *tm, unsigned long long now);

/* Starts path's JSON (written to path.tmp until closed); -errno. */
int tm_json_open(struct trace_mode *tm, const char *path,
		 const struct trace_meta *m);

/*
 * Prints (stdout) and adds to the JSON one report: this interval's, or with
 * final the whole run's. loss: the kernel's counts so far.
 */
void tm_report(struct trace_mode *tm, const struct loss *loss, bool final,
	       unsigned long long now);

/* Ends the JSON (after tm_report(final)), renames it into place; 0 or -1. */
int tm_json_close(struct trace_mode *tm, const char *end_reason);

/* virqtrace --replay: the final report of a recorded trace.tsv; exit status. */
int tm_replay(const char *trace, const char *json);

#endif /* VQT_TRACE_MODE_H */
