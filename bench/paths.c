// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "paths.h"
#include "uirq.h"

#define GITS_TRANSLATER	0x10040	/* where an MSI to the ITS is written */
#define ITS_DEVID	PATH_ITS_DEVID
#define ITS_EVENTID	PATH_ITS_EVENTID
#define LPI_INTID	8192	/* the first LPI */
#define V4_GSI		256	/* the routing entry of the device's MSI */

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
	struct kvm_irqfd irqfd;

	ctx->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (ctx->efd < 0) {
		snprintf(ctx->why, sizeof(ctx->why), "eventfd: %s", strerror(errno));
		return -1;
	}
	ctx->gsi = ctx->intid - 32;
	irqfd = (struct kvm_irqfd){ .fd = ctx->efd, .gsi = ctx->gsi };
	if (ioctl(ctx->vm->fd, KVM_IRQFD, &irqfd)) {
		snprintf(ctx->why, sizeof(ctx->why), "KVM_IRQFD (GSI %u): %s", ctx->gsi,
			 strerror(errno));
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
		struct kvm_irqfd irqfd = { .fd = ctx->efd, .gsi = ctx->gsi,
					   .flags = KVM_IRQFD_FLAG_DEASSIGN };

		ioctl(ctx->vm->fd, KVM_IRQFD, &irqfd);
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

static int lr_msi_fire(struct path_ctx *ctx)
{
	struct kvm_msi msi = {
		.address_lo = (uint32_t)(VQB_ITS_BASE + GITS_TRANSLATER),
		.address_hi = (uint32_t)((VQB_ITS_BASE + GITS_TRANSLATER) >> 32),
		.data = ITS_EVENTID,
		.flags = KVM_MSI_VALID_DEVID,
		.devid = ITS_DEVID,
	};
	int r = ioctl(ctx->vm->fd, KVM_SIGNAL_MSI, &msi);

	/* KVM_SIGNAL_MSI returns 1 when delivered, 0 when the guest blocked it. */
	if (r < 0)
		return -errno;
	return r == 1 ? 0 : -ENOMSG;
}

/*
 * v4-direct: the device's MSI goes to an eventfd (VFIO) that KVM_IRQFD
 * routes, as an MSI to the vITS, to the guest's LPI. When both ends meet on
 * one eventfd, KVM asks the GICv4 to map the device's real LPI to the
 * guest's vLPI: from then on the hardware delivers it, with no exit while
 * the vCPU is resident. This wiring must come after the agent mapped the
 * DeviceID/EventID in its ITS, or KVM has nothing to forward to.
 */
static int v4_arm(struct path_ctx *ctx)
{
	struct {
		struct kvm_irq_routing table;
		struct kvm_irq_routing_entry entry;
	} routing;
	struct kvm_irqfd irqfd;

	if (vfio_acquire(ctx->vfio, ctx->why, sizeof(ctx->why)))
		return -1;
	memset(&routing, 0, sizeof(routing));
	routing.table.nr = 1;
	routing.entry = (struct kvm_irq_routing_entry){
		.gsi = V4_GSI,
		.type = KVM_IRQ_ROUTING_MSI,
		.flags = KVM_MSI_VALID_DEVID,
		.u.msi = {
			.address_lo = (uint32_t)(VQB_ITS_BASE + GITS_TRANSLATER),
			.address_hi = (uint32_t)((VQB_ITS_BASE + GITS_TRANSLATER) >> 32),
			.data = ITS_EVENTID,
			.devid = ITS_DEVID,
		},
	};
	if (ioctl(ctx->vm->fd, KVM_SET_GSI_ROUTING, &routing)) {
		snprintf(ctx->why, sizeof(ctx->why), "KVM_SET_GSI_ROUTING (MSI entry): %s",
			 strerror(errno));
		return -1;
	}
	irqfd = (struct kvm_irqfd){ .fd = ctx->vfio->efd, .gsi = V4_GSI };
	if (ioctl(ctx->vm->fd, KVM_IRQFD, &irqfd)) {
		snprintf(ctx->why, sizeof(ctx->why), "KVM_IRQFD on the device's MSI eventfd: %s",
			 strerror(errno));
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

static void v4_release(struct path_ctx *ctx)
{
	if (ctx->vfio->efd >= 0) {
		struct kvm_irqfd irqfd = { .fd = ctx->vfio->efd, .gsi = V4_GSI,
					   .flags = KVM_IRQFD_FLAG_DEASSIGN };

		ioctl(ctx->vm->fd, KVM_IRQFD, &irqfd);
	}
	vfio_release(ctx->vfio);
}

/* soft-vi: HCR_EL2.VI through KVM_IRQ_LINE; the guest acks at bench/'s uirq. */
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

static const struct path paths[] = {
	{
		.name = "soft-vi", .agent_path = VQB_PATH_SOFT_VI, .need = NEED_KVM,
		.intid = 40, .nr_vcpus = 1,
		.fire = soft_vi_fire,
		.fire_call = "KVM_IRQ_LINE (CPU IRQ)",
	},
	{
		.name = "lr-line", .agent_path = VQB_PATH_LR_LINE, .need = NEED_VGIC,
		.intid = 64, .nr_vcpus = 1,
		.fire = lr_line_fire, .settle = lr_line_settle,
		.fire_call = "KVM_IRQ_LINE (SPI)",
	},
	{
		.name = "lr-irqfd", .agent_path = VQB_PATH_LR_IRQFD, .need = NEED_VGIC,
		.intid = 64, .nr_vcpus = 1,
		.prepare = lr_irqfd_prepare, .fire = lr_irqfd_fire, .release = lr_irqfd_release,
		.fire_call = "write to the irqfd's eventfd",
	},
	{
		.name = "lr-msi", .agent_path = VQB_PATH_LR_MSI, .need = NEED_VGIC_V3,
		.intid = LPI_INTID, .nr_vcpus = 1,
		.prepare = its_prepare, .fire = lr_msi_fire,
		.fire_call = "KVM_SIGNAL_MSI",
	},
	{
		.name = "v4-direct", .agent_path = VQB_PATH_V4_DIRECT, .need = NEED_GICV4,
		.intid = LPI_INTID, .nr_vcpus = 1,
		.prepare = its_prepare, .arm = v4_arm, .fire = v4_fire, .settle = v4_settle,
		.release = v4_release,
		.fire_call = "the device's trigger register",
	},
	{
		.name = "sgi", .agent_path = VQB_PATH_SGI, .need = NEED_VGIC,
		.intid = 1, .nr_vcpus = 2, .guest_originated = 1,
		.fire = guest_trigger_fire,
		.fire_call = "the SGI trigger",
	},
	{
		.name = "vtimer", .agent_path = VQB_PATH_VTIMER, .need = NEED_VGIC,
		.intid = 27, .nr_vcpus = 1, .guest_originated = 1,
		.fire = guest_trigger_fire,
		.fire_call = "the timer trigger",
	},
};

#define NR_PATHS ((int)(sizeof(paths) / sizeof(paths[0])))

const struct path *path_at(int i)
{
	return i >= 0 && i < NR_PATHS ? &paths[i] : NULL;
}

const struct path *path_find(const char *name)
{
	for (int i = 0; i < NR_PATHS; i++)
		if (!strcmp(paths[i].name, name))
			return &paths[i];
	return NULL;
}

const char *path_names(void)
{
	static char buf[256];

	if (!buf[0])
		for (int i = 0; i < NR_PATHS; i++) {
			if (i)
				strcat(buf, ", ");
			strcat(buf, paths[i].name);
		}
	return buf;
}
