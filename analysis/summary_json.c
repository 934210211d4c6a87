// SPDX-License-Identifier: GPL-2.0
/* summary.json: everything summary.csv has, and why, per cell and per run. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hdrhist.h"
#include "json.h"
#include "outfile.h"
#include "tracing_cost.h"
#include "util.h"
#include "write_results.h"

void json_cell_keys(struct json *j, const struct cell_info *ci)
{
	json_kstr(j, "gic", ci->gic);
	json_kstr(j, "hyp", ci->hyp);
	json_kstr(j, "path", ci->path);
	json_kstr(j, "state", ci->state);
	json_kstr(j, "vgic", ci->vgic);
}

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

/*
 * A percentile the sample does not support (stats.h's pct_supported) is
 * null, and "n_too_small" says which and how many samples each needs.
 */
static void pct_fields(struct json *j, const struct pct *p, const char *unit)
{
	static const struct { const char *name; unsigned permille; size_t off; } pcts[] = {
		{ "p50", 500, offsetof(struct pct, p50) }, { "p90", 900, offsetof(struct pct, p90) },
		{ "p99", 990, offsetof(struct pct, p99) }, { "p999", 999, offsetof(struct pct, p999) },
	};
	bool withheld = false;
	char k[32];

	json_kuint(j, "count", p->n);
	if (!p->n)
		return;
	snprintf(k, sizeof(k), "min%s", unit);
	json_kint(j, k, p->min);
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
		snprintf(k, sizeof(k), "%s%s", pcts[i].name, unit);
		if (pct_supported(p->n, pcts[i].permille))
			json_kint(j, k, *(const int64_t *)((const char *)p + pcts[i].off));
		else
			json_knull(j, k);
		withheld |= !pct_supported(p->n, pcts[i].permille);
	}
	snprintf(k, sizeof(k), "max%s", unit);
	json_kint(j, k, p->max);
	snprintf(k, sizeof(k), "mean%s", unit);
	json_kdouble(j, k, p->mean);
	if (!withheld)
		return;
	json_key(j, "n_too_small");
	json_begin_object(j);
	for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++)
		if (!pct_supported(p->n, pcts[i].permille))
			json_kuint(j, pcts[i].name, pct_min_samples(pcts[i].permille));
	json_end_object(j);
}

static void pct_obj(struct json *j, const struct pct *p, bool available,
		    const char *unit)
{
	json_begin_object(j);
	json_kbool(j, "available", available);
	if (available)
		pct_fields(j, p, unit);
	json_end_object(j);
}

static void kuint_or_null(struct json *j, const char *key, bool has, uint64_t v)
{
	json_key(j, key);
	if (has)
		json_uint(j, v);
	else
		json_null(j);
}

static const char *domain_name(enum domain d)
{
	static const char *const n[] = {
		[DOM_GUEST] = "guest counter",
		[DOM_COUNTER] = "host and guest counter (cntvoff)",
		[DOM_TRACE] = "trace ns",
		[DOM_CROSS] = "trace ns against the counter (calibration)",
		[DOM_HOST] = "host counter",
	};

	return n[d];
}

/* [lo, hi] (hi null when the sample cannot bound it above); null when withheld. */
static void ci_json(struct json *j, const char *key, const struct pct_ci *ci)
{
	json_key(j, key);
	if (!ci->known) {
		json_null(j);
		return;
	}
	json_begin_array(j);
	json_int(j, ci->lo);
	if (ci->hi_open)
		json_null(j);
	else
		json_int(j, ci->hi);
	json_end_array(j);
}

/*
 * The cell's histogram, the same buckets as its .hist.txt: one width for
 * the run, bucket i = [i * bucket_ns, (i + 1) * bucket_ns). Sparse: only
 * the buckets with a count, as [lower_ns, count].
 */
