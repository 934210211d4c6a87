/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The catalogue of injection paths: the one place that names a path and
 * states its facts. bench/ (how to inject), guest-agent/ (how to take it),
 * analysis/ (which trace events mark it), the matrix spec, the report's
 * colours and the lab tests' expected exits all read these rows; each side
 * that needs code adds one ops row keyed by the path's id, and nothing
 * outside those rows switches on a path's name or id.
 *
 * Rows are in the order paths are listed, run ("all") and coloured in.
 * Adding a path is one VQB_PATH_ROW here plus the ops rows doc/adding-a-path.md
 * lists. Ids are part of the agent ABI (vqb_boot.path): only ever append.
 *
 * Columns of VQB_PATH_ROW(ID, id, name, kind, intid, vcpus, origin, busy, wfi, need, what):
 *   ID      the enum vqb_path suffix: VQB_PATH_<ID>
 *   id      its value in vqb_boot.path
 *   name    on the command line, in cell names and in every result
 *   kind    the interrupt the guest takes (enum vqb_intid_kind)
 *   intid   its INTID; for VQB_INTID_SPI_OR_LPI the SPI, the LPI being
 *           VQB_PATH_LPI_INTID when the VM has an ITS
 *   vcpus   vCPUs the VM has; the target is the last, a sender the first
 *   origin  HOST: bench/ injects; GUEST: a vCPU raises it, bench/ only says when
 *   busy    kvm_exit events per interrupt with the target resident (doc/paths.md)
 *   wfi     the same with the target asleep in WFI: its WFI trapped before
 *           the interrupt started, so a kick becomes a wake-up, not an exit
 *   need    the least the host must offer (enum vqb_path_need)
 *   what    one line for `virqbench list`, the report and the docs
 *
 * Exits count every vCPU of the cell, from the interrupt's start (the host's
 * injection, or the guest's trigger or doorbell write) to the guest's EOI.
 */
#ifndef VIRQBENCH_PATHS_H
#define VIRQBENCH_PATHS_H

#define VQB_PATH_CATALOGUE(VQB_PATH_ROW)					\
	VQB_PATH_ROW(SOFT_VI, 5, "soft-vi", VQB_INTID_CPU, 40, 1, VQB_ORIGIN_HOST,	\
		     3, 2, VQB_NEED_KVM,						\
		     "no in-kernel vGIC: HCR_EL2.VI, acked and EOIed at bench/'s user-space irqchip (2 MMIO exits)")	\
	VQB_PATH_ROW(LR_LINE, 1, "lr-line", VQB_INTID_SPI, 64, 1, VQB_ORIGIN_HOST,	\
		     1, 0, VQB_NEED_VGIC,						\
		     "KVM_IRQ_LINE on an SPI of the in-kernel vGIC: queued, kick, list register")	\
	VQB_PATH_ROW(LR_IRQFD, 2, "lr-irqfd", VQB_INTID_SPI, 64, 1, VQB_ORIGIN_HOST,	\
		     1, 0, VQB_NEED_VGIC,						\
		     "an eventfd write that KVM_IRQFD turns into the same SPI (the vhost and VFIO way)")	\
	VQB_PATH_ROW(LR_MSI, 3, "lr-msi", VQB_INTID_LPI, 8192, 1, VQB_ORIGIN_HOST,	\
		     1, 0, VQB_NEED_ITS,						\
		     "KVM_SIGNAL_MSI to the emulated ITS: an LPI in a list register")	\
	VQB_PATH_ROW(V4_DIRECT, 4, "v4-direct", VQB_INTID_LPI, 8192, 1, VQB_ORIGIN_HOST,	\
		     0, 0, VQB_NEED_GICV4,						\
		     "a real device's MSI forwarded by the GICv4 as a vLPI: no exit while the vPE is resident")	\
	VQB_PATH_ROW(SGI, 6, "sgi", VQB_INTID_SGI, 1, 2, VQB_ORIGIN_GUEST,		\
		     2, 1, VQB_NEED_VGIC,						\
		     "vCPU 0 sends an SGI to vCPU 1: the sender's trap, then the target's kick")	\
	VQB_PATH_ROW(VTIMER, 7, "vtimer", VQB_INTID_PPI, 27, 1, VQB_ORIGIN_GUEST,	\
		     1, 0, VQB_NEED_VGIC,						\
		     "the guest's virtual timer, PPI 27, mapped to the hardware timer")	\
	VQB_PATH_ROW(VMM_MMIO, 8, "vmm-mmio", VQB_INTID_SPI_OR_LPI, 64, 2, VQB_ORIGIN_GUEST,	\
		     2, 1, VQB_NEED_VGIC,						\
		     "vCPU 0 rings a doorbell bench/ emulates (KVM_EXIT_MMIO); bench/ answers by irqfd to vCPU 1 (virtio-mmio's round trip)")	\
	VQB_PATH_ROW(VMM_IOEVENTFD, 9, "vmm-ioeventfd", VQB_INTID_SPI_OR_LPI, 64, 2, VQB_ORIGIN_GUEST,	\
		     2, 1, VQB_NEED_VGIC,						\
		     "the same doorbell as a KVM_IOEVENTFD: no exit to user space; a bench/ thread answers by irqfd (vhost's way)")

/* What a run measures when not told: the plainest in-kernel path. */
#define VQB_PATH_DEFAULT	VQB_PATH_LR_LINE

/* The interrupt a path's guest takes. */
enum vqb_intid_kind {
	VQB_INTID_CPU = 1,	/* no GIC: the vCPU's IRQ line (HCR_EL2.VI), INTID from bench/'s irqchip */
	VQB_INTID_SGI,
	VQB_INTID_PPI,
	VQB_INTID_SPI,
	VQB_INTID_LPI,		/* through the VM's ITS */
	VQB_INTID_SPI_OR_LPI,	/* an SPI, or an LPI through an MSI route when the VM has an ITS */
};

/* The INTID of the LPI a path takes on a VM with an ITS: the first LPI. */
#define VQB_PATH_LPI_INTID	8192u

enum vqb_origin {
	VQB_ORIGIN_HOST = 1,	/* bench/ injects, paced by host_seq (abi.h) */
	VQB_ORIGIN_GUEST,	/* a vCPU raises it when `trigger` says so (abi.h) */
};

/* What a path needs from the host, in increasing order. */
enum vqb_path_need {
	VQB_NEED_KVM = 1,	/* any KVM: no vGIC at all */
	VQB_NEED_VGIC,		/* an in-kernel vGIC, v2 or v3 */
	VQB_NEED_ITS,		/* a vGICv3 with an emulated ITS (LPIs) */
	VQB_NEED_GICV4,		/* a GICv4 host with direct injection on, and a device */
};

/* How an interrupt reaches the guest: vqb_boot.path. */
enum vqb_path {
#define VQB_PATH_ENUM(ID, id, ...) VQB_PATH_##ID = id,
	VQB_PATH_CATALOGUE(VQB_PATH_ENUM)
#undef VQB_PATH_ENUM
};

/* A catalogue row as data, for the sides that look paths up (lib/path_catalogue.c). */
struct vqb_path_info {
	enum vqb_path id;
	const char *name;
	enum vqb_intid_kind kind;
	unsigned int intid;
	unsigned int nr_vcpus;
	enum vqb_origin origin;
	int exits[2];		/* busy, wfi */
	enum vqb_path_need need;
	const char *what;
};

#endif /* VIRQBENCH_PATHS_H */
