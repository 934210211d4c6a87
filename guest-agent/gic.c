// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>

#include "gic.h"

/*
 * Indexed by vqb_boot.gic_version (a GICv4 host gives its guests a v3; 0 is
 * no vGIC at all, which only soft-vi runs with).
 */
static const struct gic_ops *const gic_drivers[] = {
	[0] = &uirq_ops,
	[2] = &gicv2_ops,
	[3] = &gicv3_ops,
};

const struct gic_ops *gic_find(unsigned int version)
{
	if (version >= sizeof(gic_drivers) / sizeof(gic_drivers[0]))
		return NULL;
	return gic_drivers[version];
}
