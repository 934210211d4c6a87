// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "clock.h"
#include "paths.h"
#include "uirq.h"

#define V4_GSI		256	/* the routing entry of the device's MSI */
#define VMM_GSI		257	/* the routing entry of vdev's MSI (vmm-* with an ITS) */

/*
 * lr-line: KVM_IRQ_LINE on an SPI of the in-kernel vGIC, which queues it
 * and kicks the target vCPU; KVM puts it in a list register on entry. The
 * agent makes the SPI edge-triggered, so each rising edge is one interrupt;
 * settle() lowers the line again, which keeps the next edge valid even if
 * a guest had left it level-sensitive.
 */
static int lr_line_fire(struct path_ctx *ctx)
{
	return __vm_irq_line(ctx->vm, KVM_ARM_IRQ_TYPE_SPI, 0, ctx->intid, 1);
}

static int lr_line_settle(struct path_ctx *ctx)
{
	return __vm_irq_line(ctx->vm, KVM_ARM_IRQ_TYPE_SPI, 0, ctx->intid, 0);
}

/*
 * lr-irqfd: how vhost and VFIO inject. The vGIC's default routing maps GSI
 * n to SPI 32 + n; KVM_IRQFD makes a write to the eventfd raise and lower
 * that GSI from KVM's irqfd work item, an edge per write.
 */
static int lr_irqfd_prepare(struct path_ctx *ctx)
{
	int r;

	ctx->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ctx->efd < 0) {
		snprintf(ctx->why, sizeof(ctx->why), "eventfd: %s", strerror(errno));
		return -1;
	}
	ctx->gsi = ctx->intid - 32;
	r = __vm_irqfd(ctx->vm, ctx->efd, ctx->gsi);
	if (r) {
		snprintf(ctx->why, sizeof(ctx->why), "KVM_IRQFD (GSI %u): %s", ctx->gsi, strerror(-r));
		return -1;
	}
	return 0;
}

static int lr_irqfd_fire(struct path_ctx *ctx)
{
	uint64_t one = 1;

	return write(ctx->efd, &one, sizeof(one)) == sizeof(one) ? 0 : -errno;
}

static void lr_irqfd_release(struct path_ctx *ctx)
{
	if (ctx->efd >= 0) {
		__vm_irqfd_deassign(ctx->vm, ctx->efd, ctx->gsi);
		close(ctx->efd);
		ctx->efd = -1;
	}
}

/*
 * lr-msi: a write to the emulated ITS's GITS_TRANSLATER, as a device would
 * make; KVM translates DeviceID/EventID through the tables the agent set
 * up and puts the LPI in a list register.
 */
static int its_prepare(struct path_ctx *ctx)
{
	int r = vgic_its_create(ctx->vm, VQB_ITS_BASE);

	if (r)
		snprintf(ctx->why, sizeof(ctx->why), "cannot create the vITS: %s", strerror(-r));
	return r ? -1 : 0;
}

static void its_boot(struct path_ctx *ctx, struct vqb_boot *boot)
{
	boot->its_devid = PATH_ITS_DEVID;
	boot->its_eventid = PATH_ITS_EVENTID;
}

static int lr_msi_fire(struct path_ctx *ctx)
{
	return __vm_signal_msi(ctx->vm, PATH_ITS_DEVID, PATH_ITS_EVENTID);
}

/*
 * v4-direct: the device's MSI goes to an eventfd (VFIO) that KVM_IRQFD
 * routes, as an MSI to the vITS, to the guest's LPI. When both ends meet on
 * one eventfd, KVM asks the GICv4 to map the device's real LPI to the
 * guest's vLPI: from then on the hardware delivers it, with no exit while
 * the vCPU is resident. This wiring must come after the agent mapped the
 * DeviceID/EventID in its ITS, or KVM has nothing to forward to.
 */
static int v4_open(struct path_ctx *ctx)
{
	return vfio_find(ctx->vfio, ctx->vfio_spec, ctx->vfio_trigger, ctx->why,
			 sizeof(ctx->why)) ? -1 : 0;
}

static int v4_arm(struct path_ctx *ctx)
{
	char how[160];
	int r;

	/* Which device and how it is driven: provenance, even if the cell fails later. */
	path_report(ctx, "device", "%s", ctx->vfio->bdf);
	path_report(ctx, "device_kind", "%s", ctx->vfio->kind ? ctx->vfio->kind->kind : "unknown");
	path_report(ctx, "device_id", "%04x:%04x", ctx->vfio->vendor, ctx->vfio->device_id);
	if (vfio_acquire(ctx->vfio, ctx->why, sizeof(ctx->why)))
		return -1;
	vfio_recipe_describe(&ctx->vfio->recipe, how, sizeof(how));
	path_report(ctx, "device_trigger", "%s%s", ctx->vfio_trigger ? "--vfio-trigger " : "", how);
	path_report(ctx, "device_irq", "%s", ctx->vfio->irq_name);
	r = __vm_set_msi_route(ctx->vm, V4_GSI, PATH_ITS_DEVID, PATH_ITS_EVENTID);
	if (r) {
		snprintf(ctx->why, sizeof(ctx->why), "KVM_SET_GSI_ROUTING (MSI entry): %s",
			 strerror(-r));
		return -1;
	}
	r = __vm_irqfd(ctx->vm, ctx->vfio->efd, V4_GSI);
	if (r) {
		snprintf(ctx->why, sizeof(ctx->why), "KVM_IRQFD on the device's MSI eventfd: %s",
			 strerror(-r));
		return -1;
	}
	ctx->host_irq_before = vfio_host_irq_count(ctx->vfio);
	return 0;
}

