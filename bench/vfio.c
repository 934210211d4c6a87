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

static int sysfs_read(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return -1;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	fclose(f);
	return 0;
}

static unsigned long sysfs_hex(const char *bdf, const char *attr)
{
	char path[PATH_MAX], buf[32];

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/%s", bdf, attr);
	sysfs_read(path, buf, sizeof(buf));
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

/* The name of a network interface of the device that is up, into ifname; 0 if none is. */
static int netdev_up(const char *bdf, char *ifname, size_t size)
{
	char path[PATH_MAX], flags[32];
	struct dirent *e;
	int up = 0;
	DIR *dir;

	snprintf(path, sizeof(path), PCI_DEVICES "/%s/net", bdf);
	dir = opendir(path);
	if (!dir)
		return 0;
	while (!up && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), PCI_DEVICES "/%s/net/%s/flags", bdf, e->d_name);
		if (!sysfs_read(path, flags, sizeof(flags)) && vfio_netdev_flags_up(flags)) {
			snprintf(ifname, size, "%.63s", e->d_name);
			up = 1;
		}
	}
	closedir(dir);
	return up;
}

/*
 * The first device of `kind` in PCI address order whose interface is not
 * up, into bdf; 0 if found. *busy counts those skipped for being up.
 */
static int first_free(const struct vfio_device_kind *kind, char *bdf, size_t size, int *busy)
{
	struct dirent **list;
	int n = scandir(PCI_DEVICES, &list, NULL, alphasort), found = -1;
	char ifname[64];

	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;

		if (found < 0 && name[0] != '.' &&
		    vfio_kind_by_id(sysfs_hex(name, "vendor"), sysfs_hex(name, "device")) == kind) {
			if (netdev_up(name, ifname, sizeof(ifname)))
				(*busy)++;
			else {
				snprintf(bdf, size, "%.31s", name);
				found = i;
			}
		}
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	return found >= 0 ? 0 : -1;
}

/* Which device `spec` names, into d->bdf: 0, or -1 with why. */
static int vfio_pick(struct vfio_dev *d, const char *spec, char *why, int why_len)
{
	const struct vfio_device_kind *k;
	int busy = 0;

	if (access(PCI_DEVICES, F_OK))
		return why_set(why, why_len, "no PCI bus (%s)", PCI_DEVICES);
	if (!spec) {
		for (int i = 0; (k = vfio_kind_at(i)); i++)
			if (!first_free(k, d->bdf, sizeof(d->bdf), &busy))
				return 0;
		return why_set(why, why_len, "no device for v4-direct: none of the known kinds (%s) "
			       "is present%s; name one with --vfio-device BDF and --vfio-trigger "
			       "BAR:OFFSET:VALUE (the lab boots QEMU's edu)", vfio_kind_names(),
			       busy ? ", except with its network interface up" : "");
	}
	k = vfio_kind_by_name(spec);
	if (k) {
		if (!first_free(k, d->bdf, sizeof(d->bdf), &busy))
			return 0;
		if (busy)
			return why_set(why, why_len, "no %s device (%s) is free: each one present has "
				       "its network interface up (ip link set IF down, or name another "
				       "device)", spec, k->what);
		return why_set(why, why_len, "no %s device (%s) is present (in the lab: spec "
			       "vfio_device %s, or lab/run.sh --device %s)", spec, k->what, spec, spec);
	}
	if (!vfio_is_pci_address(spec))
		return why_set(why, why_len, "'%s' is neither a device kind (%s) nor a PCI address "
			       "(0000:00:02.0)", spec, vfio_kind_names());
	snprintf(d->bdf, sizeof(d->bdf), "%s%.24s", strlen(spec) == 7 ? "0000:" : "", spec);
	{
		char path[PATH_MAX];

		snprintf(path, sizeof(path), PCI_DEVICES "/%s", d->bdf);
		if (access(path, F_OK))
			return why_set(why, why_len, "no PCI device %s (%s does not exist)", spec, path);
	}
	return 0;
}

int vfio_find(struct vfio_dev *d, const char *spec, const struct vfio_recipe *trigger,
	      char *why, int why_len)
{
	char ifname[64];

	memset(d, 0, sizeof(*d));
	d->container = d->group = d->device = d->efd = -1;
	if (vfio_pick(d, spec, why, why_len))
		return -1;
	d->vendor = (uint16_t)sysfs_hex(d->bdf, "vendor");
	d->device_id = (uint16_t)sysfs_hex(d->bdf, "device");
	d->kind = vfio_kind_by_id(d->vendor, d->device_id);
	if (trigger)
		d->recipe = *trigger;
	else if (d->kind)
		d->recipe = d->kind->recipe;
	else
		return why_set(why, why_len, "%s (%04x:%04x) is of no known kind (%s): pass "
			       "--vfio-trigger BAR:OFFSET:VALUE[:ACK_OFFSET:ACK_VALUE], the register "
			       "write that makes it send an MSI", d->bdf, d->vendor, d->device_id,
			       vfio_kind_names());
	/* Unbinding a device that carries traffic would cut the host off, perhaps this session. */
	if (netdev_up(d->bdf, ifname, sizeof(ifname)))
		return why_set(why, why_len, "%s carries the host's network interface %s, which is up: "
			       "bench/ will not take it (ip link set %s down first, or name another "
			       "device)", d->bdf, ifname, ifname);
	current_driver(d->bdf, d->orig_driver, sizeof(d->orig_driver));
	return 0;
}

