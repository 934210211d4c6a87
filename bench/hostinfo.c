// SPDX-License-Identifier: GPL-2.0
/*
 * The host's GIC and hyp mode are read from what the kernel said at boot
 * (the kernel log) and what it was told (the command line); neither is
 * visible to user space any other way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "clock.h"
#include "hostinfo.h"
#include "kernelinfo.h"

static void read_line(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	if (fgets(buf, size, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

static char *kernel_log(void)
{
	int size = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *buf;
	int n;

	if (size <= 0)
		return NULL;
	buf = malloc(size + 1);
	if (!buf)
		return NULL;
	n = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, size);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

void hostinfo_probe(struct hostinfo *hi)
{
	char *log = kernel_log();
	const char *mode;

	read_line("/proc/cmdline", hi->cmdline, sizeof(hi->cmdline));
	snprintf(hi->gic, sizeof(hi->gic), "unknown");
	snprintf(hi->hyp, sizeof(hi->hyp), "unknown");
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
		/* 6.1: "Protected nVHE", "VHE", "Hyp mode initialized"; 6.12: "Protected
		 * hVHE", "VHE", "Hyp nVHE mode initialized" (protected and nVHE contain
		 * "VHE mode initialized" too). */
		if (strstr(log, "Protected nVHE mode initialized") ||
		    strstr(log, "Protected hVHE mode initialized"))
			snprintf(hi->hyp, sizeof(hi->hyp), "protected");
		else if (strstr(log, "Hyp mode initialized") || strstr(log, "Hyp nVHE mode initialized") ||
			 strstr(log, "Hyp hVHE mode initialized"))
			snprintf(hi->hyp, sizeof(hi->hyp), "nvhe");
		else if (strstr(log, "VHE mode initialized"))
			snprintf(hi->hyp, sizeof(hi->hyp), "vhe");
		free(log);
	}
	/* The log may have wrapped on a long-running host; the command line has not. */
	mode = strstr(hi->cmdline, "kvm-arm.mode=");
	if (!strcmp(hi->hyp, "unknown") && mode) {
		mode += strlen("kvm-arm.mode=");
		snprintf(hi->hyp, sizeof(hi->hyp), "%.*s", (int)strcspn(mode, " "), mode);
	}
}

void hostinfo_to_kv(const struct hostinfo *hi, struct kv *kv)
{
	struct kernelinfo ki;
	struct utsname u;
	char buf[256];

	if (!uname(&u)) {
		kv_set(kv, "hostname", "%s", u.nodename);
		kv_set(kv, "uname_release", "%s", u.release);
		kv_set(kv, "uname_version", "%s", u.version);
		kv_set(kv, "uname_machine", "%s", u.machine);
	}
	kernelinfo_probe(&ki);
	kv_set(kv, "kernel_flavour", "%s", ki.flavour);
	kv_set(kv, "kernel_preempt", "%s", ki.preempt);
	kv_set(kv, "kernel_kvm_config", "%s", ki.kvm_config);
	kv_set(kv, "kernel_cmdline", "%s", hi->cmdline);
	kv_set(kv, "host_gic", "%s", hi->gic);
	kv_set(kv, "hyp_mode", "%s", hi->hyp);
	kv_set(kv, "kvm_gicv4", "%s", hi->gicv4_kvm);
	kv_set_u64(kv, "cntfrq", counter_freq());
	read_line("/sys/module/kvm/parameters/halt_poll_ns", buf, sizeof(buf));
	kv_set(kv, "halt_poll_ns", "%s", buf[0] ? buf : "unknown");
	kv_set_u64(kv, "online_cpus", sysconf(_SC_NPROCESSORS_ONLN));
}
