/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Correlation of one cell: every host.tsv row (an injected seq) is joined
 * with the guest's sample for that seq and with the trace events in its
 * window, and gets a set of flags saying what is known about it. Every seq
 * of host.tsv gets a record; nothing is dropped.
 */
#ifndef VQB_JOIN_H
#define VQB_JOIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "exit_class.h"
#include "marks.h"
#include "paths.h"
#include "raw_run.h"
#include "stages.h"
#include "suite_window.h"

/* In the order they are printed. The last ones are notes, not problems. */
enum sample_flag {
	SF_TIMEOUT,		/* host.tsv status timeout */
	SF_INJECT_ERROR,	/* host.tsv status error: not injected */
	SF_NO_GUEST_SAMPLE,	/* injected, the guest has no row for it: lost */
	SF_SEQ_MISMATCH,	/* several guest rows claim this seq, or one claims a failed injection */
	SF_WRONG_INTID,		/* the guest acked another INTID than cell.kv's intid */
	SF_WRONG_VCPU,		/* taken on another vCPU than target_vcpu */
	SF_NEGATIVE_STAGE,	/* a stamp stage < 0: clocks disagree */
	SF_NO_INJECT_EVENT,	/* trace present, no injection event in the window */
	SF_OUT_OF_ORDER,	/* the window's trace rows were out of order; counted after sorting */
	SF_NO_TRACE,		/* no trace covers this interrupt: exits unknown */
	SF_TRACE_INCOMPLETE,	/* a trace mark its route needs is missing: those stages left out */
	SF_WARMUP,		/* one of cell.kv's `warmup` first interrupts: out of every statistic */
	SF_NR
};
#define SF_NOTES ((1u << SF_OUT_OF_ORDER) | (1u << SF_NO_TRACE) | \
		  (1u << SF_TRACE_INCOMPLETE) | (1u << SF_WARMUP))
extern const char *const sample_flag_names[SF_NR];

struct sample {
	int32_t guest;		/* index into guest[], -1 if none */
	int32_t exits;		/* all the cell's vCPUs, [start, t_eoi]; -1 unknown */
	int32_t exits_to_ack;	/* the target's, [start, t_ack]; -1 unknown */
	int32_t exits_host_irq;	/* of `exits`, IRQ exits the interrupt did not cause; -1 unknown */
	uint32_t flags;		/* 1 << enum sample_flag */
	bool target_irq;	/* an IRQ exit on the target in the window (the kick, if kicked) */
	int8_t suite;		/* 1 << enum suite_role that ran in the window (suite_window.h); -1 unknown */
	uint8_t route;		/* enum route */
	uint8_t found;		/* MB(mark) of the trace marks found */
};
/* A million of them: the bytes after flags fill one word, no padding. */
_Static_assert(sizeof(struct sample) == 24, "struct sample grew");

/* Per sample: trace marks as ns after the interrupt's start. */
struct sample_marks {
	int64_t cum[NR_SLOTS];	/* by mark_slot() */
};

/*
 * A mark's time after the start, in two steps: join_mark_of() decides
 * what does not depend on the sample (which stamp, the cell's clocks),
 * join_mark_at() reads one sample. The loops over a million samples
 * (the summary's stages, the samples file) make the first step once per
 * stage; join_cum() makes both.
 */
enum mark_get {
	MG_NEVER,	/* the cell cannot have it */
	MG_ZERO,	/* the start itself */
	MG_HOST,	/* bench/'s stamp (host.tsv t_handler, t_answer) */
	MG_GUEST,	/* the guest's stamp (guest.tsv t_vector, t_ack, t_eoi) */
	MG_TRACE,	/* a trace mark, when the sample has it */
};

struct mark_of {
	uint8_t kind;	/* enum mark_get */
	uint8_t which;	/* MG_HOST: 0 handler, 1 answer; MG_GUEST: 0 vector, 1 ack, 2 eoi */
	uint8_t slot;	/* MG_TRACE: in sample_marks.cum */
	uint32_t bit;	/* MG_TRACE: MB(mark) */
};

/*
 * A stage of a sample, in the same two steps: join_stage_of() once per
 * stage of a cell, join_stage_at() per sample; join_stage() makes both.
 */
enum stage_get {
	SG_NEVER,	/* the cell cannot have it */
	SG_GUEST,	/* two guest stamps: vector_to_ack, ack_to_eoi */
	SG_CUM,		/* from the start to a mark: inject_to_vector, total */
	SG_UIRQ,	/* uirq_round_trip, when the sample has it */
	SG_HOST,	/* two host stamps (DOM_HOST): no cntvoff, no calibration */
	SG_MARKS,	/* between two marks, when the sample's route passes the stage */
};

