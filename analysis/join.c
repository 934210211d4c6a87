// SPDX-License-Identifier: GPL-2.0
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "exit_class.h"
#include "join_impl.h"
#include "paths.h"
#include "trace_inject.h"
#include "util.h"

const char *const sample_flag_names[SF_NR] = {
	[SF_TIMEOUT] = "timeout",
	[SF_INJECT_ERROR] = "inject_error",
	[SF_NO_GUEST_SAMPLE] = "no_guest_sample",
	[SF_SEQ_MISMATCH] = "seq_mismatch",
	[SF_WRONG_INTID] = "wrong_intid",
	[SF_WRONG_VCPU] = "wrong_vcpu",
	[SF_NEGATIVE_STAGE] = "negative_stage",
	[SF_NO_INJECT_EVENT] = "no_inject_event",
	[SF_OUT_OF_ORDER] = "out_of_order",
	[SF_NO_TRACE] = "no_trace",
	[SF_TRACE_INCOMPLETE] = "trace_incomplete",
	[SF_WARMUP] = "warmup",
};


/*
 * The injection event of this cell's interrupt, raised (level 1), decoded
 * by lib/trace_inject.h: a private INTID (SGI, PPI, the CPU line) must be
 * the target vCPU's. With `foreign=on` these come from any VM, told apart
 * by INTID and time.
 */
static bool raises_cell_irq(const struct trace_row *r, const struct cell_info *ci)
{
	struct trace_inj j;

	return trace_inj_decode(r->kind, r->a, &j) &&
	       trace_inj_raises(&j, ci->target_vcpu, ci->has_intid, ci->intid);
}

/* The vCPU index of a thread, or -1. */
static int vcpu_of(const struct cell_info *ci, uint64_t tid)
{
	uint64_t i;

	for (i = 0; i < ci->nr_vcpus; i++)
		if (ci->has_vcpu_tid[i] && ci->vcpu_tid[i] == tid)
			return (int)i;
	return -1;
}

int join_keep(const struct trace_row *r, struct trace_ev *e, void *p)
{
	const struct join_keep_ctx *k = p;
	const struct cell_info *ci = k->ci;
	int v;

	switch (r->kind) {
	case EV_EXIT:
		if (r->tid == ci->target_tid) {
			e->vcpu = ci->target_vcpu;
			e->xc = exit_class(r->a[0], r->a[1]);
			return TS_EXIT_TARGET;
		}
		v = vcpu_of(ci, r->tid);
		if (v < 0)
			return -1;
		e->vcpu = v;
		e->xc = exit_class(r->a[0], r->a[1]);
		return TS_EXIT_OTHER;
	case EV_ENTRY:
		if (r->tid != ci->target_tid)
			return -1;
		e->cycles = r->a[1] > UINT32_MAX ? UINT32_MAX : (uint32_t)r->a[1];
		return TS_ENTRY;
	case EV_WAKEUP:
		return r->tid == ci->target_tid ? TS_WAKEUP : -1;
	case EV_USERSPACE_EXIT:
		return k->uirq && r->tid == ci->target_tid ? TS_UEXIT : -1;
	case EV_SCHED_SWITCH:
		return k->watch->ok && suite_keep(k->watch, ci, r, e) ? TS_SCHED : -1;
	default:
		break;
	}
	if ((int)r->kind == k->queued && raises_cell_irq(r, ci))
		return TS_QUEUED;
	if ((int)r->kind == k->inject && raises_cell_irq(r, ci))
		return TS_INJECT;
	return -1;
}

static int cmp_ev(const void *a, const void *b)
{
	const struct trace_ev *x = a, *y = b;

	if (x->t != y->t)
		return (x->t > y->t) - (x->t < y->t);
	if (x->vcpu != y->vcpu)
		return x->vcpu - y->vcpu;
	return x->xc - y->xc;
}

/*
 * A row written twice (the same event, thread and time to the ns) would
 * count an exit twice: two real exits of one vCPU are never that close.
 * Returns how many were dropped.
 */
