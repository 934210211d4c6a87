// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "kernelinfo.h"
#include "kvm.h"
#include "probe.h"
#include "diag.h"
#include "vfio.h"

int probe_device(const char *vfio_spec, const struct vfio_recipe *trigger, char *label,
		 int label_len, char *why, int why_len)
{
	struct vfio_dev dev;

	if (vfio_find(&dev, vfio_spec, trigger, why, why_len))
		return 0;
	snprintf(label, label_len, "%s", vfio_kind_label(&dev));
	return 1;
}

int probe_host(struct host_caps *c, const char *vfio_spec, const struct vfio_recipe *trigger)
{
	struct kernelinfo ki;
	int kvm, vm;

	memset(c, 0, sizeof(*c));
	hostinfo_probe(&c->hi);
	c->nr_cpus = sysconf(_SC_NPROCESSORS_ONLN);
	/* Without /dev/kvm, the kernel's config tells a kernel built without
	 * KVM (Debian 6.1's RT flavour) from one that did not boot at EL2. */
	kernelinfo_probe(&ki);
	if (access("/dev/kvm", F_OK) && !strcmp(ki.kvm_config, "n")) {
		diag_say("this kernel (%s) is built without KVM (CONFIG_KVM is not set in %s): "
		       "use a kernel with KVM", ki.release, ki.config_source);
		return -1;
	}
	kvm = kvm_open();
	if (kvm < 0)
		return -1;
	c->kvm = 1;
	/* KVM_CREATE_DEVICE_TEST asks without creating: a scratch VM suffices. */
	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm >= 0) {
		c->vgic_v3 = !__kvm_device_supported(vm, KVM_DEV_TYPE_ARM_VGIC_V3);
		c->vgic_v2 = !__kvm_device_supported(vm, KVM_DEV_TYPE_ARM_VGIC_V2);
		c->its = !__kvm_device_supported(vm, KVM_DEV_TYPE_ARM_VGIC_ITS);
		close(vm);
	}
	close(kvm);
	c->device = probe_device(vfio_spec, trigger, c->device_label, sizeof(c->device_label),
				 c->device_why, sizeof(c->device_why));
	return 0;
}

const char *probe_default_vgic(const struct host_caps *c, const struct path *p)
{
	if (p->pi->need == VQB_NEED_KVM)
		return "none";
	if (c->vgic_v3 || p->pi->need >= VQB_NEED_ITS)
		return "v3";
	return c->vgic_v2 ? "v2" : "v3";
}

int probe_auto_vgics(const struct host_caps *c, const struct path *p, const char **out)
{
	out[0] = probe_default_vgic(c, p);
	if (p->pi->kind == VQB_INTID_SPI_OR_LPI && !strcmp(out[0], "v3") && c->its) {
		out[1] = "v3-its";
		return 2;
	}
	return 1;
}

int probe_path(const struct host_caps *c, const struct path *p, const char *vgic, char *why,
	       int len)
{
	why[0] = '\0';
	if (!c->kvm) {
		snprintf(why, len, "no usable /dev/kvm");
		return 0;
	}
	if (p->pi->need == VQB_NEED_KVM) {
		if (strcmp(vgic, "none")) {
			snprintf(why, len, "%s runs without an in-kernel vGIC (use --gic none)", p->pi->name);
			return 0;
		}
		return 1;
	}
	if (!strcmp(vgic, "none")) {
		snprintf(why, len, "%s needs an in-kernel vGIC", p->pi->name);
		return 0;
	}
	/* pKVM has no GICv2 support: no vGIC of either kind, nothing to fix but the mode. */
	if (!c->vgic_v2 && !c->vgic_v3 && !strcmp(c->hi.hyp, "protected")) {
		snprintf(why, len, "protected KVM (kvm-arm.mode=protected) offers no in-kernel vGIC "
			 "on this host (GIC %s): boot with kvm-arm.mode=nvhe, or in VHE mode, for %s",
			 c->hi.gic, p->pi->name);
		return 0;
	}
	if (!strcmp(vgic, "v2") && !c->vgic_v2) {
		snprintf(why, len, "KVM offers no vGICv2 here (a GICv3 host needs a GICv2-compatible "
			 "CPU interface, GICV, for that)");
		return 0;
	}
	if (!strncmp(vgic, "v3", 2) && !c->vgic_v3) {
		snprintf(why, len, "KVM offers no vGICv3 here (the host GIC is %s)%s", c->hi.gic,
			 strcmp(vgic, "v3-its") ? "" : ": no ITS, so no LPIs (GICv2 has neither)");
		return 0;
	}
	if (!strcmp(vgic, "v3-its")) {
		if (p->pi->kind != VQB_INTID_SPI_OR_LPI) {
			snprintf(why, len, "--gic v3-its is for paths that take an SPI or, with an ITS, an LPI (%s takes a %s: use v3)",
				 p->pi->name, catalogue_kind_name(p->pi->kind));
			return 0;
		}
		if (!c->its) {
			snprintf(why, len, "KVM offers no vITS here");
			return 0;
		}
	}
	if (p->pi->need >= VQB_NEED_ITS && strcmp(vgic, "v3")) {
		snprintf(why, len, "%s needs a vGICv3 with an ITS (LPIs do not exist on GICv2)",
			 p->pi->name);
		return 0;
	}
	if (p->pi->need >= VQB_NEED_ITS && !c->its) {
		snprintf(why, len, "KVM offers no vITS here");
		return 0;
	}
	if (p->pi->need == VQB_NEED_GICV4) {
		if (strncmp(c->hi.gic, "v4", 2)) {
			snprintf(why, len, "direct vLPI injection needs a GICv4 host (this GIC: %s)",
				 c->hi.gic);
			return 0;
		}
		if (!strcmp(c->hi.gicv4_kvm, "disabled")) {
			snprintf(why, len, "the GIC is a GICv4 but KVM's direct injection is off: "
				 "boot with kvm-arm.vgic_v4_enable=1");
			return 0;
		}
		if (!c->device) {
			snprintf(why, len, "%s", c->device_why);
			return 0;
		}
	}
	if ((int)p->pi->nr_vcpus > c->nr_cpus) {
		snprintf(why, len, "%s needs %d host CPUs, this host has %d", p->pi->name, (int)p->pi->nr_vcpus,
			 c->nr_cpus);
		return 0;
	}
	return 1;
}