static void hist_json(struct json *j, const struct cell_summary *s)
{
	unsigned st;
	size_t b;

	json_key(j, "histogram");
	json_begin_object(j);
	json_kint(j, "bucket_ns", s->plan.width);
	json_kuint(j, "buckets", s->plan.nb);
	json_key(j, "stages");
	json_begin_object(j);
	for (st = 0; st < ST_NR; st++) {
		const struct stage_summary *ss = &s->st[st];

		if (!ss->available)
			continue;
		json_key(j, stage_names[st]);
		json_begin_object(j);
		json_kuint(j, "underflow", ss->underflow);
		json_kuint(j, "overflow", ss->overflow);
		json_key(j, "counts");
		json_begin_array(j);
		for (b = 0; b < ss->nr_bk; b++) {
			json_begin_array(j);
			json_int(j, (int64_t)ss->bk_idx[b] * s->plan.width);
			json_uint(j, ss->bk_cnt[b]);
			json_end_array(j);
		}
		json_end_array(j);
		json_end_object(j);
	}
	json_end_object(j);
	json_end_object(j);
}

/*
 * A stage below its counter's resolution (resolution.h) keeps count, min,
 * max and mean and says so; its percentiles and their intervals are null.
 */
static void stage_pct_json(struct json *j, const struct stage_summary *ss)
{
	static const char *const pk[] = { "p50_ns", "p90_ns", "p99_ns", "p999_ns" };
	char buf[96];

	if (ss->res.known) {
		json_kdouble(j, "resolution_ns", ss->res.period_ns);
		json_kbool(j, "below_resolution", ss->res.below);
	}
	if (!ss->res.below) {
		pct_fields(j, &ss->p, "_ns");
		ci_json(j, "p50_ci_ns", &ss->ci50);
		ci_json(j, "p99_ci_ns", &ss->ci99);
		return;
	}
	json_kstr(j, "resolution_note", resolution_text(&ss->res, "ticks", buf, sizeof(buf)));
	json_kuint(j, "count", ss->p.n);
	json_kint(j, "min_ns", ss->p.min);
	for (size_t i = 0; i < sizeof(pk) / sizeof(pk[0]); i++)
		json_knull(j, pk[i]);
	json_kint(j, "max_ns", ss->p.max);
	json_kdouble(j, "mean_ns", ss->p.mean);
	json_knull(j, "p50_ci_ns");
	json_knull(j, "p99_ci_ns");
}

static void stage_obj(struct json *j, const struct cell_summary *s, enum stage st)
{
	const struct stage_summary *ss = &s->st[st];
	const struct stage_desc *d = &stage_desc[st];

	json_begin_object(j);
	json_kbool(j, "available", ss->available);
	if (ss->available) {
		stage_pct_json(j, ss);
	} else {
		json_kstr(j, "reason", ss->why);
	}
	json_kstr(j, "domain", domain_name(stage_domain(st, s->trig)));
	if (st == ST_UIRQ_ROUND_TRIP) {
		json_kstr(j, "from", "the target's kvm_exit of the IAR read (esr_ec 0x24, DABT_LOW)");
		json_kstr(j, "to", "the target's kvm_entry after kvm_userspace_exit");
	} else {
		json_kstr(j, "from", mark_event(d->from));
		json_kstr(j, "to", mark_event(d->to));
	}
	json_end_object(j);
}

static void exit_classes(struct json *j, const struct cell_summary *s)
{
	unsigned xc;
	char nb[16];

	json_key(j, "exits_by_class");
	json_begin_array(j);
	for (xc = 0; xc < XC_NR; xc++) {
		uint64_t t = s->xc_count[0][xc], o = s->xc_count[1][xc];

		if (!t && !o)
			continue;
		json_begin_object(j);
		json_kstr(j, "class", exit_class_name(xc, nb, sizeof(nb)));
		json_key(j, "code");
		if (xc < XC_EC_NR)
			json_uint(j, 2);
		else if (xc == XC_OTHER)
			json_null(j);
		else
			json_uint(j, xc == XC_IRQ ? 0 : xc == XC_SERROR ? 1 : 3);
		json_key(j, "esr_ec");
		if (xc < XC_EC_NR)
			json_uint(j, xc);
		else
			json_null(j);
		json_kuint(j, "target", t);
		json_kuint(j, "other_vcpus", o);
		json_kdouble(j, "per_interrupt", (double)(t + o) / (double)s->exits_known);
		json_end_object(j);
	}
	json_end_array(j);
}

