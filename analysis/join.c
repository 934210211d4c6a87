// SPDX-License-Identifier: GPL-2.0
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "join.h"
#include "util.h"

const char *const stage_names[ST_NR] = {
	[ST_INJECT_TO_VECTOR] = "inject_to_vector",
	[ST_VECTOR_TO_ACK] = "vector_to_ack",
	[ST_ACK_TO_EOI] = "ack_to_eoi",
	[ST_TOTAL] = "total",
};

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
};

bool stage_needs_cntvoff(const struct cell_join *j, enum stage st)
{
	return !j->trig && (st == ST_INJECT_TO_VECTOR || st == ST_TOTAL);
}

/*
 * The host-side tracepoint that must fire for each injection, per path.
 * Only KVM_IRQ_LINE has one that always does (kvm_irq_line). An irqfd may
 * be delivered by kvm_arch_set_irq_inatomic() without kvm_set_irq; MSIs,
 * device vLPIs, SGIs and the timer have no per-injection host tracepoint.
 * Those paths are not checked rather than flagged for an event that
 * cannot exist.
 */
static const struct {
	const char *path;
	enum ev_kind kind;
} inject_events[] = {
	{ "lr-line", EV_IRQ_LINE },
	{ "soft-vi", EV_IRQ_LINE },
};

/* KVM_IRQ_LINE's irq types (arch/arm64/include/uapi/asm/kvm.h). */
#define KVM_ARM_IRQ_TYPE_CPU 0
#define KVM_ARM_IRQ_TYPE_SPI 1
#define KVM_ARM_IRQ_TYPE_PPI 2

struct keep_ctx {
	const struct cell_info *ci;
	int inject_kind;	/* enum ev_kind, -1 for none */
};

/* kvm_irq_line(type, vcpu_idx, irq_num, level): raising this cell's interrupt? */
static bool irq_line_matches(const struct trace_row *r,
			     const struct cell_info *ci)
{
	uint64_t type = r->a[0], vcpu = r->a[1], num = r->a[2], level = r->a[3];

	if (level != 1)
		return false;
	if ((type == KVM_ARM_IRQ_TYPE_CPU || type == KVM_ARM_IRQ_TYPE_PPI) &&
	    vcpu != ci->target_vcpu)
		return false;
	if ((type == KVM_ARM_IRQ_TYPE_SPI || type == KVM_ARM_IRQ_TYPE_PPI) &&
	    ci->has_intid && num != ci->intid)
		return false;
	return true;
}

static bool keep(const struct trace_row *r, void *p)
{
	const struct keep_ctx *k = p;

	if (r->kind == EV_EXIT)
		return r->tid == k->ci->target_tid;
	if ((int)r->kind == k->inject_kind && r->kind == EV_IRQ_LINE)
		return irq_line_matches(r, k->ci);
	return false;
}

static int cmp_ev(const void *a, const void *b)
{
	const struct trace_ev *x = a, *y = b;

	return (x->t > y->t) - (x->t < y->t);
}

/*
 * Converts the kept events to host ticks, sorted, split by use. The exits
 * (most of them) stay in the loader's array, compacted in place: a second
 * array of that size would be the largest allocation of the analysis.
 */
static void index_trace(struct cell_join *j)
{
	struct trace_data *td = &j->trace;
	size_t i, ni = 0;

	if (td->ooo_rows)
		qsort(td->ev, td->nr, sizeof(*td->ev), cmp_ev);
	for (i = 0; i < td->nr; i++)
		ni += td->ev[i].kind != EV_EXIT;
	j->injects = xmalloc((ni ? ni : 1) * sizeof(*j->injects));
	for (i = 0; i < td->nr; i++) {
		struct trace_ev e = td->ev[i];

		e.t = clockfit_ticks(&j->fit, e.t);
		if (e.kind == EV_EXIT)
			td->ev[j->nr_exits++] = e;
		else
			j->injects[j->nr_injects++] = e;
	}
	j->exits = td->ev ? xrealloc(td->ev, (j->nr_exits ? j->nr_exits : 1) *
					     sizeof(*j->exits))
			  : xmalloc(sizeof(*j->exits));
	td->ev = NULL;
	td->nr = td->cap = 0;
	j->trace_end = td->rows ? clockfit_ticks(&j->fit, td->max_ts) : INT64_MIN;
}

