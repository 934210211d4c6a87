// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "cell_check.h"
#include "json.h"
#include "num.h"
#include "outfile.h"
#include "stagedir.h"
#include "timefmt.h"
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

void csv_cell_keys(FILE *f, const struct cell_info *ci)
{
	csv_field(f, ci->gic);
	putc(',', f);
	csv_field(f, ci->hyp);
	putc(',', f);
	csv_field(f, ci->path);
	putc(',', f);
	csv_field(f, ci->state);
}

static void cell_meta(struct json *j, const struct cell_info *ci)
{
	json_begin_object(j);
	json_kstr(j, "name", ci->name);
	json_cell_keys(j, ci);
	json_kbool(j, "guest_originated", ci->guest_originated);
	/* What changes the numbers: a CPU shared with a busy thread. */
	json_kbool(j, "contended", ci->contended);
	/* A fault test's cell must never pass for a measurement. */
	if (ci->fault_hang_after)
		json_kuint(j, "fault_hang_after", ci->fault_hang_after);
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
		/* What the fit may be trusted with: the rule of analysis/README.md. */
		json_kuint(j, "calib_error_ns", ci->calib_v.err_ns);
		json_key(j, "calib_tolerance_ns");
		if (ci->calib_v.has_tol)
			json_uint(j, ci->calib_v.tol_ns);
		else
			json_null(j);
		json_kstr(j, "cross_domain", ci->calib_v.ok ? "reported" : "refused");
		json_kstr(j, "cross_domain_verdict", ci->calib_v.reason);
	} else {
		json_knull(j, "calib_start");
		json_knull(j, "calib_end");
		json_knull(j, "fit");
	}
	json_key(j, "cell_kv");
	kv_object(j, &ci->kv);
	json_end_object(j);
}

/*
 * What changes the numbers, as bench/provenance.c records it in run.kv
 * (and the matrix: run_id, the machine it ran on). Named here so that a
 * reader (the report, compare's meta diff) finds them in one place; a key
 * the run did not record is null.
 */
static const char *const provenance_keys[] = {
	"run_id", "matrix_host", "matrix_uname", "cpu_model", "midr", "ncpus",
	"cpufreq_governor", "cpufreq_cur_khz", "cpufreq_max_khz", "smt",
	"vulnerabilities", "preempt_model", "isolcpus", "nohz_full",
	"halt_poll_ns", "kvm_gicv4", "numa_nodes", "placement", "placement_warning",
};

static void provenance(struct json *j, const struct kv *rk)
{
	size_t i;

	json_key(j, "provenance");
	json_begin_object(j);
	for (i = 0; i < ARRAY_SIZE(provenance_keys); i++)
		json_kstr(j, provenance_keys[i], kv_get(rk, provenance_keys[i]));
	json_end_object(j);
}