static size_t dedup(struct trace_stream *ts)
{
	size_t i, n = 0;

	for (i = 0; i < ts->nr; i++) {
		if (n && ts->ev[n - 1].t == ts->ev[i].t &&
		    ts->ev[n - 1].kind == ts->ev[i].kind &&
		    ts->ev[n - 1].vcpu == ts->ev[i].vcpu &&
		    ts->ev[n - 1].xc == ts->ev[i].xc) {
			ts->ev[n - 1].ooo |= ts->ev[i].ooo;
			continue;
		}
		ts->ev[n++] = ts->ev[i];
	}
	i = ts->nr - n;
	ts->nr = n;
	return i;
}

/* Sorts the kept events when the file was not, and hands them to the cursors. */
static void index_trace(struct cell_join *j)
{
	struct trace_data *td = &j->trace;
	unsigned i;

	for (i = 0; i < TS_NR; i++) {
		struct trace_stream *ts = &td->s[i];

		if (td->ooo_rows && ts->nr)	/* qsort(NULL, 0) is undefined */
			qsort(ts->ev, ts->nr, sizeof(*ts->ev), cmp_ev);
		j->trace_dups += dedup(ts);
		j->mc.s[i].ev = ts->ev;
		j->mc.s[i].nr = ts->nr;
	}
	j->xc_cur[0] = j->mc.s[TS_EXIT_TARGET];
	j->xc_cur[1] = j->mc.s[TS_EXIT_OTHER];
	j->inj_cur = j->mc.s[j->inject_stream];
	j->trace_end = td->rows ? td->max_ts : INT64_MIN;
	join_suite_opened(j);
	if (j->suite_ok)
		suite_runs_build(&j->suite, td->s[TS_SCHED].ev, td->s[TS_SCHED].nr,
				 td->rows ? td->min_ts : 0, td->cut_short ? INT64_MAX : td->max_ts);
}

/* Whether sample.suite can be known, from the watch and the trace's '# sched=' line. */
void join_suite_opened(struct cell_join *j)
{
	const struct trace_data *td = &j->trace;

	if (!j->watch.ok)
		j->suite_why = j->watch.why;
	else if (td->sched == 0)
		j->suite_why = "trace.tsv says '# sched=off': the tracer could not record sched_switch (no task_struct pid/tgid in the kernel's BTF, or no such tracepoint)";
	else if (td->sched < 0)
		j->suite_why = "trace.tsv has no '# sched=' line: a tracer from before sched_switch was recorded";
	j->suite_ok = j->watch.ok && td->sched == 1;
}

struct trace_job {
	char *path;
	struct join_keep_ctx k;
	struct trace_want want;
	struct trace_data *td;
	int ret;
	char err[1024];
};

static void *trace_job_run(void *p)
{
	struct trace_job *job = p;

	if (access(job->path, F_OK))
		job->ret = diag_error(job->path, 0, "missing (expected it: cell.kv says trace=on)");
	else
		job->ret = trace_load_want(job->path, join_keep, &job->k, &job->want, job->td);
	if (job->ret)
		snprintf(job->err, sizeof(job->err), "%s", diag_last());
	return NULL;
}

/*
 * The trace is the largest file of a cell and independent of the other
 * two, so it is read on a second thread while host.tsv and guest.tsv are.
 */
