/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What this host can run: which vGICs KVM offers, whether GICv4 direct
 * injection is on, whether a device for v4-direct is there. `virqbench
 * list` prints it; `run` records a path it cannot run as skipped, with the
 * reason and the fix, instead of leaving it out.
 */
#ifndef BENCH_PROBE_H
#define BENCH_PROBE_H

#include "hostinfo.h"
#include "paths.h"

struct host_caps {
	struct hostinfo hi;
	int kvm;
	int vgic_v2, vgic_v3, its;
	int nr_cpus;
	int device;			/* a device for v4-direct was found */
	char device_why[256];		/* if not, why */
	char device_label[96];		/* vfio.h's vfio_kind_label() */
};

/*
 * 0, or -1 when /dev/kvm is unusable (reported). The device for v4-direct
 * is vfio_spec's (vfio.h: a kind, a PCI address, NULL for any known one).
 */
int probe_host(struct host_caps *c, const char *vfio_spec, const struct vfio_recipe *trigger);
/* 1 if vfio_spec names a device v4-direct can take, its label into label; else 0 and why. */
int probe_device(const char *vfio_spec, const struct vfio_recipe *trigger, char *label,
		 int label_len, char *why, int why_len);
/* The vGIC a path gets by default here: "v3", "v2" or "none" (never "v3-its"). */
const char *probe_default_vgic(const struct host_caps *c, const struct path *p);
/*
 * What --gic auto runs `p` with: the default vGIC, and for a path that takes
 * an SPI or an LPI, v3-its beside v3 when KVM has a vITS. out[2]; how many.
 */
int probe_auto_vgics(const struct host_caps *c, const struct path *p, const char **out);
/* 1 if `p` can run with `vgic`; else 0 and why (with the fix, if there is one). */
int probe_path(const struct host_caps *c, const struct path *p, const char *vgic, char *why,
	       int len);

#endif
