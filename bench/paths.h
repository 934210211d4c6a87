/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Injection paths, one table row each (the KVM selftests' kvm_inject_desc
 * idea). A row says what its VM needs and how to prepare, arm, fire and
 * settle; the cell runner knows nothing path-specific.
 */
#ifndef BENCH_PATHS_H
#define BENCH_PATHS_H

#include <stdint.h>

#include "kvm.h"
#include "vfio.h"

/* The DeviceID/EventID the host signals and the agent maps to the LPI. */
#define PATH_ITS_DEVID		0x10
#define PATH_ITS_EVENTID	0

/* What a path needs from the host, in increasing order. */
enum path_need {
	NEED_KVM,		/* any KVM: no vGIC at all (soft-vi) */
	NEED_VGIC,		/* an in-kernel vGIC, v2 or v3 */
	NEED_VGIC_V3,		/* a vGICv3 (the ITS is then always available) */
	NEED_GICV4,		/* a GICv4 host with direct injection on, and a device */
};

struct path_ctx {
	struct vm *vm;
	struct vqb_shared *sh;
	uint32_t intid;
	uint32_t target_vcpu;
	uint32_t sender_vcpu;
	uint64_t seq;			/* the interrupt being injected */
	int efd;			/* lr-irqfd: the eventfd KVM_IRQFD listens on */
	uint32_t gsi;
	struct vfio_dev *vfio;		/* v4-direct */
	long long host_irq_before;	/* v4-direct: the device's host IRQ count */
	char why[512];			/* what failed, for the cell's error */
};

struct path {
	const char *name;		/* on the command line and in results */
	enum vqb_path agent_path;	/* what the agent is told */
	enum path_need need;
	uint32_t intid;			/* the INTID the guest takes */
	int nr_vcpus;
	int guest_originated;		/* sgi, vtimer: fire() only asks the guest */
	/* After the vGIC exists, before any vCPU runs: 0 or -1 with ctx->why. */
	int (*prepare)(struct path_ctx *ctx);
	/* After the agent is ready (its ITS is mapped): 0 or -1 with ctx->why. */
	int (*arm)(struct path_ctx *ctx);
	/* The measured injection, right after the t_inject stamp: 0 or -errno. */
	int (*fire)(struct path_ctx *ctx);
	/* After the guest's EOI, off the measured path: 0 or -errno. */
	int (*settle)(struct path_ctx *ctx);
	void (*release)(struct path_ctx *ctx);
	const char *fire_call;		/* the call fire() makes, for messages */
};

const struct path *path_find(const char *name);
const struct path *path_at(int i);	/* NULL past the end */
/* "a, b, c": for usage and error messages. */
const char *path_names(void);

#endif