static int load(struct cell_join *j, const struct cell_info *ci)
{
	struct trace_job job = { .td = &j->trace };
	bool threaded = false, has_trigger = false;
	pthread_t th;
	char *p;
	int r;

	if (ci->trace == TRACE_ON) {
		join_keep_setup(j, &job.k);
		join_keep_want(&job.k, &job.want);
		job.path = xasprintf("%s/trace.tsv", ci->dir);
		threaded = use_threads() &&
			   !pthread_create(&th, NULL, trace_job_run, &job);
		if (!threaded)
			trace_job_run(&job);
	}
	p = xasprintf("%s/host.tsv", ci->dir);
	r = host_load_stamps(p, &j->host, &j->nr_host, &j->host_st);
	free(p);
	if (!r) {
		p = xasprintf("%s/guest.tsv", ci->dir);
		r = guest_load_cycles(p, &j->guest, &j->nr_guest, &has_trigger, &j->guest_cyc);
		free(p);
	}
	j->trig = ci->guest_originated && has_trigger;
	j->trigger_missing = ci->guest_originated && !has_trigger;
	if (threaded)
		pthread_join(th, NULL);
	free(job.path);
	/* host.tsv's and guest.tsv's errors first, whichever thread finished first. */
	if (r)
		return -1;
	if (ci->trace != TRACE_ON)
		return 0;
	if (job.ret)
		return diag_error(NULL, 0, "%s", job.err);
	join_trace_opened(j, &job.k);
	index_trace(j);
	return 0;
}

void join_keep_setup(struct cell_join *j, struct join_keep_ctx *k)
{
	memset(k, 0, sizeof(*k));
	k->ci = j->ci;
	k->watch = &j->watch;
	k->queued = NO_EVENT;
	k->inject = NO_EVENT;
	if (j->pd) {
		k->queued = j->pd->queued;
		k->inject = j->pd->inject_check;
		k->uirq = j->pd->uirq;
		if (k->inject != NO_EVENT)
			j->inject_event = ev_kind_names[k->inject];
	}
	/* The same events serve both: one stream. */
	j->inject_stream = TS_INJECT;
	if (k->inject == k->queued && k->inject != NO_EVENT) {
		k->inject = NO_EVENT;
		j->inject_stream = TS_QUEUED;
	}
}

void join_keep_want(const struct join_keep_ctx *k, struct trace_want *w)
{
	memset(w, 0, sizeof(*w));
	/* Its thread, and exit_class()'s code and esr_ec. */
	w->f[EV_EXIT] = TR_TID | TR_A0 | TR_A0 << 1;
	/* Its thread and its host cycles (a1). */
	w->f[EV_ENTRY] = TR_TID | TR_A0 << 1;
	w->f[EV_WAKEUP] = TR_TID;
	w->f[EV_USERSPACE_EXIT] = TR_TID;
	/* The injection events, by trace_inj_decode()'s arguments alone. */
	if (k->queued != NO_EVENT)
		w->f[k->queued] |= TR_ARGS;
	if (k->inject != NO_EVENT)
		w->f[k->inject] |= TR_ARGS;
	/* suite_keep(): the CPU, and prev and next pid and tgid. */
	if (k->watch->ok)
		w->f[EV_SCHED_SWITCH] = TR_CPU | TR_ARGS;
}

void join_trace_opened(struct cell_join *j, const struct join_keep_ctx *k)
{
	/*
	 * A trace without irq_line rows for SPIs and PPIs cannot check an
	 * lr-line injection by them: its vgic_pending (the queued event)
	 * stands for both.
	 */
	if (j->trace.irq_line_cpu_only && j->inject_stream == TS_INJECT &&
	    k->inject == EV_IRQ_LINE)
		j->inject_event = NULL;
	clockfit_init(&j->fit, j->ci->cntfrq, &j->ci->calib_start, &j->ci->calib_end);
	j->have_trace = true;
}

/* The host row can have caused the guest row only if its vector came after. */
static bool causal(const struct cell_join *j, size_t seq, int32_t g)
{
	int64_t v = guest_to_host(j->guest[g].t_vector, j->ci->cntvoff);

	return v + (int64_t)j->ci->cntvoff_err >= j->host[seq].t_inject;
}

/*
 * Chooses the guest row for each seq. A guest row carries the host_seq the
 * guest saw when its vector ran, so an interrupt that arrives after the
 * host gave up on it carries the next seq: two rows then claim that seq.
 * With a known offset the row whose vector precedes the injection cannot be
 * the answer to it and is passed over; without one the first row is taken.
 * Either way the seq is flagged.
 */
