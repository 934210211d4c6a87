/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stages of an interrupt's way, named by the two moments ("marks")
 * that bound them: <from>_to_<to>. A mark is a host stamp (inject: t_inject,
 * or the guest's t_trigger on sgi, vtimer and vmm-*; handler and answer:
 * bench/'s own device on vmm-*), a trace event, or a guest stamp (vector,
 * ack, eoi). Marks are numbered in the order an interrupt passes them. Which marks an interrupt passes depends on its
 * path and on its route: kicked out of a running guest, woken from a
 * halt, already out of the guest, or not involving the host at all.
 * analysis/README.md ("Stages") lists every name with its events.
 */
#ifndef VQB_STAGES_H
#define VQB_STAGES_H

#include <stdbool.h>
#include <stdint.h>

enum mark {
	MK_START,	/* t_inject, or t_trigger (guest-originated) */
	MK_TRAP,	/* sgi, vmm-*: the sender's kvm_exit for its SGI or doorbell write */
	MK_HANDLER,	/* vmm-*: host t_handler, bench/'s device has the doorbell */
	MK_ANSWER,	/* vmm-*: host t_answer, just before its irqfd write */
	MK_QUEUED,	/* the path's injection event: vgic_pending, irq_line (soft-vi), timer_irq */
	MK_EXIT,	/* the target's first kvm_exit after that: the kick */
	MK_WAKEUP,	/* the target's kvm_vcpu_wakeup: back from a halt (WFI) */
	MK_ENTRY,	/* the target's next kvm_entry */
	MK_VECTOR,	/* guest t_vector */
	MK_ACK,		/* guest t_ack */
	MK_EOI,		/* guest t_eoi */
	MK_NR,
	MK_GAP = MK_NR,	/* in a route's mark list: something unknown lies here */
};
extern const char *const mark_names[MK_NR];

/*
 * Marks that are trace events, kept per interrupt in one of four slots
 * (all below 8: a sample's `found` is a byte), and the host stamps of
 * bench/'s device, read from host.tsv.
 */
#define MB(m) (1u << (m))
#define MK_TRACE_MASK (MB(MK_QUEUED) | MB(MK_TRAP) | MB(MK_EXIT) | MB(MK_WAKEUP) | MB(MK_ENTRY))
#define MK_HOST_MASK (MB(MK_HANDLER) | MB(MK_ANSWER))
#define NR_SLOTS 4
static inline unsigned mark_slot(unsigned m)
{
	return m == MK_TRAP ? 0 : m == MK_QUEUED ? 1 : m == MK_ENTRY ? 3 : 2;
}

enum route {
	RT_NONE,	/* not assigned: no trace, or no guest sample */
	RT_EXIT,	/* the target was in the guest and exited: the kick */
	RT_WAKEUP,	/* the target was halted in the host (WFI) and woke */
	RT_OUTSIDE,	/* the target was already out of the guest, not halted: no kick */
	RT_DIRECT,	/* no host event at all: v4-direct while the vPE is resident */
	RT_INCOMPLETE,	/* events missing: the route cannot be told */
	RT_NR
};
extern const char *const route_names[RT_NR];

enum stage {
	/* From the stamps alone; every cell has these four. */
	ST_INJECT_TO_VECTOR,
	ST_VECTOR_TO_ACK,
	ST_ACK_TO_EOI,
	ST_TOTAL,
	/* From the trace. */
	ST_INJECT_TO_QUEUED,
	ST_INJECT_TO_TRAP,
	ST_INJECT_TO_EXIT,
	ST_INJECT_TO_WAKEUP,
	ST_INJECT_TO_ENTRY,
	ST_QUEUED_TO_EXIT,
	ST_QUEUED_TO_WAKEUP,
	ST_QUEUED_TO_ENTRY,
	ST_TRAP_TO_EXIT,
	ST_TRAP_TO_WAKEUP,
	ST_TRAP_TO_ENTRY,
	ST_EXIT_TO_ENTRY,
	ST_WAKEUP_TO_ENTRY,
	ST_ENTRY_TO_VECTOR,
	ST_UIRQ_ROUND_TRIP,	/* soft-vi: inside vector_to_ack, not a mark pair */
	/* vmm-*: the doorbell's way through bench/'s device (after the rest: rows keep their order). */
	ST_TRAP_TO_HANDLER,
	ST_HANDLER_TO_ANSWER,
	ST_ANSWER_TO_QUEUED,
	ST_ANSWER_TO_EXIT,
	ST_ANSWER_TO_WAKEUP,
	ST_ANSWER_TO_ENTRY,
	ST_NR
};
#define ST_NR_STAMP 4		/* the first ones: no trace needed */

enum domain {
	DOM_GUEST,	/* guest counter at both ends */
	DOM_COUNTER,	/* host and guest counter: needs cntvoff */
	DOM_TRACE,	/* trace ns at both ends */
	DOM_CROSS,	/* trace ns against the counter: needs the calibration */
	DOM_HOST,	/* host counter at both ends: needs neither cntvoff nor the calibration */
};

struct stage_desc {
	uint8_t from, to;	/* enum mark; from == to == MK_NR for uirq_round_trip */
};
extern const struct stage_desc stage_desc[ST_NR];
extern const char *const stage_names[ST_NR];

/* The stage between two marks, or ST_NR when there is no such stage. */
enum stage stage_between(unsigned from, unsigned to);

/* A host-counter stamp of bench/'s own (host.tsv): handler, answer. */
static inline bool is_host_mark(unsigned m)
{
	return m < MK_NR && (MK_HOST_MASK & MB(m));
}

/*
 * The domain of a stage in a cell: trig says the interrupt starts at the
 * guest's t_trigger (then inject_to_vector needs no cntvoff).
 */
enum domain stage_domain(enum stage st, bool trig);

/* Text for summary.json and the README: what starts and ends a stage. */
const char *mark_event(unsigned mark);

#endif /* VQB_STAGES_H */
