// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfio_devices.h"

/* Register offsets in BAR0, from Linux's e1000e/igb/igbvf/ixgbe headers. */
#define E1000_ICR	0x000c0		/* interrupt cause read; write 1 to clear */
#define E1000_ITR	0x000c4		/* interrupt throttling: 0, none */
#define E1000_ICS	0x000c8		/* interrupt cause set */
#define E1000_IMS	0x000d0		/* interrupt mask set */
#define E1000_ICR_MDAC	0x00000200	/* MDI/O access complete: nothing else raises it while we own the device */
#define IGB_GPIE	0x01514		/* general purpose interrupt enable */
#define IGB_GPIE_MSIX	0x00000010	/* MSI-X mode: EICR bit n is MSI-X vector n */
#define IGB_EICS	0x01520		/* extended interrupt cause set (igbvf: VTEICS, same offset) */
#define IGB_EIMS	0x01524
#define IGB_EIAC	0x0152c		/* auto-clear: the cause clears when its vector is sent */
#define IGB_EICR	0x01580
#define IGB_EITR0	0x01680		/* vector 0's throttle: 0, no moderation */
#define IXGBE_EICR	0x00800
#define IXGBE_EICS	0x00808
#define IXGBE_EIAC	0x00810
#define IXGBE_EITR0	0x00820
#define IXGBE_EIMS	0x00880
#define IXGBE_GPIE	0x00898
#define IXGBE_GPIE_MSIX	0x00000010

static const uint16_t edu_ids[] = { 0x11e8, 0 };
/* 82574L (QEMU's e1000e model), 82583V */
static const uint16_t e1000e_ids[] = { 0x10d3, 0x150c, 0 };
/* 82576 (QEMU's igb model), I350, I210, I211 */
static const uint16_t igb_ids[] = { 0x10c9, 0x1521, 0x1533, 0x1539, 0 };
/* 82576 VF (QEMU's igbvf), I350 VF */
static const uint16_t igbvf_ids[] = { 0x10ca, 0x1520, 0 };
/* 82599 SFP+ (X520), X520-DA2, X540-T2, X540-T1, X550-T2, X550-T1 */
static const uint16_t ixgbe_ids[] = { 0x10fb, 0x154d, 0x1528, 0x1560, 0x1563, 0x15d1, 0 };

/*
 * Auto-pick takes the first row with a free device present: the lab's edu,
 * then a virtual function (taking a VF leaves its PF, and the host's
 * traffic on it, alone), then whole NICs.
 */