void join_match_guest(struct cell_join *j)
{
	size_t i;

	for (i = 0; i < j->nr_guest; i++) {
		uint64_t seq = j->guest[i].seq - j->seq0;	/* s[] holds seq0 on */
		struct sample *s;

		if (j->guest[i].seq < j->seq0 || seq >= j->nr_host) {
			if (!j->guest_unmatched++)
				j->first_unmatched = j->guest[i].seq;
			continue;
		}
		s = &j->s[seq];
		if (s->guest < 0) {
			s->guest = i;
			continue;
		}
		j->duplicates++;
		s->flags |= 1u << SF_SEQ_MISMATCH;
		if (j->cross && !causal(j, seq, s->guest) && causal(j, seq, i))
			s->guest = i;
	}
}

void join_warn_unmatched(const struct cell_join *j)
{
	if (j->guest_unmatched)
		diag_warn(j->ci->dir, 0,
			  "guest.tsv: %llu row(s) with a seq not in host.tsv (first: seq %llu); counted as guest_unmatched",
			  (unsigned long long)j->guest_unmatched,
			  (unsigned long long)j->first_unmatched);
}

/*
 * Which stages this cell can report, and why not. A stage between the
 * trace and the counter is placed by the calibration; one ending at a
 * guest stamp needs cntvoff; the trace marks themselves are searched
 * in a window that ends at the guest's vector, so they need cntvoff too.
 */
void join_stage_plan(struct cell_join *j)
{
	const struct cell_info *ci = j->ci;
	unsigned st, rt;

	for (rt = 0; rt < RT_NR; rt++)
		j->route_mask[rt] = j->pd ? route_stage_mask(j->pd, rt) : 0;
	/* They depend on the clocks only (cntvoff, trigger), known by now. */
	for (st = 0; st < ST_NR_STAMP; st++)
		join_stage_of(j, st, &j->stamp_of[st]);
	j->stage_set = (1u << ST_NR_STAMP) - 1;
	j->marks_on = j->pd && j->have_trace && j->cross;
	if (j->pd && j->have_trace)
		j->stage_set |= j->route_mask[path_nominal_route(j->pd, ci->state)];
	for (st = 0; st < ST_NR; st++) {
		enum domain d = stage_domain(st, j->trig);

		j->stage_ok[st] = true;
		j->stage_why[st] = NULL;
		if (d == DOM_HOST) {
			/* bench/'s own stamps: reported with or without a trace. */
			if (j->route_mask[RT_NONE] & 1u << st)
				j->stage_set |= 1u << st;
			continue;
		}
		if (st < ST_NR_STAMP) {
			if (d == DOM_COUNTER && !j->cross) {
				j->stage_ok[st] = false;
				j->stage_why[st] = "cntvoff not established";
			}
			continue;
		}
		if (!j->have_trace) {
			j->stage_ok[st] = false;
			j->stage_why[st] = ci->trace == TRACE_OFF ? "trace=off" : "tracing failed";
		} else if (!j->pd) {
			j->stage_ok[st] = false;
			j->stage_why[st] = "a path this analyzer does not know";
		} else if (!j->cross) {
			j->stage_ok[st] = false;
			j->stage_why[st] = "cntvoff not established: the trace window ends at the guest's vector";
		} else if (d == DOM_CROSS && !ci->calib_v.ok) {
			j->stage_ok[st] = false;
			j->stage_why[st] = ci->calib_v.reason;
		}
	}
}

/* A guest stamp on the trace's clock, in ns. */
static int64_t trace_ns(const struct cell_join *j, int64_t host_ticks)
{
	return clockfit_ns(&j->fit, host_ticks);
}

