// SPDX-License-Identifier: GPL-2.0
/*
 * Reads trace.tsv: its rows through the caller's keep() into event
 * streams, its `#` lines into counters. A large file is read as two
 * halves at once (it is the largest file of a run, and a second CPU is
 * otherwise idle meanwhile), then joined so that the result is the same as
 * one pass: rows of the second half that lie behind the first half's
 * latest time are out of order too. Anything unusual in a half (an error,
 * a cut-short end, a trailer line not where it belongs) sends the whole
 * file through the one-pass reader, for its exact messages and lines.
 */
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <fcntl.h>

#include "diag.h"
#include "num.h"
#include "raw_run.h"
#include "trace_note.h"
#include "trace_row.h"
#include "tsv.h"
#include "util.h"

size_t trace_split_min = 16u << 20;

#define EV_NAME_(id, tp, name, ...) [EV_##id] = name,
const char *const ev_kind_names[EV_NR] = {
	VQT_EVENTS(EV_NAME_)
	[EV_OTHER] = "other",
};
#undef EV_NAME_

/* A trailer count, which must appear once. */
static int count_once(struct tsv *t, bool *has, uint64_t *v, uint64_t n)
{
	if (*has)
		return diag_error(t->path, t->line, "trailer line '# %s' repeated (expected it once)",
				  t->comment);
	*has = true;
	*v = n;
	return 0;
}

/*
 * The `#` lines virqtrace writes (doc/raw-format.md), parsed by
 * lib/trace_note.h; others are comments.
 */
static int trailer(struct tsv *t, struct trace_data *td)
{
	struct trace_note n;
	struct prog_stat *p;

	if (trace_note_parse(t, &n))
		return -1;
	switch (n.kind) {
	case TN_COMMENT:
		return 0;
	case TN_FOREIGN:
		td->foreign = n.foreign;
		return 0;
	case TN_SCHED:
		td->sched = n.foreign;
		return 0;
	case TN_IRQ_LINE_CPU:
		td->irq_line_cpu_only = true;
		return 0;
	case TN_MISSING:
		free(td->missing);
		td->missing = xstrdup(n.text);
		return 0;
	case TN_STATS_ERROR:
		free(td->stats_error);
		td->stats_error = xstrdup(n.text);
		return 0;
	case TN_PROG:
		if (td->nr_prog == MAX_PROG_STATS)
			return diag_error(t->path, t->line,
					  "bad trailer '# %s' (expected at most %d '# prog=' lines)",
					  t->comment, MAX_PROG_STATS);
		p = &td->prog[td->nr_prog++];
		memcpy(p->name, n.prog, sizeof(p->name));
		p->run_cnt = n.run_cnt;
		p->run_time_ns = n.run_time_ns;
		return 0;
	case TN_LOST:
		return count_once(t, &td->has_lost, &td->lost, n.n);
	case TN_EVENTS:
		return count_once(t, &td->has_events, &td->events, n.n);
	case TN_LOST_RINGBUF:
		return count_once(t, &td->has_lost_ringbuf, &td->lost_ringbuf, n.n);
	case TN_LOST_BUSY:
		return count_once(t, &td->has_lost_busy, &td->lost_busy, n.n);
	}
	return 0;
}

/*
 * The first in-order rows of a second half: whether they were behind the
 * first half's latest time is known only when both are read. In-order rows
 * have growing times, so the ones behind it are a prefix of these.
 */
#define HEAD_MAX 65536

struct head_row {
	int64_t ts;
	unsigned long line;
	int stream;		/* where keep() put it, -1 nowhere */
	size_t idx;
};

/*
 * A data row's counts, its out-of-order mark and keep()'s verdict: the
 * stream it goes to (e filled), or -1. The one-pass, two-half and
 * streaming readers all count a row here.
 */
static inline int take_row(const struct tsv *t, const struct trace_row *row,
			   trace_keep_fn keep, void *ctx, struct trace_data *td,
			   struct trace_ev *e)
{
	int sidx;

