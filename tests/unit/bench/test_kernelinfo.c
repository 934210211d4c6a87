// SPDX-License-Identifier: GPL-2.0
/*
 * kernelinfo.c against what Debian's arm64 kernels say: uname -r and -v of
 * 6.1, 6.1 RT, 6.12 and 6.12 RT as booted in the lab, and lines of their
 * packaged config-* files.
 */
#include <string.h>

#include "bt.h"
#include "kernelinfo.h"

static const struct {
	const char *release, *flavour;
} releases[] = {
	{ "6.1.0-57-arm64", "arm64" },
	{ "6.1.0-57-rt-arm64", "rt-arm64" },
	{ "6.12.95+deb12-arm64", "arm64" },
	{ "6.12.95+deb12-rt-arm64", "rt-arm64" },
	{ "6.8.0-1010-aws", "aws" },
	{ "6.6.0", "" },
	{ "6.10.0-rc3", "rc3" },
	{ "", "" },
};

/* Lines as Debian's config-* files have them. */
static const char cfg_61_rt[] =
	"CONFIG_PREEMPT_RT=y\n"
	"CONFIG_VIRTUALIZATION=y\n"
	"# CONFIG_KVM is not set\n"
	"CONFIG_KVM_ARM_HOST_X=y\n";
static const char cfg_612[] =
	"# CONFIG_PREEMPT_NONE is not set\n"
	"CONFIG_PREEMPT_VOLUNTARY=y\n"
	"# CONFIG_PREEMPT is not set\n"
	"CONFIG_KVM_MMIO=y\n"
	"CONFIG_KVM=y";
static const char cfg_none[] = "CONFIG_PREEMPT_NONE=y\nCONFIG_KVM=m\n";

void test_kernelinfo(void)
{
	char buf[64];

	for (size_t i = 0; i < sizeof(releases) / sizeof(releases[0]); i++) {
		kernel_flavour_of(releases[i].release, buf, sizeof(buf));
		CHECKF(!strcmp(buf, releases[i].flavour), "flavour of '%s': '%s', expected '%s'",
		       releases[i].release, buf, releases[i].flavour);
	}

	CHECK_STR(kernel_config_value(cfg_61_rt, "CONFIG_KVM", buf, sizeof(buf)), "n");
	CHECK_STR(kernel_config_value(cfg_612, "CONFIG_KVM", buf, sizeof(buf)), "y");
	CHECK_STR(kernel_config_value(cfg_none, "CONFIG_KVM", buf, sizeof(buf)), "m");
	CHECK_STR(kernel_config_value(cfg_612, "CONFIG_PREEMPT", buf, sizeof(buf)), "n");
	CHECK(!kernel_config_value(cfg_612, "CONFIG_KVM_ARM", buf, sizeof(buf)));
	CHECK(!kernel_config_value("", "CONFIG_KVM", buf, sizeof(buf)));

	/* uname -v as the lab's kernels print it */
	CHECK_STR(kernel_preempt_of("#1 SMP PREEMPT_RT Debian 6.12.95-1~bpo12+1 (2026-07-05)", NULL),
		  "rt");
	CHECK_STR(kernel_preempt_of("#1 SMP PREEMPT_RT Debian 6.1.192-3 (2026-11-26)", cfg_61_rt),
		  "rt");
	CHECK_STR(kernel_preempt_of("#1 SMP Debian 6.12.95-1~bpo12+1 (2026-07-05)", cfg_612),
		  "voluntary");
	CHECK_STR(kernel_preempt_of("#1 SMP Debian 6.1.192-3 (2026-11-26)", NULL), "unknown");
	CHECK_STR(kernel_preempt_of("#1 SMP PREEMPT_DYNAMIC Fri Jan  5 2024", NULL), "dynamic");
	CHECK_STR(kernel_preempt_of("#1 SMP PREEMPT Thu Mar 7 2024", NULL), "full");
	CHECK_STR(kernel_preempt_of("#1 SMP Thu Mar 7 2024", cfg_none), "none");
}

