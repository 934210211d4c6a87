// SPDX-License-Identifier: GPL-2.0
/*
 * The host's GIC and hyp mode are read from what the kernel said at boot
 * (the kernel log) and what it was told (the command line); neither is
 * visible to user space any other way. This file fetches that text;
 * hostinfo_parse.c reads it.
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
	char *log = kernel_log(), cmdline[sizeof(hi->cmdline)];

	read_line("/proc/cmdline", cmdline, sizeof(cmdline));
	hostinfo_parse(hi, log, cmdline);
	free(log);
}

void hostinfo_to_kv(const struct hostinfo *hi, struct kv_out *kv)
{
	struct kernelinfo ki;
	struct utsname u;
	char buf[256];

	if (!uname(&u)) {
		kvo_set(kv, "hostname", "%s", u.nodename);
		kvo_set(kv, "uname_release", "%s", u.release);
		kvo_set(kv, "uname_version", "%s", u.version);
		kvo_set(kv, "uname_machine", "%s", u.machine);
	}
	kernelinfo_probe(&ki);
	kvo_set(kv, "kernel_flavour", "%s", ki.flavour);
	kvo_set(kv, "kernel_preempt", "%s", ki.preempt);
	kvo_set(kv, "kernel_kvm_config", "%s", ki.kvm_config);
	kvo_set(kv, "kernel_cmdline", "%s", hi->cmdline);
	kvo_set(kv, "host_gic", "%s", hi->gic);
	kvo_set(kv, "hyp_mode", "%s", hi->hyp);
	kvo_set(kv, "kvm_gicv4", "%s", hi->gicv4_kvm);
	kvo_set_u64(kv, "cntfrq", counter_freq());
	read_line("/sys/module/kvm/parameters/halt_poll_ns", buf, sizeof(buf));
	kvo_set(kv, "halt_poll_ns", "%s", buf[0] ? buf : "unknown");
	kvo_set_u64(kv, "online_cpus", sysconf(_SC_NPROCESSORS_ONLN));
}