static void exits_json(struct json *j, const struct cell_summary *s)
{
	const struct cell_info *ci = s->ci;
	bool have = s->exits_available && s->exits.n;

	json_key(j, "exits_per_interrupt");
	pct_obj(j, &s->exits, s->exits_available, "");
	json_key(j, "exits_p50");
	if (have)
		json_int(j, s->exits.p50);
	else
		json_null(j);
	json_key(j, "exits_expected");
	if (s->exits_expected >= 0)
		json_int(j, s->exits_expected);
	else
		json_null(j);
	json_key(j, "exits_match");
	if (s->exits_match >= 0)
		json_bool(j, s->exits_match);
	else
		json_null(j);
	json_kstr(j, "finding", s->finding);
	json_key(j, "exits_to_ack");
	pct_obj(j, &s->exits_to_ack, s->exits_available, "");
	json_key(j, "exits_caused");
	pct_obj(j, &s->exits_caused, s->exits_available, "");
	json_key(j, "host_irq_exits_per_interrupt");
	if (s->exits_available && s->exits_caused.n)
		json_double(j, s->host_irq_per_irq);
	else
		json_null(j);
	exit_classes(j, s);
	suite_share_json(j, &s->suite);
	/* A device's path says whether the host saw its IRQ, even when it was not recorded. */
	if (ci->has_device_host_irqs || (s->pd && s->pd->device)) {
		if (ci->device_kind)
			json_kstr(j, "device_kind", ci->device_kind);
		if (ci->device)
			json_kstr(j, "device", ci->device);
		kuint_or_null(j, "device_host_irqs", ci->has_device_host_irqs,
			      ci->device_host_irqs);
		json_key(j, "direct_injection_proven");
		if (ci->has_device_host_irqs)
			json_bool(j, ci->device_host_irqs == 0);
		else
			json_null(j);
	}
	if (ci->has_wfi || state_index(ci->state) == 1) {
		kuint_or_null(j, "wfi_asleep", ci->has_wfi, ci->wfi_asleep);
		kuint_or_null(j, "wfi_not_trapped", ci->has_wfi, ci->wfi_not_trapped);
	}
}

static void clock_json(struct json *j, const struct cell_info *ci)
{
	const struct calib_verdict *v = &ci->calib_v;

	json_key(j, "clock");
	json_begin_object(j);
	json_kdouble(j, "resolution_ns", 1e9 / (double)ci->cntfrq);
	if (v->known) {
		json_kuint(j, "calib_error_ns", v->err_ns);
		kuint_or_null(j, "calib_tolerance_ns", v->has_tol, v->tol_ns);
		json_kstr(j, "cross_domain", v->ok ? "reported" : "refused");
		kuint_or_null(j, "cross_domain_carries_ns", v->ok, v->err_ns);
		json_key(j, "fit_ppm");
		if (v->fallback)
			json_null(j);
		else
			json_double(j, v->ppm);
		json_kstr(j, "verdict", v->reason);
	} else {
		json_knull(j, "calib_error_ns");
		json_kstr(j, "cross_domain", "no calibration points");
	}
	json_end_object(j);
}