static int v4_fire(struct path_ctx *ctx)
{
	return vfio_fire(ctx->vfio);
}

static int v4_settle(struct path_ctx *ctx)
{
	vfio_ack(ctx->vfio);
	return 0;
}

/* Direct injection bypasses the host: its IRQ for the device must not count. */
static void v4_finish(struct path_ctx *ctx)
{
	long long after;

	if (ctx->host_irq_before < 0)
		return;
	after = vfio_host_irq_count(ctx->vfio);
	path_report(ctx, "device_host_irqs", "%lld", after >= 0 ? after - ctx->host_irq_before : -1);
}

static void v4_release(struct path_ctx *ctx)
{
	if (ctx->vfio->efd >= 0)
		__vm_irqfd_deassign(ctx->vm, ctx->vfio->efd, V4_GSI);
	vfio_release(ctx->vfio);
}

/* soft-vi: HCR_EL2.VI through KVM_IRQ_LINE; the guest acks at bench/'s uirq. */
static int soft_vi_prepare(struct path_ctx *ctx)
{
	uirq_init(ctx->vm, ctx->intid);
	return 0;
}

static void soft_vi_boot(struct path_ctx *ctx, struct vqb_boot *boot)
{
	boot->uirq_base = VQB_UIRQ_BASE;
}

static int soft_vi_fire(struct path_ctx *ctx)
{
	return uirq_raise(ctx->vm, ctx->target_vcpu);
}

/* sgi, vtimer: the guest raises the interrupt; bench/ only says when. */
static int guest_trigger_fire(struct path_ctx *ctx)
{
	__atomic_store_n(&ctx->sh->trigger, ctx->seq + 1, __ATOMIC_RELEASE);
	return 0;
}

/* vtimer: long enough in WFI for KVM to stop halt-polling and sleep. */
static void vtimer_boot(struct path_ctx *ctx, struct vqb_boot *boot)
{
	boot->timer_delay = ctx->wfi ? counter_freq() / 200 : counter_freq() / 10000;
	path_report(ctx, "timer_delay_ticks", "%llu", (unsigned long long)boot->timer_delay);
}

/*
 * vmm-mmio, vmm-ioeventfd: the guest's sender vCPU rings vdev's doorbell
 * when bench/ bumps the trigger; bench/ answers with an irqfd write (vdev.c).
 * Without an ITS the irqfd raises SPI boot.intid (GSI intid - 32 in the
 * vGIC's default routing); with one, an MSI route to the vITS the ITS
 * paths' prepare creates, and the agent maps it to the LPI.
 */
static int vmm_open(struct path_ctx *ctx)
{
	ctx->vdev = calloc(1, sizeof(*ctx->vdev));
	if (!ctx->vdev) {
		snprintf(ctx->why, sizeof(ctx->why), "out of memory");
		return -1;
	}
	ctx->vdev->irq_efd = ctx->vdev->bell_efd = -1;
	ctx->vdev->handler_delay = ctx->handler_delay;
	return 0;
}

static int vmm_prepare_irq(struct path_ctx *ctx)
{
	uint32_t gsi = ctx->intid - 32;
	int r;

	if (ctx->its) {
		if (its_prepare(ctx))
			return -1;
		gsi = VMM_GSI;
		r = __vm_set_msi_route(ctx->vm, gsi, PATH_ITS_DEVID, PATH_ITS_EVENTID);
		if (r) {
			snprintf(ctx->why, sizeof(ctx->why), "KVM_SET_GSI_ROUTING (MSI entry): %s",
				 strerror(-r));
			return -1;
		}
	}
	return vdev_open(ctx->vdev, ctx->vm, gsi, ctx->why, sizeof(ctx->why));
}

static int vmm_ioeventfd_prepare(struct path_ctx *ctx)
{
	if (vmm_prepare_irq(ctx))
		return -1;
	return vdev_ioeventfd_start(ctx->vdev, ctx->injector_cpu, ctx->why, sizeof(ctx->why));
}

static void vmm_boot(struct path_ctx *ctx, struct vqb_boot *boot)
{
	boot->vdev_base = VQB_VDEV_BASE;
	if (ctx->its)
		its_boot(ctx, boot);
}

