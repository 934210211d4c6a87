// SPDX-License-Identifier: GPL-2.0
/* What virqbench-analyze prints: a table per cell, then what explains it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracing_cost.h"
#include "util.h"
#include "write_results.h"

/* permille 0: min, 1000: max; a percentile the sample cannot support is "n<N". */
static void cell_ns(char *buf, size_t size, const struct stage_summary *ss,
		    int64_t v, unsigned permille)
{
	if (!ss->available)
		snprintf(buf, size, "n/a");
	else if (!ss->p.n)
		snprintf(buf, size, "-");
	else if (!pct_supported(ss->p.n, permille))
		snprintf(buf, size, "n<%zu", pct_min_samples(permille));
	else
		snprintf(buf, size, "%lld", (long long)v);
}

static size_t name_width(const struct cell_summary *cs, size_t n)
{
	size_t c, w = 4;

	for (c = 0; c < n; c++)
		if (strlen(cs[c].ci->name) > w)
			w = strlen(cs[c].ci->name);
	return w;
}

void print_table(FILE *f, const struct cell_summary *cs, size_t n)
{
	size_t c, w = name_width(cs, n);
	bool differ = false;
	uint64_t warm_min = UINT64_MAX, warm_max = 0;
	size_t delayed = 0;

	fprintf(f, "%-*s %9s %7s %10s %10s %10s %10s %6s %6s %4s  %s\n", (int)w, "cell",
		"injected", "lost", "i2v p50", "total p50", "total p99",
		"total max", "exits", "expect", "all", "trace");
	for (c = 0; c < n; c++) {
		const struct cell_summary *s = &cs[c];
		const struct stage_summary *t = &s->st[ST_TOTAL];
		const struct stage_summary *iv = &s->st[ST_INJECT_TO_VECTOR];
		char p50[24], p99[24], max[24], ex[24], i2v[24], exp[24], all[24];

		cell_ns(p50, sizeof(p50), t, t->p.p50, 500);
		cell_ns(p99, sizeof(p99), t, t->p.p99, 990);
		cell_ns(max, sizeof(max), t, t->p.max, 1000);
		cell_ns(i2v, sizeof(i2v), iv, iv->p.p50, 500);
		/* The exits the interrupt caused are what the model counts; all beside. */
		if (s->exits_available && s->exits_caused.n)
			snprintf(ex, sizeof(ex), "%lld", (long long)s->exits_caused.p50);
		else
			snprintf(ex, sizeof(ex), "n/a");
		if (s->exits_available && s->exits.n)
			snprintf(all, sizeof(all), "%lld", (long long)s->exits.p50);
		else
			snprintf(all, sizeof(all), "n/a");
		if (s->exits_expected >= 0)
			snprintf(exp, sizeof(exp), "%d%s", s->exits_expected,
				 s->exits_match == 0 ? "!" : "");
		else
			snprintf(exp, sizeof(exp), "-");
		if (s->ci->skipped) {
			fprintf(f, "%-*s skipped: %s\n", (int)w, s->ci->name,
				s->ci->skip_reason ? s->ci->skip_reason : "(no reason given)");
			continue;
		}
		differ |= s->exits_match == 0;
		if (s->flag_count[SF_WARMUP] < warm_min)
			warm_min = s->flag_count[SF_WARMUP];
		if (s->flag_count[SF_WARMUP] > warm_max)
			warm_max = s->flag_count[SF_WARMUP];
		delayed += s->ci->delay_point != NULL;
		fprintf(f, "%-*s %9llu %7llu %10s %10s %10s %10s %6s %6s %4s  %s", (int)w,
			s->ci->name, (unsigned long long)s->injected,
			(unsigned long long)s->lost, i2v, p50, p99, max, ex, exp, all,
			trace_status(s));
		if (s->has_trace && s->trace_has_lost)
			fprintf(f, ", lost %llu", (unsigned long long)s->trace_lost);
		if (s->has_trace && s->trace_has_lost_ringbuf && s->trace_has_lost_busy)
			fprintf(f, " (ringbuf %llu, busy %llu)",
				(unsigned long long)s->trace_lost_ringbuf,
				(unsigned long long)s->trace_lost_busy);
		if (strcmp(s->ci->status, "ok"))
			fprintf(f, "; cell %s", s->ci->status);
		putc('\n', f);
	}
	fputs("(ns; i2v = inject_to_vector, total = inject to EOI; n/a: no cntvoff or no trace; exits = median exits the interrupt caused (traps, and the kick where its route is one), expect = the model's (doc/paths.md), all = every kvm_exit on every vCPU, start to EOI, host ticks included",
	      f);
	if (differ)
		fputs(", '!' where the median differs: see 'finding' in summary.json", f);
	/* The statistics leave the warm-up out; injected and lost count it. */
	if (warm_max && warm_min == warm_max)
		fprintf(f, "; the first %llu interrupts of each cell are warm-up: in injected, lost and the samples file (flag warmup), in no statistic",
			(unsigned long long)warm_max);
	else if (warm_max)
		fprintf(f, "; the first %llu to %llu interrupts of a cell are warm-up (summary.json 'warmup'): in injected, lost and the samples file, in no statistic",
			(unsigned long long)(warm_min == UINT64_MAX ? 0 : warm_min),
			(unsigned long long)warm_max);
	fputs("; more in summary.json)\n", f);
	if (delayed)
		fprintf(f, "SELF-CHECK: %zu of these cells carry a known delay (bench --delay; cell.kv delay_point, delay_ns): they measure the suite, not this host\n",
			delayed);
}

