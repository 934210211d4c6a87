/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The trace-event vocabulary: the project's second wire format, after
 * abi.h. bpf/virqtrace.bpf.c turns each tracepoint below into a ring-buffer
 * record of that event's id; virqtrace writes it as a trace.tsv row
 * (doc/raw-format.md) by this table; bpf/ (trace mode, --replay) and
 * analysis/ read the rows back by this table. Every one of them takes the
 * ids, names and argument formats from here and nowhere else.
 *
 * Only macros and an enum: it compiles for the BPF target (no libc there)
 * as for the host.
 */
#ifndef VIRQBENCH_TRACE_EVENTS_H
#define VIRQBENCH_TRACE_EVENTS_H

/*
 * Every event has VQT_NR_ARGS arguments a0..a3: the tracepoint's TP_PROTO
 * ones in TP_PROTO order, each widened to 64 bits from its declared type
 * (a signed int sign-extended); the unused ones (named "") are 0. The one
 * exception is sched_switch, whose TP_PROTO passes task pointers: its row
 * carries what they point at (the threads' ids, and whose they are).
 * A second: kvm_entry's a1, a2 are no tracepoint arguments but the
 * host's cycles and instructions on the thread since its kvm_exit, read
 * by the program from perf counters (0 without; bpf/perf_count.c).
 */
#define VQT_NR_ARGS	4

/*
 * X(ID, tracepoint, tsv name, a0, a1, a2, a3, format, optional, system)
 *
 *   ID          VQT_EV_<ID>, the record's type; analysis/ calls it EV_<ID>
 *   tracepoint  under events/<system>/; the BPF program is in raw_tp/<tracepoint>
 *   tsv name    trace.tsv's "event" column
 *   a0..a3      argument names, as TP_PROTO spells them
 *   format      a letter per argument: u unsigned decimal, d signed
 *               decimal (may be negative), x 0x-hex (addresses, values)
 *   optional    1: a kernel may lack it (a "# missing=" line, not an
 *               error); 0: virqtrace refuses to run without it
 *   system      the tracepoint's directory under events/: kvm, or sched
 *
 * Rows are only ever appended: an event's id is its row's position, and
 * recorded event streams in the unit tests use the ids. A new tracepoint
 * is one row here and one program in virqtrace.bpf.c.
 */
#define VQT_EVENTS(X)								\
	X(IRQ_LINE, "kvm_irq_line", "irq_line",					\
	  "type", "vcpu_idx", "irq_num", "level", "uddd", 0, "kvm")			\
	X(SET_IRQ, "kvm_set_irq", "set_irq",					\
	  "gsi", "level", "irq_source_id", "", "uddu", 1, "kvm")			\
	X(VGIC_PENDING, "vgic_update_irq_pending", "vgic_pending",		\
	  "vcpu_id", "intid", "level", "", "uuuu", 0, "kvm")				\
	X(EXIT, "kvm_exit", "exit",						\
	  "ret", "esr_ec", "vcpu_pc", "", "uuxu", 0, "kvm")				\
	X(ENTRY, "kvm_entry", "entry",						\
	  "vcpu_pc", "host_cycles", "host_instr", "", "xuuu", 0, "kvm")		\
	X(USERSPACE_EXIT, "kvm_userspace_exit", "userspace_exit",		\
	  "reason", "errno", "", "", "uduu", 0, "kvm")					\
	X(WAKEUP, "kvm_vcpu_wakeup", "wakeup",					\
	  "ns", "waited", "valid", "", "uuuu", 0, "kvm")				\
	X(WFX, "kvm_wfx_arm64", "wfx",						\
	  "vcpu_pc", "is_wfe", "", "", "xuuu", 1, "kvm")				\
	X(MMIO, "kvm_mmio", "mmio",						\
	  "type", "len", "gpa", "val", "ddxx", 1, "kvm")				\
	X(TIMER_IRQ, "kvm_timer_update_irq", "timer_irq",			\
	  "vcpu_id", "intid", "level", "", "uudu", 1, "kvm")				\
	X(ACK_IRQ, "kvm_ack_irq", "ack_irq",					\
	  "irqchip", "pin", "", "", "uuuu", 1, "kvm")					\
	X(HALT_POLL, "kvm_halt_poll_ns", "halt_poll",				\
	  "grow", "vcpu_id", "new", "old", "uuuu", 1, "kvm")			\
	X(SCHED_SWITCH, "sched_switch", "sched_switch",				\
	  "prev_pid", "next_pid", "prev_who", "next_who", "uuuu", 1, "sched")

/*
 * sched_switch's prev_who and next_who: whose thread it is. Only switches
 * from or to a thread of the traced process or of the tracer itself are
 * recorded, so those threads' time on every CPU is known exactly: the
 * suite's own threads are seen when they run beside a measured vCPU.
 */
#define VQT_WHO_OTHER	0	/* another process, a kernel thread, the idle task */
#define VQT_WHO_TARGET	1	/* the traced process (the VMM: bench/) */
#define VQT_WHO_TRACER	2	/* virqtrace itself */

#define VQT_EV_ID_(id, ...)	VQT_EV_##id,
enum vqt_event_type {
	VQT_EVENTS(VQT_EV_ID_)
	VQT_EV_NR
};
#undef VQT_EV_ID_

/*
 * Shapes the readers rely on: analysis/ keeps a bit per event (and one for
 * "another event") in a 32-bit mask, and a name in 24 bytes; a row of
 * hand-formatted numbers fits TRACE_ROW_MAX (lib/trace_row.h) only with one
 * format letter per argument.
 */
#define VQT_NAME_MAX	16	/* longest tsv name, its NUL included */
_Static_assert(VQT_EV_NR < 32, "analysis/ masks the events in 32 bits");
#define VQT_EV_CHECK_(id, tp, name, a0, a1, a2, a3, fmt, opt, sys)		\
	_Static_assert(sizeof(fmt) == VQT_NR_ARGS + 1,				\
		       #id ": one format letter per argument");			\
	_Static_assert(sizeof(name) <= VQT_NAME_MAX, #id ": name too long");
VQT_EVENTS(VQT_EV_CHECK_)
#undef VQT_EV_CHECK_

/*
 * kvm_irq_line's a0, KVM_IRQ_LINE's irq type (KVM_ARM_IRQ_TYPE_* of
 * arch/arm64/include/uapi/asm/kvm.h). Our own names: bench/ includes the
 * kernel's header, whose macros these must not redefine.
 */
#define VQT_IRQ_TYPE_CPU	0	/* the vCPU's IRQ line (HCR_EL2.VI): no vGIC */
#define VQT_IRQ_TYPE_SPI	1
#define VQT_IRQ_TYPE_PPI	2

/* INTIDs below this are per vCPU (SGIs, PPIs): include/kvm/arm_vgic.h. */
#define VQT_NR_PRIVATE_IRQS	32

#endif /* VIRQBENCH_TRACE_EVENTS_H */
