/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one interface between bench/ (host VMM) and guest-agent/ (bare-metal
 * aarch64). Both sides include this file and nothing else of each other.
 *
 * bench/ lays out guest memory as below, fills struct vqb_boot, and starts
 * every vCPU at VQB_AGENT_ENTRY with x0 = guest-physical address of the
 * struct vqb_shared. The agent never hard-codes a device address: it takes
 * them from vqb_boot. A vCPU's index is the one KVM_CREATE_VCPU was given;
 * KVM reflects it in MPIDR_EL1 (Aff0 = index % 16, Aff1 = index / 16),
 * which is how the agent learns it.
 *
 * Samples travel through shared memory only; the control page (an address
 * with no memory behind it, so every access is an MMIO exit to bench/) is
 * used for start-up, error reporting and VQB_CTRL_DONE, never inside the
 * measured window.
 */
#ifndef VIRQBENCH_ABI_H
#define VIRQBENCH_ABI_H

#include <stdint.h>

#include "paths.h"

#define VQB_ABI_MAGIC	0x31425156u	/* "VQB1" little-endian */
#define VQB_ABI_VERSION	6u

/*
 * Guest physical memory map. bench/ owns it; the agent is told the device
 * addresses in vqb_boot. Layout follows QEMU virt's, so a reader who knows
 * that board recognises it.
 *
 *   0x0800_0000  GICD (64 KiB)
 *   0x0801_0000  GICC, GICv2 CPU interface (8 KiB)
 *   0x0808_0000  ITS (128 KiB)
 *   0x080A_0000  GICR, 128 KiB per vCPU (VQB_MAX_VCPUS frames)
 *   0x0900_0000  control page (4 KiB, unbacked: accesses exit to bench/)
 *   0x0901_0000  user-space irqchip (4 KiB, unbacked; soft-vi path only)
 *   0x0902_0000  vdev, bench/'s emulated device (4 KiB, unbacked; vmm-* paths only)
 *   0x4000_0000  RAM (VQB_RAM_SIZE)
 *      +0x00_0000  agent image, entry point at its first byte
 *      +0x10_0000  struct vqb_shared (boot block, mailbox, sample ring)
 *      +0x40_0000  agent-private: page tables, stacks, ITS tables
 */
#define VQB_GICD_BASE		0x08000000ull
#define VQB_GICD_SIZE		0x00010000ull
#define VQB_GICC_BASE		0x08010000ull
#define VQB_GICC_SIZE		0x00002000ull
#define VQB_ITS_BASE		0x08080000ull
#define VQB_ITS_SIZE		0x00020000ull
#define VQB_GICR_BASE		0x080A0000ull
#define VQB_GICR_STRIDE		0x00020000ull
#define VQB_CTRL_BASE		0x09000000ull
#define VQB_CTRL_SIZE		0x00001000ull
#define VQB_UIRQ_BASE		0x09010000ull
#define VQB_UIRQ_SIZE		0x00001000ull
#define VQB_VDEV_BASE		0x09020000ull
#define VQB_VDEV_SIZE		0x00001000ull
#define VQB_RAM_BASE		0x40000000ull
#define VQB_RAM_SIZE		0x01000000ull	/* 16 MiB */
#define VQB_AGENT_ENTRY		VQB_RAM_BASE
#define VQB_AGENT_MAX_SIZE	0x00100000ull
#define VQB_SHARED_BASE		(VQB_RAM_BASE + 0x00100000ull)
#define VQB_PRIVATE_BASE	(VQB_RAM_BASE + 0x00400000ull)

#define VQB_MAX_VCPUS		4u

/*
 * Control page registers: the agent writes a 64-bit value, bench/ handles
 * the exit. PUTC sits at offset 0 so that under plain QEMU virt, whose PL011
 * data register is at 0x0900_0000, the agent's self-test prints to the UART.
 */
#define VQB_CTRL_PUTC		0x00	/* value: one character of a debug line */
#define VQB_CTRL_READY		0x20	/* value: vCPU index; agent set up and taking interrupts */
#define VQB_CTRL_FAIL		0x28	/* value: enum vqb_fail; text in vqb_shared.msg */
/*
 * With boot.done_notify: the target writes guest_count (value) here once it
 * has published a sample, after its t_eoi stamp and so outside the measured
 * window. The exit lets bench/ block instead of polling guest_count: a
 * polling injector shares its CPU with an SGI's or a doorbell's sender vCPU
 * and turns into host-IRQ exits inside the very windows it measures. Back
 * in the guest, the agent store-releases vqb_shared.resumed = guest_count:
 * bench/ starts the next interrupt only then, so that it finds the target
 * in the guest as before, not still out for this exit.
 */