/*
 * Does the harness disturb what it measures? The total over the cells, and
 * each cell where a suite thread ran inside some window.
 */
void print_suite_share(FILE *f, const struct cell_summary *cs, size_t n)
{
	size_t c, cells = 0, na = 0, w = name_width(cs, n);
	uint64_t windows = 0, any = 0;
	const char *why = NULL;
	char buf[256];

	for (c = 0; c < n; c++) {
		const struct suite_share *sh = &cs[c].suite;

		/* An untraced cell (a twin, --no-trace) has no figure by design. */
		if (cs[c].ci->skipped || cs[c].ci->trace == TRACE_OFF)
			continue;
		if (!sh->available) {
			na++;
			if (!why)
				why = sh->why;
			continue;
		}
		cells++;
		windows += sh->windows;
		any += sh->any;
	}
	if (!cells && !na)
		return;
	fprintf(f, "\nsuite's own threads inside the interrupts' windows (injector, helpers, tracer on a measured vCPU's CPU, from sched_switch): ");
	if (cells)
		fprintf(f, "%llu of %llu interrupts in %zu cells", (unsigned long long)any,
			(unsigned long long)windows, cells);
	if (na)
		fprintf(f, "%sunknown in %zu cells (%s)", cells ? "; " : "", na, why ? why : "?");
	putc('\n', f);
	for (c = 0; c < n; c++) {
		if (cs[c].ci->skipped || !cs[c].suite.available || !cs[c].suite.any)
			continue;
		suite_share_text(buf, sizeof(buf), &cs[c].suite);
		fprintf(f, "  %-*s %s\n", (int)w, cs[c].ci->name, buf);
	}
}

void print_breakdown(FILE *f, const struct cell_summary *cs, size_t n)
{
	size_t c, k, w = name_width(cs, n);
	bool any = false, refused = false;

	for (c = 0; c < n; c++)
		any |= cs[c].has_trace;
	if (!any)
		return;
	fputs("\nstage breakdown (ns: medians of cumulative times, so they add up to the total median of those interrupts):\n", f);
	for (c = 0; c < n; c++) {
		const struct cell_summary *s = &cs[c];
		const struct breakdown *bd = &s->bd;

		if (!s->has_trace || s->ci->skipped)
			continue;
		fprintf(f, "%-*s ", (int)w, s->ci->name);
		refused |= s->ci->calib_v.known && !s->ci->calib_v.ok;
		if (!bd->available) {
			fprintf(f, "n/a: %s\n", bd->why);
			continue;
		}
		for (k = 1; k < bd->nr_marks; k++)
			fprintf(f, "%s%s %lld", k > 1 ? " + " : "",
				stage_names[bd->stage[k]],
				(long long)breakdown_stage_ns(bd, k));
		fprintf(f, " = %lld (%llu interrupts, route %s)",
			(long long)bd->cum_ns[bd->nr_marks - 1],
			(unsigned long long)bd->n, route_names[bd->route]);
		/* Its own stages need no calibration; the cell's others may. */
		if (s->ci->calib_v.known && !s->ci->calib_v.ok)
			fprintf(f, "; other cross-domain stages refused (calibration error %llu ns)",
				(unsigned long long)s->ci->calib_v.err_ns);
		putc('\n', f);
	}
	if (refused)
		fputs("(cross-domain stages place trace events on the counter's time line: refused when the calibration error exceeds the counter's resolution; --calib-tolerance-ns N reports them with that error)\n",
		      f);
}

