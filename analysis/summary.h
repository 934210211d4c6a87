/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What is kept of a cell once its samples have been written: counts,
 * percentiles per stage, exits, the breakdown, the histogram, the outliers
 * and a thinned CDF for the plot. A few kilobytes, so that a run of many
 * million-sample cells is analysed one cell at a time.
 */
#ifndef VQB_SUMMARY_H
#define VQB_SUMMARY_H

#include "breakdown.h"
#include "cell_check.h"
#include "cycles.h"
#include "perf_counts.h"
#include "join.h"
#include "stats.h"

#define NR_OUTLIERS 10
#define CDF_POINTS 2000

/*
 * A distribution-free 95 % confidence interval of a percentile: the order
 * statistics at ranks n*q -/+ 1.96 sqrt(n q (1-q)) (rounded outwards).
 * When the upper rank runs past n the interval is open above: the sample
 * cannot bound the percentile from above (hi is then the max).
 */
struct pct_ci {
	bool known;
	bool hi_open;
	int64_t lo, hi;
};
void pct_ci_sorted(const int64_t *v, size_t n, unsigned permille, struct pct_ci *ci);

struct stage_summary {
	bool listed;		/* one of this cell's stages (its path has it) */
	bool available;		/* false: cannot be reported here, see why */
	const char *why;	/* static text, or the cell's calibration verdict */
	struct pct p;
	/*
	 * The histogram, sparse: the nr_bk buckets with a count, bk_idx
	 * ascending (bucket i = [i * width, (i + 1) * width)). At most one per
	 * sample, so a cell with few samples and a long tail stays small.
	 */
	size_t nr_bk;
	uint32_t *bk_idx;
	uint64_t *bk_cnt;
	uint64_t underflow;	/* negative values */
	uint64_t overflow;	/* beyond the last bucket */
	struct pct_ci ci50, ci99;	/* 95 % intervals of p50 and p99 */
	struct resolution res;		/* of its counter (CNTFRQ); below: no percentiles */
};

struct cell_summary {
	const struct cell_info *ci;
	bool pct_hist;			/* percentiles from hdrhist.h, not sorted values */
	const struct path_desc *pd;
	bool cross;
	bool trig;			/* stages start at the guest's t_trigger */
	uint64_t host_rows, injected, inject_errors, received, lost, timeouts;
	uint64_t duplicates, guest_unmatched, ok;
	uint64_t flag_count[SF_NR];

	struct stage_summary st[ST_NR];
	bool exits_available;
	struct pct exits;		/* all vCPUs, [start, t_eoi] */
	struct pct exits_to_ack;	/* the target, [start, t_ack] */
	struct pct exits_caused;	/* exits minus the host IRQ exits (join.c) */
	double host_irq_per_irq;	/* mean host IRQ exits per interrupt */
	struct suite_share suite;	/* the suite's own threads in the windows */
	int exits_expected;		/* the path catalogue's model; -1 unknown */
	int exits_match;		/* 1, 0, or -1 when not known */
	char *finding;			/* why exits differ from the model, or NULL */
	uint64_t xc_count[2][XC_NR];	/* target, other vCPUs */
	uint64_t exits_known;
	uint64_t route_count[RT_NR];
	struct breakdown bd;
	struct cycle_summary cyc;	/* a -cycles cell's guest cycle figures */

	bool has_trace;			/* trace=on and read */
	bool trace_cut_short;
	uint64_t trace_rows, trace_per_kind[EV_NR], trace_ooo_rows, trace_dups;
	bool trace_has_lost, trace_has_events;
	uint64_t trace_lost, trace_events;
	bool trace_has_lost_ringbuf, trace_has_lost_busy;
	uint64_t trace_lost_ringbuf, trace_lost_busy;
	int trace_foreign;
	char *trace_missing, *trace_stats_error;
	struct prog_stat prog[MAX_PROG_STATS];
	size_t nr_prog;
	const char *inject_event;
	bool fit_fallback;
	struct perf_counts perf;	/* perf's recount of the trace (perf.tsv) */
	struct pct host_cycles[2];	/* per interrupt: its kick's, its wake-up's (join.h) */

	struct hist_plan plan;
	const char *outlier_by;		/* "total", or "vector_to_eoi" without cntvoff */
	size_t nr_out;
	uint64_t out_seq[NR_OUTLIERS];
	int64_t out_ns[NR_OUTLIERS];

