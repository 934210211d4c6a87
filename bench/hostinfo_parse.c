// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel said at boot, and what it was told, read as the host's
 * GIC, hyp mode and GICv4 state. Text in, facts out: hostinfo.c fetches the
 * text, the unit tests feed it the lines real kernels print.
 */
#include <stdio.h>
#include <string.h>

#include "hostinfo.h"
#include "util.h"

/* First match wins; the longer, more specific lines come first. */
static const struct {
	const char *line, *mode;
} hyp_lines[] = {
	/* 6.1: "Protected nVHE mode initialized successfully" */
	{ "Protected nVHE mode initialized", "protected" },
	/* 6.12 also runs pKVM with VHE at EL2 (hVHE) */
	{ "Protected hVHE mode initialized", "protected" },
	/* 6.12: "Hyp nVHE mode ..." ("Hyp hVHE" is nVHE's KVM with VHE's EL2 layout) */
	{ "Hyp nVHE mode initialized", "nvhe" },
	{ "Hyp hVHE mode initialized", "nvhe" },
	/* 6.1's nVHE */
	{ "Hyp mode initialized", "nvhe" },
	/* Last: every line above contains "VHE mode initialized" too. */
	{ "VHE mode initialized", "vhe" },
};

static const char *hyp_from_log(const char *log)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hyp_lines); i++)
		if (strstr(log, hyp_lines[i].line))
			return hyp_lines[i].mode;
	return NULL;
}

/* The kernel takes the last kvm-arm.mode= of its command line. */
static void hyp_from_cmdline(const char *cmdline, char *buf, size_t size)
{
	static const char key[] = "kvm-arm.mode=";
	const char *p, *last = NULL;

	for (p = cmdline; (p = strstr(p, key)); p += strlen(key))
		if (p == cmdline || p[-1] == ' ')
			last = p + strlen(key);
	if (last)
		snprintf(buf, size, "%.*s", (int)strcspn(last, " "), last);
}

void hostinfo_parse(struct hostinfo *hi, const char *log, const char *cmdline)
{
	const char *hyp = log ? hyp_from_log(log) : NULL;

	snprintf(hi->cmdline, sizeof(hi->cmdline), "%s", cmdline ? cmdline : "");
	snprintf(hi->gic, sizeof(hi->gic), "unknown");
	snprintf(hi->hyp, sizeof(hi->hyp), "%s", hyp ? hyp : "unknown");
	snprintf(hi->gicv4_kvm, sizeof(hi->gicv4_kvm), "absent");
	if (log) {
		/* The GICv3 driver prints "GICv4 features" on a v4 GIC; KVM then says
		 * "GICv4[.1] support enabled/disabled" (kvm-arm.vgic_v4_enable). */
		if (strstr(log, "GICv4.1"))
			snprintf(hi->gic, sizeof(hi->gic), "v4.1");
		else if (strstr(log, "GICv4 features") || strstr(log, "GICv4 support"))
			snprintf(hi->gic, sizeof(hi->gic), "v4");
		else if (strstr(log, "GICv3: "))
			snprintf(hi->gic, sizeof(hi->gic), "v3");
		else if (strstr(log, "GIC: ") || strstr(log, "GICv2"))
			snprintf(hi->gic, sizeof(hi->gic), "v2");

		if (strstr(log, "GICv4 support enabled") || strstr(log, "GICv4.1 support enabled"))
			snprintf(hi->gicv4_kvm, sizeof(hi->gicv4_kvm), "enabled");
		else if (strstr(log, "GICv4 support disabled") || strstr(log, "GICv4.1 support disabled"))
			snprintf(hi->gicv4_kvm, sizeof(hi->gicv4_kvm), "disabled");
	}
	/* The log may have wrapped on a long-running host; the command line has not. */
	if (!hyp)
		hyp_from_cmdline(hi->cmdline, hi->hyp, sizeof(hi->hyp));
}