void print_tracing_cost(FILE *f, const struct cell_summary *cs, size_t n)
{
	struct cost_pair *p = xcalloc(n, sizeof(*p));
	struct cost_group *g = xcalloc(n, sizeof(*g));
	struct prog_total pt[MAX_PROG_STATS];
	size_t np = tracing_cost_pairs(cs, n, p), ng = tracing_cost_groups(p, np, g), i;
	int w = (int)name_width(cs, n);
	char range[48], noise[16], bpf[32], ci[40];

	if (ng)
		fprintf(f, "\ntracing cost (median total latency, traced vs untraced in this run; goal: within %.0f%%):\n"
			"%-*s %6s %10s %10s %8s %-20s %-20s %7s %9s %7s  %s\n",
			TRACING_COST_GOAL_PCT, w, "cell", "rounds", "traced", "untraced",
			"change", "  [min .. max]", "95% interval", "noise", "bpf/irq", "bpf%", "verdict");
	for (i = 0; i < ng; i++) {
		if (!g[i].rounds) {
			fprintf(f, "%-*s n/a (a total median is missing)\n", w, g[i].base);
			continue;
		}
		snprintf(range, sizeof(range), "  [%+.1f .. %+.1f]", g[i].change_min,
			 g[i].change_max);
		if (g[i].have_ci)
			snprintf(ci, sizeof(ci), "[%+.1f .. %+.1f]", g[i].ci_lo_pct, g[i].ci_hi_pct);
		else
			snprintf(ci, sizeof(ci), "n/a (1 round)");
		if (g[i].have_noise)
			snprintf(noise, sizeof(noise), "%.1f%%", g[i].noise_pct);
		else
			snprintf(noise, sizeof(noise), "n/a");
		if (g[i].have_bpf)
			snprintf(bpf, sizeof(bpf), "%9.0f %6.1f%%", g[i].bpf_ns_per_irq,
				 g[i].bpf_pct);
		else
			snprintf(bpf, sizeof(bpf), "%9s %7s", "n/a", "n/a");
		fprintf(f, "%-*s %6zu %10lld %10lld %+7.1f%% %-20s %-20s %7s %s  %s\n", w,
			g[i].base, g[i].rounds, (long long)g[i].traced_p50,
			(long long)g[i].untraced_p50, g[i].change_pct, range, ci, noise, bpf,
			g[i].verdict == COST_UNKNOWN && g[i].rounds == 1 ? "unknown (1 round)" :
			cost_verdict_name(g[i].verdict));
	}
	if (ng)
		fprintf(f, "(traced, untraced: medians over the rounds of each round's total median; change: the median over\n"
			" rounds of traced/untraced - 1, and its range; noise: the median change between consecutive\n"
			" untraced rounds, what identical runs differ by; bpf/irq: the traced cells' BPF run time\n"
			" (--bpf-stats) per interrupt, all CPUs, ns, and bpf%%: that against the untraced median, an upper\n"
			" bound on what the programs add to an interrupt done on one CPU; 95%% interval: of the mean change,\n"
			" Student's t over the rounds (each round pairs a traced and an untraced cell of one boot);\n"
			" verdict: within when the whole interval is within +-%.0f%%, over/below when it is all beyond,\n"
			" noise when the rounds cannot tell, unknown with one round)\n",
			TRACING_COST_GOAL_PCT);
	free(g);
	free(p);
	np = bpf_cost_totals(cs, n, pt, MAX_PROG_STATS);
	if (!np)
		return;
	fputs("\nBPF programs (virqtrace --stats, summed over the cells):\n", f);
	fprintf(f, "%-16s %10s %14s %12s\n", "prog", "run_cnt", "run_time_ns", "ns/event");
	for (i = 0; i < np; i++) {
		fprintf(f, "%-16s %10llu %14llu ", pt[i].name,
			(unsigned long long)pt[i].run_cnt,
			(unsigned long long)pt[i].run_time_ns);
		if (pt[i].run_cnt)
			fprintf(f, "%12.0f\n", prog_ns_per_event(pt[i].run_time_ns, pt[i].run_cnt));
		else
			fprintf(f, "%12s\n", "-");
	}
}
