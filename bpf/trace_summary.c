// SPDX-License-Identifier: GPL-2.0
/*
 * Trace mode's aggregation (see trace_summary.h for the rules). Events come
 * from one ring buffer fed by every CPU: a record is placed when it is
 * reserved, after its timestamp was taken, so two CPUs can swap the order
 * of records a few microseconds apart. Injection and entry happen on
 * different CPUs, so the events are held back VQT_REORDER_NS and processed
 * in timestamp order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_inject.h"
#include "trace_summary.h"
#include "util.h"

/* open_source.intid besides a real intid */
#define INTID_ANY	(-1)	/* a GSI: the routing table picks the intid */
#define INTID_NONE	(-2)	/* no vGIC: nothing follows to merge with */

/*
 * pending.line: the intid, or for an injection that names none, a key of
 * its own kind: the HCR_EL2.VI line, or a GSI (an irqfd routed to an MSI).
 */
#define LINE_VI		(-2)
#define LINE_GSI(gsi)	(-(1ll << 32) - (long long)(gsi))

void summary_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
}

static void lat_free(struct lat_stats *l)
{
	free(l->samples);
	l->samples = NULL;
	l->cap = 0;
}

void summary_free(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->nslots; i++) {
		lat_free(&s->slots[i].iv.lat);
		lat_free(&s->slots[i].all.lat);
		free(s->slots[i].pend);
	}
	free(s->slots);
	free(s->unatt);
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

static struct vcpu_slot *slot_by_tid(struct summary *s, uint32_t tid)
{
	size_t i;

	for (i = 0; i < s->nslots; i++)
		if (s->slots[i].tid == tid)
			return &s->slots[i];
	return NULL;
}

/* Whether the thread had ended by time ts (seen gone by a scan before it). */
static bool gone_by(const struct vcpu_slot *v, uint64_t ts)
{
	return v->gone && v->gone_ts <= ts;
}

/*
 * The thread running vCPU index at time ts. Of two alive with that index
 * (bench/'s next VM starts as the last one's threads end), the one active
 * last.
 */
static struct vcpu_slot *slot_by_index(struct summary *s, long long index,
				       uint64_t ts)
{
	struct vcpu_slot *best = NULL;
	size_t i;

	if (index < 0)
		return NULL;
	for (i = 0; i < s->nslots; i++) {
		struct vcpu_slot *v = &s->slots[i];

		if (v->index == index && !gone_by(v, ts) &&
		    (!best || v->last_ts > best->last_ts))
			best = v;
	}
	return best;
}

static struct vcpu_slot *slot_new(struct summary *s, uint32_t tid)
{
	struct vcpu_slot *v;

	if (s->nslots == s->capslots)
		s->slots = grow_array(s->slots, &s->capslots, s->nslots + 1,
				      sizeof(*s->slots));
	v = &s->slots[s->nslots++];
	memset(v, 0, sizeof(*v));
	v->tid = tid;
	v->index = -1;
	v->gen = s->gen;
	snprintf(v->name, sizeof(v->name), "tid %u", tid);
	return v;
}

void summary_set_thread(struct summary *s, uint32_t tid, int index,
			const char *name)
{
	struct vcpu_slot *v = slot_by_tid(s, tid);

	if (!v)
		v = slot_new(s, tid);
	v->index = index;
	v->gen = s->gen;
	v->gone = false;
	if (name && *name)
		snprintf(v->name, sizeof(v->name), "%s", name);
}

void summary_scan_begin(struct summary *s, uint64_t now)
{
	s->gen++;
	s->scan_ts = now;
	s->unknown_tid = false;
}

void summary_scan_end(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->nslots; i++)
		if (s->slots[i].gen != s->gen && !s->slots[i].gone) {
			s->slots[i].gone = true;
			s->slots[i].gone_ts = s->scan_ts;
		}
}

void summary_add(struct summary *s, const struct vqt_event *e)
{
	if (s->nbuf == s->capbuf)
		s->buf = grow_array(s->buf, &s->capbuf, s->nbuf + 1, sizeof(*s->buf));
	s->buf[s->nbuf++] = *e;
	if (!s->first_ts || e->ts_ns < s->first_ts)
		s->first_ts = e->ts_ns;
	if (e->ts_ns > s->newest_ts)
		s->newest_ts = e->ts_ns;
}

