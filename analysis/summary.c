// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cell_check.h"
#include "hdrhist.h"
#include "join_stream.h"
#include "summary.h"
#include "util.h"

size_t summary_exact_max = SUMMARY_EXACT_MAX;

static void note(struct cell_summary *cs, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct cell_summary *cs, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = xstrdup(fmt);
	va_end(ap);
	cs->notes = grow_array(cs->notes, &cs->cap_notes, cs->nr_notes + 1,
			       sizeof(*cs->notes));
	cs->notes[cs->nr_notes++] = s;
}

const char *trace_status(const struct cell_summary *cs)
{
	switch (cs->ci->trace) {
	case TRACE_OFF:
		return "off";
	case TRACE_FAILED:
		return "failed";
	default:
		return cs->trace_cut_short ? "cut_short" : "complete";
	}
}

void outlier_add(size_t *nr, uint64_t *out_seq, int64_t *out_ns, uint64_t seq, int64_t ns)
{
	size_t i;

	if (*nr == NR_OUTLIERS && ns <= out_ns[NR_OUTLIERS - 1])
		return;
	i = *nr < NR_OUTLIERS ? (*nr)++ : NR_OUTLIERS - 1;
	/* Insertion keeps the list sorted, largest first; ties keep the earlier seq. */
	while (i > 0 && out_ns[i - 1] < ns) {
		out_ns[i] = out_ns[i - 1];
		out_seq[i] = out_seq[i - 1];
		i--;
	}
	out_ns[i] = ns;
	out_seq[i] = seq;
}

static void add_outlier(struct cell_summary *cs, uint64_t seq, int64_t ns)
{
	outlier_add(&cs->nr_out, cs->out_seq, cs->out_ns, seq, ns);
}

/*
 * Thins the sorted totals to about CDF_POINTS points evenly spaced in
 * cumulative fraction, always with the minimum and the maximum: enough for
 * a plot, small enough for gnuplot with a million samples.
 */
static void make_cdf(struct cell_summary *cs, const int64_t *v, size_t n)
{
	size_t k, last = (size_t)-1, kmax = n < CDF_POINTS ? n : CDF_POINTS;

	cs->cdf_ns = xmalloc((kmax + 1) * sizeof(*cs->cdf_ns));
	cs->cdf_frac = xmalloc((kmax + 1) * sizeof(*cs->cdf_frac));
	for (k = 0; k <= kmax && n; k++) {
		size_t i = k ? (size_t)(((unsigned __int128)k * n + kmax - 1) / kmax) - 1 : 0;

		if (i == last)
			continue;
		last = i;
		if (v[i] <= 0)
			continue;
		cs->cdf_ns[cs->nr_cdf] = v[i];
		cs->cdf_frac[cs->nr_cdf] = (double)(i + 1) / (double)n;
		cs->nr_cdf++;
	}
}

/* Newton's square root: the analysis links no libm. */
static double sqrt_pos(double x)
{
	double r = x > 1 ? x : 1;
	int i;

	if (x <= 0)
		return 0;
	for (i = 0; i < 200 && r * r - x > 1e-9 * x; i++)
		r = (r + x / r) / 2;
	return r;
}

void pct_ci_sorted(const int64_t *v, size_t n, unsigned permille, struct pct_ci *ci)
{
	double q = permille / 1000.0, half = 1.959964 * sqrt_pos((double)n * q * (1 - q));
	double lo = (double)n * q - half, hi = (double)n * q + half;
	size_t rlo, rhi;

	memset(ci, 0, sizeof(*ci));
	if (!n || !pct_supported(n, permille))
		return;
	ci->known = true;
	/* Outwards: the rank below lo, the rank above hi (1-based). */
	rlo = lo < 1 ? 1 : (size_t)lo;
	rhi = (size_t)hi + 1;
	if (rlo < 1)
		rlo = 1;
	if (rhi > n) {
		rhi = n;
		ci->hi_open = true;
	}
	ci->lo = v[rlo - 1];
	ci->hi = v[rhi - 1];
}

static void bucket_sorted(struct cell_summary *cs, struct stage_summary *ss,
			  const int64_t *v, size_t n)
{
	size_t i = 0, cap = 0;

	pct_ci_sorted(v, n, 500, &ss->ci50);
	pct_ci_sorted(v, n, 990, &ss->ci99);
	while (i < n && v[i] < 0)
		i++;
	ss->underflow = i;
	/* Sorted: each bucket with a count is a run of values, counted as the run goes. */
	while (i < n) {
		uint64_t b = (uint64_t)(v[i] / cs->plan.width);
		int64_t end;
		size_t k = i;

		if (b >= cs->plan.nb)
			break;
		end = (int64_t)(b + 1) * cs->plan.width;
		while (k < n && v[k] < end)
			k++;
		if (ss->nr_bk == cap) {
			size_t c2 = cap;

			ss->bk_idx = grow_array(ss->bk_idx, &cap, ss->nr_bk + 1, sizeof(*ss->bk_idx));
			ss->bk_cnt = grow_array(ss->bk_cnt, &c2, ss->nr_bk + 1, sizeof(*ss->bk_cnt));
		}
		ss->bk_idx[ss->nr_bk] = (uint32_t)b;
		ss->bk_cnt[ss->nr_bk++] = k - i;
		i = k;
	}
	ss->overflow = n - i;
}