#define VQB_CTRL_DONE		0x30

/*
 * User-space irqchip (soft-vi): the smallest interrupt controller a VMM
 * without an in-kernel vGIC can offer. bench/ emulates it; each access is
 * an MMIO exit, which is the cost this path exists to show.
 */
#define VQB_UIRQ_IAR		0x00	/* read: pending INTID (boot.intid), or 1023 if none */
#define VQB_UIRQ_EOIR		0x08	/* write: INTID done; bench/ lowers the vCPU's IRQ line */

/*
 * vdev (vmm-mmio, vmm-ioeventfd): a device with one register, emulated by
 * bench/ in user space, as a virtio-mmio device's queue notify is. The
 * sender vCPU writes the doorbell (64 bits, the trigger value it answers);
 * bench/ answers with an irqfd write that raises the target's SPI (boot.intid),
 * or its LPI through an MSI route when the VM has an ITS. vmm-mmio: the write
 * exits to bench/ (KVM_EXIT_MMIO); vmm-ioeventfd: KVM_IOEVENTFD signals an
 * eventfd in the kernel and the vCPU re-enters at once.
 */
#define VQB_VDEV_DOORBELL	0x00	/* write: ring; the value is vqb_shared.trigger */

/*
 * How an interrupt reaches the guest: enum vqb_path, one row per path in
 * paths.h's catalogue. Host-injected paths are paced by bench/ (host_seq,
 * then inject). Guest-originated paths are paced through `trigger`: bench/
 * stores host_seq, then store-releases trigger = seq + 1; the originating
 * vCPU sees it, stamps t_trigger, and raises the interrupt itself.
 */

enum vqb_state {
	VQB_STATE_BUSY = 1,	/* target vCPU spins with interrupts unmasked */
	VQB_STATE_WFI = 2,	/* target vCPU idles in WFI */
};

enum vqb_fail {
	VQB_FAIL_BAD_ABI = 1,	/* magic/version mismatch */
	VQB_FAIL_NO_REDIST = 2,	/* no GICR frame matches this vCPU's MPIDR */
	VQB_FAIL_GIC_TIMEOUT = 3,	/* RWP or waker never settled */
	VQB_FAIL_EXCEPTION = 4,	/* unexpected synchronous exception/SError */
	VQB_FAIL_UNSUPPORTED = 5,	/* gic_version or path the agent lacks */
	VQB_FAIL_NO_IRQ = 6,	/* the warm-up interrupt never arrived */
};

/* Written by bench/ before the first KVM_RUN; read-only for the agent. */
struct vqb_boot {
	uint32_t magic;
	uint32_t version;
	uint32_t gic_version;	/* 2 or 3 (a GICv4 host gives a v3 guest) */
	uint32_t nr_vcpus;
	uint64_t gicd_base;
	uint64_t gicr_base;	/* GICv3: first redistributor frame */
	uint64_t gicc_base;	/* GICv2 only */
	uint64_t its_base;	/* 0 when the VM has no ITS */
	uint64_t ctrl_base;
	uint64_t ram_base;
	uint64_t ram_size;
	uint32_t path;		/* enum vqb_path */
	uint32_t state;		/* enum vqb_state */
	uint32_t intid;		/* the INTID the host will inject */
	uint32_t target_vcpu;	/* vCPU index that takes the interrupt */
	uint32_t ring_entries;	/* VQB_RING_ENTRIES, so the agent can check it */
	uint32_t sender_vcpu;	/* sgi, vmm-*: the vCPU that sends (rings) */
	uint64_t uirq_base;	/* soft-vi: the user-space irqchip */
	uint32_t its_devid;	/* lr-msi, v4-direct, vmm-* with an ITS: DeviceID the host signals with */
	uint32_t its_eventid;	/* lr-msi, v4-direct: EventID, mapped to LPI boot.intid */
	uint64_t timer_delay;	/* vtimer: CNTV ticks between arming and firing */
	/*
	 * Fault injection, for bench/'s own tests (--fault-hang-after): after
	 * this many interrupts the agent masks everything and stops
	 * answering, as a guest that hangs mid-cell would. 0: never.
	 */
	uint32_t hang_after;
	uint32_t done_notify;	/* 1: write VQB_CTRL_DONE after each sample (ABI 5) */
	uint64_t vdev_base;	/* vmm-mmio, vmm-ioeventfd: the doorbell's device (ABI 4) */
	/*
	 * Self-check (--delay guest-ack:NS): CNTVCT ticks the target busy-waits
	 * between its t_vector stamp and its IAR read, so that vector_to_ack,
	 * and no other stage, grows by a known amount. 0: none. (ABI 5)
	 */
	uint64_t ack_delay;
	/*
	 * 1: the vCPU has a vPMU (KVM_ARM_VCPU_PMU_V3, initialised by bench/):
	 * the target enables PMCCNTR_EL0, calibrates it against CNTVCT into
	 * vqb_shared.cycle_cal_* and stamps it beside each CNTVCT stamp (c_*).
	 * Every PMU register access traps to KVM (MDCR_EL2.TPM), so each
	 * cycle stamp is an exit: 0 in the cells whose CNTVCT stages are the
	 * record (doc/clocks.md, "Guest cycles"). (ABI 6)
	 */
	uint32_t guest_cycles;
	uint32_t pad_cycles;
};

