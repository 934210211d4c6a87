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

#include "vfio_devices.h"

struct vfio_dev {
	char bdf[32];
	uint16_t vendor, device_id;
	const struct vfio_device_kind *kind;	/* NULL: not in the table (--vfio-trigger) */
	struct vfio_recipe recipe;		/* the kind's, or --vfio-trigger's */
	char orig_driver[64];	/* "" when it had none */
	int rebound;		/* we changed its driver binding */
	int container, group, device;
	volatile uint8_t *bar;	/* the recipe's BAR, mapped */
	uint64_t bar_size;
	int efd;		/* vector 0 of its MSI or MSI-X lands here */
	enum vfio_irq_kind irq;	/* which, once acquired */
	char irq_name[64];	/* its host IRQ's name in /proc/interrupts */
};

/*
 * Finds the device. `spec` is a kind of the table (vfio_devices.h: the
 * first free device of that kind), a PCI address (0000:00:02.0), or NULL
 * for the first free device of any known kind, in the table's order.
 * `trigger` (--vfio-trigger), when not NULL, replaces the table's recipe;
 * a device of no known kind needs it. A device whose network interface is
 * up is never taken. 0, or -1 with why (and the fix).
 */
int vfio_find(struct vfio_dev *d, const char *spec, const struct vfio_recipe *trigger,
	      char *why, int why_len);
/* "e1000e 0000:00:03.0 8086:10d3" for messages and cell.kv */
const char *vfio_kind_label(const struct vfio_dev *d);
int vfio_acquire(struct vfio_dev *d, char *why, int why_len);
int vfio_fire(struct vfio_dev *d);
void vfio_ack(struct vfio_dev *d);
/* Host-side count of the device's MSI in /proc/interrupts (-1 if unknown). */
long long vfio_host_irq_count(const struct vfio_dev *d);
void vfio_release(struct vfio_dev *d);

#endif