uint64_t stage_bucket(const struct stage_summary *ss, size_t b)
{
	size_t lo = 0, hi = ss->nr_bk;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ss->bk_idx[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ss->nr_bk && ss->bk_idx[lo] == b ? ss->bk_cnt[lo] : 0;
}

/* Buckets of the run's width up to the largest value of any stage. */
static void plan_from_stats(struct cell_summary *cs, int64_t width_ns)
{
	int64_t max = 0;
	unsigned st;

	for (st = 0; st < ST_NR; st++) {
		const struct pct *p = &cs->st[st].p;

		if (cs->st[st].available && p->n && p->max > max)
			max = p->max;
	}
	hist_plan(&cs->plan, width_ns, max);
}

/*
 * A saturated stage is no latency (cell_check() refuses such a cell; this
 * keeps one that bypasses it out of the statistics all the same).
 */
static size_t drop_saturated(int64_t *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (!stage_saturated(v[i]))
			v[k++] = v[i];
	return k;
}

/*
 * One stage from its values, the saturated ones left out (sorted here):
 * percentiles, the CDF for the total, buckets.
 */
static void stage_from_values(struct cell_summary *cs, enum stage st, int64_t *v,
			      size_t n, int64_t width_ns, bool *planned, struct scratch *sort_tmp)
{
	struct stage_summary *ss = &cs->st[st];
	size_t i;

	pct_compute_tmp(v, n, &ss->p, sort_tmp);
	if (st == ST_TOTAL) {
		make_cdf(cs, v, n);
		for (i = 0; i < n; i++)
			cs->cdf_nonpositive += v[i] <= 0;
		if (n) {
			hist_plan(&cs->plan, width_ns, ss->p.max);
			*planned = true;
		}
	}
	if (*planned)
		bucket_sorted(cs, ss, v, n);
}

/* The stages stage_stats() summarizes, in its order: the total first (see there). */
static unsigned stage_order(const struct cell_join *j, enum stage *order)
{
	unsigned k, st, nr = 0;

	for (k = 0; k < ST_NR; k++) {
		st = k == 0 ? ST_TOTAL : k == ST_TOTAL ? 0 : k;
		if (j->stage_set & 1u << st && j->stage_ok[st])
			order[nr++] = st;
	}
	return nr;
}

bool summary_cols_plan(struct stage_cols *c, const struct cell_join *j, struct scratch *sc)
{
	size_t max = j->received ? j->received : 1;
	void *col[ST_NR];
	unsigned k;

	memset(c, 0, sizeof(*c));
	memset(c->at, -1, sizeof(c->at));
	if (j->received > summary_exact_max)
		return false;
	c->nr = stage_order(j, c->st);
	scratch_cols(sc, c->nr ? c->nr : 1, max * sizeof(int64_t), col);
	for (k = 0; k < c->nr; k++) {
		c->v[k] = col[k];
		/* join_stages_values() takes none of a stage no sample can have. */
		if (join_stage_possible(j, c->st[k]))
			c->at[c->st[k]] = (int8_t)k;
	}
	c->outliers = c->at[ST_TOTAL] >= 0;
	return true;
}

/*
 * JOIN_STAGES_MAX stages a pass over the samples, into one scratch column
 * each: the samples are read once for every few stages, and memory stays
 * O(n), not (stages)*n. The total goes first: every other stage is a part
 * of it, so its max sets how far the buckets (of the run's one width) go,
 * and each stage is then bucketed from its sorted values in the same pass.
 * Without a total, a second pass buckets them once all are known.
 *
 * pre: the columns already filled (summary_cols_plan()), and then it makes
 * no pass of its own; or NULL.
 */
static void stage_stats(struct cell_summary *cs, const struct cell_join *j,
			int64_t width_ns, struct scratch *sc, struct stage_cols *pre)
{
	size_t max = cs->received ? cs->received : 1, n, got[JOIN_STAGES_MAX];
	int64_t *v, *col[JOIN_STAGES_MAX];
	/* The radix sorts' second array, one for every stage (scratch_get()'s reasons). */
	struct scratch sort_tmp = { 0 };
	enum stage order[ST_NR];
	unsigned k, st, nr, c, m;
	bool planned = false;

	for (st = 0; st < ST_NR; st++) {
		struct stage_summary *ss = &cs->st[st];

		ss->listed = j->stage_set & 1u << st;
		ss->available = ss->listed && j->stage_ok[st];
		ss->why = j->stage_why[st];
	}
	nr = stage_order(j, order);
	if (pre) {
		for (k = 0; k < nr; k++)
			stage_from_values(cs, order[k], pre->v[k], pre->n[k], width_ns, &planned,
					  &sort_tmp);
		v = pre->v[0];
	} else {
		void *p[JOIN_STAGES_MAX];

		scratch_cols(sc, JOIN_STAGES_MAX, max * sizeof(*v), p);
		for (c = 0; c < JOIN_STAGES_MAX; c++)
			col[c] = p[c];
		v = col[0];
		/* A few stages a pass over the samples, each then on its own. */
		for (k = 0; k < nr; k += m) {
			m = nr - k < JOIN_STAGES_MAX ? nr - k : JOIN_STAGES_MAX;
			join_stages_values(j, order + k, m, true, col, got);
			for (c = 0; c < m; c++)
				stage_from_values(cs, order[k + c], col[c], got[c], width_ns,
						  &planned, &sort_tmp);
		}
	}
	if (!planned) {
		plan_from_stats(cs, width_ns);
		for (st = 0; st < ST_NR; st++) {
			struct stage_summary *ss = &cs->st[st];

			if (!ss->available)
				continue;
			n = drop_saturated(v, join_stage_values(j, st, v));
			sort_i64_tmp(v, n, &sort_tmp);
			bucket_sorted(cs, ss, v, n);
		}
	}
	scratch_free(&sort_tmp);
}

/* ---- the histogram path: no per-interrupt array (summary_exact_max) ---- */

/* One stage's values into h, as join_stage_values() would list them. */
static void stage_hdr_add(const struct cell_join *j, enum stage st, struct hdr *h)
{
	size_t i;
	int64_t ns;

	if (st >= ST_NR_STAMP && (!j->stage_ok[st] ||
				  (!j->mk && stage_domain(st, j->trig) != DOM_HOST)))
		return;
	for (i = 0; i < j->nr_host; i++) {
		const struct guest_row *g = join_in_stats(j, i) ? join_measured(j, i) : NULL;

		if (g && join_stage(j, i, g, st, &ns) && !stage_saturated(ns))
			hdr_add(h, ns);
	}
}

/* make_cdf()'s points, read from the histogram at the same ranks. */
static void make_cdf_hdr(struct cell_summary *cs, const struct hdr *h)
{
	uint64_t n = h->n, cum = 0, cnt = 0;
	size_t k, kmax = n < CDF_POINTS ? n : CDF_POINTS;
	struct hdr_cur c = { 0 };
	int64_t v = 0, last = INT64_MIN;
	bool any = false;

	cs->cdf_ns = xmalloc((kmax + 1) * sizeof(*cs->cdf_ns));
	cs->cdf_frac = xmalloc((kmax + 1) * sizeof(*cs->cdf_frac));
	for (k = 0; k <= kmax && n; k++) {
		uint64_t r = k ? (uint64_t)(((unsigned __int128)k * n + kmax - 1) / kmax) : 1;

		while (cum < r && hdr_next(h, &c, &v, &cnt, NULL, NULL)) {
			cum += cnt;
			any = true;
		}
		/* one point per bucket: its upper end of the cumulative fraction */
		if (!any || v <= 0 || v == last)
			continue;
		last = v;
		cs->cdf_ns[cs->nr_cdf] = v;
		cs->cdf_frac[cs->nr_cdf] = (double)cum / (double)n;
		cs->nr_cdf++;
	}
}

/*
 * bucket_sorted() from a histogram: each of its buckets counted at its
 * value, in ascending order, into the run's sparse buckets. No interval
 * for p50 and p99 (those need the sorted values): ci50 and ci99 stay unset.
 */
static void bucket_hdr(struct cell_summary *cs, struct stage_summary *ss,
		       const struct hdr *h)
{
	struct hdr_cur c = { 0 };
	size_t cap = 0, cap2 = 0;
	uint64_t cnt;
	int64_t v;

	while (hdr_next(h, &c, &v, &cnt, NULL, NULL)) {
		uint64_t b;

		if (v < 0) {
			ss->underflow += cnt;
			continue;
		}
		b = (uint64_t)(v / cs->plan.width);
		if (b >= cs->plan.nb) {
			ss->overflow += cnt;
			continue;
		}
		if (ss->nr_bk && ss->bk_idx[ss->nr_bk - 1] == (uint32_t)b) {
			ss->bk_cnt[ss->nr_bk - 1] += cnt;
			continue;
		}
		ss->bk_idx = grow_array(ss->bk_idx, &cap, ss->nr_bk + 1, sizeof(*ss->bk_idx));
		ss->bk_cnt = grow_array(ss->bk_cnt, &cap2, ss->nr_bk + 1, sizeof(*ss->bk_cnt));
		ss->bk_idx[ss->nr_bk] = (uint32_t)b;
		ss->bk_cnt[ss->nr_bk++] = cnt;
	}
}

/*
 * stage_stats() for a large cell, from a histogram per stage (h[ST_NR],
 * filled by stage_hdr_add(), freed here).
 */
static void stage_stats_from_hdr(struct cell_summary *cs, const struct cell_join *j,
				 struct hdr *h, int64_t width_ns)
{
	unsigned st;

	cs->pct_hist = true;
	for (st = 0; st < ST_NR; st++) {
		struct stage_summary *ss = &cs->st[st];

		ss->listed = j->stage_set & 1u << st;
		ss->available = ss->listed && j->stage_ok[st];
		ss->why = j->stage_why[st];
		if (!ss->available)
			continue;
		hdr_pct(&h[st], &ss->p);
	}
	if (cs->st[ST_TOTAL].available && cs->st[ST_TOTAL].p.n) {
		make_cdf_hdr(cs, &h[ST_TOTAL]);
		cs->cdf_nonpositive = hdr_nonpositive(&h[ST_TOTAL]);
		hist_plan(&cs->plan, width_ns, cs->st[ST_TOTAL].p.max);
	} else {
		plan_from_stats(cs, width_ns);
	}
	for (st = 0; st < ST_NR; st++) {
		if (cs->st[st].available)
			bucket_hdr(cs, &cs->st[st], &h[st]);
		hdr_free(&h[st]);
	}
}

/* stage_stats() for a large cell in memory: a histogram per stage, kept until bucketed. */
static void stage_stats_hdr(struct cell_summary *cs, const struct cell_join *j, int64_t width_ns)
{
	struct hdr *h = xcalloc(ST_NR, sizeof(*h));
	unsigned st;

	for (st = 0; st < ST_NR; st++) {
		hdr_init(&h[st]);
		if ((j->stage_set & 1u << st) && j->stage_ok[st])
			stage_hdr_add(j, st, &h[st]);
	}
	stage_stats_from_hdr(cs, j, h, width_ns);
	free(h);
}

/*
 * Exit counts, for pct_compute(): how many of each small count (a
 * handful of exits per interrupt: no array of a million values to sort),
 * any larger one kept in v; or the histogram h (hist).
 */
#define COLLECT_SMALL 64
struct collect {
	bool hist;
	uint64_t small[COLLECT_SMALL];
	int64_t *v;
	size_t n, cap;
	struct hdr h;
};

static void collect_init(struct collect *c, bool hist)
{
	memset(c, 0, sizeof(*c));
	c->hist = hist;
}

static inline void collect_add(struct collect *c, int64_t x)
{
	if (c->hist) {
		hdr_add(&c->h, x);
	} else if ((uint64_t)x < COLLECT_SMALL) {
		c->small[x]++;
	} else {
		c->v = grow_array(c->v, &c->cap, c->n + 1, sizeof(*c->v));
		c->v[c->n++] = x;
	}
}

/* Fills p as pct_compute() of every value added. */
static void collect_pct(struct collect *c, struct pct *p)
{
	uint64_t k;
	size_t x;

	if (c->hist) {
		hdr_pct(&c->h, p);
		return;
	}
	if (!c->n) {
		pct_from_counts(c->small, COLLECT_SMALL, p);
		return;
	}
	for (x = 0; x < COLLECT_SMALL; x++)
		for (k = 0; k < c->small[x]; k++) {
			c->v = grow_array(c->v, &c->cap, c->n + 1, sizeof(*c->v));
			c->v[c->n++] = (int64_t)x;
		}
	pct_compute(c->v, c->n, p);
}

static void collect_free(struct collect *c)
{
	free(c->v);
	hdr_free(&c->h);
}

/* pre: the columns filled, with the outliers by total when they hold it, or NULL. */
static void outliers(struct cell_summary *cs, const struct cell_join *j,
		     const struct stage_cols *pre)
{
	bool total = cs->st[ST_TOTAL].available;
	size_t i;

	cs->outlier_by = total ? "total" : "vector_to_eoi";
	if (total && pre && pre->outliers) {
		cs->nr_out = pre->nr_out;
		memcpy(cs->out_seq, pre->out_seq, sizeof(cs->out_seq));
		memcpy(cs->out_ns, pre->out_ns, sizeof(cs->out_ns));
		return;
	}
	for (i = 0; i < j->nr_host; i++) {
		int64_t a, b;

		if (!join_in_stats(j, i))
			continue;
		if (total) {
			if (sample_stage(j, i, ST_TOTAL, &a) && !stage_saturated(a))
				add_outlier(cs, j->seq0 + i, a);
		} else if (sample_stage(j, i, ST_VECTOR_TO_ACK, &a) &&
			   sample_stage(j, i, ST_ACK_TO_EOI, &b) &&
			   !stage_saturated(a) && !stage_saturated(b) &&
			   !__builtin_add_overflow(a, b, &a)) {
			add_outlier(cs, j->seq0 + i, a);
		}
	}
}

/* Per interrupt, by class, as text: "IRQ 1.00, SYS64 1.00 (other vCPUs)". */
static void class_text(char *buf, size_t size, const struct cell_summary *cs)
{
	size_t len = 0;
	unsigned w, xc;
	char nb[16];

	buf[0] = '\0';
	for (w = 0; w < 2; w++)
		for (xc = 0; xc < XC_NR; xc++) {
			if (!cs->xc_count[w][xc] || len + 48 >= size)
				continue;
			len += snprintf(buf + len, size - len, "%s%s %.2f%s", len ? ", " : "",
					exit_class_name(xc, nb, sizeof(nb)),
					(double)cs->xc_count[w][xc] / (double)cs->exits_known,
					w ? " (other vCPUs)" : "");
		}
	if (!len)
		snprintf(buf, size, "none");
}

static void exit_finding(struct cell_summary *cs)
{
	const struct cell_info *ci = cs->ci;
	char classes[512], *f = NULL, *g;

	if (cs->exits_match == 0) {
		class_text(classes, sizeof(classes), cs);
		f = xasprintf("exits per interrupt caused by it: median %lld over [start, t_eoi] on every vCPU (all exits: %lld), the model (doc/paths.md) says %d for %s %s; per interrupt by class: %s",
			      (long long)cs->exits_caused.p50, (long long)cs->exits.p50,
			      cs->exits_expected, ci->path, ci->state, classes);
		if (ci->has_wfi && ci->wfi_not_trapped) {
			g = xasprintf("%s; %llu of the interrupts reached a vCPU whose WFI KVM had not trapped (wfi_not_trapped)",
				      f, (unsigned long long)ci->wfi_not_trapped);
			free(f);
			f = g;
		}
	}
	if (ci->has_device_host_irqs && ci->device_host_irqs) {
		g = xasprintf("%s%sthe device's host IRQ fired %llu times: those MSIs were not injected directly",
			      f ? f : "", f ? "; " : "",
			      (unsigned long long)ci->device_host_irqs);
		free(f);
		f = g;
	}
	cs->finding = f;
}

/* What exit_stats() knows before the samples: false when exits are unavailable. */
static bool exit_stats_begin(struct cell_summary *cs, const struct cell_join *j)
{
	cs->exits_expected = path_expected_exits(j->pd, cs->ci->state);
	/* Each cycle stamp in the window is a trapped PMU read: the model counts them. */
	if (cs->exits_expected >= 0 && cs->cyc.on)
		cs->exits_expected += CYCLE_STAMP_EXITS;
	cs->exits_match = -1;
	cs->exits_available = j->have_trace && cs->cross;
	if (!cs->exits_available)
		return false;
	cs->exits_known = j->exits_known;
	memcpy(cs->xc_count, j->xc_count, sizeof(cs->xc_count));
	return true;
}

static void exit_stats_end(struct cell_summary *cs)
{
	/* The model's column (doc/paths.md) is what the path costs: host IRQ exits are apart. */
	if (cs->exits_caused.n && cs->exits_expected >= 0)
		cs->exits_match = cs->exits_caused.p50 == cs->exits_expected;
}

static void exit_stats(struct cell_summary *cs, const struct cell_join *j)
{
	struct collect ex, to_ack, caused;
	bool hist = j->nr_host > summary_exact_max;
	size_t i, n = 0;
	double host_irq = 0;

	if (!exit_stats_begin(cs, j))
		return;
	for (i = 0; i < 2; i++)
		if (j->nr_host_cycles[i]) {
			int64_t *hc = xmalloc(j->nr_host_cycles[i] * sizeof(*hc));

			memcpy(hc, j->host_cycles[i], j->nr_host_cycles[i] * sizeof(*hc));
			pct_compute(hc, j->nr_host_cycles[i], &cs->host_cycles[i]);
			free(hc);
		}
	/* exit counts are small: below 2048 the histogram is exact */
	collect_init(&ex, hist);
	collect_init(&to_ack, hist);
	collect_init(&caused, hist);
	for (i = 0; i < j->nr_host; i++) {
		const struct sample *s = &j->s[i];

		if (j->host[i].status == HOST_ERROR || !join_in_stats(j, i))
			continue;
		if (s->exits >= 0)
			collect_add(&ex, s->exits);
		if (s->exits_to_ack >= 0)
			collect_add(&to_ack, s->exits_to_ack);
		if (s->exits >= 0 && s->exits_host_irq >= 0) {
			collect_add(&caused, s->exits - s->exits_host_irq);
			host_irq += s->exits_host_irq;
			n++;
		}
	}
	cs->host_irq_per_irq = n ? host_irq / n : 0;
	collect_pct(&ex, &cs->exits);
	collect_pct(&to_ack, &cs->exits_to_ack);
	collect_pct(&caused, &cs->exits_caused);
	collect_free(&ex);
	collect_free(&to_ack);
	collect_free(&caused);
	exit_stats_end(cs);
}

/* Why a path's stages look as they do in this cell. */
static void stage_notes(struct cell_summary *cs, const struct cell_join *j)
{
	const struct cell_info *ci = j->ci;
	static const int needs[] = { EV_EXIT, EV_ENTRY, EV_WAKEUP, EV_USERSPACE_EXIT };
	size_t i;

	if (!j->pd) {
		note(cs, "path '%s' is not one this analyzer knows: only the four stamp stages, no expected exits",
		     ci->path);
		return;
	}
	if (j->pd->no_queued)
		note(cs, "%s: %s", ci->path, j->pd->no_queued);
	if (ci->calib_v.known && !ci->calib_v.ok)
		note(cs, "%s", ci->calib_v.reason);
	else if (ci->calib_v.known && ci->calib_v.has_tol &&
		 (double)ci->calib_v.err_ns > ci->calib_v.resolution_ns)
		note(cs, "cross-domain stages carry \u00b1%llu ns (--calib-tolerance-ns %llu)",
		     (unsigned long long)ci->calib_v.err_ns,
		     (unsigned long long)ci->calib_v.tol_ns);
	if (j->pd->queued != NO_EVENT && !cs->trace_per_kind[j->pd->queued])
		note(cs, "trace.tsv has no %s events at all: the injection cannot be placed",
		     ev_kind_names[j->pd->queued]);
	for (i = 0; i < ARRAY_SIZE(needs); i++)
		if (!cs->trace_per_kind[needs[i]] &&
		    (needs[i] != EV_WAKEUP || state_index(ci->state) == 1) &&
		    (needs[i] != EV_USERSPACE_EXIT || j->pd->uirq))
			note(cs, "trace.tsv has no %s events at all%s",
			     ev_kind_names[needs[i]],
			     cs->trace_missing ? " (see its # missing= line)" :
			     " (a tracer older than the 12-event format?)");
	if (j->flag_count[SF_TRACE_INCOMPLETE])
		note(cs, "%llu interrupts miss a trace mark of their route (flag trace_incomplete): left out of those stages, counted in the others",
		     (unsigned long long)j->flag_count[SF_TRACE_INCOMPLETE]);
	if (j->route_count[RT_OUTSIDE])
		note(cs, "%llu interrupts found the target vCPU already out of the guest (route outside: no kick, no wake-up)",
		     (unsigned long long)j->route_count[RT_OUTSIDE]);
}

static void trace_notes(struct cell_summary *cs, const struct cell_join *j)
{
	const struct cell_info *ci = j->ci;

	if (ci->trace == TRACE_OFF) {
		note(cs, "exits unavailable: trace=off");
		return;
	}
	if (ci->trace == TRACE_FAILED) {
		note(cs, "exits unavailable: tracing failed: %s",
		     ci->trace_error ? ci->trace_error : "(no trace_error given)");
		return;
	}
	if (ci->trace_error)
		note(cs, "the tracer ended before the cell did: %s", ci->trace_error);
	if (!cs->cross)
		note(cs, "exits unavailable: their window [start, t_eoi] needs cntvoff");
	if (cs->trace_cut_short)
		note(cs, "trace.tsv has no '# lost=' / '# events=' trailer: it was cut short, trace loss is unknown, and interrupts after its last event have unknown exits (flag no_trace)");
	if (cs->trace_has_lost && cs->trace_lost)
		note(cs, "the tracer lost %llu records: exit counts may be low",
		     (unsigned long long)cs->trace_lost);
	if (cs->trace_has_events && cs->trace_events != cs->trace_rows)
		note(cs, "trace.tsv trailer says events=%llu but %llu rows were read",
		     (unsigned long long)cs->trace_events,
		     (unsigned long long)cs->trace_rows);
	if (cs->trace_ooo_rows)
		note(cs, "trace.tsv had %llu rows out of timestamp order (first at line %lu): sorted before counting (flag out_of_order)",
		     (unsigned long long)cs->trace_ooo_rows,
		     j->trace.first_ooo_line);
	if (cs->fit_fallback)
		note(cs, "calibration points coincide: trace ns converted with the nominal cntfrq");
	if (!j->inject_event)
		note(cs, "path %s has no host tracepoint that fires on every injection: injection events not checked",
		     ci->path);
	if (j->trace_dups)
		note(cs, "trace.tsv repeats %llu rows (same event, thread and ns): counted once",
		     (unsigned long long)j->trace_dups);
	if (j->vcpus_untraced)
		note(cs, "%llu vCPU(s) without a vcpu<i>_tid in cell.kv: their exits are not counted",
		     (unsigned long long)j->vcpus_untraced);
	if (cs->trace_has_lost_busy && cs->trace_lost_busy)
		note(cs, "the kernel skipped %llu tracepoint runs (lost_busy, an upper bound: some may be other processes' events)",
		     (unsigned long long)cs->trace_lost_busy);
	if (cs->trace_stats_error)
		note(cs, "BPF program statistics unavailable: %s", cs->trace_stats_error);
	stage_notes(cs, j);
}

void summarize_cell(struct cell_summary *cs, const struct cell_join *j)
{
	summarize_cell_w(cs, j, HIST_DEFAULT_WIDTH_NS);
}

/* Every stage's resolution is a tick of CNTFRQ: the stamps' counter, and the trace's clock source. */
static void stage_resolutions(struct cell_summary *cs)
{
	char buf[96];

	for (unsigned st = 0; st < ST_NR; st++) {
		struct stage_summary *ss = &cs->st[st];

		if (!ss->listed || !ss->available || !ss->p.n)
			continue;
		resolution_of(&ss->res, ss->p.p50, cs->ci->cntfrq);
		if (ss->res.below)
			note(cs, "%s: %s, a tick is %.1f ns: its percentiles are withheld (quantisation)",
			     stage_names[st], resolution_text(&ss->res, "ticks", buf, sizeof(buf)),
			     ss->res.period_ns);
	}
}

static void cycle_notes(struct cell_summary *cs)
{
	const struct cycle_summary *cy = &cs->cyc;

	if (!cy->requested)
		return;
	if (!cy->on) {
		note(cs, "guest cycles asked for (-cycles) but not stamped: %s; the rest of the cell is measured", cy->why);
		return;
	}
	note(cs, "guest cycle stamps: each is a PMCCNTR_EL0 read that traps to KVM (MDCR_EL2.TPM), %d of them inside [start, t_eoi]: the exit model counts them, and vector_to_ack and ack_to_eoi in ns include their round trips; the cycle figures (%llu Hz, the agent's calibration) do not",
	     CYCLE_STAMP_EXITS, (unsigned long long)cy->hz);
	if (cy->not_monotonic)
		note(cs, "guest cycle stamps: %llu samples not monotonic (first seq %llu)",
		     (unsigned long long)cy->not_monotonic, (unsigned long long)cy->first_bad_seq);
}

/* Everything but what needs the samples: counts, trace facts, notes. */
static void summary_head(struct cell_summary *cs, const struct cell_join *j)
{
	const struct cell_info *ci = j->ci;

	memset(cs, 0, sizeof(*cs));
	cs->ci = ci;
	cs->cross = j->cross;
	cs->trig = j->trig;
	cs->host_rows = j->nr_host;
	cs->injected = j->injected;
	cs->inject_errors = j->inject_errors;
	cs->received = j->received;
	cs->lost = j->lost;
	cs->timeouts = j->timeouts;
	cs->duplicates = j->duplicates;
	cs->guest_unmatched = j->guest_unmatched;
	cs->ok = j->ok;
	memcpy(cs->flag_count, j->flag_count, sizeof(cs->flag_count));
	cs->has_trace = j->have_trace;
	cs->trace_cut_short = j->trace.cut_short;
	cs->trace_rows = j->trace.rows;
	memcpy(cs->trace_per_kind, j->trace.per_kind, sizeof(cs->trace_per_kind));
	cs->trace_ooo_rows = j->trace.ooo_rows;
	cs->trace_has_lost = j->trace.has_lost;
	cs->trace_has_events = j->trace.has_events;
	cs->trace_lost = j->trace.lost;
	cs->trace_events = j->trace.events;
	cs->inject_event = j->have_trace ? j->inject_event : NULL;
	cs->fit_fallback = j->have_trace && j->fit.fallback;
	/*
	 * The path's own row, not the join's per-cell copy (j->pd_cell): the
	 * summary outlives the join, and what it reads of the row (the
	 * catalogue's facts, device) is the same in both.
	 */
	cs->pd = j->pd ? path_desc_of(cs->ci->path) : NULL;
	cs->trace_dups = j->trace_dups;
	cs->trace_has_lost_ringbuf = j->trace.has_lost_ringbuf;
	cs->trace_has_lost_busy = j->trace.has_lost_busy;
	cs->trace_lost_ringbuf = j->trace.lost_ringbuf;
	cs->trace_lost_busy = j->trace.lost_busy;
	cs->trace_foreign = j->trace.foreign;
	cs->trace_missing = j->trace.missing ? xstrdup(j->trace.missing) : NULL;
	cs->trace_stats_error = j->trace.stats_error ? xstrdup(j->trace.stats_error) : NULL;
	memcpy(cs->prog, j->trace.prog, sizeof(cs->prog));
	cs->nr_prog = j->trace.nr_prog;
	memcpy(cs->route_count, j->route_count, sizeof(cs->route_count));

	if (ci->skipped)
		note(cs, "skipped, nothing measured: %s",
		     ci->skip_reason ? ci->skip_reason : "(no skip_reason given)");
	if (ci->delay_point)
		note(cs, "self-check: bench/ added a known busy-wait of %llu ns at %s (--delay): not a plain measurement",
		     (unsigned long long)ci->delay_ns, ci->delay_point);
	if (j->trig)
		note(cs, "guest-originated path: inject_to_vector and total start at the guest's t_trigger (guest counter), not at the host's t_inject");
	if (j->trigger_missing)
		note(cs, "guest-originated path but guest.tsv has no t_trigger column: stages start at the host's t_inject, when bench/ asked for the trigger");
	if (!cs->cross && !j->trig && !ci->skipped)
		note(cs, "inject_to_vector and total unavailable: cntvoff_ok=0, the guest/host counter offset was not established");
	if (cs->host_rows != ci->count_injected &&
	    cs->injected != ci->count_injected)
		note(cs, "cell.kv count_injected=%llu but host.tsv has %llu rows (%llu injected)",
		     (unsigned long long)ci->count_injected,
		     (unsigned long long)cs->host_rows,
		     (unsigned long long)cs->injected);
	if (ci->count_requested > cs->host_rows)
		note(cs, "%llu of %llu requested interrupts were never injected (cell status %s)",
		     (unsigned long long)(ci->count_requested - cs->host_rows),
		     (unsigned long long)ci->count_requested, ci->status);
	if (cs->duplicates)
		note(cs, "%llu guest rows repeat a seq (flag seq_mismatch)",
		     (unsigned long long)cs->duplicates);
	if (cs->guest_unmatched)
		note(cs, "%llu guest rows have a seq that is not in host.tsv",
		     (unsigned long long)cs->guest_unmatched);
	if (!ci->skipped)
		trace_notes(cs, j);
	if (j->streamed)
		note(cs, "a large cell (%llu rows, above %zu): joined %zu interrupts at a time in bounded memory, percentiles from histograms (analysis/README.md \"Scale\"); its samples file has a column for every trace stage its routes can have",
		     (unsigned long long)j->nr_host, summary_exact_max, join_stream_window);
	if (j->trace_late)
		note(cs, "%llu trace rows came more than %lld ms behind the file's latest time, after the interrupts of their time were joined: those may miss them",
		     (unsigned long long)j->trace_late, JOIN_STREAM_REORDER_NS / 1000000);
}

/* sc: the buffer of the stage columns, then of the breakdown's. */
static void summarize(struct cell_summary *cs, const struct cell_join *j,
		      int64_t hist_width_ns, struct stage_cols *pre, struct scratch *sc)
{
	const struct cell_info *ci = j->ci;

	summary_head(cs, j);
	if (cs->received > summary_exact_max)
		stage_stats_hdr(cs, j, hist_width_ns);
	else
		stage_stats(cs, j, hist_width_ns, sc, pre);
	outliers(cs, j, pre);
	stage_resolutions(cs);
	cycles_summarize(&cs->cyc, j);
	cycle_notes(cs);
	exit_stats(cs, j);
	suite_share_of(&cs->suite, j);
	exit_finding(cs);
	if (!ci->skipped)
		breakdown_compute(&cs->bd, j, sc);
}

void summarize_cell_w(struct cell_summary *cs, const struct cell_join *j,
		      int64_t hist_width_ns)
{
	struct scratch sc = { 0 };

	summarize(cs, j, hist_width_ns, NULL, &sc);
	scratch_free(&sc);
}

void summarize_cell_cols(struct cell_summary *cs, const struct cell_join *j,
			 int64_t hist_width_ns, struct stage_cols *c, struct scratch *sc)
{
	summarize(cs, j, hist_width_ns, c, sc);
}

void cell_summary_free(struct cell_summary *cs)
{
	size_t i;
	unsigned st;

	for (st = 0; st < ST_NR; st++) {
		free(cs->st[st].bk_idx);
		free(cs->st[st].bk_cnt);
	}
	for (i = 0; i < cs->nr_notes; i++)
		free(cs->notes[i]);
	free(cs->notes);
	free(cs->cdf_ns);
	free(cs->cdf_frac);
	free(cs->finding);
	free(cs->trace_missing);
	free(cs->trace_stats_error);
	perf_counts_free(&cs->perf);
	memset(cs, 0, sizeof(*cs));
}

/* ---- a streamed cell (join_stream.h): the histogram path, a window at a time ---- */

struct summary_stream {
	struct hdr st[ST_NR];		/* every stage the cell may list */
	struct hdr ex[3];		/* exits, exits_to_ack, exits caused */
	double host_irq;
	size_t host_irq_n;
	bool exits;
	bool by_total;			/* outliers by total, else vector_to_eoi */
	size_t nr_out;
	uint64_t out_seq[NR_OUTLIERS];
	int64_t out_ns[NR_OUTLIERS];
	struct breakdown_acc bd;
};

struct summary_stream *summary_stream_begin(const struct cell_join *j)
{
	struct summary_stream *a = xcalloc(1, sizeof(*a));
	unsigned k;

	for (k = 0; k < ST_NR; k++)
		hdr_init(&a->st[k]);
	for (k = 0; k < 3; k++)
		hdr_init(&a->ex[k]);
	a->exits = j->have_trace && j->cross;
	a->by_total = j->stage_ok[ST_TOTAL];
	breakdown_acc_init(&a->bd, j);
	return a;
}

void summary_stream_add(struct summary_stream *a, const struct cell_join *j)
{
	unsigned st;
	size_t i;

	/* Stages only some routes have are listed at the end: collect every possible one. */
	for (st = 0; st < ST_NR; st++)
		if (j->stage_ok[st])
			stage_hdr_add(j, st, &a->st[st]);
	for (i = 0; i < j->nr_host; i++) {
		const struct sample *s = &j->s[i];
		int64_t x, y;

		if (!join_in_stats(j, i))
			continue;
		if (a->by_total) {
			if (sample_stage(j, i, ST_TOTAL, &x) && !stage_saturated(x))
				outlier_add(&a->nr_out, a->out_seq, a->out_ns, j->seq0 + i, x);
		} else if (sample_stage(j, i, ST_VECTOR_TO_ACK, &x) &&
			   sample_stage(j, i, ST_ACK_TO_EOI, &y) &&
			   !stage_saturated(x) && !stage_saturated(y) &&
			   !__builtin_add_overflow(x, y, &x)) {
			outlier_add(&a->nr_out, a->out_seq, a->out_ns, j->seq0 + i, x);
		}
		if (!a->exits || j->host[i].status == HOST_ERROR)
			continue;
		/* exit_stats()'s three passes, in one */
		if (s->exits >= 0)
			hdr_add(&a->ex[0], s->exits);
		if (s->exits_to_ack >= 0)
			hdr_add(&a->ex[1], s->exits_to_ack);
		if (s->exits >= 0 && s->exits_host_irq >= 0) {
			hdr_add(&a->ex[2], s->exits - s->exits_host_irq);
			a->host_irq += s->exits_host_irq;
			a->host_irq_n++;
		}
	}
	breakdown_acc_add(&a->bd, j);
}

void summary_stream_end(struct summary_stream *a, struct cell_summary *cs,
			const struct cell_join *j, int64_t hist_width_ns)
{
	summary_head(cs, j);
	stage_stats_from_hdr(cs, j, a->st, hist_width_ns);
	cs->outlier_by = a->by_total ? "total" : "vector_to_eoi";
	cs->nr_out = a->nr_out;
	memcpy(cs->out_seq, a->out_seq, sizeof(cs->out_seq));
	memcpy(cs->out_ns, a->out_ns, sizeof(cs->out_ns));
	stage_resolutions(cs);
	/* Its guest rows are gone window by window: cycle figures need them all. */
	if (j->ci->cycles_twin)
		note(cs, "guest cycle figures are not computed for a streamed cell (above the exact limit)");
	if (exit_stats_begin(cs, j)) {
		hdr_pct(&a->ex[0], &cs->exits);
		hdr_pct(&a->ex[1], &cs->exits_to_ack);
		hdr_pct(&a->ex[2], &cs->exits_caused);
		cs->host_irq_per_irq = a->host_irq_n ? a->host_irq / a->host_irq_n : 0;
		exit_stats_end(cs);
	}
	suite_share_of(&cs->suite, j);
	exit_finding(cs);
	breakdown_acc_end(&a->bd, &cs->bd, j);
	summary_stream_free(a);
}

void summary_stream_free(struct summary_stream *a)
{
	unsigned k;

	if (!a)
		return;
	for (k = 0; k < ST_NR; k++)
		hdr_free(&a->st[k]);
	for (k = 0; k < 3; k++)
		hdr_free(&a->ex[k]);
	breakdown_acc_free(&a->bd);
	free(a);
}