static int vmm_settle(struct path_ctx *ctx)
{
	return atomic_load(&ctx->vdev->failed) ? -EIO : 0;
}

static bool vmm_stamps(struct path_ctx *ctx, uint64_t *t_handler, uint64_t *t_answer)
{
	return vdev_stamps(ctx->vdev, t_handler, t_answer);
}

static void vmm_finish(struct path_ctx *ctx)
{
	/* The device's own thread: part of the path, not a disturbance of it (analysis/suite_window.h). */
	if (atomic_load(&ctx->vdev->backend_tid))
		path_report(ctx, "device_tid", "%d", atomic_load(&ctx->vdev->backend_tid));
	if (atomic_load(&ctx->vdev->failed))
		path_report(ctx, "vdev_error", "%s", ctx->vdev->error);
}

static void vmm_release(struct path_ctx *ctx)
{
	if (!ctx->vdev)
		return;
	vdev_close(ctx->vdev);
	free(ctx->vdev);
	ctx->vdev = NULL;
}

static struct path rows[] = {
	{
		.id = VQB_PATH_SOFT_VI,
		.prepare = soft_vi_prepare, .boot = soft_vi_boot, .fire = soft_vi_fire,
		.fire_call = "KVM_IRQ_LINE (CPU IRQ)",
	},
	{
		.id = VQB_PATH_LR_LINE,
		.fire = lr_line_fire, .settle = lr_line_settle,
		.fire_call = "KVM_IRQ_LINE (SPI)",
	},
	{
		.id = VQB_PATH_LR_IRQFD,
		.prepare = lr_irqfd_prepare, .fire = lr_irqfd_fire, .release = lr_irqfd_release,
		.fire_call = "write to the irqfd's eventfd",
	},
	{
		.id = VQB_PATH_LR_MSI,
		.prepare = its_prepare, .boot = its_boot, .fire = lr_msi_fire,
		.fire_call = "KVM_SIGNAL_MSI",
	},
	{
		.id = VQB_PATH_V4_DIRECT, .takes_device = true,
		.open = v4_open, .prepare = its_prepare, .boot = its_boot, .arm = v4_arm,
		.fire = v4_fire, .settle = v4_settle, .finish = v4_finish, .release = v4_release,
		.fire_call = "the device's trigger register",
	},
	{
		.id = VQB_PATH_SGI,
		.fire = guest_trigger_fire,
		.fire_call = "the SGI trigger",
	},
	{
		.id = VQB_PATH_VTIMER,
		.self_idling = true, .boot = vtimer_boot, .fire = guest_trigger_fire,
		.fire_call = "the timer trigger",
	},
	{
		.id = VQB_PATH_VMM_MMIO,
		.open = vmm_open, .prepare = vmm_prepare_irq, .boot = vmm_boot,
		.fire = guest_trigger_fire, .settle = vmm_settle, .stamps = vmm_stamps,
		.finish = vmm_finish, .release = vmm_release,
		.fire_call = "the doorbell trigger",
	},
	{
		.id = VQB_PATH_VMM_IOEVENTFD,
		.open = vmm_open, .prepare = vmm_ioeventfd_prepare, .boot = vmm_boot,
		.fire = guest_trigger_fire, .settle = vmm_settle, .stamps = vmm_stamps,
		.finish = vmm_finish, .release = vmm_release,
		.fire_call = "the doorbell trigger",
	},
};

/* Joins each row to its catalogue entry, once; a row without one is a build mistake. */
static struct path *row_of(const struct vqb_path_info *pi)
{
	if (!pi)
		return NULL;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (rows[i].id == pi->id) {
			rows[i].pi = pi;
			return &rows[i];
		}
	return NULL;
}

/* A catalogue path without a row here is this build's mistake, never a user's: stop loudly. */
static const struct path *must_row(const struct vqb_path_info *pi)
{
	const struct path *p = row_of(pi);

	if (pi && !p) {
		fprintf(stderr, "virqbench: internal error: path %s is in the catalogue but bench/paths.c has no row for it\n",
			pi->name);
		abort();
	}
	return p;
}

const struct path *path_at(int i)
{
	return i >= 0 ? must_row(catalogue_at((size_t)i)) : NULL;
}

const struct path *path_by_name(const char *name)
{
	return must_row(catalogue_by_name(name));
}

const char *path_names(void)
{
	return catalogue_names(", ");
}

void path_report(struct path_ctx *ctx, const char *key, const char *fmt, ...)
{
	struct path_result *r;
	va_list ap;

	if (ctx->nr_results >= PATH_MAX_RESULTS)
		return;
	r = &ctx->results[ctx->nr_results++];
	r->key = key;
	va_start(ap, fmt);
	vsnprintf(r->value, sizeof(r->value), fmt, ap);
	va_end(ap);
}
