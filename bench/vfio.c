// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "procirq.h"
#include "vfio.h"

#define PCI_DEVICES "/sys/bus/pci/devices"

/* QEMU's edu: BAR0 0x60 raises its interrupt (an MSI once enabled), 0x64 acks it. */
#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8

static int why_set(char *why, int len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int why_set(char *why, int len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

static int sysfs_write(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, value, strlen(value));
	close(fd);
	return n < 0 ? -errno : 0;
}

static unsigned long sysfs_hex(const char *bdf, const char *attr)
{
	char path[PATH_MAX], buf[32] = "";
	FILE *f;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/%s", bdf, attr);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtoul(buf, NULL, 16);
}

static void current_driver(const char *bdf, char *buf, size_t size)
{
	char path[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver", bdf);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	target[n] = '\0';
	snprintf(buf, size, "%s", basename(target));
}

int vfio_find(struct vfio_dev *d, const char *spec, char *why, int why_len)
{
	memset(d, 0, sizeof(*d));
	d->container = d->group = d->device = d->efd = -1;
	if (spec) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), PCI_DEVICES "/%s", spec);
		if (access(path, F_OK))
			return why_set(why, why_len, "no PCI device %s (%s does not exist)", spec, path);
		snprintf(d->bdf, sizeof(d->bdf), "%.31s", spec);
	} else {
		DIR *dir = opendir(PCI_DEVICES);
		struct dirent *e;

		if (!dir)
			return why_set(why, why_len, "no PCI bus (%s)", PCI_DEVICES);
		while ((e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			if (sysfs_hex(e->d_name, "vendor") == EDU_VENDOR &&
			    sysfs_hex(e->d_name, "device") == EDU_DEVICE) {
				snprintf(d->bdf, sizeof(d->bdf), "%.31s", e->d_name);
				break;
			}
		}
		closedir(dir);
		if (!d->bdf[0])
			return why_set(why, why_len,
				       "no device named: pass --vfio-device BDF and --vfio-trigger "
				       "(the lab's QEMU edu device, 1234:11e8, is not present)");
	}
	if (sysfs_hex(d->bdf, "vendor") == EDU_VENDOR && sysfs_hex(d->bdf, "device") == EDU_DEVICE)
		d->trig = (struct vfio_trigger){ .bar = 0, .offset = 0x60, .value = 1,
						 .ack_offset = 0x64, .ack_value = 1, .has_ack = 1 };
	current_driver(d->bdf, d->orig_driver, sizeof(d->orig_driver));
	snprintf(d->irq_name, sizeof(d->irq_name), "vfio-msi[0](%s)", d->bdf);
	return 0;
}

/* Moves the device to vfio-pci; remembers where it was. */
static int vfio_bind(struct vfio_dev *d, char *why, int why_len)
{
	char path[PATH_MAX], now[64];
	int r;

	if (!strcmp(d->orig_driver, "vfio-pci"))
		return 0;
	if (access("/sys/bus/pci/drivers/vfio-pci", F_OK))
		return why_set(why, why_len, "the vfio-pci driver is not loaded (modprobe vfio-pci)");
	d->rebound = 1;
	if (d->orig_driver[0]) {
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver/unbind", d->bdf);
		r = sysfs_write(path, d->bdf);
		if (r)
			return why_set(why, why_len, "cannot unbind %s from %s: %s", d->bdf,
				       d->orig_driver, strerror(-r));
	}
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver_override", d->bdf);
	r = sysfs_write(path, "vfio-pci");
	if (!r)
		r = sysfs_write("/sys/bus/pci/drivers_probe", d->bdf);
	current_driver(d->bdf, now, sizeof(now));
	if (r || strcmp(now, "vfio-pci"))
		return why_set(why, why_len, "cannot bind %s to vfio-pci (%s)", d->bdf,
			       r ? strerror(-r) : "it did not take the device");
	return 0;
}

static int vfio_enable_bus_master(struct vfio_dev *d)
{
	struct vfio_region_info cfg = { .argsz = sizeof(cfg), .index = VFIO_PCI_CONFIG_REGION_INDEX };
	uint16_t cmd;

	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &cfg))
		return -errno;
	if (pread(d->device, &cmd, 2, cfg.offset + PCI_COMMAND) != 2)
		return -EIO;
	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	if (pwrite(d->device, &cmd, 2, cfg.offset + PCI_COMMAND) != 2)
		return -EIO;
	return 0;
}

