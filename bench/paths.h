/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Injection paths, host side: one ops row each, keyed by the catalogue's id
 * (include/virqbench/paths.h has the path's name and facts; the KVM
 * selftests' kvm_inject_desc is the model). A row says how to prepare, arm,
 * fire and settle; the cell runner only calls hooks and knows nothing
 * path-specific.
 */
#ifndef BENCH_PATHS_H
#define BENCH_PATHS_H

#include <stdbool.h>
#include <stdint.h>

#include "kvm.h"
#include "path_catalogue.h"
#include "vdev.h"
#include "vfio.h"

/* The DeviceID/EventID the host signals and the agent maps to the LPI. */
#define PATH_ITS_DEVID		0x10
#define PATH_ITS_EVENTID	0

/* What a path reports of its own in cell.kv, beside what every cell does. */
#define PATH_MAX_RESULTS	8
struct path_result {
	const char *key;
	char value[160];
};

struct path_ctx {
	struct vm *vm;
	struct vqb_shared *sh;
	uint32_t intid;
	uint32_t target_vcpu;
	uint32_t sender_vcpu;
	bool wfi;			/* the target idles in WFI between interrupts */
	bool its;			/* --gic v3-its: the VM has an ITS; an SPI_OR_LPI path takes the LPI */
	int injector_cpu;		/* the host CPU of bench/'s own threads, -1: unpinned */
	const char *vfio_spec;		/* --vfio-device: a kind or a PCI address, NULL: the first known device */
	const struct vfio_recipe *vfio_trigger;	/* --vfio-trigger, NULL: the device table's */
	uint64_t seq;			/* the interrupt being injected */
	int efd;			/* lr-irqfd: the eventfd KVM_IRQFD listens on */
	uint32_t gsi;
	struct vfio_dev *vfio;		/* v4-direct */
	long long host_irq_before;	/* v4-direct: the device's host IRQ count */
	struct vdev *vdev;		/* vmm-*: bench/'s emulated device */
	uint64_t handler_delay;		/* --delay vmm-handler: ticks between t_handler and t_answer */
	struct path_result results[PATH_MAX_RESULTS];
	int nr_results;
	char why[512];			/* what failed, for the cell's error */
};

struct path {
	const struct vqb_path_info *pi;	/* the catalogue's row: name, INTID, vCPUs, need */
	enum vqb_path id;
	/*
	 * The guest paces itself between interrupts (vtimer arms its timer,
	 * then sleeps): bench/ neither waits for it to sleep nor counts WFI
	 * traps.
	 */
	bool self_idling;
	/* It borrows a real PCI device: a run makes its cells once per --vfio-device. */
	bool takes_device;
	/* Before the VM exists: claim what lies outside it. 0 or -1 with ctx->why. */
	int (*open)(struct path_ctx *ctx);
	/* After the vGIC exists, before any vCPU runs: 0 or -1 with ctx->why. */
	int (*prepare)(struct path_ctx *ctx);
	/* The path's own fields of the agent's boot block. */
	void (*boot)(struct path_ctx *ctx, struct vqb_boot *boot);
	/* After the agent is ready (its ITS is mapped): 0 or -1 with ctx->why. */
	int (*arm)(struct path_ctx *ctx);
	/* The measured injection, right after the t_inject stamp: 0 or -errno. */
	int (*fire)(struct path_ctx *ctx);
	/* After the guest's EOI, off the measured path: 0 or -errno. */
	int (*settle)(struct path_ctx *ctx);
	/*
	 * After interrupt ctx->seq was taken: the host stamps of its way
	 * through bench/ (host.tsv's t_handler, t_answer); false for none.
	 */
	bool (*stamps)(struct path_ctx *ctx, uint64_t *t_handler, uint64_t *t_answer);
	/* After the last interrupt, while everything still exists: path_report() what it saw. */
	void (*finish)(struct path_ctx *ctx);
	void (*release)(struct path_ctx *ctx);
	const char *fire_call;		/* the call fire() makes, for messages */
};

/* NULL for a name no catalogue row has. */
const struct path *path_by_name(const char *name);
/* Row i in catalogue order, NULL past the end. */
const struct path *path_at(int i);
/* "a, b, c": for usage and error messages. */
const char *path_names(void);
/* Records a path's own result for cell.kv. */
void path_report(struct path_ctx *ctx, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