/* The host's cycles of the interrupt's kick or wake-up, when the trace has them. */
static void host_cycles_add(struct cell_join *j, size_t seq, const struct mark_result *r)
{
	int w = r->route == RT_EXIT ? 0 : r->route == RT_WAKEUP ? 1 : -1;

	/* A streamed cell keeps no per-interrupt array: its memory must not grow with N. */
	if (w < 0 || j->streamed || !(r->found & MB(MK_ENTRY)) || !r->entry_cycles ||
	    seq < j->ci->warmup)
		return;
	j->host_cycles[w] = grow_array(j->host_cycles[w], &j->cap_host_cycles[w],
				       j->nr_host_cycles[w] + 1, sizeof(int64_t));
	j->host_cycles[w][j->nr_host_cycles[w]++] = r->entry_cycles;
}

/*
 * Exits over the whole interrupt, [start, t_eoi], on every vCPU of the
 * cell (an sgi's sender traps too; soft-vi's EOI is an MMIO exit), and the
 * target's up to its ack, the view of issue 2.
 *
 * Which of them the interrupt caused: every trap does (MMIO, SGI1R), and so
 * does the first IRQ exit on the target when the interrupt reached it by a
 * kick (route exit; for vtimer the host's timer interrupt). Any other IRQ
 * exit is a host interrupt that happened to land in the window: counted
 * apart, as exits_host_irq, so that it neither hides in nor inflates what
 * the path costs. Under emulation windows last milliseconds and such exits
 * are common; on hardware they are rare. The route is known only after the
 * marks; attribute_exits() finishes the count then.
 */
static void count_exits(struct cell_join *j, size_t seq, int64_t lo,
			int64_t ack, int64_t eoi, bool classes)
{
	struct sample *s = &j->s[seq];
	bool target_irq = false;
	unsigned w;
	size_t i;

	classes = classes && join_in_stats(j, seq);	/* the warm-up's are in no statistic */
	s->exits = 0;
	s->exits_to_ack = 0;
	s->exits_host_irq = 0;
	for (w = 0; w < 2; w++) {
		struct stream_cur *c = &j->xc_cur[w];

		for (i = stream_seek(c, lo); i < c->nr && c->ev[i].t <= eoi; i++) {
			s->exits++;
			if (c->ev[i].xc == XC_IRQ)
				s->exits_host_irq++;	/* for now: the kick may be among them */
			if (c->ev[i].xc == XC_IRQ && w == 0)
				target_irq = true;
			if (w == 0 && c->ev[i].t <= ack)
				s->exits_to_ack++;
			if (c->ev[i].ooo)
				s->flags |= 1u << SF_OUT_OF_ORDER;
			if (classes)
				j->xc_count[w][c->ev[i].xc]++;
		}
	}
	j->exits_known += classes;
	s->target_irq = target_irq;
}

/* The kick, if the interrupt's route says it was kicked, is not a host IRQ. */
static void attribute_exits(struct cell_join *j, size_t seq)
{
	struct sample *s = &j->s[seq];
	enum route rt = s->route;

	if (rt == RT_NONE || rt == RT_INCOMPLETE)
		rt = j->pd && j->ci ? path_nominal_route(j->pd, j->ci->state) : RT_NONE;
	if (rt == RT_EXIT && s->target_irq && s->exits_host_irq > 0)
		s->exits_host_irq--;
}

static void store_marks(struct cell_join *j, size_t seq, int64_t start,
			const struct mark_result *r)
{
	struct sample_marks *m = &j->mk[seq];
	struct sample *s = &j->s[seq];
	/* The start on the trace's clock, unrounded: each mark is rounded once. */
	double s0 = clockfit_ns_rel(&j->fit, start);
	unsigned k;

	s->route = r->route;
	s->found = r->found;
	for (k = 0; k < MK_NR; k++)
		if (r->found & MB(k))
			m->cum[mark_slot(k)] =
				round_i64((double)(r->t[k] - j->fit.ns0) - s0);
	if (j->uirq)
		j->uirq[seq] = r->has_uirq ? r->uirq_ns : INT64_MIN;
	if (r->incomplete)
		s->flags |= 1u << SF_TRACE_INCOMPLETE;
	j->route_count[r->route]++;
}