static void breakdown_json(struct json *j, const struct cell_summary *s)
{
	const struct breakdown *bd = &s->bd;
	size_t k;

	json_key(j, "breakdown");
	json_begin_object(j);
	json_kbool(j, "available", bd->available);
	json_kstr(j, "method", "medians of cumulative times from the start; stage k = median(cum_k) - median(cum_k-1); they add up to total_p50_ns");
	if (!bd->available) {
		json_kstr(j, "reason", bd->why);
		json_end_object(j);
		return;
	}
	json_kstr(j, "route", route_names[bd->route]);
	json_kuint(j, "count", bd->n);
	json_kuint(j, "on_route", bd->on_route);
	json_kuint(j, "excluded_out_of_order", bd->nonmonotone);
	json_kint(j, "total_p50_ns", bd->cum_ns[bd->nr_marks - 1]);
	json_key(j, "stages");
	json_begin_array(j);
	for (k = 1; k < bd->nr_marks; k++) {
		json_begin_object(j);
		json_kstr(j, "stage", stage_names[bd->stage[k]]);
		json_kint(j, "ns", breakdown_stage_ns(bd, k));
		json_kint(j, "cum_ns", bd->cum_ns[k]);
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

static void trace_json(struct json *j, const struct cell_summary *s)
{
	const struct cell_info *ci = s->ci;
	size_t i;
	unsigned f;

	json_key(j, "trace");
	json_begin_object(j);
	json_kstr(j, "status", trace_status(s));
	json_kstr(j, "error", ci->trace_error);
	if (s->has_trace) {
		json_kuint(j, "rows", s->trace_rows);
		json_key(j, "rows_by_event");
		json_begin_object(j);
		for (f = 0; f < EV_NR; f++)
			json_kuint(j, ev_kind_names[f], s->trace_per_kind[f]);
		json_end_object(j);
		kuint_or_null(j, "lost", s->trace_has_lost, s->trace_lost);
		kuint_or_null(j, "lost_ringbuf", s->trace_has_lost_ringbuf, s->trace_lost_ringbuf);
		kuint_or_null(j, "lost_busy", s->trace_has_lost_busy, s->trace_lost_busy);
		kuint_or_null(j, "events_trailer", s->trace_has_events, s->trace_events);
		json_kuint(j, "out_of_order_rows", s->trace_ooo_rows);
		json_kuint(j, "duplicate_rows", s->trace_dups);
		json_kstr(j, "inject_event_checked", s->inject_event);
		json_key(j, "foreign");
		if (s->trace_foreign < 0)
			json_null(j);
		else
			json_bool(j, s->trace_foreign);
		json_kstr(j, "missing", s->trace_missing);
		json_kstr(j, "stats_error", s->trace_stats_error);
		json_key(j, "bpf_programs");
		json_begin_array(j);
		for (i = 0; i < s->nr_prog; i++) {
			json_begin_object(j);
			json_kstr(j, "prog", s->prog[i].name);
			json_kuint(j, "run_cnt", s->prog[i].run_cnt);
			json_kuint(j, "run_time_ns", s->prog[i].run_time_ns);
			json_key(j, "ns_per_event");
			if (s->prog[i].run_cnt)
				json_double(j, prog_ns_per_event(s->prog[i].run_time_ns,
								 s->prog[i].run_cnt));
			else
				json_null(j);
			json_end_object(j);
		}
		json_end_array(j);
	}
	json_end_object(j);
}

/*
 * `trace both` measures a cell twice: the untraced twin (<cell>-untraced)
 * gives the headline numbers, which no tracer touched; the traced one the
 * stage breakdown and the exits. Both are named in each, or null.
 */
static void twin_json(struct json *j, const struct cell_summary *cs, size_t n,
		      const struct cell_summary *s)
{
	static const char suffix[] = "-untraced";
	const char *name = s->ci->name;
	size_t len = strlen(name), sl = sizeof(suffix) - 1;
	const struct cell_summary *other = NULL;

	for (size_t i = 0; i < n && !other; i++) {
		const char *o = cs[i].ci->name;
		size_t ol = strlen(o);

		if (cs[i].ci->skipped || &cs[i] == s)
			continue;
		if (s->ci->untraced_twin ? len == ol + sl && !strncmp(name, o, ol) :
					   ol == len + sl && !strncmp(o, name, len) &&
					   cs[i].ci->untraced_twin)
			other = &cs[i];
	}
	json_key(j, "twin");
	if (!other || s->ci->skipped) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kstr(j, "role", s->ci->untraced_twin ? "headline" : "breakdown");
	json_kstr(j, "headline_cell", s->ci->untraced_twin ? name : other->ci->name);
	json_kstr(j, "breakdown_cell", s->ci->untraced_twin ? other->ci->name : name);
	json_end_object(j);
}

/* A vCPU's host CPU by its role: cell.kv's vcpu<target_vcpu or sender_vcpu>_cpu. */
static const char *role_cpu(const struct kv *kv, const char *role)
{
	const char *idx = kv_get(kv, role);
	char key[48];

	if (!idx)
		return NULL;
	snprintf(key, sizeof(key), "vcpu%.24s_cpu", idx);
	return kv_get(kv, key);
}

/*
 * Where the cell's threads ran and why (bench/placement.c's cell.kv
 * keys); null for a cell that predates them and says only vcpu<i>_cpu.
 */
static void placement_json(struct json *j, const struct cell_info *ci)
{
	static const char *const keys[][2] = {
		{ "numa", "placement_numa" }, { "injector_cpu", "injector_cpu" },
		{ "tracer_cpus", "tracer_cpus" }, { "target_isolated", "target_cpu_isolated" },
		{ "target_node", "target_node" }, { "sender_node", "sender_node" },
		{ "injector_node", "injector_node" }, { "reason", "placement_reason" },
	};
	const struct kv *kv = &ci->kv;

	json_key(j, "placement");
	if (!kv_get(kv, "placement_numa")) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kstr(j, "target_cpu", role_cpu(kv, "target_vcpu"));
	json_kstr(j, "sender_cpu", role_cpu(kv, "sender_vcpu"));
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		json_kstr(j, keys[i][0], kv_get(kv, keys[i][1]));
	json_end_object(j);
}

static void cell_json(struct json *j, const struct cell_summary *cs, size_t n,
		      const struct cell_summary *s)
{
	const struct cell_info *ci = s->ci;
	size_t i;
	unsigned st, f;

	json_begin_object(j);
	json_kstr(j, "name", ci->name);
	json_cell_keys(j, ci);
	json_kstr(j, "status", ci->status);
	json_kstr(j, "error", ci->error);
	json_kbool(j, "skipped", ci->skipped);
	json_kstr(j, "skip_reason", ci->skip_reason);
	json_kbool(j, "traced", ci->trace == TRACE_ON);
	json_kbool(j, "cross_domain", s->cross);
	json_kstr(j, "stages_start", s->trig ? "t_trigger (guest)" : "t_inject (host)");
	/* The first interrupts: in the samples file (flag warmup), in no statistic. */
	json_kuint(j, "warmup", s->flag_count[SF_WARMUP]);
	json_key(j, "delay");
	if (ci->delay_point) {
		/* A self-check (bench --delay): a known busy-wait, never a plain measurement. */
		json_begin_object(j);
		json_kstr(j, "point", ci->delay_point);
		json_kuint(j, "ns", ci->delay_ns);
		json_end_object(j);
	} else {
		json_null(j);
	}
	twin_json(j, cs, n, s);
	placement_json(j, ci);
	/* The run-wide percentile_methods says what each means. */
	json_kstr(j, "percentile_method", s->pct_hist ? "histogram" : "exact");

	json_key(j, "counts");
	json_begin_object(j);
	json_kuint(j, "requested", ci->count_requested);
	json_kuint(j, "injected_cell_kv", ci->count_injected);
	json_kuint(j, "host_rows", s->host_rows);
	json_kuint(j, "injected", s->injected);
	json_kuint(j, "inject_errors", s->inject_errors);
	json_kuint(j, "received", s->received);
	json_kuint(j, "lost", s->lost);
	json_kuint(j, "timeouts", s->timeouts);
	json_kuint(j, "ok", s->ok);
	kuint_or_null(j, "spurious", ci->has_spurious, ci->spurious);
	json_kuint(j, "guest_duplicates", s->duplicates);
	json_kuint(j, "guest_unmatched", s->guest_unmatched);
	kuint_or_null(j, "trace_events", s->has_trace, s->trace_rows);
	/* null: unknown or no trace */
	kuint_or_null(j, "trace_lost", s->has_trace && s->trace_has_lost, s->trace_lost);
	json_end_object(j);

	json_key(j, "flags");
	json_begin_object(j);
	json_kuint(j, "ok", s->ok);
	for (f = 0; f < SF_NR; f++)
		json_kuint(j, sample_flag_names[f], s->flag_count[f]);
	json_end_object(j);

	trace_json(j, s);
	perf_counts_json(j, &s->perf, s->host_cycles);
	clock_json(j, ci);

	json_key(j, "routes");
	json_begin_object(j);
	for (f = RT_EXIT; f < RT_NR; f++)
		json_kuint(j, route_names[f], s->route_count[f]);
	json_end_object(j);

	json_key(j, "stages");
	json_begin_object(j);
	for (st = 0; st < ST_NR; st++) {
		if (!s->st[st].listed)
			continue;
		json_key(j, stage_names[st]);
		stage_obj(j, s, st);
	}
	json_end_object(j);
	json_key(j, "guest_cycles");
	cycles_json(j, &s->cyc);
	hist_json(j, s);
	breakdown_json(j, s);
	exits_json(j, s);

	json_key(j, "outliers");
	json_begin_object(j);
	json_kstr(j, "by", s->outlier_by);
	json_key(j, "seq_ns");
	json_begin_array(j);
	for (i = 0; i < s->nr_out; i++) {
		json_begin_array(j);
		json_uint(j, s->out_seq[i]);
		json_int(j, s->out_ns[i]);
		json_end_array(j);
	}
	json_end_array(j);
	json_end_object(j);

	json_key(j, "notes");
	json_begin_array(j);
	for (i = 0; i < s->nr_notes; i++)
		json_str(j, s->notes[i]);
	json_end_array(j);
	json_end_object(j);
}

/* Each cell over its rounds, with the verdict against the 3% goal. */
static void cost_groups_json(struct json *j, const struct cost_pair *p, size_t np)
{
	struct cost_group *g = xcalloc(np ? np : 1, sizeof(*g));
	size_t ng = tracing_cost_groups(p, np, g), i;

	json_key(j, "tracing_cost_by_cell");
	json_begin_array(j);
	for (i = 0; i < ng; i++) {
		const struct cell_info *ci = g[i].first->ci;

		json_begin_object(j);
		json_kstr(j, "cell", g[i].base);
		json_cell_keys(j, ci);
		json_kuint(j, "pairs", g[i].pairs);
		json_kuint(j, "rounds", g[i].rounds);
		json_kdouble(j, "goal_pct", TRACING_COST_GOAL_PCT);
		json_kstr(j, "verdict", cost_verdict_name(g[i].verdict));
		if (g[i].rounds) {
			json_kint(j, "traced_total_p50_ns", g[i].traced_p50);
			json_kint(j, "untraced_total_p50_ns", g[i].untraced_p50);
			json_kdouble(j, "change_pct", g[i].change_pct);
			json_kdouble(j, "change_min_pct", g[i].change_min);
			json_kdouble(j, "change_max_pct", g[i].change_max);
		}
		json_key(j, "change_interval_pct");
		if (g[i].have_ci) {
			json_begin_object(j);
			json_kdouble(j, "mean", g[i].change_mean_pct);
			json_kdouble(j, "lo", g[i].ci_lo_pct);
			json_kdouble(j, "hi", g[i].ci_hi_pct);
			json_kdouble(j, "level", TRACING_COST_LEVEL);
			json_end_object(j);
		} else {
			json_null(j);
		}
		json_key(j, "noise_pct");
		if (g[i].have_noise)
			json_double(j, g[i].noise_pct);
		else
			json_null(j);
		json_key(j, "bpf_ns_per_irq");
		if (g[i].have_bpf)
			json_double(j, g[i].bpf_ns_per_irq);
		else
			json_null(j);
		json_end_object(j);
	}
	json_end_array(j);
	free(g);
}

static void cost_json(struct json *j, const struct cell_summary *cs, size_t n)
{
	struct cost_pair *p = xcalloc(n, sizeof(*p));
	struct prog_total pt[MAX_PROG_STATS];
	size_t np = tracing_cost_pairs(cs, n, p), i;

	json_key(j, "tracing_cost");
	json_begin_array(j);
	for (i = 0; i < np; i++) {
		const struct cell_info *ci = p[i].traced->ci;

		json_begin_object(j);
		json_cell_keys(j, ci);
		json_kstr(j, "traced_cell", ci->name);
		json_kstr(j, "untraced_cell", p[i].untraced->ci->name);
		json_kbool(j, "available", p[i].have);
		if (p[i].have) {
			json_kint(j, "traced_total_p50_ns", p[i].traced_p50);
			json_kint(j, "untraced_total_p50_ns", p[i].untraced_p50);
			json_kdouble(j, "ratio", p[i].ratio);
			json_kdouble(j, "change_pct", p[i].change_pct);
		}
		json_end_object(j);
	}
	json_end_array(j);
	cost_groups_json(j, p, np);
	free(p);

	np = bpf_cost_totals(cs, n, pt, MAX_PROG_STATS);
	json_key(j, "bpf_cost");
	json_begin_array(j);
	for (i = 0; i < np; i++) {
		json_begin_object(j);
		json_kstr(j, "prog", pt[i].name);
		json_kuint(j, "cells", pt[i].cells);
		json_kuint(j, "run_cnt", pt[i].run_cnt);
		json_kuint(j, "run_time_ns", pt[i].run_time_ns);
		json_key(j, "ns_per_event");
		if (pt[i].run_cnt)
			json_double(j, prog_ns_per_event(pt[i].run_time_ns, pt[i].run_cnt));
		else
			json_null(j);
		json_end_object(j);
	}
	json_end_array(j);
}

int write_summary_json(const char *out, const struct run_info *ri,
		       const struct cell_summary *cs, size_t n, int64_t hist_width_ns)
{
	struct outfile o;
	struct json j;
	size_t c;

	if (outfile_open(&o, out, "summary.json"))
		return -1;
	json_init(&j, o.f);
	json_begin_object(&j);
	json_kint(&j, "format_version", RESULTS_FORMAT_VERSION);
	json_kstr(&j, "format", RESULTS_FORMAT_DOC);
	json_kstr(&j, "generator", "virqbench-analyze");
	json_kstr(&j, "analyzer_version", VQB_VERSION);
	json_kint(&j, "hist_bucket_ns", hist_width_ns);
	json_kstr(&j, "confidence", "p50_ci_ns, p99_ci_ns: distribution-free 95 % intervals, the order statistics at ranks n*q -/+ 1.96*sqrt(n*q*(1-q)); an upper end of null: the sample cannot bound it (past the max)");
	json_kstr(&j, "host_gic", kv_get(&ri->run, "host_gic"));
	json_kstr(&j, "hyp_mode", kv_get(&ri->run, "hyp_mode"));
	json_kstr(&j, "units", "ns (latencies), counts (exits)");
	json_key(&j, "percentile_min_samples");
	json_begin_object(&j);
	json_kuint(&j, "p50", pct_min_samples(500));
	json_kuint(&j, "p90", pct_min_samples(900));
	json_kuint(&j, "p99", pct_min_samples(990));
	json_kuint(&j, "p999", pct_min_samples(999));
	json_end_object(&j);
	json_kstr(&j, "percentile_rule", "nearest rank; a percentile is null (and named in the stage's n_too_small with the samples it needs) when the stage has fewer samples: at least one sample is expected above it, and never fewer than 5");
	json_kstr(&j, "percentile_method", PERCENTILE_METHOD);
	json_key(&j, "percentile_methods");
	json_begin_object(&j);
	json_kstr(&j, "exact", "the nearest-rank value of the sorted samples (cells of at most percentile_exact_max received samples)");
	json_kstr(&j, "histogram", PERCENTILE_METHOD_HIST);
	json_end_object(&j);
	json_kuint(&j, "percentile_exact_max", summary_exact_max);
	json_kdouble(&j, "percentile_histogram_rel_error", HDR_REL_ERROR);
	json_kstr(&j, "lost_means", "injected (host status ok or timeout) with no guest sample");
	json_kstr(&j, "exits_means", "kvm_exit events on every vCPU thread of the cell with ts in [start, t_eoi] (start: t_inject, or t_trigger on guest-originated paths); exits_to_ack: the target vCPU's in [start, t_ack]");
	json_key(&j, "calib_tolerance_ns");
	if (ri->has_calib_tol)
		json_uint(&j, ri->calib_tol_ns);
	else
		json_null(&j);
	json_key(&j, "cells");
	json_begin_array(&j);
	for (c = 0; c < n; c++)
		cell_json(&j, cs, n, &cs[c]);
	json_end_array(&j);
	cost_json(&j, cs, n);
	json_end_object(&j);
	return outfile_commit(&o);
}
