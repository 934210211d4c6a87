// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "perf_counts.h"
#include "trace_row.h"
#include "tsv.h"
#include "util.h"

#define PERF_TSV_COLS "tid\tevent\tperf\trows\tfiltered\tseen\texact"
/* perf.tsv's second table, after this header line. */
#define PERF_XC_COLS "tid\tclass\texits\tcycles\tcycles_min\tcycles_max\tinstr\tns"

/* A `# key=value` line of perf.tsv; unknown keys are comments. */
static void note(struct perf_counts *pc, const char *c)
{
	static const char *const keys[] = { "perf_error=", "perf_missing=", "host_cycles=",
					    "host_instr=", "new_threads=" };
	char **dst[] = { &pc->why, &pc->missing, &pc->host_cycles, &pc->host_instr,
			 &pc->new_threads };

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		size_t n = strlen(keys[i]);

		if (!strncmp(c, keys[i], n)) {
			free(*dst[i]);
			*dst[i] = xstrdup(c + n);
			return;
		}
	}
}

static int row(struct perf_counts *pc, struct tsv *t, uint64_t *last_tid)
{
	uint64_t tid = 0, perf = 0, rows = 0, filtered = 0, seen = 0, exact = 0;
	unsigned kind;

	if (tsv_expect_fields(t, 7, PERF_TSV_COLS) || tsv_u64(t, 0, "tid", &tid) ||
	    tsv_u64(t, 2, "perf", &perf) || tsv_u64(t, 3, "rows", &rows) ||
	    tsv_u64(t, 4, "filtered", &filtered) || tsv_u64(t, 5, "seen", &seen) ||
	    tsv_u64(t, 6, "exact", &exact))
		return -1;
	kind = trace_kind_of(t->field[1], t->flen[1]);
	if (kind >= VQT_EV_NR)
		return tsv_bad_field(t, 1, "event", "an event of include/virqbench/trace_events.h");
	if (exact > 1)
		return tsv_bad_field(t, 6, "exact", "0 or 1");
	if (tid != *last_tid)
		pc->threads++;
	*last_tid = tid;
	pc->ev[kind].counted = true;
	pc->ev[kind].perf += perf;
	pc->ev[kind].rows += rows;
	pc->ev[kind].filtered += filtered;
	pc->ev[kind].seen += seen;
	pc->exact = pc->exact && exact;
	return 0;
}

/* A row of the second table, summed into its class over the threads. */
static int xc_row(struct perf_counts *pc, struct tsv *t)
{
	uint64_t v[6] = { 0 };
	static const char *const names[] = { "exits", "cycles", "cycles_min", "cycles_max",
					     "instr", "ns" };
	struct perf_xc *x = NULL;

	if (tsv_expect_fields(t, 8, PERF_XC_COLS))
		return -1;
	for (unsigned i = 0; i < 6; i++)
		if (tsv_u64(t, 2 + i, names[i], &v[i]))
			return -1;
	if (t->flen[1] == 0 || t->flen[1] >= sizeof(x->class))
		return tsv_bad_field(t, 1, "class", "an exit class name (lib/exit_class.h)");
	for (size_t i = 0; i < pc->nr_xc && !x; i++)
		if (!strcmp(pc->xc[i].class, t->field[1]))
			x = &pc->xc[i];
	if (!x) {
		if (pc->nr_xc == PERF_XC_MAX)
			return diag_error(t->path, t->line, "more than %d exit classes", PERF_XC_MAX);
		x = &pc->xc[pc->nr_xc++];
		memcpy(x->class, t->field[1], t->flen[1] + 1);
		x->cycles_min = v[2];
	}
	if (v[2] < x->cycles_min)
		x->cycles_min = v[2];
	if (v[3] > x->cycles_max)
		x->cycles_max = v[3];
	x->exits += v[0];
	x->cycles += v[1];
	x->instr += v[4];
	x->ns += v[5];
	return 0;
}

int perf_counts_load(struct perf_counts *pc, const char *cell_dir)
{
	char *path = xasprintf("%s/perf.tsv", cell_dir);
	uint64_t last_tid = 0;
	bool second = false;
	struct tsv t;
	int k, r = 0;

	memset(pc, 0, sizeof(*pc));
	if (access(path, F_OK) && errno == ENOENT) {
		free(path);
		return 0;
	}
	if (tsv_open(&t, path)) {
		free(path);
		return -1;
	}
	if (tsv_header(&t, PERF_TSV_COLS)) {
		tsv_close(&t);
		free(path);
		return -1;
	}
	pc->exact = true;
	while ((k = tsv_next(&t)) > 0 && !r) {
		if (k == TSV_COMMENT && !strcmp(t.comment, PERF_XC_COLS))
			second = true;
		else if (k == TSV_COMMENT)
			note(pc, t.comment);
		else
			r = second ? xc_row(pc, &t) : row(pc, &t, &last_tid);
	}
	if (k < 0)
		r = -1;
	if (!r && t.cut_short)
		r = diag_error(path, t.line, "cut short (no newline at the end): virqtrace did not finish it");
	tsv_close(&t);
	free(path);
	pc->state = pc->why ? PERF_OFF : PERF_ON;
	if (!r)
		perf_counts_compare(pc);
	return r;
}

void perf_counts_compare(struct perf_counts *pc)
{
	bool any = false;

	pc->disagree = 0;
	for (int e = 0; e < VQT_EV_NR; e++) {
		struct perf_event_count *c = &pc->ev[e];

		if (!c->counted)
			continue;
		any = true;
		c->bpf = c->rows + c->filtered;
		/* An inexact edge may put one event on either side: no proof either way. */
		c->agree = pc->exact && c->perf == c->bpf;
		pc->disagree += c->perf != c->bpf;
	}
	pc->agree = pc->state == PERF_ON && any && pc->exact && !pc->disagree;
}

