/* SPDX-License-Identifier: GPL-2.0 */
/* Facts about the host that change the numbers; they go into run.kv. */
#ifndef BENCH_HOSTINFO_H
#define BENCH_HOSTINFO_H

#include "rawout.h"

struct hostinfo {
	char gic[16];		/* v2, v3, v4, v4.1, unknown */
	char hyp[16];		/* vhe, nvhe, protected, unknown */
	char gicv4_kvm[16];	/* KVM's direct injection: enabled, disabled, absent */
	char cmdline[2048];
};

void hostinfo_probe(struct hostinfo *hi);
/* The facts from the kernel log (NULL: unreadable) and /proc/cmdline's line. */
void hostinfo_parse(struct hostinfo *hi, const char *log, const char *cmdline);
void hostinfo_to_kv(const struct hostinfo *hi, struct kv_out *kv);

#endif
