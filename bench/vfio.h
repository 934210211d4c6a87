/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A real PCI device, borrowed through VFIO for the v4-direct path: bound to
 * vfio-pci, its MSI delivered to an eventfd (which KVM_IRQFD then routes to
 * the guest as a vLPI), and triggered by a register write in its BAR.
 * vfio_release() gives the device back to the driver it had.
 */
#ifndef BENCH_VFIO_H
#define BENCH_VFIO_H

#include <stdint.h>

struct vfio_trigger {
	uint32_t bar;		/* BAR holding the trigger register */
	uint64_t offset;	/* the register that makes the device send its MSI */
	uint32_t value;
	uint64_t ack_offset;	/* written with ack_value after each interrupt, if has_ack */
	uint32_t ack_value;
	int has_ack;
};

struct vfio_dev {
	char bdf[32];
	char orig_driver[64];	/* "" when it had none */
	int rebound;		/* we changed its driver binding */
	int container, group, device;
	volatile uint8_t *bar;	/* the trigger BAR, mapped */
	uint64_t bar_size;
	int efd;		/* MSI vector 0 lands here */
	struct vfio_trigger trig;
	char irq_name[64];	/* its host IRQ's name in /proc/interrupts */
};

/*
 * Finds the device: `spec` is a PCI address (0000:00:02.0), or NULL for
 * QEMU's edu device, the lab's. Fills the trigger for edu; for another
 * device the caller passes it (--vfio-trigger).
 */
int vfio_find(struct vfio_dev *d, const char *spec, char *why, int why_len);
int vfio_acquire(struct vfio_dev *d, char *why, int why_len);
int vfio_fire(struct vfio_dev *d);
void vfio_ack(struct vfio_dev *d);
/* Host-side count of the device's MSI in /proc/interrupts (-1 if unknown). */
long long vfio_host_irq_count(const struct vfio_dev *d);
void vfio_release(struct vfio_dev *d);

#endif
