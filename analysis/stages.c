// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>

#include "stages.h"
#include "util.h"

const char *const mark_names[MK_NR] = {
	[MK_START] = "inject", [MK_TRAP] = "trap", [MK_HANDLER] = "handler",
	[MK_ANSWER] = "answer", [MK_QUEUED] = "queued",
	[MK_EXIT] = "exit", [MK_WAKEUP] = "wakeup", [MK_ENTRY] = "entry",
	[MK_VECTOR] = "vector", [MK_ACK] = "ack", [MK_EOI] = "eoi",
};

const char *const route_names[RT_NR] = {
	[RT_NONE] = "-", [RT_EXIT] = "exit", [RT_WAKEUP] = "wakeup",
	[RT_OUTSIDE] = "outside", [RT_DIRECT] = "direct",
	[RT_INCOMPLETE] = "incomplete",
};

#define S(id, f, t) [id] = { f, t }
const struct stage_desc stage_desc[ST_NR] = {
	S(ST_INJECT_TO_VECTOR, MK_START, MK_VECTOR),
	S(ST_VECTOR_TO_ACK, MK_VECTOR, MK_ACK),
	S(ST_ACK_TO_EOI, MK_ACK, MK_EOI),
	S(ST_TOTAL, MK_START, MK_EOI),
	S(ST_INJECT_TO_QUEUED, MK_START, MK_QUEUED),
	S(ST_INJECT_TO_TRAP, MK_START, MK_TRAP),
	S(ST_INJECT_TO_EXIT, MK_START, MK_EXIT),
	S(ST_INJECT_TO_WAKEUP, MK_START, MK_WAKEUP),
	S(ST_INJECT_TO_ENTRY, MK_START, MK_ENTRY),
	S(ST_QUEUED_TO_EXIT, MK_QUEUED, MK_EXIT),
	S(ST_QUEUED_TO_WAKEUP, MK_QUEUED, MK_WAKEUP),
	S(ST_QUEUED_TO_ENTRY, MK_QUEUED, MK_ENTRY),
	S(ST_TRAP_TO_EXIT, MK_TRAP, MK_EXIT),
	S(ST_TRAP_TO_WAKEUP, MK_TRAP, MK_WAKEUP),
	S(ST_TRAP_TO_ENTRY, MK_TRAP, MK_ENTRY),
	S(ST_EXIT_TO_ENTRY, MK_EXIT, MK_ENTRY),
	S(ST_WAKEUP_TO_ENTRY, MK_WAKEUP, MK_ENTRY),
	S(ST_ENTRY_TO_VECTOR, MK_ENTRY, MK_VECTOR),
	S(ST_UIRQ_ROUND_TRIP, MK_NR, MK_NR),
	S(ST_TRAP_TO_HANDLER, MK_TRAP, MK_HANDLER),
	S(ST_HANDLER_TO_ANSWER, MK_HANDLER, MK_ANSWER),
	S(ST_ANSWER_TO_QUEUED, MK_ANSWER, MK_QUEUED),
	S(ST_ANSWER_TO_EXIT, MK_ANSWER, MK_EXIT),
	S(ST_ANSWER_TO_WAKEUP, MK_ANSWER, MK_WAKEUP),
	S(ST_ANSWER_TO_ENTRY, MK_ANSWER, MK_ENTRY),
};
#undef S