/* Every boot of a matrix run: boots/TAG.run.kv and boots/TAG.lab.kv of the raw run. */
static void boots_json(struct json *j, const struct run_info *ri)
{
	char *dir = xasprintf("%s/boots", ri->dir), **logs = NULL;
	struct dirent **ent = NULL;
	int n = scandir(dir, &ent, NULL, alphasort), i;
	size_t nlogs = console_logs(ri->dir, &logs), k;

	json_key(j, "boots");
	json_begin_array(j);
	for (i = 0; i < n; i++) {
		const char *name = ent[i]->d_name;
		size_t len = strlen(name), sl = strlen(".run.kv");
		char *tag, *p;
		struct kv rk, lk;
		bool has_lab;

		if (len <= sl || strcmp(name + len - sl, ".run.kv"))
			continue;
		tag = xasprintf("%.*s", (int)(len - sl), name);
		p = xasprintf("%s/%s", dir, name);
		if (kv_load(&rk, p)) {
			free(p);
			free(tag);
			continue;
		}
		free(p);
		p = xasprintf("%s/%s.lab.kv", dir, tag);
		has_lab = !access(p, R_OK) && !kv_load(&lk, p);
		free(p);
		json_begin_object(j);
		json_kstr(j, "tag", tag);
		kstr_from(j, "host_gic", &rk, "host_gic");
		kstr_from(j, "hyp_mode", &rk, "hyp_mode");
		kstr_from(j, "kernel", &rk, "uname_release");
		kstr_from(j, "kernel_cmdline", &rk, "kernel_cmdline");
		kstr_from(j, "start_utc", &rk, "start_utc");
		kstr_from(j, "end_utc", &rk, "end_utc");
		json_kstr(j, "qemu_version", has_lab ? kv_get(&lk, "qemu_version") : NULL);
		json_kstr(j, "qemu_machine", has_lab ? kv_get(&lk, "qemu_machine") : NULL);
		json_kstr(j, "qemu_cpu", has_lab ? kv_get(&lk, "qemu_cpu") : NULL);
		json_kstr(j, "lab_append", has_lab ? kv_get(&lk, "lab_append") : NULL);
		p = xasprintf("boots/%s.console.log", tag);
		json_key(j, "console_log");
		for (k = 0; k < nlogs && strcmp(logs[k], p); k++)
			;
		if (k < nlogs)
			json_str(j, p + strlen("boots/"));
		else
			json_null(j);
		free(p);
		json_end_object(j);
		kv_free(&rk);
		if (has_lab)
			kv_free(&lk);
		free(tag);
	}
	json_end_array(j);
	for (i = 0; i < n; i++)
		free(ent[i]);
	free(ent);
	for (k = 0; k < nlogs; k++)
		free(logs[k]);
	free(logs);
	free(dir);
}

/*
 * Where the raw run is, from the results directory: "raw" when inside it.
 * out may be the directory's staging directory (lib/stagedir.h), whose
 * files are renamed into its parent: the parent is where "raw" lies.
 */
static void raw_where(struct json *j, const char *out, const char *raw)
{
	const char *slash = strrchr(out, '/');
	char *dir = slash && stagedir_name(slash + 1) ? xasprintf("%.*s", (int)(slash - out), out)
						      : xstrdup(out);
	size_t lo = strlen(dir);
	char *inside = xasprintf("%s/raw", dir);

	json_key(j, "raw_run");
	if (!strcmp(raw, inside) || (!strncmp(raw, dir, lo) && !strcmp(raw + lo, "/raw/")))
		json_str(j, "raw");
	else
		json_str(j, raw);
	free(inside);
	free(dir);
}

int write_meta(const char *out, const struct run_info *ri,
	       const struct cell_info *cells, size_t nr_cells,
	       int argc, char *const argv[], int64_t hist_width_ns)
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
	json_kint(&j, "format_version", RESULTS_FORMAT_VERSION);
	json_kstr(&j, "format", RESULTS_FORMAT_DOC);
	json_kstr(&j, "generator", "virqbench-analyze");
	json_kstr(&j, "analyzer_version", VQB_VERSION);
	kstr_from(&j, "run_id", rk, "run_id");
	json_kint(&j, "hist_bucket_ns", hist_width_ns);
	json_key(&j, "analyzer_command");
	json_begin_array(&j);
	for (a = 0; a < argc; a++)
		json_str(&j, argv[a]);
	json_end_array(&j);
	json_kstr(&j, "analyzed_utc", now);
	json_kstr(&j, "raw_dir", ri->dir);
	raw_where(&j, out, ri->dir);
	json_kint(&j, "raw_format", RAW_FORMAT_VERSION);
	json_key(&j, "calib_tolerance_ns");	/* --calib-tolerance-ns */
	if (ri->has_calib_tol)
		json_uint(&j, ri->calib_tol_ns);
	else
		json_null(&j);

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
	provenance(&j, rk);
	boots_json(&j, ri);

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

static inline __attribute__((always_inline)) char *put_val(char *p, bool known, int64_t v)
{
	*p++ = '\t';
	if (known)
		return fmt_i64(p, v);
	*p++ = '-';
	return p;
}

/*
 * The header, and the trace stage columns: j->stage_set, or for a
 * streamed cell `cols` (every stage its routes may have: written before
 * the routes are known).
 */
