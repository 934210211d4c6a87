// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "num.h"
#include "raw_run.h"
#include "tsv.h"
#include "util.h"

#define HOST_COLS "seq\tt_inject\tt_seen\tstatus"
/* bench/'s device stamps (vmm-*; 0 elsewhere): files before them have 4 columns. */
#define HOST_COLS_STAMPS HOST_COLS "\tt_handler\tt_answer"
#define GUEST_COLS "seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi"
/*
 * What bench/ writes today: the ABI's t_trigger as a seventh column (the
 * guest's stamp before it raises an SGI, or the timer's CVAL; 0 when the
 * host injected). Not yet in doc/raw-format.md; read when present.
 */
#define GUEST_COLS_TRIGGER GUEST_COLS "\tt_trigger"
/* A -cycles cell (ABI 6): PMCCNTR_EL0 beside t_vector, t_ack and t_eoi. */
#define GUEST_COLS_CYCLES GUEST_COLS_TRIGGER "\tc_vector\tc_ack\tc_eoi"

static const char *const host_headers[] = { HOST_COLS, HOST_COLS_STAMPS };
static const char *const guest_headers[] = { GUEST_COLS, GUEST_COLS_TRIGGER, GUEST_COLS_CYCLES };

/*
 * Cell names become file names in OUT_DIR and titles in a gnuplot script;
 * the format's <gic>-<hyp>-<path>-<state> needs nothing more than this.
 */
