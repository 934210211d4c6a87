// SPDX-License-Identifier: GPL-2.0
/*
 * The in-kernel vGIC, built in kvmtool's order: create the device, place
 * the distributor and redistributors, set NR_IRQS, and CTRL_INIT only once
 * every vCPU exists.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm.h"
#include "diag.h"

static int vgic_set_attr(struct vm *vm, uint32_t group, uint64_t attr, void *addr,
			 const char *what)
{
	struct kvm_device_attr a = { .group = group, .attr = attr, .addr = (uintptr_t)addr };

	if (ioctl(vm->vgic_fd, KVM_SET_DEVICE_ATTR, &a))
		return diag_say_errno("KVM_SET_DEVICE_ATTR (vGIC %s)", what);
	return 0;
}

int vgic_v3_create(struct vm *vm, uint64_t gicd, uint64_t gicr, uint32_t nr_irqs)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V3 };
	int r;

	if (ioctl(vm->fd, KVM_CREATE_DEVICE, &cd)) {
		int e = errno;

		if (e == ENODEV)
			diag_say("this host cannot give a guest a GICv3 (KVM_CREATE_DEVICE VGIC_V3: "
			       "no such device): the host's GIC is not a GICv3/v4, or KVM has no vGIC");
		else
			diag_say("KVM_CREATE_DEVICE VGIC_V3: %s", strerror(e));
		return -e;
	}
	vm->vgic_fd = cd.fd;
	r = vgic_set_attr(vm, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, &gicd,
			  "distributor address");
	if (!r)
		r = vgic_set_attr(vm, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST,
				  &gicr, "redistributor address");
	if (!r)
		r = vgic_set_attr(vm, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs, "NR_IRQS");
	return r;
}

int vgic_init(struct vm *vm)
{
	return vgic_set_attr(vm, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, NULL,
			     "CTRL_INIT");
}

int vgic_v2_create(struct vm *vm, uint64_t gicd, uint64_t gicc, uint32_t nr_irqs)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_V2 };
	int r;

	if (ioctl(vm->fd, KVM_CREATE_DEVICE, &cd)) {
		int e = errno;

		if (e == ENODEV)
			diag_say("this host cannot give a guest a GICv2 (KVM_CREATE_DEVICE VGIC_V2: "
			       "no such device): a GICv3 host needs a GICv2-compatible CPU "
			       "interface (GICV) for that");
		else
			diag_say("KVM_CREATE_DEVICE VGIC_V2: %s", strerror(e));
		return -e;
	}
	vm->vgic_fd = cd.fd;
	r = vgic_set_attr(vm, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, &gicd,
			  "distributor address");
	if (!r)
		r = vgic_set_attr(vm, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, &gicc,
				  "CPU interface address");
	if (!r)
		r = vgic_set_attr(vm, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, &nr_irqs, "NR_IRQS");
	return r;
}

int vgic_its_create(struct vm *vm, uint64_t base)
{
	struct kvm_create_device cd = { .type = KVM_DEV_TYPE_ARM_VGIC_ITS };
	struct kvm_device_attr a = { .group = KVM_DEV_ARM_VGIC_GRP_ADDR,
				     .attr = KVM_VGIC_ITS_ADDR_TYPE, .addr = (uintptr_t)&base };

	if (ioctl(vm->fd, KVM_CREATE_DEVICE, &cd))
		return diag_say_errno("KVM_CREATE_DEVICE VGIC_ITS");
	vm->its_fd = cd.fd;
	if (ioctl(vm->its_fd, KVM_SET_DEVICE_ATTR, &a))
		return diag_say_errno("KVM_SET_DEVICE_ATTR (ITS base address)");
	a = (struct kvm_device_attr){ .group = KVM_DEV_ARM_VGIC_GRP_CTRL,
				      .attr = KVM_DEV_ARM_VGIC_CTRL_INIT };
	if (ioctl(vm->its_fd, KVM_SET_DEVICE_ATTR, &a))
		return diag_say_errno("KVM_SET_DEVICE_ATTR (ITS CTRL_INIT)");
	return 0;
}