static const struct vfio_device_kind kinds[] = {
	{
		.kind = "edu", .what = "QEMU's edu test device", .vendor = 0x1234, .devices = edu_ids,
		.recipe = {
			.bar = 0, .irq = VFIO_IRQ_MSI,
			.fire = { 0x60, 1 }, .has_ack = 1, .ack = { 0x64, 1 },
			.how = "raise-interrupt register 0x60, acked at 0x64 (MSI)",
		},
		.tested = "lab (QEMU 7.2 and 10.0)",
	},
	{
		/*
		 * An igb VF is MSI-X only; its VTE* registers sit where the PF's
		 * E* are and are routed by the PF to the VF's vectors, so the PF
		 * must be in MSI-X mode: its driver (igb) sets that up when it
		 * creates the VFs (sriov_numvfs).
		 */
		.kind = "igbvf", .what = "Intel 82576/I350 virtual function (igbvf)", .vendor = 0x8086,
		.devices = igbvf_ids,
		.recipe = {
			.bar = 0, .irq = VFIO_IRQ_MSIX, .nsetup = 3,
			.setup = { { IGB_EITR0, 0 }, { IGB_EIAC, 1 }, { IGB_EIMS, 1 } },
			.fire = { IGB_EICS, 1 }, .has_ack = 1, .ack = { IGB_EICR, 1 },
			.how = "VTEICS bit 0 -> MSI-X vector 0 (VTEIMS, VTEIAC set)",
		},
		.tested = "lab (QEMU 10.0's igb VF: sriov_numvfs by the PF's igb driver, its interface up)",
	},
	{
		.kind = "ixgbe", .what = "Intel 82599/X540/X550 10GbE (ixgbe)", .vendor = 0x8086,
		.devices = ixgbe_ids,
		.recipe = {
			.bar = 0, .irq = VFIO_IRQ_MSIX, .nsetup = 4,
			.setup = { { IXGBE_GPIE, IXGBE_GPIE_MSIX }, { IXGBE_EITR0, 0 },
				   { IXGBE_EIAC, 1 }, { IXGBE_EIMS, 1 } },
			.fire = { IXGBE_EICS, 1 }, .has_ack = 1, .ack = { IXGBE_EICR, 1 },
			.how = "EICS bit 0 -> MSI-X vector 0 (GPIE MSI-X mode, EIMS, EIAC set)",
		},
		.tested = "not here: no emulated model (Linux ixgbe's register map)",
	},
	{
		/*
		 * MSI-X mode, where EICS bit n raises vector n. (In MSI mode
		 * QEMU's igb takes EICS into EICR without raising anything;
		 * only ICS would.) GPIE first: EIAC and EIMS take MSI-X bits
		 * only once it is set.
		 */
		.kind = "igb", .what = "Intel 82576/I350/I210 GbE (igb)", .vendor = 0x8086,
		.devices = igb_ids,
		.recipe = {
			.bar = 0, .irq = VFIO_IRQ_MSIX, .nsetup = 4,
			.setup = { { IGB_GPIE, IGB_GPIE_MSIX }, { IGB_EITR0, 0 },
				   { IGB_EIAC, 1 }, { IGB_EIMS, 1 } },
			.fire = { IGB_EICS, 1 }, .has_ack = 1, .ack = { IGB_EICR, 1 },
			.how = "EICS bit 0 -> MSI-X vector 0 (GPIE MSI-X mode, EIMS, EIAC set)",
		},
		.tested = "lab (QEMU 10.0's igb, 82576)",
	},
	{
		/*
		 * MSI: ICS sets a cause, which interrupts when IMS enables it and
		 * ICR does not hold it already (the MSI goes on the cause's
		 * rising edge), so the ack clears it (ICR is write-1-to-clear).
		 * ITR 0 is no throttling on hardware. QEMU's model (10.0.2 too)
		 * keeps its ITR at 500 x 256 ns = 128 us at least whatever is
		 * written, and when that timer ends with the cause still in ICR
		 * it sends the MSI again: the guest then takes one interrupt
		 * twice (doc/paths.md). Clearing the cause right after ICS
		 * instead loses the interrupts the model held back for its timer.
		 */
		.kind = "e1000e", .what = "Intel 82574L/82583V GbE (e1000e)", .vendor = 0x8086,
		.devices = e1000e_ids,
		.recipe = {
			.bar = 0, .irq = VFIO_IRQ_MSI, .nsetup = 2,
			.setup = { { E1000_ITR, 0 }, { E1000_IMS, E1000_ICR_MDAC } },
			.fire = { E1000_ICS, E1000_ICR_MDAC }, .has_ack = 1, .ack = { E1000_ICR, E1000_ICR_MDAC },
			.how = "ICS cause MDAC -> MSI (ITR 0, IMS set, ICR cleared after each)",
		},
		.tested = "lab (QEMU 7.2 and 10.0's e1000e, 82574L)",
	},
};

#define NR_KINDS (int)(sizeof(kinds) / sizeof(kinds[0]))

const struct vfio_device_kind *vfio_kind_at(int i)
{
	return i >= 0 && i < NR_KINDS ? &kinds[i] : NULL;
}

const struct vfio_device_kind *vfio_kind_by_name(const char *kind)
{
	for (int i = 0; i < NR_KINDS; i++)
		if (!strcmp(kinds[i].kind, kind))
			return &kinds[i];
	return NULL;
}

const struct vfio_device_kind *vfio_kind_by_id(uint16_t vendor, uint16_t device)
{
	for (int i = 0; i < NR_KINDS; i++) {
		if (kinds[i].vendor != vendor)
			continue;
		for (const uint16_t *d = kinds[i].devices; *d; d++)
			if (*d == device)
				return &kinds[i];
	}
	return NULL;
}