struct stage_of {
	uint8_t kind;	/* enum stage_get */
	uint32_t bit;	/* SG_HOST, SG_MARKS: 1 << stage, in route_mask[] */
	struct mark_of from, to;
};

struct cell_join {
	const struct cell_info *ci;
	const struct path_desc *pd;	/* &pd_cell, or NULL: a path this version does not know */
	struct path_desc pd_cell;	/* the path's row as this cell takes it (path_desc_for_cell) */
	struct host_row *host;
	size_t nr_host;
	struct host_stamps *host_st;	/* host[]'s t_handler, t_answer; NULL without (raw_run.h) */
	struct guest_row *guest;
	size_t nr_guest;
	struct guest_cycles *guest_cyc;	/* guest[]'s cycle stamps, NULL without (raw_run.h) */
	/*
	 * host[], host_st[], s[] and mk[] hold seqs seq0 .. seq0 + nr_host - 1: the whole
	 * cell (seq0 0), or in a streamed cell (join_stream.h) one window of
	 * it. The accessors below take the index into them, not the seq.
	 */
	size_t seq0;
	bool has_next;		/* streamed: a row follows the window ... */
	int64_t next_inject;	/* ... and this is its t_inject */
	struct sample *s;	/* nr_host of them, s[seq - seq0] */
	struct sample_marks *mk;	/* nr_host of them when marks_on, else NULL */
	/*
	 * With mk, for a path with a user-space irqchip (soft-vi): each
	 * sample's uirq_round_trip ns, INT64_MIN none; NULL for the others
	 * (8 bytes a sample that would all say none).
	 */
	int64_t *uirq;

	bool cross;		/* cntvoff established: cross-domain stages exist */
	bool trig;		/* stages start at the guest's t_trigger */
	bool trigger_missing;	/* guest-originated, but guest.tsv has no t_trigger */
	struct tick_ns ns;
	bool have_trace;	/* trace=on and trace.tsv read */
	struct trace_data trace;
	struct clockfit fit;
	int64_t trace_end;	/* when cut short: ns of its last event */
	const char *inject_event;	/* the tracepoint checked per seq, or NULL */
	int inject_stream;	/* TS_INJECT or TS_QUEUED (the same events) */
	struct mark_ctx mc;	/* the event streams, sorted */
	struct stream_cur xc_cur[2];	/* exit counting: target, others */
	struct stream_cur inj_cur;
	bool marks_on;		/* marks assigned: a trace, cntvoff and a known path */
	uint64_t trace_dups;	/* identical rows dropped */
	bool streamed;		/* joined a window at a time (join_stream.h) */
	uint64_t trace_late;	/* streamed: rows that came after their time was joined */
	uint64_t vcpus_untraced;	/* vCPUs without a vcpu<i>_tid: their exits not counted */
	struct suite_watch watch;	/* the CPUs the suite's threads are looked for on */
	bool suite_ok;			/* sample.suite known: a trace with sched_switch, pinned vCPUs */
	const char *suite_why;		/* why not, static text */
	struct suite_runs suite;	/* while classifying */

	/* Per stage: can it be reported in this cell, and if not why. */
	bool stage_ok[ST_NR];
	const char *stage_why[ST_NR];
	uint32_t route_mask[RT_NR];	/* stages each route passes */
	uint32_t stage_set;		/* the stages this cell reports */
	struct stage_of stamp_of[ST_NR_STAMP];	/* join_stage_of() of the stamp stages, for the per-sample checks */
	/*
	 * The first sample (index) whose stamp stage overflowed int64, found
	 * while classifying: cell_check_stamps() refuses the cell with it.
	 */
	bool saturated;
	size_t saturated_at;
	unsigned saturated_stage;

	uint64_t injected;	/* host rows with status ok or timeout */
	uint64_t inject_errors;
	uint64_t received;	/* injected with a guest sample */
	uint64_t lost;		/* injected without one */
	uint64_t timeouts;
	uint64_t duplicates;	/* guest rows beyond the first for a seq */
	uint64_t guest_unmatched;	/* guest rows whose seq is not in host.tsv */
	uint64_t first_unmatched;	/* the first of them, in guest.tsv's order */
	uint64_t exits_known;
	uint64_t xc_count[2][XC_NR];	/* exits in counted windows: target, others */
	uint64_t route_count[RT_NR];
	uint64_t ok;		/* samples without problem flags */
	uint64_t flag_count[SF_NR];
	/*
	 * Per measured interrupt, the host's cycles on the target's thread from
	 * the exit of its route to the entry (perf counters read by the BPF
	 * programs, trace.tsv's entry a1): [0] its kick (route exit), [1] its
	 * wake-up (route wakeup: from the WFI's trap, asleep time not counted).
	 */
	int64_t *host_cycles[2];
	size_t nr_host_cycles[2], cap_host_cycles[2];
};