	td->rows++;
	td->per_kind[row->kind]++;
	e->t = row->ts_ns;
	e->kind = row->kind;
	e->ooo = row->ts_ns < td->max_ts;
	e->vcpu = 0;
	e->xc = 0;
	if (e->ooo) {
		/* BPF ring-buffer records from several CPUs may interleave. */
		if (!td->ooo_rows)
			td->first_ooo_line = t->line;
		td->ooo_rows++;
	}
	sidx = keep ? keep(row, e, ctx) : -1;
	if (row->ts_ns > td->max_ts)
		td->max_ts = row->ts_ns;
	if (row->ts_ns < td->min_ts)
		td->min_ts = row->ts_ns;
	return sidx >= 0 && sidx < TRACE_STREAMS ? sidx : -1;
}

struct part {
	const char *path;
	uint64_t off, len;
	bool first, whole;
	trace_keep_fn keep;
	void *ctx;
	const struct trace_want *want;
	struct trace_data td;
	unsigned long lines;
	struct head_row *head;
	size_t nr_head;
	bool head_full;
	bool odd;		/* needs the one-pass reader */
	int ret;
};

static int read_part(struct part *p)
{
	struct trace_data *td = &p->td;
	struct tsv t;
	int k, r = -1;

	memset(td, 0, sizeof(*td));
	td->foreign = -1;
	td->sched = -1;
	td->min_ts = INT64_MAX;
	td->max_ts = INT64_MIN;
	if (p->whole ? tsv_open(&t, p->path) :
	    tsv_open_range(&t, p->path, p->off, p->len))
		return -1;
	if (p->first && tsv_header(&t, TRACE_TSV_COLS))
		goto out;
	while ((k = tsv_next_line(&t)) != TSV_EOF) {
		struct trace_row row;
		struct trace_ev e;
		int sidx;

		if (k == TSV_ERROR)
			goto out;
		if (k == TSV_COMMENT) {
			if (trailer(&t, td))
				goto out;
			continue;
		}
		if (td->has_lost || td->has_events) {
			diag_error(t.path, t.line, "event after the trailer (expected the trailer to end the file)");
			goto out;
		}
		if (trace_row_scan_want(&t, p->want, &row))
			goto out;
		sidx = take_row(&t, &row, p->keep, p->ctx, td, &e);
		if (sidx >= 0) {
			struct trace_stream *ts = &td->s[sidx];

			if (ts->nr == ts->cap)
				ts->ev = grow_array(ts->ev, &ts->cap, ts->nr + 1,
						    sizeof(*ts->ev));
			ts->ev[ts->nr++] = e;
		}
		if (!p->first && !e.ooo && !p->head_full) {
			if (p->nr_head == HEAD_MAX) {
				p->head_full = true;
			} else {
				struct head_row *h = &p->head[p->nr_head++];

				h->ts = row.ts_ns;
				h->line = t.line;
				h->stream = sidx;
				h->idx = sidx >= 0 ? td->s[sidx].nr - 1 : 0;
			}
		}
	}
	p->lines = t.line;
	td->cut_short = t.cut_short;
	/* A half that ends without a newline is the file's end cut short: say it once, in one pass. */
	if (!p->whole && t.cut_short)
		p->odd = true;
	r = 0;
out:
	tsv_close(&t);
	return r;
}

static void *part_run(void *arg)
{
	struct part *p = arg;

	p->ret = read_part(p);
	return NULL;
}

/* Where the second half starts: after the newline at or past the middle. */
static uint64_t split_point(const char *path, uint64_t size)
{
	char buf[65536];
	uint64_t mid = size / 2;
	ssize_t n, i;
	int fd;

	if (size < trace_split_min || !use_threads())
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = pread(fd, buf, sizeof(buf), (off_t)mid);
	close(fd);
	for (i = 0; i < n; i++)
		if (buf[i] == '\n')
			return mid + i + 1 < size ? mid + i + 1 : 0;
	return 0;
}