const char *vfio_kind_names(void)
{
	static char names[128];

	if (!names[0])
		for (int i = 0; i < NR_KINDS; i++)
			snprintf(names + strlen(names), sizeof(names) - strlen(names), "%s%s",
				 i ? ", " : "", kinds[i].kind);
	return names;
}

const char *vfio_irq_name(enum vfio_irq_kind k)
{
	return k == VFIO_IRQ_MSIX ? "msix" : k == VFIO_IRQ_MSI ? "msi" : "msi-or-msix";
}

static int hex_run(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

int vfio_is_pci_address(const char *s)
{
	size_t len = strlen(s);

	/* BB:SS.F, or DDDD:BB:SS.F */
	if (len == 12 && hex_run(s, 4) && s[4] == ':')
		s += 5, len -= 5;
	return len == 7 && hex_run(s, 2) && s[2] == ':' && hex_run(s + 3, 2) && s[5] == '.' &&
	       s[6] >= '0' && s[6] <= '7';
}

static int number(const char **p, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!isdigit((unsigned char)**p))
		return -1;
	errno = 0;
	v = strtoull(*p, &end, 0);
	if (errno || end == *p || v > max || (*end && *end != ':'))
		return -1;
	*out = v;
	*p = *end ? end + 1 : end;
	return 0;
}

int vfio_trigger_parse(const char *arg, struct vfio_recipe *r, char *why, int why_len)
{
	uint64_t v[5];
	const char *p = arg;
	int n = 0;

	while (*p && n < 5) {
		if (number(&p, n == 0 ? 5 : n == 2 || n == 4 ? 0xffffffffu : 0xffffffffffffull, &v[n]))
			break;
		n++;
	}
	if (*p || (n != 3 && n != 5) || arg[strlen(arg) - 1] == ':') {
		snprintf(why, why_len, "--vfio-trigger: '%s' is not BAR:OFFSET:VALUE[:ACK_OFFSET:ACK_VALUE] "
			 "(BAR 0-5; numbers decimal or 0x hex, e.g. 0:0x60:1)", arg);
		return -1;
	}
	if (v[1] % 4 || (n == 5 && v[3] % 4)) {
		snprintf(why, why_len, "--vfio-trigger: '%s': register offsets must be 4-byte aligned "
			 "(the writes are 32-bit)", arg);
		return -1;
	}
	memset(r, 0, sizeof(*r));
	r->bar = (uint32_t)v[0];
	r->irq = VFIO_IRQ_AUTO;
	r->fire = (struct reg_write){ v[1], (uint32_t)v[2] };
	if (n == 5) {
		r->has_ack = 1;
		r->ack = (struct reg_write){ v[3], (uint32_t)v[4] };
	}
	r->how = "--vfio-trigger";
	return 0;
}

void vfio_recipe_describe(const struct vfio_recipe *r, char *buf, int size)
{
	int n = snprintf(buf, size, "BAR%u", r->bar);

	for (int i = 0; i < r->nsetup && n >= 0 && n < size; i++)
		n += snprintf(buf + n, size - n, " %s0x%llx=0x%x", i ? "" : "setup ",
			      (unsigned long long)r->setup[i].offset, r->setup[i].value);
	if (n >= 0 && n < size)
		n += snprintf(buf + n, size - n, " fire 0x%llx=0x%x",
			      (unsigned long long)r->fire.offset, r->fire.value);
	if (r->has_ack && n >= 0 && n < size)
		n += snprintf(buf + n, size - n, " ack 0x%llx=0x%x", (unsigned long long)r->ack.offset,
			      r->ack.value);
	if (n >= 0 && n < size)
		snprintf(buf + n, size - n, " %s[0]", vfio_irq_name(r->irq));
}

int vfio_netdev_flags_up(const char *flags_text)
{
	char *end;
	unsigned long flags = strtoul(flags_text, &end, 16);

	return end != flags_text && (flags & 0x1);	/* IFF_UP */
}