/*
 * One interrupt as the guest saw it. Counter values are CNTVCT_EL0 ticks,
 * each read as `isb; mrs cntvct_el0`. With boot.guest_cycles, c_* are
 * PMCCNTR_EL0 read right after the CNTVCT stamp of the same name (no isb
 * between: the CNTVCT read's isb orders both); else 0.
 */
struct vqb_sample {
	uint64_t seq;		/* vqb_shared.host_seq, read once the interrupt is EOIed */
	uint64_t t_vector;	/* at the IRQ vector's entry, after saving one register pair */
	uint64_t t_ack;		/* after the IAR read returned */
	uint64_t t_eoi;		/* after the EOI write (and isb) */
	uint32_t intid;		/* what IAR returned */
	uint32_t vcpu;		/* which vCPU took it */
	uint64_t t_trigger;	/* guest-originated paths: the sender's stamp just before the
				 * SGI or doorbell write, or the timer's CVAL; 0 when the host
				 * injected */
	uint64_t c_vector;	/* PMCCNTR_EL0 at vector entry (ABI 6) */
	uint64_t c_ack;		/* ... after t_ack */
	uint64_t c_eoi;		/* ... after t_eoi */
};

#define VQB_RING_ENTRIES	4096u	/* power of two; bench drains as it goes */
#define VQB_MSG_LEN		256u

/*
 * Memory ordering: the agent fills ring[guest_count % VQB_RING_ENTRIES],
 * then a store-release of guest_count + 1. bench/ load-acquires guest_count
 * and only then reads the entry. bench/ store-releases host_seq before it
 * injects interrupt number host_seq.
 */
struct vqb_shared {
	struct vqb_boot boot;
	uint8_t pad0[64 - sizeof(struct vqb_boot) % 64];
	uint64_t host_seq;		/* bench -> agent */
	uint64_t trigger;		/* bench -> agent: seq + 1 to raise (guest-originated paths) */
	uint8_t pad1[48];
	uint64_t guest_count;		/* agent -> bench: samples written */
	uint64_t spurious;		/* agent -> bench: IAR returned 1020..1023 */
	uint32_t ready_mask;		/* agent -> bench: bit per vCPU set up */
	uint32_t fail_code;		/* agent -> bench: enum vqb_fail, 0 = none */
	uint64_t resumed;		/* agent -> bench: guest_count, store-released once back
					 * in the guest from VQB_CTRL_DONE's exit (ABI 5) */
	/*
	 * agent -> bench, before ready with boot.guest_cycles: CNTVCT and
	 * PMCCNTR at the start and the end of the calibration window of
	 * median rate among several (a window with a host exit in it counts
	 * fewer cycles: the vPMU does not count while the host runs). (ABI 6)
	 */
	uint64_t cycle_cal_t0, cycle_cal_c0, cycle_cal_t1, cycle_cal_c1;
	/*
	 * agent -> bench, with them: the median of PMCCNTR read twice back to
	 * back, what one stamp adds to a cycle stage by itself (the rest of
	 * one trapped read and the start of the next, as the vPMU counts
	 * them). (ABI 6)
	 */
	uint64_t cycle_stamp_cost;
	uint8_t pad2[24];
	char msg[VQB_MSG_LEN];		/* agent -> bench: last failure text, NUL-terminated */
	struct vqb_sample ring[VQB_RING_ENTRIES];
};

_Static_assert(sizeof(struct vqb_boot) % 8 == 0, "vqb_boot: no tail padding to disagree on");
_Static_assert(sizeof(struct vqb_sample) == 72, "vqb_sample is part of the ABI");
_Static_assert(__builtin_offsetof(struct vqb_shared, host_seq) % 64 == 0,
	       "host_seq starts a cache line");
_Static_assert(__builtin_offsetof(struct vqb_shared, guest_count) % 64 == 0,
	       "guest_count starts a cache line: the agent writes it, bench/ polls it");

#endif /* VIRQBENCH_ABI_H */
