// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "exit_class.h"
#include "marks.h"

/*
 * Windows come in seq order and start grows with seq, so the answer
 * usually lies just past the previous one: walk from there (a whole cell
 * then costs one pass over a stream), and bisect only when t goes back.
 */
size_t stream_seek(struct stream_cur *c, int64_t t)
{
	size_t lo = 0, hi = c->nr, i = c->cur;

	if (i <= c->nr && (i == 0 || c->ev[i - 1].t < t)) {
		while (i < c->nr && c->ev[i].t < t)
			i++;
		return c->cur = i;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->ev[mid].t < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return c->cur = lo;
}

/* The first event in [lo, hi], or NULL. */
static const struct trace_ev *first_in(struct stream_cur *c, int64_t lo,
				       int64_t hi)
{
	size_t i = stream_seek(c, lo);

	return i < c->nr && c->ev[i].t <= hi ? &c->ev[i] : NULL;
}

/* The last event before t, or NULL. */
static const struct trace_ev *last_before(struct stream_cur *c, int64_t t)
{
	size_t i = stream_seek(c, t);

	return i ? &c->ev[i - 1] : NULL;
}

static void found(struct mark_result *r, unsigned m, int64_t t)
{
	r->found |= MB(m);
	r->t[m] = t;
}

/*
 * sgi, vmm-*: the sender's trap for its SGI or doorbell write, by the
 * row's exception class. Its other exits (a host interrupt) are passed
 * over; they are not the injection.
 */
static const struct trace_ev *sender_trap(struct mark_ctx *mc, int64_t lo,
					  int64_t hi)
{
	struct stream_cur *c = &mc->s[TS_EXIT_OTHER];
	size_t i;

	for (i = stream_seek(c, lo); i < c->nr && c->ev[i].t <= hi; i++)
		if (c->ev[i].vcpu == mc->sender && c->ev[i].xc == mc->pd->trap_ec)
			return &c->ev[i];
	return NULL;
}

/*
 * soft-vi: the guest's IAR read is an MMIO exit (a data abort) that KVM
 * hands to user space (kvm_userspace_exit); the VMM answers and KVM enters
 * again. The round trip is that exit to that entry, inside vector_to_ack.
 */
static void uirq(struct mark_ctx *mc, const struct mark_window *w,
		 struct mark_result *r)
{
	struct stream_cur *xs = &mc->s[TS_EXIT_TARGET];
	int64_t lo = w->vector - mc->slack, hi = w->ack + mc->slack;
	const struct trace_ev *u, *e;
	size_t i;

	for (i = stream_seek(xs, lo); i < xs->nr && xs->ev[i].t <= hi; i++)
		if (xs->ev[i].xc == EC_DABT_LOW)
			break;
	if (i == xs->nr || xs->ev[i].t > hi)
		return;
	u = first_in(&mc->s[TS_UEXIT], xs->ev[i].t, hi);
	e = u ? first_in(&mc->s[TS_ENTRY], u->t, hi) : NULL;
	if (!e)
		return;
	r->has_uirq = true;
	r->uirq_ns = e->t - xs->ev[i].t;
}

void assign_marks(struct mark_ctx *mc, const struct mark_window *w,
		  struct mark_result *r)
{
	const struct path_desc *pd = mc->pd;
	int64_t lo = w->start - mc->slack, hi = w->vector + mc->slack, prev = lo;
	const struct trace_ev *q, *x, *k, *e = NULL, *lx, *le;

	memset(r, 0, sizeof(*r));
	if (pd->trap_ec) {
		q = sender_trap(mc, prev, hi);
		if (q) {
			found(r, MK_TRAP, q->t);
			prev = q->t;
		} else {
			r->incomplete = true;
		}
	}
	if (pd->vdev && w->answer != INT64_MIN && w->answer - mc->slack > prev)
		prev = w->answer - mc->slack;
	if (pd->queued != NO_EVENT) {
		q = first_in(&mc->s[TS_QUEUED], prev, hi);
		if (q) {
			found(r, MK_QUEUED, q->t);
			prev = q->t;
		} else {
			r->incomplete = true;
		}
	}

	/* Woken from a halt, or kicked out of the guest: whichever came first. */
	k = first_in(&mc->s[TS_WAKEUP], prev, hi);
	x = first_in(&mc->s[TS_EXIT_TARGET], prev, hi);
	if (k && (!x || k->t <= x->t)) {
		r->route = RT_WAKEUP;
		found(r, MK_WAKEUP, k->t);
		e = first_in(&mc->s[TS_ENTRY], k->t, hi);
	} else if (x) {
		r->route = RT_EXIT;
		found(r, MK_EXIT, x->t);
		e = first_in(&mc->s[TS_ENTRY], x->t, hi);
	} else {
		/*
		 * Neither: out of the guest already (its last exit is later
		 * than its last entry), or in it all along, which only a
		 * direct vLPI can reach without the host.
		 */
		lx = last_before(&mc->s[TS_EXIT_TARGET], prev);
		le = last_before(&mc->s[TS_ENTRY], prev);
		if (lx && (!le || lx->t > le->t)) {
			r->route = RT_OUTSIDE;
			e = first_in(&mc->s[TS_ENTRY], prev, hi);
		} else if (pd->direct) {
			r->route = RT_DIRECT;
		} else {
			r->route = RT_INCOMPLETE;
			r->incomplete = true;
		}
	}
	if (r->route == RT_EXIT || r->route == RT_WAKEUP || r->route == RT_OUTSIDE) {
		if (e) {
			found(r, MK_ENTRY, e->t);
			r->entry_cycles = e->cycles;
		} else
			r->incomplete = true;
	}
	if (pd->uirq) {
		uirq(mc, w, r);
		if (!r->has_uirq)
			r->incomplete = true;
	}
}
