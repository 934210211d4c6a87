/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Injection methods, one table row per path (the KVM selftests' vgic_irq
 * kvm_inject_desc idea). The cell runner knows nothing path-specific: it
 * asks the row what the VM needs, sets it up, and fires.
 */
#ifndef BENCH_INJECT_H
#define BENCH_INJECT_H

#include <stdint.h>

#include "kvm.h"

struct inject_ctx {
	struct vm *vm;
	uint32_t intid;
	uint32_t target_vcpu;
};

struct inject_method {
	const char *name;		/* the path's name on the command line and in results */
	enum vqb_path path;		/* what the agent is told */
	uint32_t default_intid;
	int (*fire)(struct inject_ctx *ctx);	/* the measured injection; 0 or -errno */
	int (*settle)(struct inject_ctx *ctx);	/* after the guest's EOI, off the measured path */
	const char *fire_call;		/* the ioctl fire() makes, for error messages */
};

const struct inject_method *inject_find(const char *name);
/* "a, b, c": for usage and error messages. */
const char *inject_names(void);

#endif