static void trace_window(struct cell_join *j, size_t seq)
{
	struct sample *s = &j->s[seq];
	const struct host_row *h = &j->host[seq];
	int64_t t_ack = 0, t_eoi = 0, t_vec = 0, start = h->t_inject, end, lo,
		t_answer = join_host_stamp(j, seq, 1);
	bool have = h->status != HOST_ERROR &&
		    sample_host_stamp(j, seq, 1, &t_ack) &&
		    sample_host_stamp(j, seq, 2, &t_eoi) &&
		    sample_host_stamp(j, seq, 0, &t_vec);
	size_t i;

	/* A guest-originated interrupt starts at its trigger, on the host clock. */
	if (j->trig && have && !sample_host_stamp(j, seq, 3, &start))
		have = false;
	lo = trace_ns(j, start);
	if (j->trace.cut_short && lo > j->trace_end) {
		/* The trace stopped before this interrupt: unknown, not 0. */
		s->flags |= 1u << SF_NO_TRACE;
		return;
	}
	if (have && j->trace.cut_short && trace_ns(j, t_eoi) > j->trace_end) {
		s->flags |= 1u << SF_NO_TRACE;
	} else if (have) {
		struct mark_window w = {
			.start = lo, .vector = trace_ns(j, t_vec),
			.ack = trace_ns(j, t_ack),
			.answer = t_answer ? trace_ns(j, t_answer) : INT64_MIN,
		};
		struct mark_result r;

		count_exits(j, seq, lo, w.ack, trace_ns(j, t_eoi), true);
		if (j->suite_ok)
			s->suite = (int8_t)suite_runs_in(&j->suite, lo, trace_ns(j, t_eoi));
		if (j->marks_on) {
			assign_marks(&j->mc, &w, &r);
			store_marks(j, seq, start, &r);
			host_cycles_add(j, seq, &r);
		}
		attribute_exits(j, seq);
	}

	if (!j->inject_event || h->status == HOST_ERROR)
		return;
	/*
	 * The injection event lies between t_inject and whatever is known to
	 * come after it: the ack, else the moment bench saw the sample, else
	 * the next injection.
	 */
	if (have)
		end = trace_ns(j, t_ack);
	else if (h->t_seen)
		end = trace_ns(j, h->t_seen);
	else if (seq + 1 < j->nr_host)
		end = trace_ns(j, j->host[seq + 1].t_inject) - 1;
	else if (j->has_next)	/* streamed: the row after the window */
		end = trace_ns(j, j->next_inject) - 1;
	else
		end = INT64_MAX;
	if (j->trace.cut_short && end > j->trace_end)
		return;
	i = stream_seek(&j->inj_cur, trace_ns(j, h->t_inject));
	if (i == j->inj_cur.nr || j->inj_cur.ev[i].t > end)
		s->flags |= 1u << SF_NO_INJECT_EVENT;
	else if (j->inj_cur.ev[i].ooo)
		s->flags |= 1u << SF_OUT_OF_ORDER;
}

