/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The devices v4-direct knows: for each kind, its PCI ids and how to make
 * it send one MSI (or MSI-X vector 0) on demand, by register writes in one
 * BAR. bench/vfio.c borrows the device and follows the recipe; this file
 * only knows the facts, so it is host-built and unit-tested.
 *
 * Sources: QEMU's hw/misc/edu.c, hw/net/e1000e_core.c and igb_core.c
 * (the models the lab boots), Linux's e1000e, igb, igbvf and ixgbe
 * drivers (the register offsets; their self-tests and watchdogs raise
 * interrupts the same way: ICS in MSI mode, EICS per MSI-X vector).
 */
#ifndef BENCH_VFIO_DEVICES_H
#define BENCH_VFIO_DEVICES_H

#include <stdint.h>

#define VFIO_RECIPE_MAX_SETUP	4

struct reg_write {
	uint64_t offset;	/* in the recipe's BAR */
	uint32_t value;
};

enum vfio_irq_kind {
	VFIO_IRQ_MSI,		/* VFIO_PCI_MSI_IRQ_INDEX, vector 0 */
	VFIO_IRQ_MSIX,		/* VFIO_PCI_MSIX_IRQ_INDEX, vector 0 */
	VFIO_IRQ_AUTO,		/* --vfio-trigger: MSI if the device has it, else MSI-X */
};

struct vfio_recipe {
	uint32_t bar;
	enum vfio_irq_kind irq;
	/* Once, after VFIO reset the device and wired its vector to the eventfd. */
	int nsetup;
	struct reg_write setup[VFIO_RECIPE_MAX_SETUP];
	struct reg_write fire;		/* the measured write: one interrupt */
	int has_ack;
	struct reg_write ack;		/* after the guest's EOI, so the next fire is a new edge */
	const char *how;		/* one line for cell.kv and `virqbench list` */
};

struct vfio_device_kind {
	const char *kind;		/* "edu", "e1000e", ...: --vfio-device, spec vfio_device, cell names */
	const char *what;		/* the hardware, for messages */
	uint16_t vendor;
	const uint16_t *devices;	/* 0-terminated */
	struct vfio_recipe recipe;
	const char *tested;		/* where the recipe was proven */
};

/* Row i of the table, NULL past its end. The order is auto-pick's preference. */
const struct vfio_device_kind *vfio_kind_at(int i);
const struct vfio_device_kind *vfio_kind_by_name(const char *kind);
const struct vfio_device_kind *vfio_kind_by_id(uint16_t vendor, uint16_t device);
/* "edu, e1000e, ...", for usage and messages. */
const char *vfio_kind_names(void);
/* 1 for a PCI address: DDDD:BB:SS.F or BB:SS.F (hex). */
int vfio_is_pci_address(const char *s);
/* "msi" or "msix" */
const char *vfio_irq_name(enum vfio_irq_kind k);

/*
 * --vfio-trigger BAR:OFFSET:VALUE[:ACK_OFFSET:ACK_VALUE] (numbers in C
 * notation, 0x... for hex) into r, which then takes the device's MSI (or
 * MSI-X if it has no MSI) vector 0. 0, or -1 with why.
 */
int vfio_trigger_parse(const char *arg, struct vfio_recipe *r, char *why, int why_len);
/* The recipe as one line: "BAR0 0x60=0x1, ack 0x64=0x1, msi[0]". */
void vfio_recipe_describe(const struct vfio_recipe *r, char *buf, int size);
/*
 * From a net interface's sysfs `flags` (hex): 1 when it is up. A device
 * whose interface is up carries the host's traffic, perhaps the very
 * session running this: bench/ never takes it.
 */
int vfio_netdev_flags_up(const char *flags_text);

#endif
