// SPDX-License-Identifier: GPL-2.0
/*
 * The VM's interrupt plumbing beyond KVM_IRQ_LINE: irqfds, MSIs to the
 * vITS, MSI routing entries and ioeventfds. Each __vm_*() is one ioctl,
 * returns 0 or -errno and prints nothing; the caller says what it was for.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "kvm.h"

/* Where a device writes an MSI to the ITS (GICv3 architecture: GITS_TRANSLATER). */
#define GITS_TRANSLATER	0x10040
#define ITS_DOORBELL	(VQB_ITS_BASE + GITS_TRANSLATER)

int __vm_irqfd(struct vm *vm, int fd, uint32_t gsi)
{
	struct kvm_irqfd irqfd = { .fd = (uint32_t)fd, .gsi = gsi };

	return ioctl(vm->fd, KVM_IRQFD, &irqfd) ? -errno : 0;
}

int __vm_irqfd_deassign(struct vm *vm, int fd, uint32_t gsi)
{
	struct kvm_irqfd irqfd = { .fd = (uint32_t)fd, .gsi = gsi,
				   .flags = KVM_IRQFD_FLAG_DEASSIGN };

	return ioctl(vm->fd, KVM_IRQFD, &irqfd) ? -errno : 0;
}

int __vm_signal_msi(struct vm *vm, uint32_t devid, uint32_t eventid)
{
	struct kvm_msi msi = {
		.address_lo = (uint32_t)ITS_DOORBELL,
		.address_hi = (uint32_t)(ITS_DOORBELL >> 32),
		.data = eventid,
		.flags = KVM_MSI_VALID_DEVID,
		.devid = devid,
	};
	int r = ioctl(vm->fd, KVM_SIGNAL_MSI, &msi);

	/* 1 when delivered, 0 when the guest blocked it (not mapped, or disabled). */
	if (r < 0)
		return -errno;
	return r == 1 ? 0 : -ENOMSG;
}

int __vm_set_msi_route(struct vm *vm, uint32_t gsi, uint32_t devid, uint32_t eventid)
{
	struct {
		struct kvm_irq_routing table;
		struct kvm_irq_routing_entry entry;
	} routing;

	memset(&routing, 0, sizeof(routing));
	routing.table.nr = 1;
	routing.entry = (struct kvm_irq_routing_entry){
		.gsi = gsi,
		.type = KVM_IRQ_ROUTING_MSI,
		.flags = KVM_MSI_VALID_DEVID,
		.u.msi = {
			.address_lo = (uint32_t)ITS_DOORBELL,
			.address_hi = (uint32_t)(ITS_DOORBELL >> 32),
			.data = eventid,
			.devid = devid,
		},
	};
	return ioctl(vm->fd, KVM_SET_GSI_ROUTING, &routing) ? -errno : 0;
}

int __vm_ioeventfd(struct vm *vm, uint64_t gpa, uint32_t len, int fd, int deassign)
{
	struct kvm_ioeventfd io = {
		.addr = gpa,
		.len = len,
		.fd = fd,
		.flags = deassign ? KVM_IOEVENTFD_FLAG_DEASSIGN : 0,
	};

	return ioctl(vm->fd, KVM_IOEVENTFD, &io) ? -errno : 0;
}
