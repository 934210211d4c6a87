/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which kernel this is, beyond its release: Debian's flavour, the
 * preemption model, and whether it was built with KVM at all. They go into
 * run.kv; a kernel without KVM is named before /dev/kvm is looked for.
 */
#ifndef BENCH_KERNELINFO_H
#define BENCH_KERNELINFO_H

#include <stddef.h>

struct kernelinfo {
	char release[128];	/* uname -r: 6.12.95+deb12-rt-arm64 */
	char flavour[64];	/* what follows the version and ABI: rt-arm64; "" */
	char preempt[16];	/* rt, full, dynamic, voluntary, none, unknown */
	char kvm_config[16];	/* CONFIG_KVM: y, m, n (not set), unknown */
	char config_source[256]; /* where the config was read, or "" */
};

/* Reads uname, then /boot/config-RELEASE or /proc/config.gz. */
void kernelinfo_probe(struct kernelinfo *ki);

/*
 * The text parts, unit-tested on the host.
 * Debian names a kernel VERSION-ABI-FLAVOUR (6.1.0-57-rt-arm64) or, from
 * 6.3 on, VERSION+debN-FLAVOUR (6.12.95+deb12-arm64); the flavour is "" for
 * a release with neither (6.6.0).
 */
void kernel_flavour_of(const char *release, char *buf, size_t size);
/* The value of NAME in a kernel .config ("y", "m", a string, "n" for
 * "# NAME is not set"), or NULL when the config does not mention it. */
const char *kernel_config_value(const char *config, const char *name, char *buf, size_t size);
/* From uname -v ("#1 SMP PREEMPT_RT ...") and, where uname cannot tell
 * none from voluntary, the config (NULL: unknown). */
const char *kernel_preempt_of(const char *uname_version, const char *config);

#endif