const char *const stage_names[ST_NR] = {
	[ST_INJECT_TO_VECTOR] = "inject_to_vector",
	[ST_VECTOR_TO_ACK] = "vector_to_ack",
	[ST_ACK_TO_EOI] = "ack_to_eoi",
	[ST_TOTAL] = "total",
	[ST_INJECT_TO_QUEUED] = "inject_to_queued",
	[ST_INJECT_TO_TRAP] = "inject_to_trap",
	[ST_INJECT_TO_EXIT] = "inject_to_exit",
	[ST_INJECT_TO_WAKEUP] = "inject_to_wakeup",
	[ST_INJECT_TO_ENTRY] = "inject_to_entry",
	[ST_QUEUED_TO_EXIT] = "queued_to_exit",
	[ST_QUEUED_TO_WAKEUP] = "queued_to_wakeup",
	[ST_QUEUED_TO_ENTRY] = "queued_to_entry",
	[ST_TRAP_TO_EXIT] = "trap_to_exit",
	[ST_TRAP_TO_WAKEUP] = "trap_to_wakeup",
	[ST_TRAP_TO_ENTRY] = "trap_to_entry",
	[ST_EXIT_TO_ENTRY] = "exit_to_entry",
	[ST_WAKEUP_TO_ENTRY] = "wakeup_to_entry",
	[ST_ENTRY_TO_VECTOR] = "entry_to_vector",
	[ST_UIRQ_ROUND_TRIP] = "uirq_round_trip",
	[ST_TRAP_TO_HANDLER] = "trap_to_handler",
	[ST_HANDLER_TO_ANSWER] = "handler_to_answer",
	[ST_ANSWER_TO_QUEUED] = "answer_to_queued",
	[ST_ANSWER_TO_EXIT] = "answer_to_exit",
	[ST_ANSWER_TO_WAKEUP] = "answer_to_wakeup",
	[ST_ANSWER_TO_ENTRY] = "answer_to_entry",
};

enum stage stage_between(unsigned from, unsigned to)
{
	unsigned st;

	/* total is not a step between neighbouring marks */
	for (st = 0; st < ST_NR; st++)
		if (st != ST_TOTAL && stage_desc[st].from == from &&
		    stage_desc[st].to == to)
			return st;
	return ST_NR;
}

static bool is_trace_mark(unsigned m)
{
	return m < MK_NR && (MK_TRACE_MASK & MB(m));
}

enum domain stage_domain(enum stage st, bool trig)
{
	unsigned f = stage_desc[st].from, t = stage_desc[st].to;

	if (st == ST_UIRQ_ROUND_TRIP)
		return DOM_TRACE;
	if (is_trace_mark(f) && is_trace_mark(t))
		return DOM_TRACE;
	if (is_host_mark(f) && is_host_mark(t))
		return DOM_HOST;
	if (is_trace_mark(f) || is_trace_mark(t))
		return DOM_CROSS;
	/* start on the host's counter, unless the guest triggered it */
	if (f == MK_START && !trig)
		return DOM_COUNTER;
	if (is_host_mark(f) || is_host_mark(t))
		return DOM_COUNTER;
	return DOM_GUEST;
}

const char *mark_event(unsigned mark)
{
	static const char *const ev[MK_NR] = {
		[MK_START] = "host t_inject (guest t_trigger on sgi, vtimer, vmm-mmio, vmm-ioeventfd)",
		[MK_TRAP] = "the sender vCPU's kvm_exit with the path's exception class: esr_ec 0x18 (SYS64: ICC_SGI1R, sgi on GICv3) or 0x24 (DABT_LOW: GICD_SGIR, sgi on GICv2; the doorbell, vmm-*)",
		[MK_HANDLER] = "host t_handler: bench/'s device has the doorbell (KVM_RUN returned with the MMIO exit, vmm-mmio; the ioeventfd's read returned, vmm-ioeventfd)",
		[MK_ANSWER] = "host t_answer: just before bench/'s irqfd write",
		[MK_QUEUED] = "the path's injection event for the cell's INTID at level 1: vgic_pending (lr-line, lr-irqfd, vmm-* on an SPI), irq_line type CPU (soft-vi), timer_irq (vtimer)",
		[MK_EXIT] = "the target vCPU's first kvm_exit after the previous mark",
		[MK_WAKEUP] = "the target vCPU's kvm_vcpu_wakeup",
		[MK_ENTRY] = "the target vCPU's next kvm_entry",
		[MK_VECTOR] = "guest t_vector",
		[MK_ACK] = "guest t_ack",
		[MK_EOI] = "guest t_eoi",
	};

	return mark < MK_NR ? ev[mark] : "";
}
