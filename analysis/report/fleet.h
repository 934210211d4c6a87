/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virqbench-fleet: one page for many hosts, from their results
 * directories (one run per host, as fleet/playbook.yml brings them back):
 *
 * - every host's verdict (findings.h), with its run, CPU, kernel, GICs and
 *   hyp mode, and a link to its own report;
 * - each path and state across hosts and GIC versions: the total's median
 *   and p99 (the median of the rounds' when a cell ran in rounds) and the
 *   exits the interrupt caused against the path's model;
 * - what differs between the hosts: every fact that changes the numbers
 *   (rdir.h rd_fact_*), the lab or not, the histogram width, and the
 *   settings every cell recorded (pinning, count, warm-up, gap, trace).
 *
 * A host is the machine the matrix ran on (provenance matrix_host, else
 * run hostname). Refused, nothing written: a directory that is not a
 * results directory, two runs of one host, runs of different
 * format_version, an OUTDIR inside a run or neither new, empty nor an
 * earlier fleet's. Never writes into a run.
 */
#ifndef VQB_REPORT_FLEET_H
#define VQB_REPORT_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct fleet_opts {
	const char *out;	/* OUTDIR for fleet.html and fleet.json, or NULL: text only */
	FILE *text;		/* where the text summary goes (stdout); NULL: none */
};

/* 0: done; -1: refused or failed, nothing written (diag_last() says why). */
int fleet_run(const char *const *runs, size_t n, const struct fleet_opts *o);

#endif /* VQB_REPORT_FLEET_H */
