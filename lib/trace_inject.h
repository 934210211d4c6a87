/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which trace events inject an interrupt, and into which vCPU and INTID:
 * decoded once here for trace mode (bpf/trace_summary.c) and for the
 * analysis (analysis/join.c), from the arguments trace_events.h lists.
 */
#ifndef VQB_TRACE_INJECT_H
#define VQB_TRACE_INJECT_H

#include <stdbool.h>
#include <stdint.h>

#include <virqbench/trace_events.h>

/* The line an injection event raises or lowers. */
enum trace_inj_line {
	TI_CPU,		/* kvm_irq_line CPU: the vCPU's IRQ line (HCR_EL2.VI), no vGIC, no INTID */
	TI_PPI,		/* kvm_irq_line PPI: a vCPU's private INTID */
	TI_SPI,		/* kvm_irq_line SPI: an INTID; the vGIC picks the vCPU */
	TI_GSI,		/* kvm_set_irq: a GSI; the routing table picks the INTID */
	TI_VGIC,	/* vgic_update_irq_pending: under every in-kernel injection */
	TI_TIMER,	/* kvm_timer_update_irq: a vCPU's timer PPI */
};

struct trace_inj {
	enum trace_inj_line line;
	int64_t level;		/* 1 raised; 0 lowered */
	int64_t vcpu;		/* the vCPU index it names, -1: none (SPI, GSI) */
	int64_t intid;		/* the INTID it names, -1: none (CPU line, GSI) */
	uint64_t gsi;		/* TI_GSI */
};

/*
 * Decodes an event of kind (enum vqt_event_type) with arguments a; false
 * for an event that injects nothing, or an irq type this build does not
 * know. A vgic_update_irq_pending names its vCPU only for a private INTID:
 * for an SPI the tracepoint's vcpu_id is 0, whatever vCPU takes it.
 */
bool trace_inj_decode(unsigned kind, const uint64_t a[VQT_NR_ARGS],
		      struct trace_inj *j);

/*
 * Whether j raises the interrupt that vCPU index vcpu is to take: INTID
 * intid when has_intid, else any. A vgic_update_irq_pending without a
 * known INTID matches nothing: every source of every interrupt passes
 * there, and only the INTID tells them apart.
 */
bool trace_inj_raises(const struct trace_inj *j, uint64_t vcpu,
		      bool has_intid, uint64_t intid);

#endif /* VQB_TRACE_INJECT_H */
