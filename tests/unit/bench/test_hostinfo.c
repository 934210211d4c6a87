// SPDX-License-Identifier: GPL-2.0
/*
 * hostinfo_parse.c against the lines Debian's 6.1 and 6.12 arm64 kernels
 * print (doc/lab.md has them).
 */
#include <string.h>

#include "bt.h"
#include "hostinfo.h"

struct hi_case {
	const char *log, *cmdline;
	const char *gic, *hyp, *gicv4;
};

static const struct hi_case cases[] = {
	/* 6.1, GICv3, VHE */
	{ "[    0.000000] GICv3: 256 SPIs implemented\n"
	  "[    0.512000] kvm [1]: VHE mode initialized successfully\n",
	  "console=ttyAMA0", "v3", "vhe", "absent" },
	/* 6.1 nVHE */
	{ "GICv3: 256 SPIs implemented\nkvm [1]: Hyp mode initialized successfully\n",
	  "kvm-arm.mode=nvhe", "v3", "nvhe", "absent" },
	/* 6.1 protected */
	{ "GICv3: 256 SPIs\nkvm [1]: Protected nVHE mode initialized successfully\n",
	  "kvm-arm.mode=protected", "v3", "protected", "absent" },
	/* 6.12's nVHE and protected lines contain "VHE mode initialized" too */
	{ "GICv3: 256 SPIs\nkvm [1]: Hyp nVHE mode initialized successfully\n",
	  "", "v3", "nvhe", "absent" },
	{ "GICv3: 256 SPIs\nkvm [1]: Protected hVHE mode initialized successfully\n",
	  "", "v3", "protected", "absent" },
	{ "GICv3: 256 SPIs\nkvm [1]: VHE mode initialized successfully\n",
	  "", "v3", "vhe", "absent" },
	/* GICv4 in the lab, direct injection on and off */
	{ "GICv3: GICv4 features: DirectLPI \nkvm [1]: GICv4 support enabled\n",
	  "kvm-arm.vgic_v4_enable=1", "v4", "unknown", "enabled" },
	{ "GICv3: GICv4 features: DirectLPI \nkvm [1]: GICv4 support disabled\n",
	  "", "v4", "unknown", "disabled" },
	{ "GICv3: GICv4 features: DirectLPI RVPEID \nkvm [1]: GICv4.1 support enabled\n",
	  "", "v4.1", "unknown", "enabled" },
	/* GICv2 */
	{ "GIC: Using split EOI/Deactivate mode\n", "", "v2", "unknown", "absent" },
	/* Whole excerpts of lab boots (lab/run.sh --kernel 6.12 --hyp protected,
	 * --kernel 6.1 --hyp nvhe): 6.12's early "KVM in nVHE mode" and "VHE for
	 * hypervisor only" lines must not decide the mode. */
	{ "[    0.000000] Capping linear region to 51 bits for KVM in nVHE mode on LVA capable hardware.\n"
	  "[    0.000000] GICv3: 224 SPIs implemented\n"
	  "[    0.459012] CPU features: detected: VHE for hypervisor only\n"
	  "[    0.459043] CPU features: detected: Protected KVM\n"
	  "[    3.312671] kvm [1]: GICv3: no GICV resource entry\n"
	  "[    3.340021] kvm [1]: Protected hVHE mode initialized successfully\n",
	  "console=ttyAMA0 rdinit=/init panic=-1 nohz_full=1 rcu_nocbs=1 irqaffinity=0 "
	  "kvm-arm.mode=protected", "v3", "protected", "absent" },
	{ "[    0.000000] Capping linear region to 51 bits for KVM in nVHE mode on LVA capable hardware.\n"
	  "[    0.000000] GICv3: 224 SPIs implemented\n"
	  "[    2.898600] kvm [1]: Hyp nVHE mode initialized successfully\n",
	  "kvm-arm.mode=nvhe", "v3", "nvhe", "absent" },
	{ "[    0.000000] GICv3: 224 SPIs implemented\n"
	  "[    4.951078] kvm [1]: GICv3: no GICV resource entry\n"
	  "[    4.999190] kvm [1]: Hyp mode initialized successfully\n",
	  "kvm-arm.mode=nvhe", "v3", "nvhe", "absent" },
	/* a wrapped log: the command line still names the mode, the last one wins */
	{ "", "kvm-arm.mode=nvhe root=/dev/vda kvm-arm.mode=protected", "unknown", "protected", "absent" },
	{ "", "xkvm-arm.mode=nvhe", "unknown", "unknown", "absent" },
	/* no log at all */
	{ NULL, "quiet kvm-arm.mode=nvhe", "unknown", "nvhe", "absent" },
	/* the log beats the command line (the kernel may have refused the mode) */
	{ "kvm [1]: VHE mode initialized successfully\n", "kvm-arm.mode=protected",
	  "unknown", "vhe", "absent" },
};

void test_hostinfo(void)
{
	struct hostinfo hi;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct hi_case *c = &cases[i];

		memset(&hi, 'x', sizeof(hi));
		hostinfo_parse(&hi, c->log, c->cmdline);
		CHECKF(!strcmp(hi.gic, c->gic), "case %zu: gic %s, expected %s", i, hi.gic, c->gic);
		CHECKF(!strcmp(hi.hyp, c->hyp), "case %zu: hyp %s, expected %s", i, hi.hyp, c->hyp);
		CHECKF(!strcmp(hi.gicv4_kvm, c->gicv4), "case %zu: kvm_gicv4 %s, expected %s", i,
		       hi.gicv4_kvm, c->gicv4);
		CHECK_STR(hi.cmdline, c->cmdline);
	}
	hostinfo_parse(&hi, NULL, NULL);
	CHECK_STR(hi.cmdline, "");
	CHECK_STR(hi.hyp, "unknown");
}
