// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "exit_class.h"
#include "path_catalogue.h"
#include "paths.h"
#include "raw_run.h"
#include "util.h"

/*
 * One row per catalogue path, keyed by its id; what every path shares
 * (its name, its exits) is the catalogue's (include/virqbench/paths.h).
 */
static struct path_desc rows[] = {
	{
		.id = VQB_PATH_SOFT_VI, .queued = EV_IRQ_LINE, .inject_check = EV_IRQ_LINE,
		.uirq = true,
	}, {
		.id = VQB_PATH_LR_LINE, .queued = EV_VGIC_PENDING, .inject_check = EV_IRQ_LINE,
	}, {
		/*
		 * Injected from the eventfd write (kvm_arch_set_irq_inatomic):
		 * vgic_pending, with kvm_set_irq only on the worker fallback.
		 */
		.id = VQB_PATH_LR_IRQFD, .queued = EV_VGIC_PENDING, .inject_check = NO_EVENT,
	}, {
		.id = VQB_PATH_LR_MSI, .queued = NO_EVENT, .inject_check = NO_EVENT,
		.no_queued = "an LPI from KVM_SIGNAL_MSI leaves no injection event (Linux 6.1 has no ITS tracepoint): the first host mark is the target's exit or wake-up",
	}, {
		.id = VQB_PATH_V4_DIRECT, .queued = NO_EVENT, .inject_check = NO_EVENT,
		.direct = true, .device = true,
		.no_queued = "the GIC injects the vLPI itself: no host event lies between the device's trigger and the guest's vector while the vPE is resident; a doorbell shows only as the target's wake-up",
	}, {
		.id = VQB_PATH_SGI, .queued = NO_EVENT, .inject_check = NO_EVENT,
		.trap_ec = EC_SYS64, .trap_ec_v2 = EC_DABT_LOW,
		.no_queued = "a guest SGI has no injection tracepoint: the sender's trap (kvm_exit: ICC_SGI1R_EL1, esr_ec 0x18, on GICv3; a GICD_SGIR data abort, 0x24, on GICv2) marks it",
	}, {
		.id = VQB_PATH_VTIMER, .queued = EV_TIMER_IRQ, .inject_check = NO_EVENT,
	}, {
		/*
		 * The doorbell's data abort, bench/'s handler and answer, then
		 * the irqfd's injection: vgic_pending for an SPI (from the
		 * eventfd write, as lr-irqfd's), nothing for an LPI.
		 */
		.id = VQB_PATH_VMM_MMIO, .queued = EV_VGIC_PENDING, .inject_check = NO_EVENT,
		.queued_spi_only = true, .trap_ec = EC_DABT_LOW, .vdev = true,
	}, {
		/* As vmm-mmio; the trap is the same abort, served in the kernel. */
		.id = VQB_PATH_VMM_IOEVENTFD, .queued = EV_VGIC_PENDING, .inject_check = NO_EVENT,
		.queued_spi_only = true, .trap_ec = EC_DABT_LOW, .vdev = true,
	},
};

const struct path_desc *path_desc_of(const char *name)
{
	const struct vqb_path_info *pi = catalogue_by_name(name);
	size_t i;

	for (i = 0; pi && i < ARRAY_SIZE(rows); i++)
		if (rows[i].id == pi->id) {
			rows[i].pi = pi;
			return &rows[i];
		}
	return NULL;
}

void path_desc_for_cell(const struct path_desc *pd, const char *vgic, bool has_intid,
			uint64_t intid, struct path_desc *out)
{
	*out = *pd;
	if (vgic && !strcmp(vgic, "v2") && pd->trap_ec_v2)
		out->trap_ec = pd->trap_ec_v2;
	if (pd->queued_spi_only && has_intid && intid >= VQB_PATH_LPI_INTID) {
		out->queued = NO_EVENT;
		out->no_queued = "an LPI from an irqfd's MSI route leaves no injection event (Linux 6.1 has no ITS tracepoint): after bench/'s answer the first host mark is the target's exit or wake-up";
	}
}

int state_index(const char *state)
{
	return catalogue_state_index(state);
}

int path_expected_exits(const struct path_desc *pd, const char *state)
{
	return pd ? catalogue_exits(pd->pi, state) : -1;
}

enum route path_nominal_route(const struct path_desc *pd, const char *state)
{
	int s = state_index(state);

	if (!pd || s < 0)
		return RT_NONE;
	if (s == 1)
		return RT_WAKEUP;
	return pd->direct ? RT_DIRECT : RT_EXIT;
}

size_t route_marks(const struct path_desc *pd, enum route rt, uint8_t *m)
{
	size_t n = 0;

	m[n++] = MK_START;
	if (pd && pd->trap_ec)
		m[n++] = MK_TRAP;
	if (pd && pd->vdev) {
		m[n++] = MK_HANDLER;
		m[n++] = MK_ANSWER;
	}
	if (pd && pd->queued != NO_EVENT)
		m[n++] = MK_QUEUED;
	switch (rt) {
	case RT_EXIT:
		m[n++] = MK_EXIT;
		m[n++] = MK_ENTRY;
		break;
	case RT_WAKEUP:
		m[n++] = MK_WAKEUP;
		m[n++] = MK_ENTRY;
		break;
	case RT_OUTSIDE:
		m[n++] = MK_ENTRY;
		break;
	case RT_DIRECT:
		break;
	default:
		m[n++] = MK_GAP;
		break;
	}
	m[n++] = MK_VECTOR;
	m[n++] = MK_ACK;
	m[n++] = MK_EOI;
	return n;
}

uint32_t route_stage_mask(const struct path_desc *pd, enum route rt)
{
	uint8_t m[MAX_ROUTE_MARKS];
	size_t n = route_marks(pd, rt, m), i;
	uint32_t mask = 0;

	for (i = 0; i + 1 < n; i++) {
		enum stage st;

		if (m[i] == MK_GAP || m[i + 1] == MK_GAP)
			continue;
		st = stage_between(m[i], m[i + 1]);
		if (st < ST_NR)
			mask |= 1u << st;
	}
	if (pd && pd->uirq && rt != RT_NONE)
		mask |= 1u << ST_UIRQ_ROUND_TRIP;
	return mask;
}