static void lat_add(struct lat_stats *l, uint64_t ns)
{
	unsigned int b = 0;

	if (l->count == l->cap)
		l->samples = grow_array(l->samples, &l->cap, l->count + 1,
					sizeof(*l->samples));
	l->samples[l->count++] = ns;
	if (l->count == 1 || ns < l->min)
		l->min = ns;
	if (ns > l->max)
		l->max = ns;
	l->sum += ns;
	while (b + 1 < VQT_HIST_BUCKETS && (ns >> (b + 1)))
		b++;
	l->hist[b]++;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

uint64_t lat_percentile(struct lat_stats *l, double p)
{
	size_t rank;

	if (!l->count)
		return 0;
	qsort(l->samples, l->count, sizeof(*l->samples), cmp_u64);
	/* Nearest rank: ceil(p/100 * n), at least 1. */
	rank = (size_t)(p / 100.0 * (double)l->count);
	if ((double)rank < p / 100.0 * (double)l->count)
		rank++;
	if (rank < 1)
		rank = 1;
	if (rank > l->count)
		rank = l->count;
	return l->samples[rank - 1];
}

/* Both views (interval, since start) take every count. */
#define BOTH(v, field, op)	do { (v)->iv.field op; (v)->all.field op; } while (0)

static void push_pending(struct pending **arr, size_t *n, size_t *cap,
			 uint64_t ts, int64_t line)
{
	if (*n == *cap)
		*arr = grow_array(*arr, cap, *n + 1, sizeof(**arr));
	(*arr)[*n].ts = ts;
	(*arr)[*n].line = line;
	(*n)++;
}

static bool waiting(const struct pending *p, size_t n, int64_t line)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].line == line)
			return true;
	return false;
}

static void new_injection(struct summary *s, uint64_t ts, long long target,
			  int64_t line, bool foreign)
{
	struct vcpu_slot *v = slot_by_index(s, target, ts);

	if (v ? waiting(v->pend, v->npend, line) :
		waiting(s->unatt, s->nunatt, line)) {
		s->iv.coalesced++;
		s->all.coalesced++;
		return;
	}
	s->iv.injections++;
	s->all.injections++;
	if (foreign) {
		s->iv.foreign++;
		s->all.foreign++;
	}
	if (v) {
		BOTH(v, injections, ++);
		push_pending(&v->pend, &v->npend, &v->cappend, ts, line);
	} else {
		push_pending(&s->unatt, &s->nunatt, &s->capunatt, ts, line);
	}
}

/* An injection the vCPU takes in at an entry at time now. */
static void deliver(struct summary *s, struct vcpu_slot *v, uint64_t inj_ts,
		    uint64_t now)
{
	enum vqt_via via = VQT_VIA_OUT;

	/* The first interrupt it takes: count its exits from here, its kick too. */
	if (!v->counting) {
		v->counting = true;
		if (v->exited && v->exit_ts >= inj_ts) {
			BOTH(v, exits, ++);
			BOTH(v, exit_class[v->exit_xc], ++);
		}
	}

	if (v->exited && v->exit_ts >= inj_ts)
		via = VQT_VIA_EXIT;
	else if (v->woke && v->wake_ts >= inj_ts)
		via = VQT_VIA_WAKEUP;
	BOTH(v, delivered, ++);
	BOTH(v, via[via], ++);
	if (via == VQT_VIA_EXIT)
		BOTH(v, via_exit[v->exit_xc], ++);
	lat_add(&v->iv.lat, now - inj_ts);
	lat_add(&v->all.lat, now - inj_ts);
}

static size_t active_vcpus(const struct summary *s, uint64_t ts)
{
	size_t i, n = 0;

	for (i = 0; i < s->nslots; i++)
		n += s->slots[i].all.entries > 0 && !gone_by(&s->slots[i], ts);
	return n;
}

static void on_entry(struct summary *s, struct vcpu_slot *v, uint64_t now)
{
	size_t i, k;

	BOTH(v, entries, ++);
	for (i = 0; i < v->npend && v->pend[i].ts <= now; i++)
		deliver(s, v, v->pend[i].ts, now);
	if (i)	/* pend may be NULL: NULL + 0 is undefined */
		memmove(v->pend, v->pend + i, (v->npend - i) * sizeof(*v->pend));
	v->npend -= i;

	for (k = 0; k < s->nunatt && s->unatt[k].ts <= now; k++) {
		BOTH(v, injections, ++);
		if (active_vcpus(s, now) > 1)
			BOTH(v, guessed, ++);
		deliver(s, v, s->unatt[k].ts, now);
	}
	if (k)	/* the same: unatt may be NULL */
		memmove(s->unatt, s->unatt + k, (s->nunatt - k) * sizeof(*s->unatt));
	s->nunatt -= k;

	v->exited = false;
	v->woke = false;
}

