// SPDX-License-Identifier: GPL-2.0
#include "trace_inject.h"

bool trace_inj_decode(unsigned kind, const uint64_t a[VQT_NR_ARGS],
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

bool trace_inj_raises(const struct trace_inj *j, uint64_t vcpu,
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
