/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virqtrace: what the kernel side (virqtrace.bpf.c) hands the user side
 * (virqtrace.c) through the ring buffer. Both include this file; it uses
 * only <linux/types.h> types so that it compiles for the BPF target too.
 */
#ifndef VIRQTRACE_H
#define VIRQTRACE_H

#include <linux/types.h>

/*
 * One value per traced tracepoint. The user side's event table is indexed
 * by it, so a new tracepoint is one value here, one program in
 * virqtrace.bpf.c and one row in virqtrace.c.
 */
enum vqt_event_type {
	VQT_EV_IRQ_LINE,	/* kvm_irq_line */
	VQT_EV_SET_IRQ,		/* kvm_set_irq */
	VQT_EV_VGIC_PENDING,	/* vgic_update_irq_pending */
	VQT_EV_EXIT,		/* kvm_exit */
	VQT_EV_ENTRY,		/* kvm_entry */
	VQT_EV_NR
};

#define VQT_NR_ARGS	4

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
	__u32 pad;
};

/* Ring buffer size unless --ringbuf-mb says otherwise. */
#define VQT_RINGBUF_DEFAULT	(4u << 20)

#endif /* VIRQTRACE_H */
