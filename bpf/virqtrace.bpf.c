// SPDX-License-Identifier: GPL-2.0
/*
 * virqtrace, kernel side: one raw-tracepoint program per KVM tracepoint on
 * the way of a virtual interrupt, each turning its arguments into a
 * struct vqt_event on a ring buffer.
 *
 * Raw tracepoints need neither BTF nor vmlinux.h (whose generic arm64 copy
 * has no KVM types): ctx holds the TP_PROTO arguments, each widened to u64
 * by zero extension (include/linux/trace_events.h, __CAST_TO_U64). BPF_PROG
 * casts them back to the declared types, so a negative int stays negative.
 * A program may only read as many arguments as TP_PROTO has: the kernel
 * refuses the attach (EINVAL) otherwise.
 *
 * A new tracepoint is one small program below, one enum value in
 * virqtrace.h and one row in virqtrace.c's event table.
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "virqtrace.h"

char LICENSE[] SEC("license") = "GPL";

/* Thread group (VMM process) to trace; 0 traces every process. */
const volatile __u32 target_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, VQT_RINGBUF_DEFAULT);	/* set before load */
} events SEC(".maps");

/* Records the ring buffer had no room for; the user side sums the CPUs. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

static __always_inline int emit(__u32 type, __u64 a0, __u64 a1, __u64 a2,
				__u64 a3)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct vqt_event *e;
	__u64 ts;

	if (target_tgid && (__u32)(id >> 32) != target_tgid)
		return 0;

	ts = bpf_ktime_get_ns();
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		__u32 zero = 0;
		__u64 *n = bpf_map_lookup_elem(&dropped, &zero);

		/* Atomic: a tracepoint in an interrupt can nest on this CPU. */
		if (n)
			__sync_fetch_and_add(n, 1);
		return 0;
	}
	e->ts_ns = ts;
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
	e->args[3] = a3;
	e->tid = (__u32)id;
	e->cpu = bpf_get_smp_processor_id();
	e->type = type;
	e->pad = 0;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* Signed arguments go out sign-extended to 64 bits. */
#define S(x)	((__u64)(__s64)(x))

SEC("raw_tp/kvm_irq_line")
int BPF_PROG(on_irq_line, unsigned int type, int vcpu_idx, int irq_num,
	     int level)
{
	return emit(VQT_EV_IRQ_LINE, type, S(vcpu_idx), S(irq_num), S(level));
}

SEC("raw_tp/kvm_set_irq")
int BPF_PROG(on_set_irq, unsigned int gsi, int level, int irq_source_id)
{
	return emit(VQT_EV_SET_IRQ, gsi, S(level), S(irq_source_id), 0);
}

SEC("raw_tp/vgic_update_irq_pending")
int BPF_PROG(on_vgic_pending, unsigned long vcpu_id, __u32 irq, bool level)
{
	return emit(VQT_EV_VGIC_PENDING, vcpu_id, irq, level, 0);
}

/*
 * arch/arm64/include/asm/kvm_asm.h. The tracepoint gets the raw exit code;
 * its formatted event strips the SError flag and keeps esr_ec for traps
 * only. Do the same so the trace reads like the kernel's own.
 */
#define ARM_EXIT_WITH_SERROR_BIT	31
#define ARM_EXCEPTION_CODE(x)	((x) & ~(1U << ARM_EXIT_WITH_SERROR_BIT))
#define ARM_EXCEPTION_TRAP	2

SEC("raw_tp/kvm_exit")
int BPF_PROG(on_exit, int ret, unsigned int esr_ec, unsigned long vcpu_pc)
{
	__u32 code = ARM_EXCEPTION_CODE((__u32)ret);

	return emit(VQT_EV_EXIT, code,
		    code == ARM_EXCEPTION_TRAP ? esr_ec : 0, vcpu_pc, 0);
}

SEC("raw_tp/kvm_entry")
int BPF_PROG(on_entry, unsigned long vcpu_pc)
{
	return emit(VQT_EV_ENTRY, vcpu_pc, 0, 0, 0);
}