static struct open_source *open_find(struct summary *s, uint32_t tid,
				     uint32_t cpu)
{
	int i;

	for (i = 0; i < VQT_OPEN_MAX; i++)
		if (s->open[i].used && s->open[i].tid == tid &&
		    s->open[i].cpu == cpu)
			return &s->open[i];
	return NULL;
}

static void open_put(struct summary *s, const struct vqt_event *e,
		     int64_t intid)
{
	struct open_source *o = &s->open[0];
	int i;

	/* A free place, else the oldest: it has long lost its chance to merge. */
	for (i = 0; i < VQT_OPEN_MAX; i++) {
		if (!s->open[i].used) {
			o = &s->open[i];
			break;
		}
		if (s->open[i].ts < o->ts)
			o = &s->open[i];
	}
	o->used = true;
	o->tid = e->tid;
	o->cpu = e->cpu;
	o->ts = e->ts_ns;
	o->intid = intid;
}

/*
 * pending.line and open_source.intid of an injection's cause: what names
 * its interrupt, as far as the event says.
 */
static int64_t line_key(const struct trace_inj *j)
{
	if (j->line == TI_CPU)
		return LINE_VI;
	if (j->line == TI_GSI)
		return LINE_GSI(j->gsi);
	return j->intid;
}

static int64_t merge_intid(const struct trace_inj *j)
{
	if (j->line == TI_CPU)
		return INTID_NONE;
	if (j->line == TI_GSI)
		return INTID_ANY;
	return j->intid;
}

/*
 * An injection's cause: kvm_irq_line, kvm_set_irq, kvm_timer_update_irq.
 * Its vGIC event, if one follows, merges with it even when the cause was
 * coalesced.
 */
static void on_source(struct summary *s, const struct vqt_event *e,
		      const struct trace_inj *j)
{
	if (j->level != 1)
		return;
	new_injection(s, e->ts_ns, j->vcpu, line_key(j), e->flags & VQT_F_FOREIGN);
	open_put(s, e, merge_intid(j));
}

static void on_vgic_pending(struct summary *s, const struct vqt_event *e,
			    const struct trace_inj *j, struct open_source *o)
{
	if (j->level != 1)
		return;
	if (o && e->ts_ns - o->ts <= VQT_MERGE_NS &&
	    (o->intid == INTID_ANY || (o->intid >= 0 && o->intid == j->intid)))
		return;		/* the vGIC half of an injection counted already */
	new_injection(s, e->ts_ns, j->vcpu, j->intid, e->flags & VQT_F_FOREIGN);
}

