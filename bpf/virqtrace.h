/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virqtrace: what the kernel side (virqtrace.bpf.c) hands the user side
 * (virqtrace.c, trace_summary.c) through the ring buffer. Both include this
 * file; it uses only <linux/types.h> types so that it compiles for the BPF
 * target too.
 */
#ifndef VIRQTRACE_H
#define VIRQTRACE_H

#include <linux/types.h>

/*
 * One value per traced tracepoint. The user side's event table is indexed
 * by it, so a new tracepoint is one value here, one program in
 * virqtrace.bpf.c and one row in events.c. Values are only ever appended:
 * recorded event streams in the unit tests use them.
 */
enum vqt_event_type {
	VQT_EV_IRQ_LINE,	/* kvm_irq_line */
	VQT_EV_SET_IRQ,		/* kvm_set_irq */
	VQT_EV_VGIC_PENDING,	/* vgic_update_irq_pending */
	VQT_EV_EXIT,		/* kvm_exit */
	VQT_EV_ENTRY,		/* kvm_entry */
	VQT_EV_USERSPACE_EXIT,	/* kvm_userspace_exit */
	VQT_EV_VCPU_WAKEUP,	/* kvm_vcpu_wakeup */
	VQT_EV_WFX,		/* kvm_wfx_arm64 */
	VQT_EV_MMIO,		/* kvm_mmio */
	VQT_EV_TIMER_IRQ,	/* kvm_timer_update_irq */
	VQT_EV_ACK_IRQ,		/* kvm_ack_irq */
	VQT_EV_HALT_POLL,	/* kvm_halt_poll_ns */
	VQT_EV_NR
};

#define VQT_NR_ARGS	4

/* vqt_event.flags */
enum {
	/*
	 * Not from a thread of the traced process: a kernel thread (the
	 * irqfd_inject worker) or interrupt context. Such an injection cannot
	 * be tied to a VM by the tracepoint's arguments.
	 */
	VQT_F_FOREIGN	= 1u << 0,
};

/*
 * Arguments are the tracepoint's TP_PROTO ones, each converted to 64 bits
 * from its declared type (a signed int is sign-extended), in TP_PROTO
 * order; unused ones are 0.
 */
struct vqt_event {
	__u64 ts_ns;			/* bpf_ktime_get_ns(), CLOCK_MONOTONIC */
	__u64 args[VQT_NR_ARGS];
	__u32 tid;
	__u32 cpu;
	__u32 type;			/* enum vqt_event_type */
	__u32 flags;			/* VQT_F_* */
};

/* Slots of the kernel side's per-CPU counter map ("dropped"). */
enum {
	VQT_CNT_RINGBUF_FULL,	/* no room in the ring buffer: lost */
	VQT_CNT_REPEATED_LOW,	/* a PPI set low while low: left out, counted */
	VQT_CNT_NR
};

/*
 * Where the kernel keeps what the context filter reads, found by user space
 * in the kernel's BTF before load (task_btf.c). An offset of 0 turns that
 * part of the filter off: without BTF only the traced process is seen.
 */
struct vqt_ctx_offsets {
	__u32 task_flags;		/* task_struct.flags */
	__u32 preempt_count;		/* task_struct.thread_info.preempt_count */
};

/* include/linux/sched.h, include/linux/preempt.h: stable kernel ABI. */
#define VQT_PF_KTHREAD		0x00200000u
#define VQT_SOFTIRQ_OFFSET	0x00000100u
#define VQT_HARDIRQ_MASK	0x000f0000u
#define VQT_NMI_MASK		0x00f00000u

/* Ring buffer size unless --ringbuf-mb says otherwise. */
#define VQT_RINGBUF_DEFAULT	(4u << 20)

#endif /* VIRQTRACE_H */