/* Loads the cell's .tsv files and correlates. 0, or -1 with a diag_error. */
int join_cell(struct cell_join *j, const struct cell_info *ci);
/* The same, the event streams' arrays then handed to spare (scratch_give()), not freed. */
struct scratch;
int join_cell_spare(struct cell_join *j, const struct cell_info *ci, struct scratch *spare);
void join_free(struct cell_join *j);

/* The stage latency of s[seq] in ns; false when it cannot be known. */
bool sample_stage(const struct cell_join *j, size_t seq, enum stage st,
		  int64_t *ns);
/* The stage's values over all samples that have it, into v; how many. */
size_t join_stage_values(const struct cell_join *j, enum stage st, int64_t *v);
/* Whether st can have a value in any sample: checked once, not per sample. */
bool join_stage_possible(const struct cell_join *j, enum stage st);
/*
 * The same for k (at most JOIN_STAGES_MAX) stages in one pass: st[c]'s
 * into v[c], n[c] of them; unsaturated: without the values that hit
 * int64's limits (cell_check.h's stage_saturated()), as the statistics
 * take them.
 */
#define JOIN_STAGES_MAX 4
void join_stages_values(const struct cell_join *j, const enum stage *st, unsigned k,
			bool unsaturated, int64_t *const *v, size_t *n);

/*
 * The per-sample accessors, inline: the summary and the samples file call
 * them for every stage of every one of a million samples.
 */
static inline int64_t join_sub_sat(int64_t a, int64_t b)
{
	int64_t d;

	if (__builtin_sub_overflow(a, b, &d))
		return a < b ? INT64_MIN : INT64_MAX;
	return d;
}

static inline void join_mark_of(const struct cell_join *j, unsigned mark, struct mark_of *m)
{
	m->which = 0;
	m->slot = 0;
	m->bit = 0;
	switch (mark) {
	case MK_START:
		m->kind = MG_ZERO;
		return;
	case MK_HANDLER:
	case MK_ANSWER:
		/* bench/'s own stamps, on the host counter: the start must be there too. */
		m->kind = j->cross ? MG_HOST : MG_NEVER;
		m->which = mark == MK_ANSWER;
		return;
	case MK_VECTOR:
	case MK_ACK:
	case MK_EOI:
		/* Both ends on the guest's clock when it starts at t_trigger: no cntvoff needed. */
		m->kind = j->trig || j->cross ? MG_GUEST : MG_NEVER;
		m->which = mark == MK_VECTOR ? 0 : mark == MK_ACK ? 1 : 2;
		return;
	default:
		m->kind = j->mk && mark < MK_NR ? MG_TRACE : MG_NEVER;
		m->slot = mark < MK_NR ? mark_slot(mark) : 0;
		m->bit = mark < MK_NR ? MB(mark) : 0;
		return;
	}
}

/* bench/'s own stamp of host row seq: which 0 t_handler, 1 t_answer; 0 when none. */
static inline int64_t join_host_stamp(const struct cell_join *j, size_t seq, unsigned which)
{
	if (!j->host_st)
		return 0;
	return which ? j->host_st[seq].t_answer : j->host_st[seq].t_handler;
}

/* For a sample known to have a guest row. */
static inline __attribute__((always_inline)) bool
join_mark_at(const struct cell_join *j, size_t seq,
				const struct guest_row *g, const struct mark_of *m,
				int64_t *ns)
{
	const struct host_row *h = &j->host[seq];
	int64_t t, d;

	switch (m->kind) {
	case MG_ZERO:
		*ns = 0;
		return true;
	case MG_HOST:
		t = join_host_stamp(j, seq, m->which);
		if (!t || (j->trig && !g->t_trigger))
			return false;
		d = join_sub_sat(t, j->trig ? guest_to_host(g->t_trigger, j->ci->cntvoff) :
					     h->t_inject);
		*ns = tick_ns(&j->ns, d);
		return true;
	case MG_GUEST:
		t = m->which == 0 ? g->t_vector : m->which == 1 ? g->t_ack : g->t_eoi;
		if (j->trig) {
			if (!g->t_trigger)
				return false;
			d = t - g->t_trigger;
		} else {
			d = join_sub_sat(guest_to_host(t, j->ci->cntvoff), h->t_inject);
		}
		*ns = tick_ns(&j->ns, d);
		return true;
	case MG_TRACE:
		if (!(j->s[seq].found & m->bit))
			return false;
		*ns = j->mk[seq].cum[m->slot];
		return true;
	default:
		return false;
	}
}

