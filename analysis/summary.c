// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"
#include "util.h"

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

static void add_outlier(struct cell_summary *cs, uint64_t seq, int64_t ns)
{
	size_t i;

	if (cs->nr_out == NR_OUTLIERS && ns <= cs->out_ns[NR_OUTLIERS - 1])
		return;
	i = cs->nr_out < NR_OUTLIERS ? cs->nr_out++ : NR_OUTLIERS - 1;
	/* Insertion keeps the list sorted, largest first; ties keep the earlier seq. */
	while (i > 0 && cs->out_ns[i - 1] < ns) {
		cs->out_ns[i] = cs->out_ns[i - 1];
		cs->out_seq[i] = cs->out_seq[i - 1];
		i--;
	}
	cs->out_ns[i] = ns;
	cs->out_seq[i] = seq;
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

/* One stage at a time through one scratch array: memory stays O(n), not 4n. */
static void stage_stats(struct cell_summary *cs, const struct cell_join *j)
{
	int64_t *v = xmalloc((cs->received ? cs->received : 1) * sizeof(*v));
	unsigned st;
	size_t i, n;

	for (st = 0; st < ST_NR; st++) {
		struct stage_summary *ss = &cs->st[st];

		ss->available = cs->cross || !stage_needs_cntvoff(j, st);
		if (!ss->available)
			continue;
		n = join_stage_values(j, st, v);
		pct_compute(v, n, &ss->p);
		if (st != ST_TOTAL)
			continue;
		make_cdf(cs, v, n);
		for (i = 0; i < n; i++)
			cs->cdf_nonpositive += v[i] <= 0;
	}
	free(v);
}

static void histogram(struct cell_summary *cs, const struct cell_join *j)
{
	int64_t typical = 0, max = 0, *v;
	unsigned st;
	size_t i, n;

	for (st = 0; st < ST_NR; st++) {
		const struct pct *p = &cs->st[st].p;

		if (!cs->st[st].available || !p->n)
			continue;
		if (p->p999 > typical)
			typical = p->p999;
		if (p->max > max)
			max = p->max;
	}
	hist_plan(&cs->plan, 1e9 / (double)cs->ci->cntfrq, typical, max);
	v = xmalloc((cs->received ? cs->received : 1) * sizeof(*v));
	for (st = 0; st < ST_NR; st++) {
		struct stage_summary *ss = &cs->st[st];

		if (!ss->available)
			continue;
		ss->bucket = xcalloc(cs->plan.nb, sizeof(*ss->bucket));
		n = join_stage_values(j, st, v);
		for (i = 0; i < n; i++) {
			long b = hist_bucket(&cs->plan, v[i]);

			if (b < 0)
				ss->underflow++;
			else if ((size_t)b == cs->plan.nb)
				ss->overflow++;
			else
				ss->bucket[b]++;
		}
	}
	free(v);
}

static void outliers(struct cell_summary *cs, const struct cell_join *j)
{
	bool total = cs->st[ST_TOTAL].available;
	size_t i;

	cs->outlier_by = total ? "total" : "vector_to_eoi";
	for (i = 0; i < j->nr_host; i++) {
		int64_t a, b;

		if (total) {
			if (sample_stage(j, i, ST_TOTAL, &a))
				add_outlier(cs, i, a);
		} else if (sample_stage(j, i, ST_VECTOR_TO_ACK, &a) &&
			   sample_stage(j, i, ST_ACK_TO_EOI, &b)) {
			add_outlier(cs, i, a + b);
		}
	}
}

static void exit_stats(struct cell_summary *cs, const struct cell_join *j)
{
	int64_t *v;
	size_t i, n = 0;

	cs->exits_available = j->have_trace && cs->cross;
	if (!cs->exits_available)
		return;
	v = xmalloc((j->nr_host ? j->nr_host : 1) * sizeof(*v));
	for (i = 0; i < j->nr_host; i++)
		if (j->s[i].exits >= 0 && j->host[i].status != HOST_ERROR)
			v[n++] = j->s[i].exits;
	pct_compute(v, n, &cs->exits);
	free(v);
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
	if (!cs->cross)
		note(cs, "exits unavailable: their window [t_inject, t_ack] needs cntvoff");
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
}

void summarize_cell(struct cell_summary *cs, const struct cell_join *j)
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

	if (ci->skipped)
		note(cs, "skipped, nothing measured: %s",
		     ci->skip_reason ? ci->skip_reason : "(no skip_reason given)");
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

	stage_stats(cs, j);
	histogram(cs, j);
	outliers(cs, j);
	exit_stats(cs, j);
}

void cell_summary_free(struct cell_summary *cs)
{
	size_t i;
	unsigned st;

	for (st = 0; st < ST_NR; st++)
		free(cs->st[st].bucket);
	for (i = 0; i < cs->nr_notes; i++)
		free(cs->notes[i]);
	free(cs->notes);
	free(cs->cdf_ns);
	free(cs->cdf_frac);
	memset(cs, 0, sizeof(*cs));
}
