// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json.h"
#include "num.h"
#include "outfile.h"
#include "util.h"
#include "write_results.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

/* ---- meta.json ---- */

static void kv_object(struct json *j, const struct kv *kv)
{
	size_t i;

	json_begin_object(j);
	for (i = 0; i < kv->n; i++)
		json_kstr(j, kv->e[i].key, kv->e[i].value);
	json_end_object(j);
}

static void kstr_from(struct json *j, const char *key, const struct kv *kv,
		      const char *kvkey)
{
	json_kstr(j, key, kv_get(kv, kvkey));
}

/* A number when the text is one, else the text: knobs may read "unknown". */
static void knum_or_str(struct json *j, const char *key, const char *v)
{
	int64_t n;

	json_key(j, key);
	if (!v)
		json_null(j);
	else if (!num_i64(v, &n))
		json_int(j, n);
	else
		json_str(j, v);
}

static void calib_obj(struct json *j, const char *key,
		      const struct calib_point *cp)
{
	json_key(j, key);
	json_begin_object(j);
	json_kint(j, "ns", cp->ns);
	json_kint(j, "cnt", cp->cnt);
	json_kuint(j, "err_ns", cp->err_ns);
	json_end_object(j);
}

static void cell_meta(struct json *j, const struct cell_info *ci)
{
	json_begin_object(j);
	json_kstr(j, "name", ci->name);
	json_kstr(j, "gic", ci->gic);
	json_kstr(j, "hyp", ci->hyp);
	json_kstr(j, "path", ci->path);
	json_kstr(j, "state", ci->state);
	json_kstr(j, "vgic", ci->vgic);
	json_kbool(j, "guest_originated", ci->guest_originated);
	json_kstr(j, "status", ci->status);
	json_kstr(j, "error", ci->error);
	json_kstr(j, "skip_reason", ci->skip_reason);
	json_kuint(j, "cntfrq_hz", ci->cntfrq);
	json_kdouble(j, "resolution_ns", 1e9 / (double)ci->cntfrq);
	json_kbool(j, "cntvoff_ok", ci->cntvoff_ok);
	if (ci->cntvoff_ok) {
		json_kint(j, "cntvoff", ci->cntvoff);
		json_kuint(j, "cntvoff_err", ci->cntvoff_err);
	} else {
		json_knull(j, "cntvoff");
		json_knull(j, "cntvoff_err");
	}
	if (ci->has_calib) {
		struct clockfit fit;
		double nominal = 1e9 / (double)ci->cntfrq, npt;

		clockfit_init(&fit, ci->cntfrq, &ci->calib_start, &ci->calib_end);
		npt = clockfit_ns_per_tick(&fit);
		calib_obj(j, "calib_start", &ci->calib_start);
		calib_obj(j, "calib_end", &ci->calib_end);
		json_key(j, "fit");
		json_begin_object(j);
		json_kstr(j, "method", fit.fallback ? "nominal cntfrq (points coincide)"
						    : "line through the two calibration points");
		json_kdouble(j, "ns_per_tick", npt);
		json_kdouble(j, "nominal_ns_per_tick", nominal);
		json_kdouble(j, "deviation_ppm", (npt / nominal - 1) * 1e6);
		json_end_object(j);
	} else {
		json_knull(j, "calib_start");
		json_knull(j, "calib_end");
		json_knull(j, "fit");
	}
	json_key(j, "cell_kv");
	kv_object(j, &ci->kv);
	json_end_object(j);
}