/* The second half's counts and events after the first's, as one pass has them. */
static int join_parts(struct part *a, struct part *b, struct trace_data *td)
{
	struct trace_data *x = &a->td, *y = &b->td;
	unsigned long first_fix = 0;
	uint64_t fixed = 0;
	size_t i;
	unsigned s;

	/* A trailer before the second half's rows, or a counter in both: one pass says where. */
	if (((x->has_lost || x->has_events) && y->rows) ||
	    (x->has_lost && y->has_lost) || (x->has_events && y->has_events) ||
	    (x->has_lost_ringbuf && y->has_lost_ringbuf) ||
	    (x->has_lost_busy && y->has_lost_busy) ||
	    x->nr_prog + y->nr_prog > MAX_PROG_STATS)
		return -1;
	/* Rows of the second half behind the first's latest time. */
	for (i = 0; i < b->nr_head && b->head[i].ts < x->max_ts; i++) {
		if (!fixed++)
			first_fix = b->head[i].line;
		if (b->head[i].stream >= 0)
			y->s[b->head[i].stream].ev[b->head[i].idx].ooo = 1;
	}
	if (i == b->nr_head && b->head_full)
		return -1;

	*td = *x;
	memset(x, 0, sizeof(*x));
	for (s = 0; s < TRACE_STREAMS; s++) {
		struct trace_stream *d = &td->s[s], *e = &y->s[s];

		if (!e->nr)
			continue;
		d->ev = grow_array(d->ev, &d->cap, d->nr + e->nr, sizeof(*d->ev));
		memcpy(d->ev + d->nr, e->ev, e->nr * sizeof(*e->ev));
		d->nr += e->nr;
	}
	td->rows += y->rows;
	for (i = 0; i < EV_NR; i++)
		td->per_kind[i] += y->per_kind[i];
#define TAKE(has, v) do { if (y->has) { td->has = true; td->v = y->v; } } while (0)
	TAKE(has_lost, lost);
	TAKE(has_events, events);
	TAKE(has_lost_ringbuf, lost_ringbuf);
	TAKE(has_lost_busy, lost_busy);
#undef TAKE
	memcpy(td->prog + td->nr_prog, y->prog, y->nr_prog * sizeof(*y->prog));
	td->nr_prog += y->nr_prog;
	if (y->missing) {
		free(td->missing);
		td->missing = y->missing;
		y->missing = NULL;
	}
	if (y->stats_error) {
		free(td->stats_error);
		td->stats_error = y->stats_error;
		y->stats_error = NULL;
	}
	if (y->foreign >= 0)
		td->foreign = y->foreign;
	if (y->sched >= 0)
		td->sched = y->sched;
	td->irq_line_cpu_only |= y->irq_line_cpu_only;
	if (!td->ooo_rows && (fixed || y->ooo_rows)) {
		unsigned long l = y->ooo_rows && (!fixed || y->first_ooo_line < first_fix) ?
				  y->first_ooo_line : first_fix;

		td->first_ooo_line = a->lines + l;
	}
	td->ooo_rows += y->ooo_rows + fixed;
	if (y->min_ts < td->min_ts)
		td->min_ts = y->min_ts;
	if (y->max_ts > td->max_ts)
		td->max_ts = y->max_ts;
	td->cut_short = y->cut_short;
	return 0;
}

int trace_load(const char *path, trace_keep_fn keep, void *ctx,
	       unsigned args_kinds, struct trace_data *td)
{
	struct trace_want w;

	trace_want_of_args(&w, args_kinds);
	return trace_load_want(path, keep, ctx, &w, td);
}