	size_t nr_cdf;			/* total latency CDF points, total_ns > 0 */
	int64_t *cdf_ns;
	double *cdf_frac;
	uint64_t cdf_nonpositive;	/* totals <= 0, not on a log axis */

	char **notes;			/* why something is unavailable or doubtful */
	size_t nr_notes, cap_notes;
};

/* Histogram buckets of HIST_DEFAULT_WIDTH_NS (1 us), or of the run's width. */
/* The count of bucket b of a stage's histogram (0 when it has none). */
uint64_t stage_bucket(const struct stage_summary *ss, size_t b);
/*
 * A cell with more received samples than this is summarized through
 * log-linear histograms (lib/hdrhist.h: relative error at most
 * HDR_REL_ERROR) instead of sorted copies of its values: the summary's
 * memory then stays the same whatever the count. Below it percentiles are
 * exact. Tests lower it.
 */
extern size_t summary_exact_max;
#define SUMMARY_EXACT_MAX 4000000

void summarize_cell(struct cell_summary *cs, const struct cell_join *j);
void summarize_cell_w(struct cell_summary *cs, const struct cell_join *j,
		      int64_t hist_width_ns);

/*
 * The columns of stage values the summary sorts, filled instead by a pass
 * that computes every stage of every sample anyway: on one thread, the
 * samples file's (analyze.c), which saves the summary its own passes over
 * the samples. A column takes what join_stages_values() would (measured,
 * in the statistics, not saturated), in the samples' order.
 */
struct stage_cols {
	unsigned nr;
	enum stage st[ST_NR];		/* the summary's stages, in its order */
	int8_t at[ST_NR];		/* by stage: its column, -1 none */
	int64_t *v[ST_NR];
	size_t n[ST_NR];
	/* The outliers by total, when it is a column: each kept as it is filled (stage_cols_add()). */
	bool outliers;
	size_t nr_out;
	uint64_t out_seq[NR_OUTLIERS];
	int64_t out_ns[NR_OUTLIERS];
};
/* A total into the outliers, largest first, ties to the earlier seq. */
void outlier_add(size_t *nr, uint64_t *out_seq, int64_t *out_ns, uint64_t seq, int64_t ns);

/* Sample seq's value of stage st into its column, as join_stages_values() takes it. */
static inline void stage_cols_add(struct stage_cols *c, unsigned st, uint64_t seq, int64_t v)
{
	int k = c->at[st];

	if (k < 0 || stage_saturated(v))
		return;
	c->v[k][c->n[k]++] = v;
	if (st == ST_TOTAL && c->outliers &&
	    (c->nr_out < NR_OUTLIERS || v > c->out_ns[NR_OUTLIERS - 1]))
		outlier_add(&c->nr_out, c->out_seq, c->out_ns, seq, v);
}
/*
 * The columns for j, from sc (which the summary then reuses); false when
 * the cell is summarized without them (its histogram path).
 */
bool summary_cols_plan(struct stage_cols *c, const struct cell_join *j, struct scratch *sc);
/*
 * summarize_cell_w() from filled columns (c), with their scratch buffer
 * (freed by the caller); c NULL: without, its own passes in sc.
 */
void summarize_cell_cols(struct cell_summary *cs, const struct cell_join *j,
			 int64_t hist_width_ns, struct stage_cols *c, struct scratch *sc);
void cell_summary_free(struct cell_summary *cs);

/*
 * A streamed cell (join_stream.h): begin() once the cell's stage plan is
 * known, add() for each window of joined samples, end() with the join's
 * final counts (no samples left in it) fills cs as summarize_cell_w()
 * would on its histogram path, and frees the accumulator. Its memory:
 * the histograms, whatever the count.
 */
struct summary_stream;
struct summary_stream *summary_stream_begin(const struct cell_join *j);
void summary_stream_add(struct summary_stream *a, const struct cell_join *j);
void summary_stream_end(struct summary_stream *a, struct cell_summary *cs,
			const struct cell_join *j, int64_t hist_width_ns);
void summary_stream_free(struct summary_stream *a);

/* "complete", "cut_short", "off" or "failed". */
const char *trace_status(const struct cell_summary *cs);

#endif /* VQB_SUMMARY_H */