/* A mark's time after the start, for a sample known to have a guest row. */
static inline bool join_cum(const struct cell_join *j, size_t seq,
			    const struct guest_row *g, unsigned mark, int64_t *ns)
{
	struct mark_of m;

	join_mark_of(j, mark, &m);
	return join_mark_at(j, seq, g, &m, ns);
}

/*
 * Guest stamp in the host counter domain; false without cntvoff or
 * sample. which: 0 vector, 1 ack, 2 eoi, 3 trigger. Inline: per stamp of
 * every row.
 */
static inline bool sample_host_stamp(const struct cell_join *j, size_t seq, int which,
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

/*
 * Whether s[seq] counts in the cell's statistics (percentiles, histograms,
 * CDF, exits, breakdown, outliers): every sample but the warm-up's, which
 * the samples file keeps, flagged.
 */
static inline bool join_in_stats(const struct cell_join *j, size_t seq)
{
	return !(j->s[seq].flags & 1u << SF_WARMUP);
}

/* The guest row of a sample that has a latency; NULL for none. */
static inline const struct guest_row *join_measured(const struct cell_join *j,
						    size_t seq)
{
	const struct sample *s = &j->s[seq];

	/* A failed injection has no latency, whatever the guest claims. */
	if (s->guest < 0 || j->host[seq].status == HOST_ERROR)
		return NULL;
	return &j->guest[s->guest];
}

static inline void join_stage_of(const struct cell_join *j, enum stage st, struct stage_of *o)
{
	o->bit = st < ST_NR ? 1u << st : 0;
	join_mark_of(j, MK_START, &o->from);
	o->to = o->from;
	switch (st) {
	case ST_VECTOR_TO_ACK:
	case ST_ACK_TO_EOI:
		o->kind = SG_GUEST;
		o->from.which = st == ST_VECTOR_TO_ACK ? 0 : 1;
		return;
	case ST_INJECT_TO_VECTOR:
	case ST_TOTAL:
		o->kind = SG_CUM;
		join_mark_of(j, st == ST_TOTAL ? MK_EOI : MK_VECTOR, &o->to);
		return;
	case ST_UIRQ_ROUND_TRIP:
		o->kind = j->uirq && j->stage_ok[st] ? SG_UIRQ : SG_NEVER;
		return;
	default:
		break;
	}
	if (st >= ST_NR || !j->stage_ok[st]) {
		o->kind = SG_NEVER;
		return;
	}
	if (is_host_mark(stage_desc[st].from) && is_host_mark(stage_desc[st].to)) {
		o->kind = SG_HOST;
		o->from.which = stage_desc[st].from == MK_ANSWER;
		o->to.which = stage_desc[st].to == MK_ANSWER;
		return;
	}
	o->kind = SG_MARKS;
	join_mark_of(j, stage_desc[st].from, &o->from);
	join_mark_of(j, stage_desc[st].to, &o->to);
}

static inline __attribute__((always_inline)) bool
join_stage_at(const struct cell_join *j, size_t seq,
				 const struct guest_row *g, const struct stage_of *o,
				 int64_t *ns)
{
	int64_t a, b;

	switch (o->kind) {
	case SG_GUEST:
		*ns = tick_ns(&j->ns, o->from.which ? g->t_eoi - g->t_ack : g->t_ack - g->t_vector);
		return true;
	case SG_CUM:
		return join_mark_at(j, seq, g, &o->to, ns);
	case SG_UIRQ:
		if (j->uirq[seq] == INT64_MIN)
			return false;
		*ns = j->uirq[seq];
		return true;
	case SG_HOST:
		if (!(j->route_mask[j->s[seq].route] & o->bit))
			return false;
		/* DOM_HOST: one clock at both ends, no cntvoff, no calibration. */
		a = join_host_stamp(j, seq, o->from.which);
		b = join_host_stamp(j, seq, o->to.which);
		if (!a || !b)
			return false;
		*ns = tick_ns(&j->ns, b - a);
		return true;
	case SG_MARKS:
		if (!(j->route_mask[j->s[seq].route] & o->bit) ||
		    !join_mark_at(j, seq, g, &o->from, &a) ||
		    !join_mark_at(j, seq, g, &o->to, &b))
			return false;
		*ns = b - a;
		return true;
	default:
		return false;
	}
}

/* A stage of a sample that has a guest row (join_measured()). */
static inline bool join_stage(const struct cell_join *j, size_t seq,
			      const struct guest_row *g, enum stage st, int64_t *ns)
{
	struct stage_of o;

	join_stage_of(j, st, &o);
	return join_stage_at(j, seq, g, &o, ns);
}

/* "ok", or the comma list of flags (notes after "ok" when only notes). */
void sample_flags_str(uint32_t flags, char *buf, size_t size);

#endif /* VQB_JOIN_H */