int trace_load_want(const char *path, trace_keep_fn keep, void *ctx,
		    const struct trace_want *want, struct trace_data *td)
{
	struct part a = { .path = path, .first = true, .keep = keep, .ctx = ctx,
			  .want = want };
	struct part b = a;
	struct stat st;
	uint64_t cut = 0;
	pthread_t th;
	int r;

	if (!stat(path, &st))
		cut = split_point(path, (uint64_t)st.st_size);
	if (cut) {
		a.len = cut;
		b.first = false;
		b.off = cut;
		b.len = (uint64_t)st.st_size - cut;
		b.head = xmalloc(HEAD_MAX * sizeof(*b.head));
		if (pthread_create(&th, NULL, part_run, &a)) {
			a.ret = -1;
			a.odd = true;
		} else {
			part_run(&b);
			pthread_join(th, NULL);
		}
		r = !a.ret && !b.ret && !a.odd && !b.odd ? join_parts(&a, &b, td) : -1;
		trace_free(&a.td);
		trace_free(&b.td);
		free(b.head);
		if (!r)
			goto done;
	}
	/* One pass: small files, and any half that was not plain. */
	a.whole = true;
	a.first = true;
	a.head = NULL;
	if (read_part(&a)) {
		trace_free(&a.td);
		memset(td, 0, sizeof(*td));
		return -1;
	}
	*td = a.td;
done:
	td->cut_short = td->cut_short || !td->has_lost || !td->has_events;
	return 0;
}

void trace_free_events(struct trace_data *td)
{
	unsigned i;

	for (i = 0; i < TRACE_STREAMS; i++) {
		free(td->s[i].ev);
		td->s[i].ev = NULL;
		td->s[i].nr = td->s[i].cap = 0;
	}
}

void trace_give_events(struct trace_data *td, struct scratch *sc)
{
	unsigned i;

	for (i = 0; i < TRACE_STREAMS; i++) {
		scratch_give(sc, td->s[i].ev, td->s[i].cap * sizeof(*td->s[i].ev));
		td->s[i].ev = NULL;
		td->s[i].nr = td->s[i].cap = 0;
	}
}

void trace_free(struct trace_data *td)
{
	trace_free_events(td);
	free(td->missing);
	free(td->stats_error);
	td->missing = td->stats_error = NULL;
}

/* ---- one row at a time, for the streaming join (join_stream.c) ---- */

static void trace_data_init(struct trace_data *td)
{
	memset(td, 0, sizeof(*td));
	td->foreign = -1;
	td->min_ts = INT64_MAX;
	td->max_ts = INT64_MIN;
}

int trace_reader_open(struct trace_reader *r, const char *path, trace_keep_fn keep,
		      void *ctx, const struct trace_want *want, struct trace_data *td)
{
	memset(r, 0, sizeof(*r));
	trace_data_init(td);
	r->keep = keep;
	r->ctx = ctx;
	r->want = *want;
	r->td = td;
	if (tsv_open(&r->t, path))
		return -1;
	r->open = true;
	if (tsv_header(&r->t, TRACE_TSV_COLS))
		return -1;
	/* The header's `#` lines (foreign, irq_line, missing) before the first row. */
	r->primed = trace_reader_next(r, &r->ev, &r->stream);
	return r->primed < 0 ? -1 : 0;
}

int trace_reader_next(struct trace_reader *r, struct trace_ev *e, int *stream)
{
	struct trace_data *td = r->td;
	struct trace_row row;
	int k;

	if (r->primed > 0) {
		*e = r->ev;
		*stream = r->stream;
		r->primed = 0;
		return 1;
	}
	if (r->eof)
		return 0;
	while ((k = tsv_next_line(&r->t)) != TSV_EOF) {
		int sidx;

		if (k == TSV_ERROR)
			return -1;
		if (k == TSV_COMMENT) {
			if (trailer(&r->t, td))
				return -1;
			continue;
		}
		if (td->has_lost || td->has_events)
			return diag_error(r->t.path, r->t.line,
					  "event after the trailer (expected the trailer to end the file)");
		if (trace_row_scan_want(&r->t, &r->want, &row))
			return -1;
		sidx = take_row(&r->t, &row, r->keep, r->ctx, td, e);
		if (sidx >= 0) {
			*stream = sidx;
			return 1;
		}
	}
	r->eof = true;
	td->cut_short = r->t.cut_short || !td->has_lost || !td->has_events;
	return 0;
}

void trace_reader_close(struct trace_reader *r)
{
	if (r->open)
		tsv_close(&r->t);
	r->open = false;
}