void join_classify(struct cell_join *j, size_t seq)
{
	struct sample *s = &j->s[seq];
	const struct host_row *h = &j->host[seq];
	unsigned st, f;

	if (h->status == HOST_ERROR) {
		s->flags |= 1u << SF_INJECT_ERROR;
		j->inject_errors++;
		if (s->guest >= 0)
			s->flags |= 1u << SF_SEQ_MISMATCH;
	} else {
		j->injected++;
		if (h->status == HOST_TIMEOUT) {
			s->flags |= 1u << SF_TIMEOUT;
			j->timeouts++;
		}
		if (s->guest < 0) {
			s->flags |= 1u << SF_NO_GUEST_SAMPLE;
			j->lost++;
		} else {
			j->received++;
		}
	}
	if (s->guest >= 0) {
		const struct guest_row *g = &j->guest[s->guest];

		if (j->ci->has_intid && g->intid != j->ci->intid)
			s->flags |= 1u << SF_WRONG_INTID;
		if (g->vcpu != j->ci->target_vcpu)
			s->flags |= 1u << SF_WRONG_VCPU;
		/* Stamps only: a trace stage within the calibration's error may dip below 0. */
		for (st = 0; st < ST_NR_STAMP && h->status != HOST_ERROR; st++) {
			int64_t ns;

			if (!join_stage_at(j, seq, g, &j->stamp_of[st], &ns))
				continue;
			if (ns < 0)
				s->flags |= 1u << SF_NEGATIVE_STAGE;
			if ((ns == INT64_MIN || ns == INT64_MAX) && !j->saturated) {
				j->saturated = true;
				j->saturated_at = seq;
				j->saturated_stage = st;
			}
		}
	}
	/* Measured like the rest, kept in the samples file, counted in no statistic. */
	if (j->seq0 + seq < j->ci->warmup)
		s->flags |= 1u << SF_WARMUP;
	if (j->have_trace)
		trace_window(j, seq);
	else
		s->flags |= 1u << SF_NO_TRACE;

	if (!(s->flags & ~SF_NOTES))
		j->ok++;
	/* The set bits only: most samples have none. */
	for (f = s->flags & ((1u << SF_NR) - 1); f; f &= f - 1)
		j->flag_count[__builtin_ctz(f)]++;
}

void join_samples_init(struct cell_join *j)
{
	size_t i;

	for (i = 0; i < j->nr_host; i++) {
		j->s[i].guest = -1;
		j->s[i].exits = -1;
		j->s[i].exits_to_ack = -1;
		j->s[i].exits_host_irq = -1;
		j->s[i].flags = 0;
		j->s[i].route = RT_NONE;
		j->s[i].found = 0;
		j->s[i].suite = -1;
	}
}

void join_marks_setup(struct cell_join *j)
{
	const struct cell_info *ci = j->ci;
	uint64_t i;

	if (j->marks_on) {
		j->mc.pd = j->pd;
		j->mc.sender = ci->has_sender ? ci->sender_vcpu : 0;
		/* The calibration's error, and a tick for the counter's own. */
		j->mc.slack = ci->calib_v.err_ns + (int64_t)ci->calib_v.resolution_ns + 1;
	}
	for (i = 0; i < ci->nr_vcpus; i++)
		j->vcpus_untraced += !ci->has_vcpu_tid[i];
}

void join_routes_done(struct cell_join *j)
{
	unsigned i;

	/* Stages some interrupts took although the cell's usual route has not. */
	for (i = 0; i < RT_NR; i++)
		if (j->route_count[i] && i != RT_INCOMPLETE)
			j->stage_set |= j->route_mask[i];
}

void join_begin(struct cell_join *j, const struct cell_info *ci)
{
	memset(j, 0, sizeof(*j));
	j->ci = ci;
	j->pd = path_desc_of(ci->path);
	if (j->pd) {
		path_desc_for_cell(j->pd, ci->vgic, ci->has_intid, ci->intid, &j->pd_cell);
		j->pd = &j->pd_cell;
	}
	j->cross = ci->cntvoff_ok;
	tick_ns_init(&j->ns, ci->cntfrq);
	suite_watch_init(&j->watch, ci);
	j->suite_why = ci->trace == TRACE_OFF ? "trace=off" : "no trace";
}

int join_cell(struct cell_join *j, const struct cell_info *ci)
{
	return join_cell_spare(j, ci, NULL);
}

