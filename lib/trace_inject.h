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
static inline bool trace_inj_decode(unsigned kind, const uint64_t a[VQT_NR_ARGS],
				    struct trace_inj *j)
{
	j->gsi = 0;
	switch (kind) {
	case VQT_EV_IRQ_LINE:	/* type, vcpu_idx, irq_num, level */
		j->level = (int64_t)a[3];
		j->vcpu = (int64_t)a[1];
		j->intid = (int64_t)a[2];
		if (a[0] == VQT_IRQ_TYPE_CPU) {
			j->line = TI_CPU;
			j->intid = -1;
		} else if (a[0] == VQT_IRQ_TYPE_PPI) {
			j->line = TI_PPI;
		} else if (a[0] == VQT_IRQ_TYPE_SPI) {
			j->line = TI_SPI;
			j->vcpu = -1;
		} else {
			return false;
		}
		return true;
	case VQT_EV_SET_IRQ:	/* gsi, level, irq_source_id */
		j->line = TI_GSI;
		j->level = (int64_t)a[1];
		j->vcpu = -1;
		j->intid = -1;
		j->gsi = a[0];
		return true;
	case VQT_EV_VGIC_PENDING:	/* vcpu_id, intid, level */
		j->line = TI_VGIC;
		j->level = (int64_t)a[2];
		j->intid = (int64_t)a[1];
		j->vcpu = a[1] < VQT_NR_PRIVATE_IRQS ? (int64_t)a[0] : -1;
		return true;
	case VQT_EV_TIMER_IRQ:	/* vcpu_id, intid, level */
		j->line = TI_TIMER;
		j->level = (int64_t)a[2];
		j->vcpu = (int64_t)a[0];
		j->intid = (int64_t)a[1];
		return true;
	default:
		return false;
	}
}

/*
 * Whether j raises the interrupt that vCPU index vcpu is to take: INTID
 * intid when has_intid, else any. A vgic_update_irq_pending without a
 * known INTID matches nothing: every source of every interrupt passes
 * there, and only the INTID tells them apart.
 */
static inline bool trace_inj_raises(const struct trace_inj *j, uint64_t vcpu,
				    bool has_intid, uint64_t intid)
{
	if (j->level != 1)
		return false;
	if (j->vcpu >= 0 && (uint64_t)j->vcpu != vcpu)
		return false;
	if (j->line == TI_VGIC && !has_intid)
		return false;
	return j->intid < 0 || !has_intid || (uint64_t)j->intid == intid;
}

#endif /* VQB_TRACE_INJECT_H */