static void utc_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int write_meta(const char *out, const struct run_info *ri,
	       const struct cell_info *cells, size_t nr_cells,
	       int argc, char *const argv[])
{
	const struct kv *rk = &ri->run;
	struct outfile o;
	struct json j;
	char now[32];
	size_t i;
	int a;

	if (outfile_open(&o, out, "meta.json"))
		return -1;
	utc_now(now, sizeof(now));
	json_init(&j, o.f);
	json_begin_object(&j);
	json_kstr(&j, "generator", "virqbench-analyze");
	json_kstr(&j, "analyzer_version", VQB_VERSION);
	json_key(&j, "analyzer_command");
	json_begin_array(&j);
	for (a = 0; a < argc; a++)
		json_str(&j, argv[a]);
	json_end_array(&j);
	json_kstr(&j, "analyzed_utc", now);
	json_kstr(&j, "raw_dir", ri->dir);
	json_kint(&j, "raw_format", RAW_FORMAT_VERSION);

	json_key(&j, "run");
	json_begin_object(&j);
	kstr_from(&j, "tool_version", rk, "tool_version");
	kstr_from(&j, "command", rk, "command");
	kstr_from(&j, "start_utc", rk, "start_utc");
	kstr_from(&j, "end_utc", rk, "end_utc");
	kstr_from(&j, "hostname", rk, "hostname");
	kstr_from(&j, "uname_release", rk, "uname_release");
	kstr_from(&j, "uname_version", rk, "uname_version");
	kstr_from(&j, "uname_machine", rk, "uname_machine");
	kstr_from(&j, "kernel_cmdline", rk, "kernel_cmdline");
	kstr_from(&j, "host_gic", rk, "host_gic");
	kstr_from(&j, "hyp_mode", rk, "hyp_mode");
	json_kuint(&j, "cntfrq_hz", ri->cntfrq);
	json_kdouble(&j, "resolution_ns", 1e9 / (double)ri->cntfrq);
	knum_or_str(&j, "halt_poll_ns", kv_get(rk, "halt_poll_ns"));
	json_key(&j, "interrupted");
	if (ri->has_interrupted)
		json_bool(&j, ri->interrupted);
	else
		json_null(&j);
	json_key(&j, "exit_code");
	if (ri->has_exit_code)
		json_int(&j, ri->exit_code);
	else
		json_null(&j);
	json_end_object(&j);

	/* Everything, including keys this version does not know by name. */
	json_key(&j, "run_kv");
	kv_object(&j, rk);
	json_key(&j, "lab");
	if (ri->has_lab)
		kv_object(&j, &ri->lab);
	else
		json_null(&j);

	json_key(&j, "cells");
	json_begin_array(&j);
	for (i = 0; i < nr_cells; i++)
		cell_meta(&j, &cells[i]);
	json_end_array(&j);
	json_end_object(&j);
	return outfile_commit(&o);
}

/* ---- <cell>.samples.tsv ---- */

static void tab_val(FILE *f, bool known, int64_t v)
{
	putc_unlocked('\t', f);
	if (known)
		out_i64(f, v);
	else
		putc_unlocked('-', f);
}

static char *put_val(char *p, bool known, int64_t v)
{
	*p++ = '\t';
	if (known)
		return fmt_i64(p, v);
	*p++ = '-';
	return p;
}

int write_samples(const char *out, const struct cell_join *j)
{
	const struct cell_info *ci = j->ci;
	struct outfile o;
	char *name = xasprintf("%s.samples.tsv", ci->name);
	char flags[256];
	size_t i;
	int r;

	r = outfile_open(&o, out, name);
	free(name);
	if (r)
		return -1;
	fprintf(o.f, "# virqbench-analyze samples: cell %s, one row per injected interrupt\n",
		ci->name);
	if (j->cross)
		fprintf(o.f, "# stamps: host counter ticks at %llu Hz (guest stamps + cntvoff %lld); stages: ns; '-': unknown\n",
			(unsigned long long)ci->cntfrq, (long long)ci->cntvoff);
	else
		fprintf(o.f, "# stamps: host counter ticks at %llu Hz; guest stamps unknown in that domain (cntvoff not established); stages: ns; '-': unknown\n",
			(unsigned long long)ci->cntfrq);
	if (j->trig)
		fputs("# guest-originated: inject_to_vector and total start at t_trigger, the guest's stamp\n", o.f);
	fputs("# seq\tt_inject\tt_seen\tt_trigger\tt_vector\tt_ack\tt_eoi\tinject_to_vector_ns\tvector_to_ack_ns\tack_to_eoi_ns\ttotal_ns\texits\tflags\n",
	      o.f);
	for (i = 0; i < j->nr_host; i++) {
		const struct host_row *h = &j->host[i];
		const struct sample *s = &j->s[i];
		char row[512], *p = row;
		int64_t v;
		bool k;
		int w;
		unsigned st;

		/* Built in a buffer, one fwrite a row: a million rows add up. */
		p = fmt_i64(p, (int64_t)i);
		p = put_val(p, true, h->t_inject);
		p = put_val(p, h->t_seen != 0, h->t_seen);
		k = sample_host_stamp(j, i, 3, &v);
		p = put_val(p, k, v);
		for (w = 0; w < 3; w++) {
			k = sample_host_stamp(j, i, w, &v);
			p = put_val(p, k, v);
		}
		for (st = 0; st < ST_NR; st++) {
			k = sample_stage(j, i, st, &v);
			p = put_val(p, k, v);
		}
		p = put_val(p, s->exits >= 0, s->exits);
		*p++ = '\t';
		sample_flags_str(s->flags, flags, sizeof(flags));
		p = stpcpy(p, flags);
		*p++ = '\n';
		fwrite_unlocked(row, 1, p - row, o.f);
	}
	return outfile_commit(&o);
}

