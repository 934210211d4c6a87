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

#define PERF_TSV_COLS "tid\tevent\tt_start_ns\tt_end_ns\tperf\trows\tfiltered\texact"

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
	uint64_t tid = 0, perf = 0, rows = 0, filtered = 0, exact = 0;
	int64_t t0 = 0, t1 = 0;
	unsigned kind;

	if (tsv_expect_fields(t, 8, PERF_TSV_COLS) || tsv_u64(t, 0, "tid", &tid) ||
	    tsv_i64(t, 2, "t_start_ns", &t0) || tsv_i64(t, 3, "t_end_ns", &t1) ||
	    tsv_u64(t, 4, "perf", &perf) || tsv_u64(t, 5, "rows", &rows) ||
	    tsv_u64(t, 6, "filtered", &filtered) || tsv_u64(t, 7, "exact", &exact))
		return -1;
	kind = trace_kind_of(t->field[1], t->flen[1]);
	if (kind >= VQT_EV_NR)
		return tsv_bad_field(t, 1, "event", "an event of include/virqbench/trace_events.h");
	if (exact > 1)
		return tsv_bad_field(t, 7, "exact", "0 or 1");
	if (tid != *last_tid)
		pc->threads++;
	*last_tid = tid;
	pc->ev[kind].counted = true;
	pc->ev[kind].perf += perf;
	pc->ev[kind].rows += rows;
	pc->ev[kind].filtered += filtered;
	pc->exact = pc->exact && exact;
	return 0;
}

int perf_counts_load(struct perf_counts *pc, const char *cell_dir)
{
	char *path = xasprintf("%s/perf.tsv", cell_dir);
	uint64_t last_tid = 0;
	struct tsv t;
	int k, r = 0;

	memset(pc, 0, sizeof(*pc));
	if (access(path, F_OK) && errno == ENOENT) {
		free(path);
		return 0;
	}
	if (tsv_open(&t, path) || tsv_header(&t, PERF_TSV_COLS)) {
		free(path);
		return -1;
	}
	pc->exact = true;
	while ((k = tsv_next(&t)) > 0 && !r) {
		if (k == TSV_COMMENT)
			note(pc, t.comment);
		else
			r = row(pc, &t, &last_tid);
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

static const char *state_name(enum perf_state s)
{
	return s == PERF_ON ? "on" : s == PERF_OFF ? "off" : "absent";
}

void perf_counts_json(struct json *j, const struct perf_counts *pc)
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
		json_kbool(j, "agree", c->agree);
		json_end_object(j);
	}
	json_end_array(j);
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
		snprintf(buf, size, "a thread's window edge was never quiet: the counts cannot be proven equal");
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