const char *vfio_kind_label(const struct vfio_dev *d)
{
	static char label[96];

	snprintf(label, sizeof(label), "%s %s %04x:%04x", d->kind ? d->kind->kind : "unknown",
		 d->bdf, d->vendor, d->device_id);
	return label;
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

static uint32_t irq_index(enum vfio_irq_kind k)
{
	return k == VFIO_IRQ_MSIX ? VFIO_PCI_MSIX_IRQ_INDEX : VFIO_PCI_MSI_IRQ_INDEX;
}

/* The recipe's vector kind; for --vfio-trigger's "auto", what the device offers. */
static enum vfio_irq_kind vfio_irq_of(const struct vfio_dev *d)
{
	static const enum vfio_irq_kind order[] = { VFIO_IRQ_MSI, VFIO_IRQ_MSIX };

	if (d->recipe.irq != VFIO_IRQ_AUTO)
		return d->recipe.irq;
	for (int i = 0; i < 2; i++) {
		struct vfio_irq_info info = { .argsz = sizeof(info), .index = irq_index(order[i]) };

		if (!ioctl(d->device, VFIO_DEVICE_GET_IRQ_INFO, &info) && info.count)
			return order[i];
	}
	return VFIO_IRQ_AUTO;
}

static int recipe_fits(const struct vfio_recipe *r, uint64_t size)
{
	int ok = r->fire.offset + 4 <= size && (!r->has_ack || r->ack.offset + 4 <= size);

	for (int i = 0; i < r->nsetup; i++)
		ok &= r->setup[i].offset + 4 <= size;
	return ok;
}

static void reg_write(struct vfio_dev *d, const struct reg_write *w)
{
	*(volatile uint32_t *)(d->bar + w->offset) = w->value;
}

int vfio_acquire(struct vfio_dev *d, char *why, int why_len)
{
	const struct vfio_recipe *r = &d->recipe;
	char path[PATH_MAX], target[PATH_MAX];
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_region_info bar = { .argsz = sizeof(bar) };
	struct {
		struct vfio_irq_set set;
		int32_t fd;
	} irq;
	ssize_t n;
	void *map;

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
	bar.index = r->bar;
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &bar) || !bar.size)
		return why_set(why, why_len, "%s: BAR%u: %s", d->bdf, r->bar,
			       bar.size ? strerror(errno) : "not implemented");
	if (!recipe_fits(r, bar.size))
		return why_set(why, why_len, "%s: a register of its recipe lies outside BAR%u "
			       "(%llu bytes)", d->bdf, r->bar, (unsigned long long)bar.size);
	map = mmap(NULL, bar.size, PROT_READ | PROT_WRITE, MAP_SHARED, d->device, bar.offset);
	if (map == MAP_FAILED)
		return why_set(why, why_len, "%s: mmap of BAR%u: %s", d->bdf, r->bar,
			       strerror(errno));
	d->bar = map;
	d->bar_size = bar.size;
	if (vfio_enable_bus_master(d))
		return why_set(why, why_len, "%s: cannot enable bus mastering", d->bdf);
	d->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->efd < 0)
		return why_set(why, why_len, "eventfd: %s", strerror(errno));
	d->irq = vfio_irq_of(d);
	if (d->irq == VFIO_IRQ_AUTO)
		return why_set(why, why_len, "%s offers VFIO neither MSI nor MSI-X", d->bdf);
	snprintf(d->irq_name, sizeof(d->irq_name), "vfio-%s[0](%s)", vfio_irq_name(d->irq), d->bdf);
	irq.set = (struct vfio_irq_set){
		.argsz = sizeof(irq), .index = irq_index(d->irq), .start = 0, .count = 1,
		.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
	};
	irq.fd = d->efd;
	if (ioctl(d->device, VFIO_DEVICE_SET_IRQS, &irq))
		return why_set(why, why_len, "VFIO_DEVICE_SET_IRQS (%s vector 0 -> eventfd) on %s: %s",
			       vfio_irq_name(d->irq), d->bdf, strerror(errno));
	/* The vector is live: now the device may be told to use it. */
	for (int i = 0; i < r->nsetup; i++)
		reg_write(d, &r->setup[i]);
	return 0;
}

int vfio_fire(struct vfio_dev *d)
{
	reg_write(d, &d->recipe.fire);
	return 0;
}

void vfio_ack(struct vfio_dev *d)
{
	if (d->recipe.has_ack)
		reg_write(d, &d->recipe.ack);
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
			.argsz = sizeof(off), .index = irq_index(d->irq),
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