/* ---- <cell>.hist.txt, laid out like cyclictest's histogram ---- */

static void hist_row(FILE *f, const char *label, const struct cell_summary *cs,
		     int what)
{
	unsigned st;

	fprintf(f, "# %-22s", label);
	for (st = 0; st < ST_NR; st++) {
		const struct stage_summary *ss = &cs->st[st];

		if (!ss->available || (what && !ss->p.n)) {
			fputs(" -", f);
			continue;
		}
		switch (what) {
		case 0: fprintf(f, " %llu", (unsigned long long)ss->p.n); break;
		case 1: fprintf(f, " %lld", (long long)ss->p.min); break;
		case 2: fprintf(f, " %.1f", ss->p.mean); break;
		case 3: fprintf(f, " %lld", (long long)ss->p.p50); break;
		case 4: fprintf(f, " %lld", (long long)ss->p.p99); break;
		case 5: fprintf(f, " %lld", (long long)ss->p.max); break;
		case 6: fprintf(f, " %llu", (unsigned long long)ss->overflow); break;
		case 7: fprintf(f, " %llu", (unsigned long long)ss->underflow); break;
		}
	}
	putc('\n', f);
}

int write_hist(const char *out, const struct cell_summary *cs)
{
	const struct cell_info *ci = cs->ci;
	static const char *const labels[] = {
		"Total:", "Min Latencies:", "Avg Latencies:", "P50 Latencies:",
		"P99 Latencies:", "Max Latencies:", "Histogram Overflows:",
		"Negative (underflows):",
	};
	struct outfile o;
	char *name = xasprintf("%s.hist.txt", ci->name);
	size_t b, i;
	unsigned st;
	int r, w;

	r = outfile_open(&o, out, name);
	free(name);
	if (r)
		return -1;
	fprintf(o.f, "# virqbench-analyze histogram: cell %s (gic %s%s%s, hyp %s, path %s, state %s)\n",
		ci->name, ci->gic, ci->vgic ? ", vgic " : "", ci->vgic ? ci->vgic : "",
		ci->hyp, ci->path, ci->state);
	fprintf(o.f, "# bucket width %lld ns (counter resolution %.3f ns); bucket_ns is the lower edge; latencies in ns\n",
		(long long)cs->plan.width, 1e9 / (double)ci->cntfrq);
	for (st = 0; st < ST_NR; st++)
		if (!cs->st[st].available)
			fprintf(o.f, "# %s: unavailable (cntvoff not established), column is '-'\n",
				stage_names[st]);
	fprintf(o.f, "# bucket_ns");
	for (st = 0; st < ST_NR; st++)
		fprintf(o.f, "\t%s", stage_names[st]);
	putc('\n', o.f);
	for (b = 0; b < cs->plan.nb; b++) {
		out_i64(o.f, (int64_t)b * cs->plan.width);
		for (st = 0; st < ST_NR; st++) {
			const struct stage_summary *ss = &cs->st[st];

			tab_val(o.f, ss->available, ss->available ? (int64_t)ss->bucket[b] : 0);
		}
		putc('\n', o.f);
	}
	fprintf(o.f, "# columns:              ");
	for (st = 0; st < ST_NR; st++)
		fprintf(o.f, " %s", stage_names[st]);
	putc('\n', o.f);
	for (w = 0; w < (int)ARRAY_SIZE(labels); w++)
		hist_row(o.f, labels[w], cs, w);
	fprintf(o.f, "# Lost: %llu of %llu injected\n", (unsigned long long)cs->lost,
		(unsigned long long)cs->injected);
	fprintf(o.f, "# Outliers (top %d by %s, seq:ns):", NR_OUTLIERS, cs->outlier_by);
	for (i = 0; i < cs->nr_out; i++)
		fprintf(o.f, " %llu:%lld", (unsigned long long)cs->out_seq[i],
			(long long)cs->out_ns[i]);
	putc('\n', o.f);
	return outfile_commit(&o);
}

/* ---- summary.csv ---- */

