/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The results directory's text files: meta.json, <cell>.samples.tsv,
 * <cell>.hist.txt, summary.csv (here), summary.json (summary_json.c),
 * breakdown.csv (breakdown_csv.c), and the tables on stdout (print.c).
 * Each file is written to a temporary name and renamed into place.
 * All return 0, or -1 with a diag_error.
 */
#ifndef VQB_WRITE_RESULTS_H
#define VQB_WRITE_RESULTS_H

#include <stdio.h>

#include "join.h"
#include "outfile.h"
#include "raw_run.h"
#include "summary.h"

/* The leading columns are a contract with users' scripts: append only. */
#define SUMMARY_CSV_HEADER \
	"gic,hyp,path,state,stage,count,lost,min_ns,p50_ns,p90_ns,p99_ns,p999_ns,max_ns,exits_p50,trace_lost,mean_ns,cell,vgic,exits_to_ack_p50,exits_expected,exits_caused_p50,host_irq_exits_mean,kernel,resolution_ns,resolution_note,cycle_hz,cycles_min,cycles_p50,cycles_p90,cycles_p99,cycles_max,cycles_p50_ns,cycles_p99_ns,cycles_note,suite_in_window,suite_in_window_pct"

#define PERCENTILE_METHOD \
	"nearest-rank: the value at 1-based rank ceil(p/100 * count) of the sorted samples"
/* Cells above summary_exact_max (summary.h): memory bounded whatever the count. */
#define PERCENTILE_METHOD_HIST \
	"nearest rank in a log-linear histogram (HdrHistogram's layout, lib/hdrhist.h): exact below 2048 ns, above within 1/2048 of the value (percentile_histogram_rel_error); count, min, max and mean exact"

/*
 * The results directory's schema (doc/results-format.md): meta.json and
 * summary.json say which they follow. Bump it when a key changes meaning
 * or goes away; new keys do not bump it (readers ignore what they do not know).
 */
#define RESULTS_FORMAT_VERSION 1
#define RESULTS_FORMAT_DOC "doc/results-format.md"

int write_meta(const char *out, const struct run_info *ri,
	       const struct cell_info *cells, size_t nr_cells,
	       int argc, char *const argv[], int64_t hist_width_ns);
int write_samples(const char *out, const struct cell_join *j);
/* The same, filling the summary's stage columns as it goes (summary.h; fill may be NULL). */
int write_samples_fill(const char *out, const struct cell_join *j, struct stage_cols *fill);
/* The same a window at a time (a streamed cell): open, rows per window, commit. */
struct samples_out {
	struct outfile o;
	unsigned cols[ST_NR], nr_cols;	/* the trace stage columns */
	char flags[256];
	size_t flags_len;
	uint32_t last_flags;
	struct stage_cols *fill;	/* or NULL: see write_samples_fill() */
};
int samples_open(struct samples_out *so, const char *out, const struct cell_join *j,
		 uint32_t cols);
void samples_rows(struct samples_out *so, const struct cell_join *j);
int samples_commit(struct samples_out *so);
void samples_abort(struct samples_out *so);
int write_hist(const char *out, const struct cell_summary *cs);
int write_summary_csv(const char *out, const struct cell_summary *cs, size_t n);
int write_summary_json(const char *out, const struct run_info *ri,
		       const struct cell_summary *cs, size_t n, int64_t hist_width_ns);
int write_breakdown_csv(const char *out, const struct cell_summary *cs, size_t n);

struct json;
/* A cell's identifying keys in a JSON object: gic, hyp, path, state, vgic. */
void json_cell_keys(struct json *j, const struct cell_info *ci);
/* Its leading CSV columns, "gic,hyp,path,state" (no comma after). */
void csv_cell_keys(FILE *f, const struct cell_info *ci);

/* stdout: the table a person reads first, then what explains it. */
void print_table(FILE *f, const struct cell_summary *cs, size_t n);
/* The suite's own threads inside the windows: the total, and each cell that had any. */
void print_suite_share(FILE *f, const struct cell_summary *cs, size_t n);
void print_breakdown(FILE *f, const struct cell_summary *cs, size_t n);
void print_tracing_cost(FILE *f, const struct cell_summary *cs, size_t n);

/* Writes s as one CSV field (quoted when it holds , " CR LF or edge spaces). */

#endif /* VQB_WRITE_RESULTS_H */
