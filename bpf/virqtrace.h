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

/* The event ids (enum vqt_event_type) and their arguments. */
#include <virqbench/trace_events.h>

/* vqt_event.flags */
enum {
	/*
	 * Not from a thread of the traced process: a kernel thread (the
	 * irqfd_inject worker) or interrupt context. Such an injection cannot
	 * be tied to a VM by the tracepoint's arguments.
	 */
	VQT_F_FOREIGN	= 1u << 0,
};

/* Arguments as trace_events.h lists them, in its order. */
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
	/* sched_switch's: without both, its program is not loaded (# sched=off). */
	__u32 task_pid;			/* task_struct.pid: the thread's id */
	__u32 task_tgid;		/* task_struct.tgid: its process's */
};

/* include/linux/sched.h, include/linux/preempt.h: stable kernel ABI. */
#define VQT_PF_KTHREAD		0x00200000u
#define VQT_SOFTIRQ_OFFSET	0x00000100u
#define VQT_HARDIRQ_MASK	0x000f0000u
#define VQT_NMI_MASK		0x00f00000u

/*
 * --perf-out (perf_count.c): the VMM's threads that perf_event_open counts,
 * one tid_state entry each, put there by user space before the programs
 * attach; the kernel side only updates entries that exist.
 */
#define VQT_PERF_THREADS	64

/*
 * One tracepoint on one thread while the recount's window is open. At
 * every hit the program reads perf's counter of that tracepoint on that
 * thread: perf's count between the window's first and last hit is then
 * perf_last - perf_first, exactly, with no race against the reads, and
 * the programs saw hits - 1 of them.
 */
struct vqt_tp_window {
	__u64 perf_first, perf_last;	/* perf's counter at the first, last hit */
	__u64 ts_first, ts_last;	/* their ts_ns (a row's, when one is written) */
	__u64 hits;			/* hits seen in the window, the first included */
	__u64 filtered;			/* of them after the first: left out by design */
	__u64 read_errors;		/* perf's counter could not be read */
};

struct vqt_tid_state {
	struct vqt_tp_window w[VQT_EV_NR];
	/* The host_cycles/host_instr counters at this thread's last kvm_exit. */
	__u64 exit_cycles, exit_instr;
	__u32 slot;			/* this thread's index in the perf arrays */
	__u32 at_exit;			/* 1: exit_* hold a kvm_exit's reading */
};

/* Ring buffer size unless --ringbuf-mb says otherwise. */
#define VQT_RINGBUF_DEFAULT	(4u << 20)

#endif /* VIRQTRACE_H */