static void samples_header(struct samples_out *so, const struct cell_join *j, uint32_t cols)
{
	const struct cell_info *ci = j->ci;
	FILE *f = so->o.f;
	unsigned st;

	fprintf(f, "# virqbench-analyze samples: cell %s, one row per injected interrupt\n",
		ci->name);
	if (j->cross)
		fprintf(f, "# stamps: host counter ticks at %llu Hz (guest stamps + cntvoff %lld); stages: ns; '-': unknown\n",
			(unsigned long long)ci->cntfrq, (long long)ci->cntvoff);
	else
		fprintf(f, "# stamps: host counter ticks at %llu Hz; guest stamps unknown in that domain (cntvoff not established); stages: ns; '-': unknown\n",
			(unsigned long long)ci->cntfrq);
	if (j->trig)
		fputs("# guest-originated: inject_to_vector and total start at t_trigger, the guest's stamp\n", f);
	if (j->have_trace)
		fputs("# exits: kvm_exit on every vCPU of the cell in [start, t_eoi]; exits_to_ack: the target's in [start, t_ack]; route: how the interrupt reached the guest (analysis/README.md)\n", f);
	fputs("# seq\tt_inject\tt_seen\tt_trigger\tt_vector\tt_ack\tt_eoi\tinject_to_vector_ns\tvector_to_ack_ns\tack_to_eoi_ns\ttotal_ns\texits\tflags\texits_to_ack\troute",
	      f);
	/* Then this cell's trace stages, named: the set depends on the path. */
	for (st = ST_NR_STAMP; st < ST_NR; st++)
		if (cols & 1u << st) {
			fprintf(f, "\t%s_ns", stage_names[st]);
			so->cols[so->nr_cols++] = st;
		}
	putc('\n', f);
}

int samples_open(struct samples_out *so, const char *out, const struct cell_join *j,
		 uint32_t cols)
{
	char *name = xasprintf("%s.samples.tsv", j->ci->name);
	int r;

	memset(so, 0, sizeof(*so));
	so->last_flags = UINT32_MAX;
	r = outfile_open(&so->o, out, name);
	free(name);
	if (r)
		return -1;
	samples_header(so, j, cols);
	return 0;
}

void samples_rows(struct samples_out *so, const struct cell_join *j)
{
	struct stage_of stamp[ST_NR_STAMP], col[ST_NR];
	/* The route names padded: each row copies 16 bytes and moves by the name's length. */
	char route[RT_NR][16] = { { 0 } };
	size_t i, route_len[RT_NR];
	unsigned st;

	for (st = 0; st < RT_NR; st++) {
		route_len[st] = strlen(route_names[st]);
		memcpy(route[st], route_names[st], route_len[st]);
	}
	/* Each column's stage decided once, not per row. */
	for (st = 0; st < ST_NR_STAMP; st++)
		join_stage_of(j, st, &stamp[st]);
	for (st = 0; st < so->nr_cols; st++)
		join_stage_of(j, so->cols[st], &col[st]);

	for (i = 0; i < j->nr_host; i++) {
		const struct host_row *h = &j->host[i];
		const struct sample *s = &j->s[i];
		const struct guest_row *g = join_measured(j, i);
		/* g: measured; and in the statistics, for the summary's columns */
		bool fill = so->fill && g && join_in_stats(j, i);
		char row[1024], *p = row;
		int64_t v = 0;	/* read only when known; fmt_i64() inline makes gcc wonder */
		bool k;
		int w;
		size_t c;

		/* Built in a buffer, one fwrite a row: a million rows add up. */
		p = fmt_i64(p, (int64_t)(j->seq0 + i));
		p = put_val(p, true, h->t_inject);
		p = put_val(p, h->t_seen != 0, h->t_seen);
		k = sample_host_stamp(j, i, 3, &v);
		p = put_val(p, k, v);
		for (w = 0; w < 3; w++) {
			k = sample_host_stamp(j, i, w, &v);
			p = put_val(p, k, v);
		}
		for (st = 0; st < ST_NR_STAMP; st++) {
			k = g && join_stage_at(j, i, g, &stamp[st], &v);
			p = put_val(p, k, v);
			if (fill && k)
				stage_cols_add(so->fill, st, j->seq0 + i, v);
		}
		p = put_val(p, s->exits >= 0, s->exits);
		*p++ = '\t';
		/* Most rows repeat the last flags: format them only when they change. */
		if (s->flags != so->last_flags) {
			sample_flags_str(s->flags, so->flags, sizeof(so->flags));
			so->flags_len = strlen(so->flags);
			so->last_flags = s->flags;
		}
		memcpy(p, so->flags, so->flags_len);
		p += so->flags_len;
		p = put_val(p, s->exits_to_ack >= 0, s->exits_to_ack);
		*p++ = '\t';
		memcpy(p, route[s->route], sizeof(route[0]));
		p += route_len[s->route];
		for (c = 0; c < so->nr_cols; c++) {
			k = g && join_stage_at(j, i, g, &col[c], &v);
			p = put_val(p, k, v);
			if (fill && k)
				stage_cols_add(so->fill, so->cols[c], j->seq0 + i, v);
		}
		*p++ = '\n';
		fwrite_unlocked(row, 1, p - row, so->o.f);
	}
}