static void process(struct summary *s, const struct vqt_event *e)
{
	struct open_source *o;
	struct vcpu_slot *v = NULL;

	if (e->type >= VQT_EV_NR) {
		s->iv.bad++;
		s->all.bad++;
		return;
	}
	s->iv.events++;
	s->all.events++;
	/* Whose thread runs where is the analysis' question, not trace mode's. */
	if (e->type == VQT_EV_SCHED_SWITCH)
		return;
	if (e->ts_ns < s->done_ts) {
		s->iv.late++;
		s->all.late++;
	} else {
		s->done_ts = e->ts_ns;
	}

	/* Whatever this thread does next ends the wait of its open source. */
	o = open_find(s, e->tid, e->cpu);
	if (o)
		o->used = false;

	switch (e->type) {
	case VQT_EV_IRQ_LINE:
	case VQT_EV_SET_IRQ:
	case VQT_EV_TIMER_IRQ:
	case VQT_EV_VGIC_PENDING: {
		const uint64_t a[VQT_NR_ARGS] = { e->args[0], e->args[1],
						  e->args[2], e->args[3] };
		struct trace_inj j;

		if (!trace_inj_decode(e->type, a, &j))
			return;
		if (e->type == VQT_EV_VGIC_PENDING)
			on_vgic_pending(s, e, &j, o);
		else
			on_source(s, e, &j);
		return;
	}
	case VQT_EV_ACK_IRQ:
	case VQT_EV_HALT_POLL:
		return;
	}

	/* The rest happen on vCPU threads only. */
	if (e->flags & VQT_F_FOREIGN)
		return;
	v = slot_by_tid(s, e->tid);
	if (!v) {
		v = slot_new(s, e->tid);
		s->unknown_tid = true;
	}
	if (e->ts_ns > v->last_ts)
		v->last_ts = e->ts_ns;
	switch (e->type) {
	case VQT_EV_EXIT:
		v->exited = true;
		v->exit_ts = e->ts_ns;
		v->exit_xc = exit_class(e->args[0], e->args[1]);
		if (!v->counting)
			break;
		BOTH(v, exits, ++);
		BOTH(v, exit_class[v->exit_xc], ++);
		break;
	case VQT_EV_ENTRY:
		on_entry(s, v, e->ts_ns);
		break;
	case VQT_EV_WAKEUP:
		v->woke = true;
		v->wake_ts = e->ts_ns;
		BOTH(v, wakeups, ++);
		break;
	case VQT_EV_USERSPACE_EXIT:
		BOTH(v, userspace_exits, ++);
		break;
	case VQT_EV_MMIO:
		BOTH(v, mmio, ++);
		break;
	case VQT_EV_WFX:
		BOTH(v, wfx, ++);
		break;
	}
}

static int cmp_event(const void *a, const void *b)
{
	const struct vqt_event *x = a, *y = b;

	if (x->ts_ns != y->ts_ns)
		return (x->ts_ns > y->ts_ns) - (x->ts_ns < y->ts_ns);
	/* Same nanosecond: keep the ring buffer's order (stable by cpu, tid). */
	if (x->cpu != y->cpu)
		return (x->cpu > y->cpu) - (x->cpu < y->cpu);
	return (x->tid > y->tid) - (x->tid < y->tid);
}

static void process_upto(struct summary *s, uint64_t limit, bool all)
{
	size_t i;

	if (!s->nbuf)
		return;
	qsort(s->buf, s->nbuf, sizeof(*s->buf), cmp_event);
	for (i = 0; i < s->nbuf && (all || s->buf[i].ts_ns <= limit); i++)
		process(s, &s->buf[i]);
	memmove(s->buf, s->buf + i, (s->nbuf - i) * sizeof(*s->buf));
	s->nbuf -= i;
}

void summary_advance(struct summary *s)
{
	if (s->newest_ts > VQT_REORDER_NS)
		process_upto(s, s->newest_ts - VQT_REORDER_NS, false);
}

void summary_drain(struct summary *s)
{
	process_upto(s, 0, true);
}

void summary_interval_reset(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->nslots; i++) {
		struct lat_stats *l = &s->slots[i].iv.lat;
		uint64_t *samples = l->samples;
		size_t cap = l->cap;

		memset(&s->slots[i].iv, 0, sizeof(s->slots[i].iv));
		l->samples = samples;	/* keep the allocation */
		l->cap = cap;
	}
	memset(&s->iv, 0, sizeof(s->iv));
}

/* Events that only a vCPU thread has. */
static bool vcpu_event(__u32 type)
{
	switch (type) {
	case VQT_EV_EXIT:
	case VQT_EV_ENTRY:
	case VQT_EV_USERSPACE_EXIT:
	case VQT_EV_WAKEUP:
	case VQT_EV_WFX:
	case VQT_EV_MMIO:
		return true;
	}
	return false;
}

bool summary_new_threads(const struct summary *s)
{
	uint32_t last = 0;
	size_t i, k;

	for (i = 0; i < s->nbuf; i++) {
		const struct vqt_event *e = &s->buf[i];

		if (!vcpu_event(e->type) || (e->flags & VQT_F_FOREIGN) ||
		    e->tid == last)
			continue;
		for (k = 0; k < s->nslots && s->slots[k].tid != e->tid; k++)
			;
		if (k == s->nslots)
			return true;
		last = e->tid;	/* runs of one thread's events are common */
	}
	return false;
}

size_t summary_undelivered(const struct summary *s)
{
	size_t i, n = s->nunatt;

	for (i = 0; i < s->nslots; i++)
		n += s->slots[i].npend;
	return n;
}
