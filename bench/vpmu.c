// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU's PMU, for the guest's cycle stamps (--guest-cycles). The order
 * is KVM's (Documentation/virt/kvm/devices/vcpu.rst): the feature bit at
 * KVM_ARM_VCPU_INIT, then, on each vCPU, the overflow interrupt's PPI and
 * KVM_ARM_VCPU_PMU_V3_INIT, with an in-kernel vGIC only once it is
 * initialised (CTRL_INIT; else INIT fails with ENODEV). Without one
 * (soft-vi) there is no PPI to give: the overflow line would go to user
 * space (KVM_CAP_ARM_USER_IRQ), and the agent never enables the overflow
 * interrupt (a 64-bit cycle counter does not wrap in a cell), so INIT
 * alone. KVM_RUN refuses a vCPU with the feature that was never INITed.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/ioctl.h>

#include "diag.h"
#include "kvm.h"

/*
 * PPI 23 (PPI 7), what QEMU virt and kvmtool give the PMU: none of the
 * suite's paths takes it (vtimer has 27, sgi SGIs, the rest SPIs and LPIs).
 */
#define VPMU_PPI 23

const char *vpmu_unavailable(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC), r;

	if (fd < 0)
		return "no vPMU: /dev/kvm cannot be opened";
	/* A system ioctl: KVM answers it from the host's PMU, before any VM exists. */
	r = ioctl(fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PMU_V3);
	close(fd);
	if (r > 0)
		return NULL;
	return "no vPMU: KVM lacks KVM_CAP_ARM_PMU_V3 (no host PMU that KVM can use: a CPU "
	       "without PMUv3 or with an IMPLEMENTATION DEFINED one, a kernel without "
	       "CONFIG_HW_PERF_EVENTS, or the lab's QEMU run with -cpu ...,pmu=off)";
}

static int __vcpu_pmu_attr(struct vcpu *v, uint64_t attr, void *addr)
{
	struct kvm_device_attr a = { .group = KVM_ARM_VCPU_PMU_V3_CTRL, .attr = attr,
				     .addr = (uintptr_t)addr };

	return ioctl(v->fd, KVM_SET_DEVICE_ATTR, &a) ? -errno : 0;
}

int vcpu_pmu_init(struct vcpu *v, int in_kernel_vgic)
{
	int irq = VPMU_PPI, r;

	if (in_kernel_vgic) {
		r = __vcpu_pmu_attr(v, KVM_ARM_VCPU_PMU_V3_IRQ, &irq);
		if (r) {
			errno = -r;
			return diag_say_errno("KVM_SET_DEVICE_ATTR (PMU_V3_IRQ %d) on vCPU %d", irq,
					      v->index);
		}
	}
	r = __vcpu_pmu_attr(v, KVM_ARM_VCPU_PMU_V3_INIT, NULL);
	if (r) {
		errno = -r;
		return diag_say_errno("KVM_SET_DEVICE_ATTR (PMU_V3_INIT) on vCPU %d", v->index);
	}
	return 0;
}