void csv_field(FILE *f, const char *s)
{
	size_t len = strlen(s);

	if (!strpbrk(s, ",\"\r\n") && !(len && (s[0] == ' ' || s[len - 1] == ' '))) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

static void csv_num(FILE *f, bool known, int64_t v)
{
	putc(',', f);
	if (known)
		fprintf(f, "%lld", (long long)v);
}

int write_summary_csv(const char *out, const struct cell_summary *cs, size_t n)
{
	struct outfile o;
	size_t c;
	unsigned st;

	if (outfile_open(&o, out, "summary.csv"))
		return -1;
	fputs(SUMMARY_CSV_HEADER "\n", o.f);
	for (c = 0; c < n; c++) {
		const struct cell_summary *s = &cs[c];

		/* Rows are measurements; a skipped cell is in summary.json. */
		if (s->ci->skipped)
			continue;
		for (st = 0; st < ST_NR; st++) {
			const struct stage_summary *ss = &s->st[st];
			bool have = ss->available && ss->p.n;

			csv_field(o.f, s->ci->gic);
			putc(',', o.f);
			csv_field(o.f, s->ci->hyp);
			putc(',', o.f);
			csv_field(o.f, s->ci->path);
			putc(',', o.f);
			csv_field(o.f, s->ci->state);
			putc(',', o.f);
			csv_field(o.f, stage_names[st]);
			/* Unavailable is empty, not 0: nothing was measured. */
			csv_num(o.f, ss->available, ss->p.n);
			csv_num(o.f, true, s->lost);
			csv_num(o.f, have, ss->p.min);
			csv_num(o.f, have, ss->p.p50);
			csv_num(o.f, have, ss->p.p90);
			csv_num(o.f, have, ss->p.p99);
			csv_num(o.f, have, ss->p.p999);
			csv_num(o.f, have, ss->p.max);
			csv_num(o.f, s->exits_available && s->exits.n, s->exits.p50);
			csv_num(o.f, s->has_trace && s->trace_has_lost, s->trace_lost);
			putc(',', o.f);
			if (have)
				fprintf(o.f, "%.1f", ss->p.mean);
			putc(',', o.f);
			csv_field(o.f, s->ci->name);
			putc(',', o.f);
			csv_field(o.f, s->ci->vgic ? s->ci->vgic : "");
			putc('\n', o.f);
		}
	}
	return outfile_commit(&o);
}

/* ---- summary.json ---- */

static void pct_obj(struct json *j, const struct pct *p, bool available,
		    const char *unit)
{
	char k[32];

	json_begin_object(j);
	json_kbool(j, "available", available);
	if (available) {
		json_kuint(j, "count", p->n);
		if (p->n) {
#define PK(name, v) do { snprintf(k, sizeof(k), "%s%s", name, unit); json_kint(j, k, v); } while (0)
			PK("min", p->min);
			PK("p50", p->p50);
			PK("p90", p->p90);
			PK("p99", p->p99);
			PK("p999", p->p999);
			PK("max", p->max);
#undef PK
			snprintf(k, sizeof(k), "mean%s", unit);
			json_kdouble(j, k, p->mean);
		}
	}
	json_end_object(j);
}

static void cell_json(struct json *j, const struct cell_summary *s)
{
	const struct cell_info *ci = s->ci;
	size_t i;
	unsigned st, f;

	json_begin_object(j);
	json_kstr(j, "name", ci->name);
	json_kstr(j, "gic", ci->gic);
	json_kstr(j, "hyp", ci->hyp);
	json_kstr(j, "path", ci->path);
	json_kstr(j, "state", ci->state);
	json_kstr(j, "vgic", ci->vgic);
	json_kstr(j, "status", ci->status);
	json_kstr(j, "error", ci->error);
	json_kbool(j, "skipped", ci->skipped);
	json_kstr(j, "skip_reason", ci->skip_reason);
	json_kbool(j, "cross_domain", s->cross);
	json_kstr(j, "stages_start", s->trig ? "t_trigger (guest)" : "t_inject (host)");

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
	json_key(j, "spurious");
	if (ci->has_spurious)
		json_uint(j, ci->spurious);
	else
		json_null(j);
	json_kuint(j, "guest_duplicates", s->duplicates);
	json_kuint(j, "guest_unmatched", s->guest_unmatched);
	json_key(j, "trace_events");
	if (s->has_trace)
		json_uint(j, s->trace_rows);
	else
		json_null(j);
	json_key(j, "trace_lost");	/* null: unknown or no trace */
	if (s->has_trace && s->trace_has_lost)
		json_uint(j, s->trace_lost);
	else
		json_null(j);
	json_end_object(j);

	json_key(j, "flags");
	json_begin_object(j);
	json_kuint(j, "ok", s->ok);
	for (f = 0; f < SF_NR; f++)
		json_kuint(j, sample_flag_names[f], s->flag_count[f]);
	json_end_object(j);

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
		json_key(j, "lost");
		if (s->trace_has_lost)
			json_uint(j, s->trace_lost);
		else
			json_null(j);
		json_key(j, "events_trailer");
		if (s->trace_has_events)
			json_uint(j, s->trace_events);
		else
			json_null(j);
		json_kuint(j, "out_of_order_rows", s->trace_ooo_rows);
		json_kstr(j, "inject_event_checked", s->inject_event);
	}
	json_end_object(j);

	json_key(j, "stages");
	json_begin_object(j);
	for (st = 0; st < ST_NR; st++) {
		json_key(j, stage_names[st]);
		pct_obj(j, &s->st[st].p, s->st[st].available, "_ns");
	}
	json_end_object(j);
	json_key(j, "exits_per_interrupt");
	pct_obj(j, &s->exits, s->exits_available, "");

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

int write_summary_json(const char *out, const struct run_info *ri,
		       const struct cell_summary *cs, size_t n)
{
	struct outfile o;
	struct json j;
	size_t c;

	if (outfile_open(&o, out, "summary.json"))
		return -1;
	json_init(&j, o.f);
	json_begin_object(&j);
	json_kstr(&j, "generator", "virqbench-analyze");
	json_kstr(&j, "analyzer_version", VQB_VERSION);
	json_kstr(&j, "host_gic", kv_get(&ri->run, "host_gic"));
	json_kstr(&j, "hyp_mode", kv_get(&ri->run, "hyp_mode"));
	json_kstr(&j, "units", "ns (latencies), counts (exits)");
	json_kstr(&j, "percentile_method", PERCENTILE_METHOD);
	json_kstr(&j, "lost_means", "injected (host status ok or timeout) with no guest sample");
	json_kstr(&j, "exits_means", "kvm_exit events on the target vCPU's thread with ts in [t_inject, t_ack]");
	json_key(&j, "cells");
	json_begin_array(&j);
	for (c = 0; c < n; c++)
		cell_json(&j, &cs[c]);
	json_end_array(&j);
	json_end_object(&j);
	return outfile_commit(&o);
}

/* ---- stdout ---- */

static void cell_ns(char *buf, size_t size, const struct stage_summary *ss,
		    int64_t v)
{
	if (!ss->available)
		snprintf(buf, size, "n/a");
	else if (!ss->p.n)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%lld", (long long)v);
}

void print_table(FILE *f, const struct cell_summary *cs, size_t n)
{
	size_t c, w = 4;

	for (c = 0; c < n; c++)
		if (strlen(cs[c].ci->name) > w)
			w = strlen(cs[c].ci->name);
	fprintf(f, "%-*s %9s %7s %10s %10s %10s %10s %6s  %s\n", (int)w, "cell",
		"injected", "lost", "i2v p50", "total p50", "total p99",
		"total max", "exits", "trace");
	for (c = 0; c < n; c++) {
		const struct cell_summary *s = &cs[c];
		const struct stage_summary *t = &s->st[ST_TOTAL];
		const struct stage_summary *iv = &s->st[ST_INJECT_TO_VECTOR];
		char p50[24], p99[24], max[24], ex[24], i2v[24];

		cell_ns(p50, sizeof(p50), t, t->p.p50);
		cell_ns(p99, sizeof(p99), t, t->p.p99);
		cell_ns(max, sizeof(max), t, t->p.max);
		cell_ns(i2v, sizeof(i2v), iv, iv->p.p50);
		if (s->exits_available && s->exits.n)
			snprintf(ex, sizeof(ex), "%lld", (long long)s->exits.p50);
		else
			snprintf(ex, sizeof(ex), "n/a");
		if (s->ci->skipped) {
			fprintf(f, "%-*s skipped: %s\n", (int)w, s->ci->name,
				s->ci->skip_reason ? s->ci->skip_reason : "(no reason given)");
			continue;
		}
		fprintf(f, "%-*s %9llu %7llu %10s %10s %10s %10s %6s  %s", (int)w,
			s->ci->name, (unsigned long long)s->injected,
			(unsigned long long)s->lost, i2v, p50, p99, max, ex,
			trace_status(s));
		if (s->has_trace && s->trace_has_lost)
			fprintf(f, ", lost %llu", (unsigned long long)s->trace_lost);
		if (strcmp(s->ci->status, "ok"))
			fprintf(f, "; cell %s", s->ci->status);
		putc('\n', f);
	}
	fputs("(ns; i2v = inject_to_vector, total = inject to EOI; n/a: no cntvoff or no trace; exits = median per interrupt; more in summary.json)\n", f);
}