int samples_commit(struct samples_out *so)
{
	return outfile_commit(&so->o);
}

void samples_abort(struct samples_out *so)
{
	outfile_abort(&so->o);
}

int write_samples_fill(const char *out, const struct cell_join *j, struct stage_cols *fill)
{
	struct samples_out so;

	if (samples_open(&so, out, j, j->stage_set))
		return -1;
	so.fill = fill;
	samples_rows(&so, j);
	return samples_commit(&so);
}

int write_samples(const char *out, const struct cell_join *j)
{
	return write_samples_fill(out, j, NULL);
}

/* ---- <cell>.hist.txt, laid out like cyclictest's histogram ---- */

static void hist_row(FILE *f, const char *label, const struct cell_summary *cs,
		     int what)
{
	unsigned st;

	fprintf(f, "# %-22s", label);
	for (st = 0; st < ST_NR; st++) {
		const struct stage_summary *ss = &cs->st[st];

		if (!ss->listed)
			continue;
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
	size_t b, i, at[ST_NR];
	unsigned st;
	int r, w;
	bool us;

	r = outfile_open(&o, out, name);
	free(name);
	if (r)
		return -1;
	fprintf(o.f, "# virqbench-analyze histogram: cell %s (gic %s%s%s, hyp %s, path %s, state %s)\n",
		ci->name, ci->gic, ci->vgic ? ", vgic " : "", ci->vgic ? ci->vgic : "",
		ci->hyp, ci->path, ci->state);
	/* Whole microseconds: the first column in us, as cyclictest's (its 1 us buckets). */
	us = cs->plan.width % 1000 == 0;
	fprintf(o.f, "# bucket width %lld ns (counter resolution %.3f ns), the same for every cell of the run; %s is the lower edge; the trailer's latencies in ns\n",
		(long long)cs->plan.width, 1e9 / (double)ci->cntfrq, us ? "bucket_us" : "bucket_ns");
	for (st = 0; st < ST_NR; st++)
		if (cs->st[st].listed && !cs->st[st].available)
			fprintf(o.f, "# %s: unavailable (%s), column is '-'\n",
				stage_names[st], cs->st[st].why ? cs->st[st].why : "unknown");
	fprintf(o.f, us ? "# bucket_us" : "# bucket_ns");
	for (st = 0; st < ST_NR; st++)
		if (cs->st[st].listed)
			fprintf(o.f, "\t%s", stage_names[st]);
	putc('\n', o.f);
	/* Every bucket from 0, as cyclictest's: a cursor per stage into its sparse list. */
	memset(at, 0, sizeof(at));
	for (b = 0; b < cs->plan.nb; b++) {
		out_i64(o.f, (int64_t)b * cs->plan.width / (us ? 1000 : 1));
		for (st = 0; st < ST_NR; st++) {
			const struct stage_summary *ss = &cs->st[st];
			uint64_t n = 0;

			if (!ss->listed)
				continue;
			if (at[st] < ss->nr_bk && ss->bk_idx[at[st]] == b)
				n = ss->bk_cnt[at[st]++];
			tab_val(o.f, ss->available, (int64_t)n);
		}
		putc('\n', o.f);
	}
	fprintf(o.f, "# columns:              ");
	for (st = 0; st < ST_NR; st++)
		if (cs->st[st].listed)
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


static void csv_num(FILE *f, bool known, int64_t v)
{
	putc(',', f);
	if (known)
		fprintf(f, "%lld", (long long)v);
}

/* The resolution columns, and a -cycles cell's cycle figures on its guest-only stages. */
static void csv_resolution_cycles(FILE *f, const struct cell_summary *s, unsigned st)
{
	const struct stage_summary *ss = &s->st[st];
	const struct cycle_summary *cy = &s->cyc;
	int k = st == ST_VECTOR_TO_ACK ? CY_VECTOR_TO_ACK : st == ST_ACK_TO_EOI ? CY_ACK_TO_EOI : -1;
	bool on = k >= 0 && cy->on, pct;
	char buf[96];

	putc(',', f);
	if (ss->res.known)
		fprintf(f, "%.3f", ss->res.period_ns);
	putc(',', f);
	csv_field(f, resolution_text(&ss->res, "ticks", buf, sizeof(buf)));
	csv_num(f, on, (int64_t)cy->hz);
	if (k < 0)
		k = 0;
	pct = on && !cy->res[k].below;
	csv_num(f, on, cy->cyc[k].min);
	csv_num(f, pct && pct_supported(cy->cyc[k].n, 500), cy->cyc[k].p50);
	csv_num(f, pct && pct_supported(cy->cyc[k].n, 900), cy->cyc[k].p90);
	csv_num(f, pct && pct_supported(cy->cyc[k].n, 990), cy->cyc[k].p99);
	csv_num(f, on, cy->cyc[k].max);
	csv_num(f, pct && pct_supported(cy->ns[k].n, 500), cy->ns[k].p50);
	csv_num(f, pct && pct_supported(cy->ns[k].n, 990), cy->ns[k].p99);
	putc(',', f);
	/* A -cycles cell without them says why on every row. */
	if (cy->requested && !cy->on)
		csv_field(f, cy->why);
	else if (on)
		csv_field(f, resolution_text(&cy->res[k], "cycles", buf, sizeof(buf)));
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
			bool have = ss->available && ss->p.n, pct;

			if (!ss->listed)
				continue;

			csv_cell_keys(o.f, s->ci);
			putc(',', o.f);
			csv_field(o.f, stage_names[st]);
			/* Unavailable is empty, not 0: nothing was measured. */
			csv_num(o.f, ss->available, ss->p.n);
			csv_num(o.f, true, s->lost);
			csv_num(o.f, have, ss->p.min);
			/* Empty where the sample does not support it (stats.h). */
			/* ... and where its counter cannot resolve it (resolution.h). */
			pct = have && !ss->res.below;
			csv_num(o.f, pct && pct_supported(ss->p.n, 500), ss->p.p50);
			csv_num(o.f, pct && pct_supported(ss->p.n, 900), ss->p.p90);
			csv_num(o.f, pct && pct_supported(ss->p.n, 990), ss->p.p99);
			csv_num(o.f, pct && pct_supported(ss->p.n, 999), ss->p.p999);
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
			csv_num(o.f, s->exits_available && s->exits_to_ack.n,
				s->exits_to_ack.p50);
			csv_num(o.f, s->exits_expected >= 0, s->exits_expected);
			csv_num(o.f, s->exits_available && s->exits_caused.n, s->exits_caused.p50);
			putc(',', o.f);
			if (s->exits_available && s->exits_caused.n)
				fprintf(o.f, "%.3f", s->host_irq_per_irq);
			/* The kernel release the cell ran on (cell.kv, empty before it had one). */
			putc(',', o.f);
			csv_field(o.f, kv_get(&s->ci->kv, "kernel_release") ? kv_get(&s->ci->kv, "kernel_release") : "");
			csv_resolution_cycles(o.f, s, st);
			/* The suite's own threads in the windows (suite_window.h); empty: unknown. */
			csv_num(o.f, s->suite.available && s->suite.windows, (int64_t)s->suite.any);
			putc(',', o.f);
			if (s->suite.available && s->suite.windows)
				fprintf(o.f, "%.1f", suite_share_pct(&s->suite));
			putc('\n', o.f);
		}
	}
	return outfile_commit(&o);
}