static bool on(const char *state)
{
	return state && !strncmp(state, "on", 2);
}

static void mean_or_null(struct json *j, const char *key, bool have, uint64_t sum, uint64_t n)
{
	json_key(j, key);
	if (have && n)
		json_double(j, (double)sum / (double)n);
	else
		json_null(j);
}

/* perf kvm stat's table with the host's cycles beside the time: by class, all vCPU threads. */
static void xc_json(struct json *j, const struct perf_counts *pc)
{
	bool cyc = on(pc->host_cycles), ins = on(pc->host_instr);

	json_key(j, "host_exits_by_class");
	json_begin_array(j);
	for (size_t i = 0; pc->state == PERF_ON && i < pc->nr_xc; i++) {
		const struct perf_xc *x = &pc->xc[i];

		json_begin_object(j);
		json_kstr(j, "class", x->class);
		json_kuint(j, "exits", x->exits);
		mean_or_null(j, "ns_mean", true, x->ns, x->exits);
		mean_or_null(j, "host_cycles_mean", cyc, x->cycles, x->exits);
		json_key(j, "host_cycles_min");
		if (cyc)
			json_uint(j, x->cycles_min);
		else
			json_null(j);
		json_key(j, "host_cycles_max");
		if (cyc)
			json_uint(j, x->cycles_max);
		else
			json_null(j);
		mean_or_null(j, "host_instr_mean", ins, x->instr, x->exits);
		json_end_object(j);
	}
	json_end_array(j);
}

static const char *state_name(enum perf_state s)
{
	return s == PERF_ON ? "on" : s == PERF_OFF ? "off" : "absent";
}

/* Percentiles of the host's cycles per interrupt; those the sample cannot support are null. */
static void per_irq_json(struct json *j, const char *key, const struct pct *p)
{
	const struct {
		const char *key;
		unsigned permille;
		int64_t v;
	} q[] = { { "p50", 500, p->p50 }, { "p90", 900, p->p90 }, { "p99", 990, p->p99 } };

	json_key(j, key);
	if (!p->n) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kuint(j, "count", p->n);
	json_kint(j, "min", p->min);
	for (size_t i = 0; i < ARRAY_SIZE(q); i++) {
		json_key(j, q[i].key);
		if (pct_supported(p->n, q[i].permille))
			json_int(j, q[i].v);
		else
			json_null(j);
	}
	json_kint(j, "max", p->max);
	json_kdouble(j, "mean", p->mean);
	json_end_object(j);
}

void perf_counts_json(struct json *j, const struct perf_counts *pc, const struct pct *per_irq)
{
	json_key(j, "perf_counts");
	json_begin_object(j);
	json_kstr(j, "status", state_name(pc->state));
	json_kstr(j, "why", pc->why);
	json_key(j, "agree");
	if (pc->state == PERF_ON)
		json_bool(j, pc->agree);
	else
		json_null(j);
	json_kbool(j, "exact_edges", pc->state == PERF_ON && pc->exact);
	json_kuint(j, "threads", pc->threads);
	json_kstr(j, "missing", pc->missing);
	json_kstr(j, "new_threads", pc->new_threads);
	json_kstr(j, "host_cycles", pc->host_cycles);
	json_kstr(j, "host_instr", pc->host_instr);
	json_key(j, "events");
	json_begin_array(j);
	for (int e = 0; pc->state == PERF_ON && e < VQT_EV_NR; e++) {
		const struct perf_event_count *c = &pc->ev[e];

		if (!c->counted)
			continue;
		json_begin_object(j);
		json_kstr(j, "event", vqt_events[e].name);
		json_kuint(j, "perf", c->perf);
		json_kuint(j, "bpf", c->bpf);
		json_kuint(j, "bpf_rows", c->rows);
		json_kuint(j, "bpf_filtered", c->filtered);
		json_kuint(j, "bpf_seen", c->seen);
		json_kbool(j, "agree", c->agree);
		json_end_object(j);
	}
	json_end_array(j);
	xc_json(j, pc);
	/*
	 * Per measured interrupt, from the exit of its route to the entry:
	 * its kick (route exit) or its wake-up (route wakeup, the thread's
	 * time from the WFI's trap on, asleep time not counted).
	 */
	json_key(j, "host_cycles_per_interrupt");
	if (per_irq && on(pc->host_cycles) && (per_irq[0].n || per_irq[1].n)) {
		json_begin_object(j);
		per_irq_json(j, "kick", &per_irq[0]);
		per_irq_json(j, "wakeup", &per_irq[1]);
		json_end_object(j);
	} else {
		json_null(j);
	}
	json_end_object(j);
}

void perf_counts_disagreement(const struct perf_counts *pc, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int e = 0; e < VQT_EV_NR && n < size; e++) {
		const struct perf_event_count *c = &pc->ev[e];

		if (!c->counted || c->perf == c->bpf)
			continue;
		n += (size_t)snprintf(buf + n, size - n, "%s%s: perf %llu, bpf %llu", n ? "; " : "",
				      vqt_events[e].name, (unsigned long long)c->perf,
				      (unsigned long long)c->bpf);
	}
	if (!n && !pc->exact)
		snprintf(buf, size, "a window edge could not be placed among the rows: the counts are not proven equal");
}

void perf_counts_free(struct perf_counts *pc)
{
	free(pc->why);
	free(pc->missing);
	free(pc->host_cycles);
	free(pc->host_instr);
	free(pc->new_threads);
	memset(pc, 0, sizeof(*pc));
}