/*
 * First index with v[i].t >= t. Windows come in seq order and t_inject
 * grows with seq, so the answer usually lies just past the previous one:
 * walk from there (the whole cell then costs one pass over the events), and
 * search only when t goes back.
 */
static size_t seek(const struct trace_ev *v, size_t n, size_t *cur, int64_t t)
{
	size_t lo = 0, hi = n, i = *cur;

	if (i <= n && (i == 0 || v[i - 1].t < t)) {
		while (i < n && v[i].t < t)
			i++;
		return *cur = i;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return *cur = lo;
}

struct trace_job {
	char *path;
	struct keep_ctx k;
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
		job->ret = trace_load(job->path, keep, &job->k,
				      job->k.inject_kind >= 0 ? 1u << job->k.inject_kind : 0,
				      job->td);
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
	struct trace_job job = { .k = { .ci = ci, .inject_kind = -1 },
				 .td = &j->trace };
	bool threaded = false, has_trigger = false;
	pthread_t th;
	char *p;
	int r;
	size_t i;

	if (ci->trace == TRACE_ON) {
		for (i = 0; i < ARRAY_SIZE(inject_events); i++)
			if (!strcmp(ci->path, inject_events[i].path)) {
				job.k.inject_kind = inject_events[i].kind;
				j->inject_event = ev_kind_names[job.k.inject_kind];
			}
		job.path = xasprintf("%s/trace.tsv", ci->dir);
		threaded = use_threads() &&
			   !pthread_create(&th, NULL, trace_job_run, &job);
		if (!threaded)
			trace_job_run(&job);
	}
	p = xasprintf("%s/host.tsv", ci->dir);
	r = host_load(p, &j->host, &j->nr_host);
	free(p);
	if (!r) {
		p = xasprintf("%s/guest.tsv", ci->dir);
		r = guest_load(p, &j->guest, &j->nr_guest, &has_trigger);
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
	clockfit_init(&j->fit, ci->cntfrq, &ci->calib_start, &ci->calib_end);
	j->have_trace = true;
	index_trace(j);
	return 0;
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
static void match_guest(struct cell_join *j)
{
	size_t i;
	uint64_t first_unmatched = 0;

	for (i = 0; i < j->nr_guest; i++) {
		uint64_t seq = j->guest[i].seq;
		struct sample *s;

		if (seq >= j->nr_host) {
			if (!j->guest_unmatched++)
				first_unmatched = seq;
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
	if (j->guest_unmatched)
		diag_warn(j->ci->dir, 0,
			  "guest.tsv: %llu row(s) with a seq not in host.tsv (first: seq %llu); counted as guest_unmatched",
			  (unsigned long long)j->guest_unmatched,
			  (unsigned long long)first_unmatched);
}

static void trace_window(struct cell_join *j, size_t seq)
{
	struct sample *s = &j->s[seq];
	const struct host_row *h = &j->host[seq];
	int64_t t_ack, start = h->t_inject, end;
	bool have_ack = sample_host_stamp(j, seq, 1, &t_ack);
	size_t i;

	/* A guest-originated interrupt starts at its trigger, on the host clock. */
	if (j->trig && have_ack && !sample_host_stamp(j, seq, 3, &start))
		have_ack = false;

	if (j->trace.cut_short && h->t_inject > j->trace_end) {
		/* The trace stopped before this interrupt: unknown, not 0. */
		s->flags |= 1u << SF_NO_TRACE;
		return;
	}
	/* Exits need the window's end, t_ack, on the host clock. */
	if (have_ack && j->trace.cut_short && t_ack > j->trace_end) {
		s->flags |= 1u << SF_NO_TRACE;
	} else if (have_ack) {
		s->exits = 0;
		for (i = seek(j->exits, j->nr_exits, &j->exit_cur, start);
		     i < j->nr_exits && j->exits[i].t <= t_ack; i++) {
			s->exits++;
			if (j->exits[i].ooo)
				s->flags |= 1u << SF_OUT_OF_ORDER;
		}
		j->exits_known++;
	}

	if (!j->inject_event || h->status == HOST_ERROR)
		return;
	/*
	 * The injection event lies between t_inject and whatever is known to
	 * come after it: the ack, else the moment bench saw the sample, else
	 * the next injection.
	 */
	if (have_ack)
		end = t_ack;
	else if (h->t_seen)
		end = h->t_seen;
	else if (seq + 1 < j->nr_host)
		end = j->host[seq + 1].t_inject - 1;
	else
		end = INT64_MAX;
	if (j->trace.cut_short && end > j->trace_end)
		return;
	i = seek(j->injects, j->nr_injects, &j->inject_cur, h->t_inject);
	if (i == j->nr_injects || j->injects[i].t > end)
		s->flags |= 1u << SF_NO_INJECT_EVENT;
	else if (j->injects[i].ooo)
		s->flags |= 1u << SF_OUT_OF_ORDER;
}

static void classify(struct cell_join *j, size_t seq)
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
		for (st = 0; st < ST_NR; st++) {
			int64_t ns;

			if (sample_stage(j, seq, st, &ns) && ns < 0)
				s->flags |= 1u << SF_NEGATIVE_STAGE;
		}
	}
	if (j->have_trace)
		trace_window(j, seq);
	else
		s->flags |= 1u << SF_NO_TRACE;

	if (!(s->flags & ~SF_NOTES))
		j->ok++;
	for (f = 0; f < SF_NR; f++)
		if (s->flags & 1u << f)
			j->flag_count[f]++;
}

int join_cell(struct cell_join *j, const struct cell_info *ci)
{
	size_t i;

	memset(j, 0, sizeof(*j));
	j->ci = ci;
	j->cross = ci->cntvoff_ok;
	tick_ns_init(&j->ns, ci->cntfrq);
	if (ci->skipped)
		return 0;	/* nothing was measured, no files to read */
	if (load(j, ci))
		return -1;
	j->s = xmalloc((j->nr_host ? j->nr_host : 1) * sizeof(*j->s));
	for (i = 0; i < j->nr_host; i++) {
		j->s[i].guest = -1;
		j->s[i].exits = -1;
		j->s[i].flags = 0;
	}
	match_guest(j);
	for (i = 0; i < j->nr_host; i++)
		classify(j, i);
	return 0;
}

void join_free(struct cell_join *j)
{
	free(j->host);
	free(j->guest);
	free(j->s);
	free(j->exits);
	free(j->injects);
	trace_free(&j->trace);
	memset(j, 0, sizeof(*j));
}

bool sample_host_stamp(const struct cell_join *j, size_t seq, int which,
		       int64_t *t)
{
	const struct sample *s = &j->s[seq];
	const struct guest_row *g;

	if (!j->cross || s->guest < 0)
		return false;
	g = &j->guest[s->guest];
	if (which == 3 && !g->t_trigger)
		return false;
	*t = guest_to_host(which == 0 ? g->t_vector : which == 1 ? g->t_ack :
			   which == 2 ? g->t_eoi : g->t_trigger, j->ci->cntvoff);
	return true;
}

static int64_t sub_sat(int64_t a, int64_t b)
{
	int64_t d;

	if (__builtin_sub_overflow(a, b, &d))
		return a < b ? INT64_MIN : INT64_MAX;
	return d;
}

bool sample_stage(const struct cell_join *j, size_t seq, enum stage st,
		  int64_t *ns)
{
	const struct sample *s = &j->s[seq];
	const struct guest_row *g;
	int64_t d, t;

	/* A failed injection has no latency, whatever the guest claims. */
	if (s->guest < 0 || j->host[seq].status == HOST_ERROR)
		return false;
	g = &j->guest[s->guest];
	switch (st) {
	case ST_VECTOR_TO_ACK:
		d = g->t_ack - g->t_vector;
		break;
	case ST_ACK_TO_EOI:
		d = g->t_eoi - g->t_ack;
		break;
	case ST_INJECT_TO_VECTOR:
	case ST_TOTAL:
		if (j->trig) {
			/* Both ends on the guest's clock: no cntvoff needed. */
			if (!g->t_trigger)
				return false;
			d = (st == ST_TOTAL ? g->t_eoi : g->t_vector) - g->t_trigger;
			break;
		}
		if (!sample_host_stamp(j, seq, st == ST_TOTAL ? 2 : 0, &t))
			return false;
		d = sub_sat(t, j->host[seq].t_inject);
		break;
	default:
		return false;
	}
	*ns = tick_ns(&j->ns, d);
	return true;
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

size_t join_stage_values(const struct cell_join *j, enum stage st, int64_t *v)
{
	size_t i, n = 0;

	for (i = 0; i < j->nr_host; i++)
		if (sample_stage(j, i, st, &v[n]))
			n++;
	return n;
}