static bool cell_name_ok(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.' || *s == '+'))
			return false;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_cells(struct run_info *ri)
{
	char *cdir = xasprintf("%s/cells", ri->dir);
	size_t cap = 0;
	struct dirent *d;
	DIR *dir = opendir(cdir);

	if (!dir) {
		diag_error(cdir, 0, "cannot open: %s (expected a directory of cells)",
			   strerror(errno));
		free(cdir);
		return -1;
	}
	while ((d = readdir(dir))) {
		char *p;
		struct stat st;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", cdir, d->d_name);
		if (stat(p, &st) || !S_ISDIR(st.st_mode)) {
			diag_warn(p, 0, "not a directory, not a cell: ignored");
			free(p);
			continue;
		}
		free(p);
		if (!cell_name_ok(d->d_name)) {
			/* d points into dir's buffer: the message first, then closedir(). */
			diag_error(cdir, 0,
				   "cell name '%s' (expected <gic>-<hyp>-<path>-<state> of letters, digits, '-', '_', '.', '+')",
				   d->d_name);
			closedir(dir);
			free(cdir);
			return -1;
		}
		ri->cells = grow_array(ri->cells, &cap, ri->nr_cells + 1,
				       sizeof(*ri->cells));
		ri->cells[ri->nr_cells++] = xstrdup(d->d_name);
	}
	closedir(dir);
	if (!ri->nr_cells) {
		diag_error(cdir, 0, "no cells (expected cells/<gic>-<hyp>-<path>-<state>/)");
		free(cdir);
		return -1;
	}
	free(cdir);
	qsort(ri->cells, ri->nr_cells, sizeof(*ri->cells), cmp_str);
	return 0;
}

int run_open(struct run_info *ri, const char *dir)
{
	const struct kv_entry *fmt;
	char *p;
	uint64_t version;
	int r;

	memset(ri, 0, sizeof(*ri));
	ri->dir = xstrdup(dir);
	p = xasprintf("%s/run.kv", dir);
	r = kv_load(&ri->run, p);
	free(p);
	if (r)
		return -1;

	/* The version first: with another version nothing else can be trusted. */
	fmt = kv_find(&ri->run, "format");
	if (!fmt)
		return diag_error(ri->run.path, 0,
				  "no 'format' key (expected format=%d)", RAW_FORMAT_VERSION);
	if (kv_get_u64(&ri->run, "format", &version) < 0 ||
	    version != RAW_FORMAT_VERSION)
		return diag_error(ri->run.path, fmt->line,
				  "unknown format version '%s' (expected format=%d)",
				  fmt->value, RAW_FORMAT_VERSION);
	if (kv_need_u64(&ri->run, "cntfrq", &ri->cntfrq))
		return -1;
	if (!ri->cntfrq)
		return diag_error(ri->run.path, kv_find(&ri->run, "cntfrq")->line,
				  "cntfrq=0 (expected the counter frequency in Hz)");

	r = kv_get_bool(&ri->run, "interrupted", &ri->interrupted);
	if (r < 0)
		return -1;
	ri->has_interrupted = r;
	r = kv_get_i64(&ri->run, "exit_code", &ri->exit_code);
	if (r < 0)
		return -1;
	ri->has_exit_code = r;

	p = xasprintf("%s/lab.kv", dir);
	r = 0;
	if (access(p, F_OK) == 0) {
		r = kv_load(&ri->lab, p);
		ri->has_lab = true;
	}
	free(p);
	if (r)
		return -1;
	return list_cells(ri);
}

void run_free(struct run_info *ri)
{
	size_t i;

	for (i = 0; i < ri->nr_cells; i++)
		free(ri->cells[i]);
	free(ri->cells);
	kv_free(&ri->run);
	kv_free(&ri->lab);
	free(ri->dir);
	memset(ri, 0, sizeof(*ri));
}

static int need_calib(const struct kv *kv, const char *which,
		      struct calib_point *cp)
{
	char key[32];
	uint64_t ns, cnt;

	snprintf(key, sizeof(key), "calib_%s_ns", which);
	if (kv_need_u64(kv, key, &ns))
		return -1;
	snprintf(key, sizeof(key), "calib_%s_cnt", which);
	if (kv_need_u64(kv, key, &cnt))
		return -1;
	if (ns > INT64_MAX || cnt > INT64_MAX)
		return diag_error(kv->path, kv_find(kv, key)->line,
				  "calibration value out of range (expected below 2^63)");
	cp->ns = (int64_t)ns;
	cp->cnt = (int64_t)cnt;
	snprintf(key, sizeof(key), "calib_%s_err_ns", which);
	cp->err_ns = 0;
	return kv_get_u64(kv, key, &cp->err_ns) < 0 ? -1 : 0;
}

#define CALIB_BAD "calibration end (ns %lld, cnt %lld) is not after start (ns %lld, cnt %lld) (expected both to advance, or identical points)"

static void calib_verdict(struct cell_info *ci, const struct clockfit *fit,
			  const struct run_info *ri)
{
	struct calib_verdict *v = &ci->calib_v;
	double ns = (double)(ci->calib_end.ns - ci->calib_start.ns);
	double cnt = (double)(ci->calib_end.cnt - ci->calib_start.cnt);

	v->known = true;
	v->err_ns = ci->calib_start.err_ns > ci->calib_end.err_ns ?
		    ci->calib_start.err_ns : ci->calib_end.err_ns;
	v->resolution_ns = 1e9 / (double)ci->cntfrq;
	v->has_tol = ri->has_calib_tol;
	v->tol_ns = ri->calib_tol_ns;
	v->fallback = fit->fallback;
	v->ppm = fit->fallback ? 0 : (ns / cnt * (double)ci->cntfrq / 1e9 - 1) * 1e6;
	if ((double)v->err_ns <= v->resolution_ns) {
		v->ok = true;
		snprintf(v->reason, sizeof(v->reason),
			 "calibration error %llu ns is within the counter's resolution (%.3f ns)",
			 (unsigned long long)v->err_ns, v->resolution_ns);
	} else if (v->has_tol && v->err_ns <= v->tol_ns) {
		v->ok = true;
		snprintf(v->reason, sizeof(v->reason),
			 "cross-domain stages carry \u00b1%llu ns (calibration error above the counter's %.3f ns resolution, accepted by --calib-tolerance-ns %llu)",
			 (unsigned long long)v->err_ns, v->resolution_ns,
			 (unsigned long long)v->tol_ns);
	} else {
		snprintf(v->reason, sizeof(v->reason),
			 "cross-domain stages refused: calibration error %llu ns exceeds the counter's resolution (%.3f ns)%s",
			 (unsigned long long)v->err_ns, v->resolution_ns,
			 v->has_tol ? " and --calib-tolerance-ns" :
				      "; --calib-tolerance-ns N accepts up to N ns");
	}
}

#define CALIB_BAD "calibration end (ns %lld, cnt %lld) is not after start (ns %lld, cnt %lld) (expected both to advance, or identical points)"

static int calib(struct cell_info *ci, const struct run_info *ri)
{
	const struct kv *kv = &ci->kv;
	struct clockfit fit;

	if (need_calib(kv, "start", &ci->calib_start) ||
	    need_calib(kv, "end", &ci->calib_end))
		return -1;
	if (clockfit_init(&fit, ci->cntfrq, &ci->calib_start, &ci->calib_end)) {
		unsigned long line = kv_find(kv, "calib_end_cnt")->line;

		/* Without a trace nothing depends on it: say so, go on. */
		if (ci->trace != TRACE_ON) {
			diag_warn(kv->path, line, CALIB_BAD, (long long)ci->calib_end.ns,
				  (long long)ci->calib_end.cnt,
				  (long long)ci->calib_start.ns,
				  (long long)ci->calib_start.cnt);
			return 0;
		}
		return diag_error(kv->path, line, CALIB_BAD, (long long)ci->calib_end.ns,
				  (long long)ci->calib_end.cnt,
				  (long long)ci->calib_start.ns,
				  (long long)ci->calib_start.cnt);
	}
	ci->has_calib = true;
	calib_verdict(ci, &fit, ri);
	/* A counter and a clock that disagree by 0.1 % point at a bad calibration. */
	if (!fit.fallback && (ci->calib_v.ppm > 1000 || ci->calib_v.ppm < -1000))
		diag_warn(kv->path, kv_find(kv, "calib_end_cnt")->line,
			  "the calibration points give %.0f ppm off cntfrq: trace times may be misplaced",
			  ci->calib_v.ppm);
	return 0;
}

/* Optional numeric key: 1 found, 0 absent, -1 malformed (diag set). */
static int opt_u64(const struct kv *kv, const char *key, uint64_t *v, bool *has)
{
	int r = kv_get_u64(kv, key, v);

	if (r >= 0)
		*has = r;
	return r < 0 ? -1 : 0;
}

/* vcpu<i>_tid for every vCPU: exits are counted on each of their threads. */
static int load_vcpus(struct cell_info *ci)
{
	const struct kv *kv = &ci->kv;
	bool has_nr;
	char key[32];
	uint64_t i;
	int r;

	if (opt_u64(kv, "nr_vcpus", &ci->nr_vcpus, &has_nr) ||
	    opt_u64(kv, "sender_vcpu", &ci->sender_vcpu, &ci->has_sender))
		return -1;
	if (!has_nr)
		ci->nr_vcpus = ci->target_vcpu + 1;
	if (ci->nr_vcpus > MAX_VCPUS || ci->target_vcpu >= MAX_VCPUS ||
	    (ci->has_sender && ci->sender_vcpu >= MAX_VCPUS))
		return diag_error(kv->path, 0,
				  "nr_vcpus %llu, target_vcpu %llu or sender_vcpu out of range (expected at most %d vCPUs)",
				  (unsigned long long)ci->nr_vcpus,
				  (unsigned long long)ci->target_vcpu, MAX_VCPUS);
	if (ci->target_vcpu >= ci->nr_vcpus)
		ci->nr_vcpus = ci->target_vcpu + 1;
	for (i = 0; i < ci->nr_vcpus; i++) {
		snprintf(key, sizeof(key), "vcpu%llu_tid", (unsigned long long)i);
		r = kv_get_u64(kv, key, &ci->vcpu_tid[i]);
		if (r < 0)
			return -1;
		ci->has_vcpu_tid[i] = r;
	}
	ci->has_target_tid = ci->has_vcpu_tid[ci->target_vcpu];
	ci->target_tid = ci->vcpu_tid[ci->target_vcpu];
	return 0;
}

static int load_cell_kv(struct cell_info *ci, const struct run_info *ri)
{
	const struct kv *kv = &ci->kv;
	const char *trace;
	char key[32];
	bool r_has = false, has_rounds = false, unused;
	uint64_t contended = 0;
	int r;

	if (kv_need_str(kv, "gic", &ci->gic) || kv_need_str(kv, "hyp", &ci->hyp) ||
	    kv_need_str(kv, "path", &ci->path) ||
	    kv_need_str(kv, "state", &ci->state) ||
	    kv_need_str(kv, "status", &ci->status) ||
	    kv_need_str(kv, "trace", &trace) ||
	    kv_need_u64(kv, "count_requested", &ci->count_requested) ||
	    kv_need_u64(kv, "target_vcpu", &ci->target_vcpu) ||
	    kv_need_u64(kv, "cntfrq", &ci->cntfrq))
		return -1;
	ci->vgic = kv_get(kv, "vgic");
	ci->device_kind = kv_get(kv, "device_kind");
	ci->device = kv_get(kv, "device");
	ci->error = kv_get(kv, "error");
	ci->trace_error = kv_get(kv, "trace_error");
	ci->skip_reason = kv_get(kv, "skip_reason");
	if (kv_get_bool(kv, "guest_originated", &ci->guest_originated) < 0)
		return -1;
	/*
	 * bench/ writes status=skipped (not yet in doc/raw-format.md) for a
	 * cell this host cannot run: cell.kv only, nothing measured.
	 */
	ci->skipped = !strcmp(ci->status, "skipped");
	if (!ci->cntfrq)
		return diag_error(kv->path, kv_find(kv, "cntfrq")->line,
				  "cntfrq=0 (expected the counter frequency in Hz)");
	if (ci->skipped)
		return kv_get_u64(kv, "count_injected", &ci->count_injected) < 0 ? -1 : 0;
	if (kv_need_u64(kv, "count_injected", &ci->count_injected) ||
	    kv_need_bool(kv, "cntvoff_ok", &ci->cntvoff_ok))
		return -1;

	if (!strcmp(trace, "on"))
		ci->trace = TRACE_ON;
	else if (!strcmp(trace, "off"))
		ci->trace = TRACE_OFF;
	else if (!strcmp(trace, "failed"))
		ci->trace = TRACE_FAILED;
	else
		return diag_error(kv->path, kv_find(kv, "trace")->line,
				  "trace='%s' (expected on, off or failed)", trace);

	/* Without an established offset these values mean nothing; do not ask. */
	if (ci->cntvoff_ok &&
	    (kv_need_i64(kv, "cntvoff", &ci->cntvoff) ||
	     kv_need_u64(kv, "cntvoff_err", &ci->cntvoff_err)))
		return -1;

	r = kv_get_u64(kv, "intid", &ci->intid);
	if (r < 0)
		return -1;
	ci->has_intid = r;
	r = kv_get_u64(kv, "spurious", &ci->spurious);
	if (r < 0)
		return -1;
	ci->has_spurious = r;

	if (load_vcpus(ci) ||
	    opt_u64(kv, "device_host_irqs", &ci->device_host_irqs,
		    &ci->has_device_host_irqs) ||
	    opt_u64(kv, "wfi_asleep", &ci->wfi_asleep, &ci->has_wfi) ||
	    opt_u64(kv, "wfi_not_trapped", &ci->wfi_not_trapped, &r_has) ||
	    opt_u64(kv, "contended", &contended, &unused) ||
	    opt_u64(kv, "fault_hang_after", &ci->fault_hang_after, &unused) ||
	    opt_u64(kv, "warmup", &ci->warmup, &unused) ||
	    opt_u64(kv, "delay_ns", &ci->delay_ns, &unused) ||
	    opt_u64(kv, "round", &ci->round, &ci->has_round) ||
	    opt_u64(kv, "rounds", &ci->rounds, &has_rounds))
		return -1;
	ci->contended = contended != 0;
	ci->delay_point = kv_get(kv, "delay_point");
	if (ci->has_round != has_rounds || (ci->has_round &&
	    (ci->round < 1 || ci->round > ci->rounds)))
		return diag_error(kv->path, 0,
				  "round=%llu, rounds=%llu (expected both or neither, 1 <= round <= rounds)",
				  (unsigned long long)ci->round, (unsigned long long)ci->rounds);
	ci->has_wfi = ci->has_wfi || r_has;
	snprintf(key, sizeof(key), "vcpu%llu_tid", (unsigned long long)ci->target_vcpu);

	/* Exits are counted on the target vCPU's thread: it must be known. */
	if (ci->trace == TRACE_ON && !ci->has_target_tid)
		return diag_error(kv->path, 0,
				  "missing key '%s' (expected it with trace=on: exits are counted on that thread)",
				  key);
	/* Needed to place the trace; reported in meta.json whenever given. */
	if (ci->trace == TRACE_ON || kv_find(kv, "calib_start_ns") ||
	    kv_find(kv, "calib_end_ns"))
		return calib(ci, ri);
	return 0;
}

int cell_info_load(struct cell_info *ci, const struct run_info *ri,
		   const char *name)
{
	char *p, *expect;

	memset(ci, 0, sizeof(*ci));
	ci->name = xstrdup(name);
	ci->dir = xasprintf("%s/cells/%s", ri->dir, name);
	p = xasprintf("%s/cell.kv", ci->dir);
	if (kv_load(&ci->kv, p)) {
		free(p);
		return -1;
	}
	free(p);
	if (load_cell_kv(ci, ri))
		return -1;

	/* bench/ may add a suffix (-vgicv2 for a non-default vGIC). */
	expect = xasprintf("%s-%s-%s-%s", ci->gic, ci->hyp, ci->path, ci->state);
	if (strncmp(expect, name, strlen(expect)) ||
	    (name[strlen(expect)] && name[strlen(expect)] != '-'))
		diag_warn(ci->kv.path, 0,
			  "cell directory '%s' does not match its keys (%s): the keys are used",
			  name, expect);
	free(expect);
	/* bench/ --trace both: the untraced twin of a traced cell. */
	ci->untraced_twin = strlen(name) > 9 &&
			    !strcmp(name + strlen(name) - 9, "-untraced") &&
			    ci->trace == TRACE_OFF;
	ci->cycles_twin = kv_get(&ci->kv, "guest_cycles") != NULL;
	if (ci->cntfrq != ri->cntfrq)
		diag_warn(ci->kv.path, kv_find(&ci->kv, "cntfrq")->line,
			  "cntfrq=%llu differs from run.kv's %llu: this cell uses its own",
			  (unsigned long long)ci->cntfrq,
			  (unsigned long long)ri->cntfrq);
	return 0;
}

void cell_info_free(struct cell_info *ci)
{
	kv_free(&ci->kv);
	free(ci->name);
	free(ci->dir);
	memset(ci, 0, sizeof(*ci));
}

/* The header: which of the two layouts. 0 or -1. */
int host_reader_open(struct host_reader *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	if (tsv_open(&r->t, path))
		return -1;
	r->open = true;
	r->h = tsv_header_of(&r->t, host_headers, 2);
	if (r->h < 0)
		return -1;
	r->nf = r->h == 1 ? 6 : 4;
	r->has_stamps = r->nf == 6;
	return 0;
}

/* A status field (its end included), or -1. */
static int host_status_of(const char *f, char end)
{
	if (f[0] == 'o' && f[1] == 'k' && f[2] == end)
		return HOST_OK;
	if (!memcmp(f, "timeout", 7) && f[7] == end)
		return HOST_TIMEOUT;
	if (!memcmp(f, "error", 5) && f[5] == end)
		return HOST_ERROR;
	return -1;
}

/*
 * The usual row, straight from the line (tsv_next_line()); false: split and
 * check it. nf is a constant at each call (host_scan()'s switch): the tab
 * loop is then unrolled and the fields' starts stay in registers, as the
 * trace rows' are.
 */
static inline __attribute__((always_inline)) bool
host_scan_nf(struct host_reader *hr, struct host_row *r, uint64_t *seq, unsigned nf)
{
	struct tsv_fields lf;
	int st;
	bool ok;

	if (!tsv_line_fields(&hr->t, nf, &lf))
		return false;
	st = host_status_of(lf.text + lf.at[3], nf == 6 ? '\t' : '\n');
	ok = tsv_field_u64(&lf, 0, seq) && tsv_field_u63(&lf, 1, &r->t_inject) &&
	     tsv_field_u63(&lf, 2, &r->t_seen) && st >= 0;
	if (nf == 6)
		ok = tsv_field_u63(&lf, 4, &hr->st.t_handler) &&
		     tsv_field_u63(&lf, 5, &hr->st.t_answer) && ok;
	r->status = (uint8_t)st;
	return ok;
}

/* The layout is the file's, the same for every row: the branch predicts. */
static inline __attribute__((always_inline)) bool
host_scan(struct host_reader *hr, struct host_row *r, uint64_t *seq)
{
	return hr->nf == 6 ? host_scan_nf(hr, r, seq, 6) : host_scan_nf(hr, r, seq, 4);
}

/* Anything but the usual row: the fields one by one, for the message of the first bad one. */
static int host_fields(struct host_reader *hr, struct host_row *r)
{
	struct tsv *t = &hr->t;
	uint64_t seq = 0;

	tsv_split(t);
	if (tsv_expect_fields(t, hr->nf, host_headers[hr->h]) ||
	    tsv_u64(t, 0, "seq", &seq))
		return -1;
	if (seq != hr->n)
		return diag_error(t->path, t->line, "seq %llu (expected %llu: seq starts at 0 and increases by 1)",
				  (unsigned long long)seq, (unsigned long long)hr->n);
	if (tsv_u63(t, 1, "t_inject", &r->t_inject) ||
	    tsv_u63(t, 2, "t_seen", &r->t_seen) ||
	    (hr->nf == 6 && (tsv_u63(t, 4, "t_handler", &hr->st.t_handler) ||
			     tsv_u63(t, 5, "t_answer", &hr->st.t_answer))))
		return -1;
	if (tsv_field_is(t, 3, "ok")) {
		r->status = HOST_OK;
	} else if (tsv_field_is(t, 3, "timeout")) {
		r->status = HOST_TIMEOUT;
	} else if (tsv_field_is(t, 3, "error")) {
		r->status = HOST_ERROR;
	} else {
		/* The stamps' checks (host_stamps_ok()) come first. */
		r->status = UINT8_MAX;
	}
	return 0;
}

/* host_reader_next(), inline in host_load_stamps()'s loop: a call a row costs its register saves. */
static inline __attribute__((always_inline)) int host_next(struct host_reader *hr,
							   struct host_row *r)
{
	struct tsv *t = &hr->t;
	int k;

	while ((k = tsv_next_line(t)) != TSV_EOF) {
		uint64_t seq = 0;

		if (k == TSV_ERROR)
			return -1;
		if (k == TSV_COMMENT)
			continue;
		if (__builtin_expect(host_scan(hr, r, &seq), 1)) {
			if (seq != hr->n)
				return diag_error(t->path, t->line, "seq %llu (expected %llu: seq starts at 0 and increases by 1)",
						  (unsigned long long)seq, (unsigned long long)hr->n);
		} else if (host_fields(hr, r)) {
			return -1;
		}
		/*
		 * One counter, read before each injection in seq order: a stamp
		 * that goes back is not this run's (an overflowing one would
		 * otherwise reach the statistics as a saturated stage).
		 */
		if (hr->n && r->t_inject < hr->prev_inject)
			return diag_error(t->path, t->line,
					  "field 2 (t_inject): %lld is before seq %llu's %lld (expected the host counter to advance from row to row)",
					  (long long)r->t_inject, (unsigned long long)hr->n - 1,
					  (long long)hr->prev_inject);
		if (r->t_seen && r->t_seen < r->t_inject)
			return diag_error(t->path, t->line,
					  "field 3 (t_seen): %lld is before t_inject %lld (expected 0, or the counter when bench/ saw the sample, after the injection)",
					  (long long)r->t_seen, (long long)r->t_inject);
		if (r->status == UINT8_MAX)
			return diag_error(t->path, t->line,
					  "field 4 (status): '%s' (expected ok, timeout or error)",
					  t->field[3]);
		hr->prev_inject = r->t_inject;
		hr->n++;
		return 1;
	}
	return 0;
}

int host_reader_next(struct host_reader *hr, struct host_row *r)
{
	return host_next(hr, r);
}

void host_reader_close(struct host_reader *r)
{
	if (r->open)
		tsv_close(&r->t);
	r->open = false;
}

int host_load_stamps(const char *path, struct host_row **rows, size_t *n,
		     struct host_stamps **stamps)
{
	struct host_reader hr;
	size_t cap = 0, cap_st = 0;
	int k;

	*rows = NULL;
	*n = 0;
	*stamps = NULL;
	if (host_reader_open(&hr, path))
		goto fail;
	for (;;) {
		if (*n == cap)
			*rows = grow_array(*rows, &cap, *n + 1, sizeof(**rows));
		k = host_next(&hr, &(*rows)[*n]);
		if (k < 0)
			goto fail;
		if (!k)
			break;
		if (hr.has_stamps) {
			if (*n == cap_st)
				*stamps = grow_array(*stamps, &cap_st, *n + 1, sizeof(**stamps));
			(*stamps)[*n] = hr.st;
		}
		(*n)++;
	}
	host_reader_close(&hr);
	return 0;
fail:
	host_reader_close(&hr);
	free(*rows);
	free(*stamps);
	*rows = NULL;
	*stamps = NULL;
	*n = 0;
	return -1;
}

int host_load(const char *path, struct host_row **rows, size_t *n)
{
	struct host_stamps *st;
	int r = host_load_stamps(path, rows, n, &st);

	free(st);
	return r;
}

int guest_reader_open(struct guest_reader *r, const char *path, bool *has_trigger)
{
	memset(r, 0, sizeof(*r));
	if (tsv_open(&r->t, path))
		return -1;
	r->open = true;
	r->h = tsv_header_of(&r->t, guest_headers, 3);
	if (r->h < 0)
		return -1;
	*has_trigger = r->has_trigger = r->h >= 1;
	r->nf = r->h == 2 ? 10 : r->has_trigger ? 7 : 6;
	return 0;
}

/* The usual row, as host_scan_nf(): nf a constant at each call. */
static inline __attribute__((always_inline)) bool
guest_scan_nf(struct guest_reader *gr, struct guest_row *r, unsigned nf)
{
	struct tsv_fields lf;
	struct guest_cycles *cy = &gr->cyc;
	int64_t *stamp[] = { &r->t_vector, &r->t_ack, &r->t_eoi, &r->t_trigger,
			     &cy->c_vector, &cy->c_ack, &cy->c_eoi };
	uint64_t vcpu = 0, intid = 0;
	unsigned i;
	bool ok;

	if (!tsv_line_fields(&gr->t, nf, &lf))
		return false;
	ok = tsv_field_u64(&lf, 0, &r->seq) && tsv_field_u64(&lf, 1, &vcpu) &&
	     tsv_field_u64(&lf, 2, &intid);
	r->t_trigger = 0;
	cy->c_vector = cy->c_ack = cy->c_eoi = 0;
#pragma GCC unroll 8
	for (i = 3; i < nf; i++)
		ok = tsv_field_u63(&lf, i, stamp[i - 3]) && ok;
	if (!ok || vcpu > UINT32_MAX || intid > UINT32_MAX)
		return false;
	r->vcpu = vcpu;
	r->intid = intid;
	return true;
}

/* guest_reader_open()'s three layouts (6, 7 or 10 fields). */
static inline __attribute__((always_inline)) bool
guest_scan(struct guest_reader *gr, struct guest_row *r)
{
	switch (gr->nf) {
	case 6:
		return guest_scan_nf(gr, r, 6);
	case 7:
		return guest_scan_nf(gr, r, 7);
	default:
		return guest_scan_nf(gr, r, 10);
	}
}

/* guest_reader_next(), inline in guest_load_cycles()'s loop (host_next()'s reason). */
static inline __attribute__((always_inline)) int guest_next(struct guest_reader *gr,
							    struct guest_row *r)
{
	struct tsv *t = &gr->t;
	int k;

	while ((k = tsv_next_line(t)) != TSV_EOF) {
		uint64_t vcpu = 0, intid = 0;

		if (k == TSV_ERROR)
			return -1;
		if (k == TSV_COMMENT)
			continue;
		if (__builtin_expect(guest_scan(gr, r), 1))
			return 1;
		tsv_split(t);
		if (tsv_expect_fields(t, gr->nf, guest_headers[gr->h]))
			return -1;
		r->t_trigger = 0;
		memset(&gr->cyc, 0, sizeof(gr->cyc));
		if (tsv_u64(t, 0, "seq", &r->seq) ||
		    tsv_u64(t, 1, "vcpu", &vcpu) ||
		    tsv_u64(t, 2, "intid", &intid) ||
		    tsv_u63(t, 3, "t_vector", &r->t_vector) ||
		    tsv_u63(t, 4, "t_ack", &r->t_ack) ||
		    tsv_u63(t, 5, "t_eoi", &r->t_eoi) ||
		    (gr->has_trigger && tsv_u63(t, 6, "t_trigger", &r->t_trigger)) ||
		    (gr->h == 2 && (tsv_u63(t, 7, "c_vector", &gr->cyc.c_vector) ||
				    tsv_u63(t, 8, "c_ack", &gr->cyc.c_ack) ||
				    tsv_u63(t, 9, "c_eoi", &gr->cyc.c_eoi))))
			return -1;
		if (vcpu > UINT32_MAX || intid > UINT32_MAX)
			return diag_error(t->path, t->line, "vcpu %llu or intid %llu out of range (expected below 2^32)",
					  (unsigned long long)vcpu, (unsigned long long)intid);
		r->vcpu = vcpu;
		r->intid = intid;
		return 1;
	}
	return 0;
}

int guest_reader_next(struct guest_reader *gr, struct guest_row *r)
{
	return guest_next(gr, r);
}

void guest_reader_close(struct guest_reader *r)
{
	if (r->open)
		tsv_close(&r->t);
	r->open = false;
}

int guest_load_cycles(const char *path, struct guest_row **rows, size_t *n,
		      bool *has_trigger, struct guest_cycles **cycles)
{
	struct guest_reader gr;
	size_t cap = 0, cap_cyc = 0;
	int k;

	*rows = NULL;
	*n = 0;
	if (cycles)
		*cycles = NULL;
	if (guest_reader_open(&gr, path, has_trigger))
		goto fail;
	for (;;) {
		if (*n == cap)
			*rows = grow_array(*rows, &cap, *n + 1, sizeof(**rows));
		k = guest_next(&gr, &(*rows)[*n]);
		if (k < 0)
			goto fail;
		if (!k)
			break;
		if (cycles && gr.h == 2) {
			if (*n == cap_cyc)
				*cycles = grow_array(*cycles, &cap_cyc, *n + 1, sizeof(**cycles));
			(*cycles)[*n] = gr.cyc;
		}
		(*n)++;
	}
	guest_reader_close(&gr);
	return 0;
fail:
	guest_reader_close(&gr);
	free(*rows);
	*rows = NULL;
	*n = 0;
	if (cycles) {
		free(*cycles);
		*cycles = NULL;
	}
	return -1;
}

int guest_load(const char *path, struct guest_row **rows, size_t *n,
	       bool *has_trigger)
{
	return guest_load_cycles(path, rows, n, has_trigger, NULL);
}

bool cell_in_overview(const struct cell_info *ci)
{
	return !ci->skipped && !ci->cycles_twin && !(ci->has_round && ci->round > 1);
}

char *cell_variant_label(const struct cell_info *ci)
{
	size_t skip = strlen(ci->gic) + 1 + strlen(ci->hyp) + 1 + strlen(ci->path) +
		      1 + strlen(ci->state);
	const char *rest = strlen(ci->name) > skip ? ci->name + skip : "";
	bool vgic = !strncmp(rest, "-vgic", 5);
	int len = (int)strlen(rest), r;
	char tail[24];

	if (ci->has_round) {
		r = snprintf(tail, sizeof(tail), "-r%llu", (unsigned long long)ci->round);
		if (r > 0 && r <= len && !strcmp(rest + len - r, tail))
			len -= r;
	}
	if (vgic)
		rest += 5, len -= 5;
	return xasprintf("%s%.*s", vgic ? "+" : "", len, rest);
}