int join_cell_spare(struct cell_join *j, const struct cell_info *ci, struct scratch *spare)
{
	size_t i;

	join_begin(j, ci);
	if (ci->skipped) {
		join_stage_plan(j);
		return 0;	/* nothing was measured, no files to read */
	}
	if (load(j, ci))
		return -1;
	join_stage_plan(j);
	join_marks_setup(j);
	j->s = xmalloc_populated((j->nr_host ? j->nr_host : 1) * sizeof(*j->s));
	join_samples_init(j);
	if (j->marks_on)
		j->mk = xmalloc_populated((j->nr_host ? j->nr_host : 1) * sizeof(*j->mk));
	if (j->marks_on && j->pd->uirq)
		j->uirq = xmalloc_populated((j->nr_host ? j->nr_host : 1) * sizeof(*j->uirq));
	join_match_guest(j);
	join_warn_unmatched(j);
	for (i = 0; i < j->nr_host; i++)
		join_classify(j, i);
	join_routes_done(j);
	/*
	 * The events are in the samples now: their memory serves the summary
	 * (freed, a block this large is unmapped and the summary's columns
	 * would be fresh pages).
	 */
	if (spare)
		trace_give_events(&j->trace, spare);
	else
		trace_free_events(&j->trace);
	suite_runs_free(&j->suite);
	memset(&j->mc.s, 0, sizeof(j->mc.s));
	memset(&j->xc_cur, 0, sizeof(j->xc_cur));
	memset(&j->inj_cur, 0, sizeof(j->inj_cur));
	return 0;
}

void join_free(struct cell_join *j)
{
	free(j->host);
	free(j->host_st);
	free(j->guest);
	free(j->guest_cyc);
	free(j->s);
	free(j->mk);
	free(j->uirq);
	free(j->host_cycles[0]);
	free(j->host_cycles[1]);
	trace_free(&j->trace);
	suite_runs_free(&j->suite);
	memset(j, 0, sizeof(*j));
}

bool sample_stage(const struct cell_join *j, size_t seq, enum stage st,
		  int64_t *ns)
{
	const struct guest_row *g = join_measured(j, seq);

	if (!g)
		return false;
	/* The outliers' pass asks this of every sample: the stamp stages' decisions are made. */
	if (st < ST_NR_STAMP)
		return join_stage_at(j, seq, g, &j->stamp_of[st], ns);
	return join_stage(j, seq, g, st, ns);
}

void sample_flags_str(uint32_t flags, char *buf, size_t size)
{
	size_t n = 0;
	unsigned f;

	/* Once per row of a million-row file: no printf here. */
	if (!(flags & ~SF_NOTES) && size > 2) {
		memcpy(buf, "ok", 2);
		n = 2;
	}
	for (f = 0; f < SF_NR; f++) {
		size_t len;

		if (!(flags & 1u << f))
			continue;
		len = strlen(sample_flag_names[f]);
		if (n + len + 2 > size)
			break;
		if (n)
			buf[n++] = ',';
		memcpy(buf + n, sample_flag_names[f], len);
		n += len;
	}
	buf[n] = '\0';
}

bool join_stage_possible(const struct cell_join *j, enum stage st)
{
	return st < ST_NR_STAMP || (j->stage_ok[st] &&
				    (j->mk || stage_domain(st, j->trig) == DOM_HOST));
}

/*
 * One pass over the samples for several stages: the samples' rows are
 * read once for all of them, not once a stage (they are most of the
 * memory: a pass per stage reads it again).
 */
void join_stages_values(const struct cell_join *j, const enum stage *st, unsigned k,
			bool unsaturated, int64_t *const *v, size_t *n)
{
	struct stage_of o[JOIN_STAGES_MAX];
	unsigned c;
	size_t i;

	for (c = 0; c < k; c++) {
		join_stage_of(j, st[c], &o[c]);
		if (!join_stage_possible(j, st[c]))
			o[c].kind = SG_NEVER;
		n[c] = 0;
	}
	for (i = 0; i < j->nr_host; i++) {
		const struct guest_row *g = join_in_stats(j, i) ? join_measured(j, i) : NULL;

		if (!g)
			continue;
		for (c = 0; c < k; c++) {
			int64_t x;

			if (join_stage_at(j, i, g, &o[c], &x) &&
			    (!unsaturated || (x != INT64_MIN && x != INT64_MAX)))
				v[c][n[c]++] = x;
		}
	}
}

size_t join_stage_values(const struct cell_join *j, enum stage st, int64_t *v)
{
	size_t n;

	join_stages_values(j, &st, 1, false, &v, &n);
	return n;
}