int vfio_acquire(struct vfio_dev *d, char *why, int why_len)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_region_info bar = { .argsz = sizeof(bar) };
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} irq;
	ssize_t n;
	void *map;

	if (!d->trig.offset)
		return why_set(why, why_len, "%s: no trigger register known for this device "
			       "(pass --vfio-trigger BAR:OFFSET:VALUE)", d->bdf);
	if (vfio_bind(d, why, why_len))
		return -1;
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/iommu_group", d->bdf);
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return why_set(why, why_len, "%s is in no IOMMU group (no IOMMU, or it is off)", d->bdf);
	target[n] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(target));
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		return why_set(why, why_len, "%s: %s%s", path, strerror(errno),
			       errno == EBUSY ? " (the device is in use by another VFIO user)" : "");
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &status) ||
	    !(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		return why_set(why, why_len, "IOMMU group %s is not viable: every device in it "
			       "must be bound to vfio-pci", basename(target));
	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		return why_set(why, why_len, "/dev/vfio/vfio: %s", strerror(errno));
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		return why_set(why, why_len, "VFIO_GROUP_SET_CONTAINER: %s", strerror(errno));
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) &&
	    ioctl(d->container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU))
		return why_set(why, why_len, "VFIO_SET_IOMMU (type1): %s", strerror(errno));
	d->device = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, d->bdf);
	if (d->device < 0)
		return why_set(why, why_len, "VFIO_GROUP_GET_DEVICE_FD %s: %s", d->bdf,
			       strerror(errno));
	bar.index = d->trig.bar;
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &bar) || !bar.size)
		return why_set(why, why_len, "%s: BAR%u: %s", d->bdf, d->trig.bar,
			       bar.size ? strerror(errno) : "not implemented");
	if (d->trig.offset + 4 > bar.size || (d->trig.has_ack && d->trig.ack_offset + 4 > bar.size))
		return why_set(why, why_len, "%s: trigger register outside BAR%u (%llu bytes)",
			       d->bdf, d->trig.bar, (unsigned long long)bar.size);
	map = mmap(NULL, bar.size, PROT_READ | PROT_WRITE, MAP_SHARED, d->device, bar.offset);
	if (map == MAP_FAILED)
		return why_set(why, why_len, "%s: mmap of BAR%u: %s", d->bdf, d->trig.bar,
			       strerror(errno));
	d->bar = map;
	d->bar_size = bar.size;
	if (vfio_enable_bus_master(d))
		return why_set(why, why_len, "%s: cannot enable bus mastering", d->bdf);
	d->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->efd < 0)
		return why_set(why, why_len, "eventfd: %s", strerror(errno));
	irq.set = (struct vfio_irq_set){
		.argsz = sizeof(irq), .index = VFIO_PCI_MSI_IRQ_INDEX, .start = 0, .count = 1,
		.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
	};
	irq.fd = d->efd;
	if (ioctl(d->device, VFIO_DEVICE_SET_IRQS, &irq))
		return why_set(why, why_len, "VFIO_DEVICE_SET_IRQS (MSI -> eventfd) on %s: %s",
			       d->bdf, strerror(errno));
	return 0;
}

int vfio_fire(struct vfio_dev *d)
{
	*(volatile uint32_t *)(d->bar + d->trig.offset) = d->trig.value;
	return 0;
}

void vfio_ack(struct vfio_dev *d)
{
	if (d->trig.has_ack)
		*(volatile uint32_t *)(d->bar + d->trig.ack_offset) = d->trig.ack_value;
}

long long vfio_host_irq_count(const struct vfio_dev *d)
{
	FILE *f = fopen("/proc/interrupts", "r");
	long long total;

	if (!f)
		return -1;
	total = procirq_count(f, d->irq_name);
	fclose(f);
	return total;
}

void vfio_release(struct vfio_dev *d)
{
	char path[PATH_MAX];

	if (d->device >= 0) {
		struct vfio_irq_set off = {
			.argsz = sizeof(off), .index = VFIO_PCI_MSI_IRQ_INDEX,
			.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
		};

		ioctl(d->device, VFIO_DEVICE_SET_IRQS, &off);
	}
	if (d->bar)
		munmap((void *)d->bar, d->bar_size);
	if (d->efd >= 0)
		close(d->efd);
	if (d->device >= 0)
		close(d->device);
	if (d->group >= 0)
		close(d->group);
	if (d->container >= 0)
		close(d->container);
	d->bar = NULL;
	d->efd = d->device = d->group = d->container = -1;
	if (!d->rebound)
		return;
	/* Back to how it was found: unbound from vfio-pci, override cleared, re-probed. */
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver/unbind", d->bdf);
	sysfs_write(path, d->bdf);
	snprintf(path, sizeof(path), PCI_DEVICES "/%s/driver_override", d->bdf);
	sysfs_write(path, "\n");
	if (d->orig_driver[0])
		sysfs_write("/sys/bus/pci/drivers_probe", d->bdf);
	d->rebound = 0;
}
