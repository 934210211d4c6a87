// SPDX-License-Identifier: GPL-2.0
/* procirq.c: a device's host IRQ count, which v4-direct needs to stay still. */
#include <stdio.h>
#include <string.h>

#include "bt.h"
#include "procirq.h"

static long long count(const char *text, const char *name)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	long long n = procirq_count(f, name);

	fclose(f);
	return n;
}

void test_procirq(void)
{
	static const char interrupts[] =
		"           CPU0       CPU1       \n"
		" 11:      81344      79911     GICv3  27 Level     arch_timer\n"
		" 47:          3          0 ITS-MSI 16384 Edge      vfio-msi[0](0000:00:02.0)\n"
		" 48:         12         30 ITS-MSI 16385 Edge      vfio-msi[0](0000:00:03.0)\n"
		" 49:          0          0     GICv3  30 Level     vcpu\n"
		"IPI0:      1200       1100       Rescheduling interrupts\n";

	CHECK_INT(count(interrupts, "vfio-msi[0](0000:00:02.0)"), 3);
	/* both CPUs' columns, not the chip's hwirq number after them */
	CHECK_INT(count(interrupts, "vfio-msi[0](0000:00:03.0)"), 42);
	CHECK_INT(count(interrupts, "arch_timer"), 161255);
	CHECK_INT(count(interrupts, "vfio-msi[0](0000:00:04.0)"), -1);
	CHECK_INT(count("", "arch_timer"), -1);
	/* a counter wider than 32 bits */
	CHECK_INT(count(" 5: 4294967296 1 GICv3 27 Level arch_timer\n", "arch_timer"), 4294967297LL);
}
