// SPDX-License-Identifier: GPL-2.0
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "diag.h"
#include "join_impl.h"
#include "join_stream.h"
#include "num.h"
#include "summary.h"
#include "util.h"
#include "vmrss.h"

size_t join_stream_window = JOIN_STREAM_WINDOW;
bool join_stream_enabled = true;
bool join_stream_rss_log;

/*
 * More data rows than summary_exact_max? Counted, not guessed from the
 * size, and only as far as the answer needs: a file too small to hold
 * that many rows is not read at all, a large one up to that row.
 */
bool join_stream_wanted(const struct cell_info *ci)
{
	/* The shortest row, "0\t0\t0\tok\n": a smaller file cannot have enough. */
	const uint64_t min_row = 9;
	char *p, buf[1 << 16];
	struct stat st;
	uint64_t rows = 0;
	bool bol = true;
	ssize_t n;
	int fd;

	if (!join_stream_enabled || ci->skipped)
		return false;
	p = xasprintf("%s/host.tsv", ci->dir);
	/*
	 * Anything odd (missing, a FIFO, which open() would wait on) is the
	 * in-memory reader's to report, with its message.
	 */
	if (stat(p, &st) || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size / min_row <= summary_exact_max ||
	    (fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0) {
		free(p);
		return false;
	}
	free(p);
	while (rows <= summary_exact_max && (n = read(fd, buf, sizeof(buf))) > 0) {
		ssize_t i;

		for (i = 0; i < n; i++) {
			if (bol && buf[i] != '#')
				rows++;
			bol = buf[i] == '\n';
		}
	}
	close(fd);
	return rows > summary_exact_max;
}

uint32_t join_stream_columns(const struct cell_join *j)
{
	static const enum route routes[] = { RT_EXIT, RT_WAKEUP, RT_OUTSIDE, RT_DIRECT };
	uint32_t cols = j->stage_set;
	size_t i;

	/* join_routes_done() adds these for the routes taken: here, all of them. */
	if (j->marks_on)
		for (i = 0; i < ARRAY_SIZE(routes); i++)
			cols |= j->route_mask[routes[i]];
	return cols;
}

struct jstream {
	struct cell_join *j;
	struct host_reader hr;
	struct guest_reader gr;
	struct trace_reader tr;
	struct join_keep_ctx k;
	bool trace_eof;
	bool have_next;			/* next holds the row after the window */
	struct host_row next;
	struct host_stamps next_st;
	size_t cap;			/* of the window's arrays */
	struct guest_row *pend;		/* read, not yet joined, in file order */
	size_t nr_pend, cap_pend, cap_guest;
	bool guest_eof;
	uint64_t guest_top;		/* the largest seq read so far */
	int64_t joined_hi;		/* the end of the windows joined so far */
};

/* The window's host rows, and the one after it (its t_inject ends the last one's search). */
static int read_host(struct jstream *js)
{
	struct cell_join *j = js->j;
	size_t n = 0;
	int k;

	j->seq0 += j->nr_host;
	if (js->have_next) {
		if (j->host_st)
			j->host_st[n] = js->next_st;
		j->host[n++] = js->next;
		js->have_next = false;
	}
	while (n < join_stream_window) {
		k = host_reader_next(&js->hr, &j->host[n]);
		if (k < 0)
			return -1;
		if (!k)
			break;
		if (j->host_st)
			j->host_st[n] = js->hr.st;
		n++;
	}
	if (n == join_stream_window) {
		k = host_reader_next(&js->hr, &js->next);
		if (k < 0)
			return -1;
		js->have_next = k;
		js->next_st = js->hr.st;
	}
	j->nr_host = n;
	j->has_next = js->have_next;
	j->next_inject = js->have_next ? js->next.t_inject : 0;
	return 0;
}

/*
 * Guest rows up to JOIN_STREAM_GUEST_LOOK seqs past the window (all of
 * them for the last window: a seq past host.tsv's end is unmatched), then
 * those of the window into j->guest, in the file's order.
 */
static int read_guest(struct jstream *js)
{
	struct cell_join *j = js->j;
	uint64_t end = j->seq0 + j->nr_host;
	size_t i, kept = 0;
	int k;

	while (!js->guest_eof && !(js->have_next && js->guest_top >= end + JOIN_STREAM_GUEST_LOOK)) {
		struct guest_row g;

		k = guest_reader_next(&js->gr, &g);
		if (k < 0)
			return -1;
		if (!k) {
			js->guest_eof = true;
			break;
		}
		if (g.seq < j->seq0)
			return diag_error(js->gr.t.path, js->gr.t.line,
					  "seq %llu after seq %llu: the streamed join of this large cell had joined seq %llu's window already (expected guest rows in seq order within %d seqs, as bench/ writes them)",
					  (unsigned long long)g.seq, (unsigned long long)js->guest_top,
					  (unsigned long long)g.seq, JOIN_STREAM_GUEST_LOOK);
		if (g.seq > js->guest_top)
			js->guest_top = g.seq;
		if (js->nr_pend == js->cap_pend)
			js->pend = grow_array(js->pend, &js->cap_pend, js->nr_pend + 1,
					      sizeof(*js->pend));
		js->pend[js->nr_pend++] = g;
	}
	/* A stable partition: the window's rows out, the others kept in order. */
	j->nr_guest = 0;
	for (i = 0; i < js->nr_pend; i++) {
		if (js->pend[i].seq < end || !js->have_next) {
			if (j->nr_guest == js->cap_guest)
				j->guest = grow_array(j->guest, &js->cap_guest, j->nr_guest + 1,
						      sizeof(*j->guest));
			j->guest[j->nr_guest++] = js->pend[i];
		} else {
			js->pend[kept++] = js->pend[i];
		}
	}
	js->nr_pend = kept;
	return 0;
}

static void span(int64_t t, int64_t *lo, int64_t *hi)
{
	if (t < *lo)
		*lo = t;
	if (t > *hi)
		*hi = t;
}

/*
 * The trace ns every search of the window stays within: from the earliest
 * start (less the slack) to the latest stamp (plus it), and to the next
 * injection when an interrupt's only end is that.
 */
static void window_span(const struct cell_join *j, int64_t *lo, int64_t *hi)
{
	int64_t slack = j->marks_on ? j->mc.slack : 0, t;
	size_t i;
	int w;

	*lo = INT64_MAX;
	*hi = INT64_MIN;
	for (i = 0; i < j->nr_host; i++) {
		const struct host_row *h = &j->host[i];

		span(clockfit_ns(&j->fit, h->t_inject), lo, hi);
		if (h->t_seen)
			span(clockfit_ns(&j->fit, h->t_seen), lo, hi);
		t = join_host_stamp(j, i, 1);
		if (t)
			span(clockfit_ns(&j->fit, t), lo, hi);
		for (w = 0; w < 4; w++)
			if (sample_host_stamp(j, i, w, &t))
				span(clockfit_ns(&j->fit, t), lo, hi);
	}
	if (j->has_next)
		span(clockfit_ns(&j->fit, j->next_inject), lo, hi);
	else
		*hi = INT64_MAX;	/* the last row may search to the trace's end */
	*lo = *lo > INT64_MIN + slack ? *lo - slack : INT64_MIN;
	*hi = *hi < INT64_MAX - slack ? *hi + slack : INT64_MAX;
}

/* Drops what no search of this window or a later one reaches, but the last event before it. */
static void trim(const struct jstream *js, int64_t lo)
{
	struct trace_data *td = &js->j->trace;
	unsigned s;

	for (s = 0; s < TS_NR; s++) {
		struct trace_stream *ts = &td->s[s];
		size_t n = 0;

		/* last_before() (marks.c) looks behind the window's start: one event stays. */
		while (n + 1 < ts->nr && ts->ev[n + 1].t < lo)
			n++;
		if (!n)
			continue;
		memmove(ts->ev, ts->ev + n, (ts->nr - n) * sizeof(*ts->ev));
		ts->nr -= n;
	}
}

/*
 * Into its stream in time order, after the events of the same ns (the
 * file's order, as join_cell() keeps it); a repeat of the row before it
 * is dropped, as dedup() does.
 */
static void insert(struct jstream *js, int sidx, const struct trace_ev *e)
{
	struct cell_join *j = js->j;
	struct trace_stream *ts = &j->trace.s[sidx];
	size_t p = ts->nr;

	while (p && ts->ev[p - 1].t > e->t)
		p--;
	if (p && ts->ev[p - 1].t == e->t && ts->ev[p - 1].kind == e->kind &&
	    ts->ev[p - 1].vcpu == e->vcpu && ts->ev[p - 1].xc == e->xc) {
		ts->ev[p - 1].ooo |= e->ooo;
		j->trace_dups++;
		return;
	}
	/* In order, a row lies past every joined window's end: this one is behind it. */
	if (e->t <= js->joined_hi)
		j->trace_late++;
	if (ts->nr == ts->cap)
		ts->ev = grow_array(ts->ev, &ts->cap, ts->nr + 1, sizeof(*ts->ev));
	memmove(ts->ev + p + 1, ts->ev + p, (ts->nr - p) * sizeof(*ts->ev));
	ts->ev[p] = *e;
	ts->nr++;
}

/* Rows until the file's time is JOIN_STREAM_REORDER_NS past hi, or its end. */
static int read_trace(struct jstream *js, int64_t hi)
{
	struct trace_data *td = &js->j->trace;
	int64_t until = hi < INT64_MAX - JOIN_STREAM_REORDER_NS ? hi + JOIN_STREAM_REORDER_NS
								 : INT64_MAX;

	while (!js->trace_eof && (td->max_ts < until || until == INT64_MAX)) {
		struct trace_ev e;
		int sidx, k = trace_reader_next(&js->tr, &e, &sidx);

		if (k < 0)
			return -1;
		if (!k) {
			js->trace_eof = true;
			break;
		}
		insert(js, sidx, &e);
	}
	return 0;
}

/* index_trace()'s cursors over the window's events. */
static void cursors(struct jstream *js)
{
	struct cell_join *j = js->j;
	struct trace_data *td = &j->trace;
	unsigned i;

	for (i = 0; i < TS_NR; i++) {
		j->mc.s[i].ev = td->s[i].ev;
		j->mc.s[i].nr = td->s[i].nr;
		j->mc.s[i].cur = 0;
	}
	j->xc_cur[0] = j->mc.s[TS_EXIT_TARGET];
	j->xc_cur[1] = j->mc.s[TS_EXIT_OTHER];
	j->inj_cur = j->mc.s[j->inject_stream];
	j->trace_end = td->rows ? td->max_ts : INT64_MIN;
}

static int open_files(struct jstream *js, const struct cell_info *ci)
{
	struct cell_join *j = js->j;
	bool has_trigger = false;
	struct trace_want want;
	char *p;
	int r;

	p = xasprintf("%s/host.tsv", ci->dir);
	r = host_reader_open(&js->hr, p);
	free(p);
	if (r)
		return -1;
	p = xasprintf("%s/guest.tsv", ci->dir);
	r = guest_reader_open(&js->gr, p, &has_trigger);
	free(p);
	if (r)
		return -1;
	j->trig = ci->guest_originated && has_trigger;
	j->trigger_missing = ci->guest_originated && !has_trigger;
	if (ci->trace != TRACE_ON)
		return 0;
	/*
	 * The suite-in-window figure needs every sched_switch of the cell at
	 * once (suite_runs_build); a streamed cell does not keep them.
	 */
	j->watch.ok = false;
	j->watch.why = "a streamed cell (above the exact limit): the suite's own threads are not looked for";
	j->suite_why = j->watch.why;
	join_keep_setup(j, &js->k);
	join_keep_want(&js->k, &want);
	p = xasprintf("%s/trace.tsv", ci->dir);
	if (access(p, F_OK))
		r = diag_error(p, 0, "missing (expected it: cell.kv says trace=on)");
	else
		r = trace_reader_open(&js->tr, p, join_keep, &js->k, &want, &j->trace);
	free(p);
	if (r)
		return -1;
	/* The header's lines are read: irq_line=cpu is known. */
	join_trace_opened(j, &js->k);
	return 0;
}

static int window(struct jstream *js, const struct join_stream_ops *ops, void *ctx)
{
	struct cell_join *j = js->j;
	int64_t lo, hi;
	size_t i;

	if (read_host(js) || read_guest(js))
		return -1;
	join_samples_init(j);
	join_match_guest(j);
	if (j->have_trace) {
		window_span(j, &lo, &hi);
		trim(js, lo);
		if (read_trace(js, hi))
			return -1;
		cursors(js);
		if (hi > js->joined_hi)
			js->joined_hi = hi;
	}
	for (i = 0; i < j->nr_host; i++)
		join_classify(j, i);
	return ops->window(j, ctx);
}

/*
 * VIRQBENCH_RSS_LOG=1: this process's VmRSS after the first window, the
 * 2nd, 4th, 8th ... and the last, on stderr: flat, whatever the count.
 */
static void rss_log(const struct cell_join *j, uint64_t w, bool last)
{
	if (!join_stream_rss_log || (!last && (w & (w - 1))))
		return;
	diag_say("rss: cell %s: %llu interrupts joined (window %llu%s): VmRSS %ld KiB",
		  j->ci->name, (unsigned long long)(j->seq0 + j->nr_host), (unsigned long long)w,
		  last ? ", the last" : "", vmrss_kib(0));
}

int join_stream_cell(struct cell_join *j, const struct cell_info *ci,
		     const struct join_stream_ops *ops, void *ctx)
{
	struct jstream js = { .j = j, .joined_hi = INT64_MIN };
	uint64_t rows, windows = 0;
	int r = -1;

	join_begin(j, ci);
	j->streamed = true;
	if (open_files(&js, ci))
		goto out;
	join_stage_plan(j);
	join_marks_setup(j);
	js.cap = join_stream_window ? join_stream_window : 1;
	j->host = xmalloc(js.cap * sizeof(*j->host));
	if (js.hr.has_stamps)
		j->host_st = xmalloc(js.cap * sizeof(*j->host_st));
	j->s = xmalloc(js.cap * sizeof(*j->s));
	if (j->marks_on)
		j->mk = xmalloc(js.cap * sizeof(*j->mk));
	if (j->marks_on && j->pd->uirq)
		j->uirq = xmalloc(js.cap * sizeof(*j->uirq));
	if (ops->begin && ops->begin(j, ctx))
		goto out;
	do {
		if (window(&js, ops, ctx))
			goto out;
		rss_log(j, ++windows, !js.have_next);
	} while (js.have_next);
	/* What is left of the trace: its counts and trailer. */
	if (j->have_trace && read_trace(&js, INT64_MAX))
		goto out;
	rows = j->seq0 + j->nr_host;
	/* What join_cell() leaves: every row counted, no samples. */
	free(j->host);
	free(j->host_st);
	free(j->guest);
	free(j->s);
	free(j->mk);
	free(j->uirq);
	j->uirq = NULL;
	j->host = NULL;
	j->host_st = NULL;
	j->guest = NULL;
	j->s = NULL;
	j->mk = NULL;
	j->seq0 = 0;
	j->nr_host = rows;
	j->nr_guest = 0;
	join_routes_done(j);
	join_warn_unmatched(j);
	r = 0;
out:
	host_reader_close(&js.hr);
	guest_reader_close(&js.gr);
	trace_reader_close(&js.tr);
	free(js.pend);
	trace_free_events(&j->trace);
	memset(&j->mc.s, 0, sizeof(j->mc.s));
	memset(&j->xc_cur, 0, sizeof(j->xc_cur));
	memset(&j->inj_cur, 0, sizeof(j->inj_cur));
	return r;
}

/* One knob: unset, or a number (within [min, max]). 0, or -1 with its message. */
static int env_size(const char *name, size_t min, size_t max, size_t *v)
{
	const char *e = getenv(name);
	uint64_t n;

	if (!e)
		return 0;
	if (num_u64(e, &n) || n < min || n > max)
		return diag_error(NULL, 0, "%s='%s' (expected a number from %zu to %zu)", name, e,
				  min, max);
	*v = n;
	return 0;
}

int join_stream_env(void)
{
	size_t on = 1, log = 0;

	if (env_size("VIRQBENCH_EXACT_MAX", 0, SIZE_MAX / 2, &summary_exact_max) ||
	    env_size("VIRQBENCH_STREAM", 0, 1, &on) ||
	    env_size("VIRQBENCH_STREAM_WINDOW", 1, 1u << 24, &join_stream_window) ||
	    env_size("VIRQBENCH_RSS_LOG", 0, 1, &log))
		return -1;
	join_stream_enabled = on;
	join_stream_rss_log = log;
	return 0;
}
