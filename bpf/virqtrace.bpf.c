// SPDX-License-Identifier: GPL-2.0
/*
 * virqtrace, kernel side: one raw-tracepoint program per KVM tracepoint on
 * the way of a virtual interrupt, and one on sched_switch to see whose
 * threads run where, each turning its arguments into a struct vqt_event on
 * a ring buffer.
 *
 * Raw tracepoints need neither BTF nor vmlinux.h (whose generic arm64 copy
 * has no KVM types): ctx holds the TP_PROTO arguments, each widened to u64
 * by zero extension (include/linux/trace_events.h, __CAST_TO_U64). BPF_PROG
 * casts them back to the declared types, so a negative int stays negative.
 * A program may only read as many arguments as TP_PROTO has: the kernel
 * refuses the attach (EINVAL) otherwise. Every TP_PROTO below is the one of
 * Linux 6.1 (checked against the btf_trace_<name> typedefs in the lab
 * kernel's BTF).
 *
 * A new tracepoint is one small program below and one row in
 * include/virqbench/trace_events.h, which gives it its id.
 */
#include <stdbool.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "virqtrace.h"

char LICENSE[] SEC("license") = "GPL";

/* Thread group (VMM process) to trace; 0 traces every process. */
const volatile __u32 target_tgid = 0;
/* virqtrace's own process: its threads' sched_switch events are kept too. */
const volatile __u32 tracer_tgid = 0;

/*
 * Offsets into task_struct that user space found in the kernel's BTF.
 * Read with bpf_probe_read_kernel() rather than through CO-RE: an object
 * with CO-RE relocations does not load at all on a kernel without BTF,
 * while this way such a kernel only loses the kernel-thread and interrupt
 * part of the filter (see keep_foreign()).
 */
const volatile struct vqt_ctx_offsets ctx_off = { 0, 0, 0, 0 };

/*
 * Wake the reader only once this many bytes wait in the ring buffer; set
 * by user space to a quarter of its size. A wake-up per record (the
 * default) costs an irq_work, on arm64 a self-IPI, and a context switch to
 * the reader on every traced event: on the injector's CPU that switch puts
 * and reloads a vCPU, whose timer update is itself traced, and the trace
 * feeds itself. The reader polls on a timer instead (virqtrace.c, POLL_MS).
 * 0 wakes on every record, as libbpf's default.
 */
const volatile __u64 wakeup_bytes = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, VQT_RINGBUF_DEFAULT);	/* set before load */
} events SEC(".maps");

/*
 * Per-CPU counters, summed by the user side: [VQT_CNT_RINGBUF_FULL] records
 * the ring buffer had no room for (lost), [VQT_CNT_REPEATED_LOW] PPI
 * updates left out as repeats (see repeated_low(); not lost, nothing
 * happened).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, VQT_CNT_NR);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

/*
 * The last level this process gave each (tracepoint, vCPU, PPI): 0 never
 * seen, 1 high, 2 low. An array map: the verifier inlines its lookup.
 */
#define LEVEL_VCPUS	512
#define NR_PPIS		16
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2 * LEVEL_VCPUS * NR_PPIS);
	__type(key, __u32);
	__type(value, __u32);
} ppi_level SEC(".maps");

/*
 * perf's recount (bpf/perf_count.c): per counted VMM thread, each
 * tracepoint's window and the last kvm_exit's host counters.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, VQT_PERF_THREADS);
	__type(key, __u32);
	__type(value, struct vqt_tid_state);
} tid_state SEC(".maps");

/* perf's counter of tracepoint e on the thread of slot s, at s * VQT_EV_NR + e. */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, VQT_PERF_THREADS * VQT_EV_NR);
	__type(key, __u32);
	__type(value, __u32);
} tp_counters SEC(".maps");

/*
 * Per-thread perf counters of the VMM's threads (cycles, instructions;
 * exclude_guest where the PMU can), by tid_state's slot. A per-task
 * counter reads only on its own thread (perf_event_read_local), which is
 * where kvm_exit and kvm_entry fire.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, VQT_PERF_THREADS);
	__type(key, __u32);
	__type(value, __u32);
} host_cycles SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(max_entries, VQT_PERF_THREADS);
	__type(key, __u32);
	__type(value, __u32);
} host_instr SEC(".maps");

/* Set by user space when host_cycles holds counters: kvm_exit/kvm_entry read them. */
const volatile __u32 host_counters = 0;

/* The recount's window: user space opens it after attach and closes it before detach. */
__u32 recount_open = 0;

/*
 * A hit of a traced thread's tracepoint, ts its row's time: perf's
 * counter of the same tracepoint, read here, at this hit.
 */
static __always_inline void recount(__u64 id, __u32 type, __u64 ts, bool filtered)
{
	struct bpf_perf_event_value v;
	struct vqt_tid_state *s;
	struct vqt_tp_window *w;
	__u32 tid = (__u32)id;

	if (!recount_open || type >= VQT_EV_NR)
		return;
	s = bpf_map_lookup_elem(&tid_state, &tid);
	if (!s || s->slot >= VQT_PERF_THREADS)
		return;
	w = &s->w[type];
	if (bpf_perf_event_read_value(&tp_counters, s->slot * VQT_EV_NR + type, &v, sizeof(v))) {
		w->read_errors++;
		return;
	}
	if (!w->hits) {
		w->perf_first = v.counter;
		w->ts_first = ts;
	} else if (filtered) {
		w->filtered++;
	}
	w->hits++;
	w->perf_last = v.counter;
	w->ts_last = ts;
}

static __always_inline void count(__u32 which)
{
	__u64 *n = bpf_map_lookup_elem(&dropped, &which);

	/* Atomic: a tracepoint in an interrupt can nest on this CPU. */
	if (n)
		__sync_fetch_and_add(n, 1);
}

/*
 * An injection not made by a thread of the VMM: the irqfd_inject work item
 * runs in a kworker, an emulated timer's hrtimer in hard interrupt context
 * on whatever task the CPU was running. Nothing in these tracepoints names
 * the VM, so they are kept for every VM and flagged VQT_F_FOREIGN.
 */
static __always_inline bool keep_foreign(void)
{
	__u64 task = bpf_get_current_task();
	__u32 v = 0;

	if (ctx_off.task_flags &&
	    !bpf_probe_read_kernel(&v, sizeof(v),
				   (void *)(task + ctx_off.task_flags)) &&
	    (v & VQT_PF_KTHREAD))
		return true;
	/* arm64 keeps preempt_count in thread_info; its low word is the count. */
	if (ctx_off.preempt_count &&
	    !bpf_probe_read_kernel(&v, sizeof(v),
				   (void *)(task + ctx_off.preempt_count)) &&
	    (v & (VQT_NMI_MASK | VQT_HARDIRQ_MASK | VQT_SOFTIRQ_OFFSET)))
		return true;
	return false;
}

static __always_inline __u64 wakeup_flags(void)
{
	if (!wakeup_bytes)
		return 0;	/* libbpf's adaptive default: wake an idle reader */
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) < wakeup_bytes ?
	       BPF_RB_NO_WAKEUP : BPF_RB_FORCE_WAKEUP;
}

/* One record, unfiltered, stamped ts. */
static __always_inline int put_at(__u64 ts, __u32 tid, __u32 type, __u32 flags, __u64 a0,
				  __u64 a1, __u64 a2, __u64 a3)
{
	struct vqt_event *e;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count(VQT_CNT_RINGBUF_FULL);
		return 0;
	}
	e->ts_ns = ts;
	e->args[0] = a0;
	e->args[1] = a1;
	e->args[2] = a2;
	e->args[3] = a3;
	e->tid = tid;
	e->cpu = bpf_get_smp_processor_id();
	e->type = type;
	e->flags = flags;
	bpf_ringbuf_submit(e, wakeup_flags());
	return 0;
}

static __always_inline int put(__u32 tid, __u32 type, __u32 flags, __u64 a0,
			       __u64 a1, __u64 a2, __u64 a3)
{
	return put_at(bpf_ktime_get_ns(), tid, type, flags, a0, a1, a2, a3);
}

/* id: bpf_get_current_pid_tgid(), read once by the caller. */
static __always_inline int emit_as(__u64 id, __u32 type, bool any_ctx, __u64 a0,
				   __u64 a1, __u64 a2, __u64 a3)
{
	__u32 flags = 0;
	__u64 ts;

	/* The process's own events pay for one compare, nothing more. */
	if (target_tgid && (__u32)(id >> 32) != target_tgid) {
		if (!any_ctx || !keep_foreign())
			return 0;
		flags = VQT_F_FOREIGN;
	}
	/* perf's counter read at the row's own time: the recount's window edges are exact. */
	ts = bpf_ktime_get_ns();
	if (!flags)
		recount(id, type, ts, false);
	return put_at(ts, (__u32)id, type, flags, a0, a1, a2, a3);
}

static __always_inline int emit(__u32 type, bool any_ctx, __u64 a0, __u64 a1,
				__u64 a2, __u64 a3)
{
	return emit_as(bpf_get_current_pid_tgid(), type, any_ctx, a0, a1, a2, a3);
}

/* Signed arguments go out sign-extended to 64 bits. */
#define S(x)	((__u64)(__s64)(x))

/*
 * Made by the VMM's own ioctl (KVM_IRQ_LINE): its thread, always. Only the
 * CPU lines (HCR_EL2.VI/VF: a user-space irqchip) are written: an SPI or a
 * PPI goes to the vGIC, whose vgic_update_irq_pending follows on the same
 * thread within the same call and says the same (vCPU, intid, level).
 * Two events fewer per interrupt on the injection's own path.
 */
SEC("raw_tp/kvm_irq_line")
int BPF_PROG(on_irq_line, unsigned int type, int vcpu_idx, int irq_num,
	     int level)
{
	if (type != VQT_IRQ_TYPE_CPU) {
		recount(bpf_get_current_pid_tgid(), VQT_EV_IRQ_LINE, bpf_ktime_get_ns(), true);
		return 0;
	}
	return emit(VQT_EV_IRQ_LINE, false, type, S(vcpu_idx), S(irq_num),
		    S(level));
}

/* irqfd: from the irqfd_inject worker, a kernel thread. */
SEC("raw_tp/kvm_set_irq")
int BPF_PROG(on_set_irq, unsigned int gsi, int level, int irq_source_id)
{
	return emit(VQT_EV_SET_IRQ, true, gsi, S(level), S(irq_source_id), 0);
}

/*
 * A PPI's line set low again while it is already low, by the traced
 * process. KVM refreshes the timers' lines on every vcpu_load
 * (kvm_timer_vcpu_load_gic), so a vCPU thread that shares its CPU traces
 * two kvm_timer_update_irq and two vgic_update_irq_pending per context
 * switch, thousands a second, nearly all "still low". They are counted,
 * not written. A raise is always written, even a repeated one: a
 * hardware-mapped timer's line falls without a tracepoint, so a second
 * raise can be a new interrupt. Another process's updates are all kept:
 * vcpu_id alone does not say which VM they belong to.
 */
static __always_inline bool repeated_low(__u64 id, __u32 tp, __u32 ev, __u64 vcpu_id,
					 __u32 irq, bool level)
{
	__u32 key, *last;

	if (irq < 16 || irq >= 16 + NR_PPIS || vcpu_id >= LEVEL_VCPUS ||
	    !target_tgid || (__u32)(id >> 32) != target_tgid)
		return false;
	key = (tp * LEVEL_VCPUS + (__u32)vcpu_id) * NR_PPIS + irq - 16;
	last = bpf_map_lookup_elem(&ppi_level, &key);
	if (!last)
		return false;
	if (level) {
		*last = 1;
		return false;
	}
	if (*last == 2) {
		count(VQT_CNT_REPEATED_LOW);
		recount(id, ev, bpf_ktime_get_ns(), true);
		return true;
	}
	*last = 2;
	return false;
}

/* Under every in-kernel injection, in whichever context that runs. */
SEC("raw_tp/vgic_update_irq_pending")
int BPF_PROG(on_vgic_pending, unsigned long vcpu_id, __u32 irq, bool level)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (repeated_low(id, 0, VQT_EV_VGIC_PENDING, vcpu_id, irq, level))
		return 0;
	return emit_as(id, VQT_EV_VGIC_PENDING, true, vcpu_id, irq, level, 0);
}

/*
 * arch/arm64/include/asm/kvm_asm.h. The tracepoint gets the raw exit code;
 * its formatted event strips the SError flag and keeps esr_ec for traps
 * only. Do the same so the trace reads like the kernel's own.
 */
#define ARM_EXIT_WITH_SERROR_BIT	31
#define ARM_EXCEPTION_CODE(x)	((x) & ~(1U << ARM_EXIT_WITH_SERROR_BIT))
#define ARM_EXCEPTION_TRAP	2

/* This thread's host counters now; false when it has no cycle counter. */
static __always_inline bool read_host(struct vqt_tid_state *s, __u64 *cyc, __u64 *ins)
{
	struct bpf_perf_event_value v;

	if (bpf_perf_event_read_value(&host_cycles, s->slot, &v, sizeof(v)))
		return false;
	*cyc = v.counter;
	/* No instruction counter (QEMU's PMU without icount has none): 0. */
	*ins = bpf_perf_event_read_value(&host_instr, s->slot, &v, sizeof(v)) ? 0 : v.counter;
	return true;
}

static __always_inline struct vqt_tid_state *host_state(__u64 id)
{
	__u32 tid = (__u32)id;

	return host_counters ? bpf_map_lookup_elem(&tid_state, &tid) : NULL;
}

SEC("raw_tp/kvm_exit")
int BPF_PROG(on_exit, int ret, unsigned int esr_ec, unsigned long vcpu_pc)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 code = ARM_EXCEPTION_CODE((__u32)ret);
	struct vqt_tid_state *s = host_state(id);

	if (s)
		s->at_exit = read_host(s, &s->exit_cycles, &s->exit_instr);
	return emit_as(id, VQT_EV_EXIT, false, code,
		       code == ARM_EXCEPTION_TRAP ? esr_ec : 0, vcpu_pc, 0);
}

/*
 * a1, a2: the host's cycles and instructions on this thread since its
 * kvm_exit (the exit's handling, in the host's own terms), 0 without
 * counters; perf.tsv's "# host_cycles=" and "# host_instr=" lines say
 * whether they were there (perf_count.c).
 */
SEC("raw_tp/kvm_entry")
int BPF_PROG(on_entry, unsigned long vcpu_pc)
{
	__u64 id = bpf_get_current_pid_tgid(), cyc = 0, ins = 0;
	struct vqt_tid_state *s = host_state(id);

	if (s && s->at_exit && read_host(s, &cyc, &ins)) {
		cyc -= s->exit_cycles;
		ins -= s->exit_instr;	/* 0 - 0 without an instruction counter */
	}
	if (s)
		s->at_exit = 0;
	return emit_as(id, VQT_EV_ENTRY, false, vcpu_pc, cyc, ins, 0);
}

SEC("raw_tp/kvm_userspace_exit")
int BPF_PROG(on_userspace_exit, __u32 reason, int err)
{
	return emit(VQT_EV_USERSPACE_EXIT, false, reason, S(err), 0, 0);
}

SEC("raw_tp/kvm_vcpu_wakeup")
int BPF_PROG(on_vcpu_wakeup, __u64 ns, bool waited, bool valid)
{
	return emit(VQT_EV_WAKEUP, false, ns, waited, valid, 0);
}

SEC("raw_tp/kvm_wfx_arm64")
int BPF_PROG(on_wfx, unsigned long vcpu_pc, bool is_wfe)
{
	return emit(VQT_EV_WFX, false, vcpu_pc, is_wfe, 0, 0);
}

/*
 * val points at the data (NULL for a read not yet satisfied; 6.1's BTF says
 * void *); the kernel's own event copies min(len, 8) bytes of it. A
 * variable-size read loses its bound in the verifier's eyes, so read 8
 * bytes and keep len of them (little-endian: the low ones).
 */
SEC("raw_tp/kvm_mmio")
int BPF_PROG(on_mmio, int type, int len, __u64 gpa, void *val)
{
	__u64 v = 0;

	if (val && bpf_probe_read_kernel(&v, sizeof(v), val))
		v = 0;
	if (len <= 0)
		v = 0;
	else if (len < 8)
		v &= (1ull << (8 * len)) - 1;
	return emit(VQT_EV_MMIO, false, S(type), S(len), gpa, v);
}

/* From the vCPU thread, or from the host timer's interrupt. */
SEC("raw_tp/kvm_timer_update_irq")
int BPF_PROG(on_timer_irq, unsigned long vcpu_id, __u32 irq, int level)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (repeated_low(id, 1, VQT_EV_TIMER_IRQ, vcpu_id, irq, level != 0))
		return 0;
	return emit_as(id, VQT_EV_TIMER_IRQ, true, vcpu_id, irq, S(level), 0);
}

SEC("raw_tp/kvm_ack_irq")
int BPF_PROG(on_ack_irq, unsigned int irqchip, unsigned int pin)
{
	return emit(VQT_EV_ACK_IRQ, false, irqchip, pin, 0, 0);
}

SEC("raw_tp/kvm_halt_poll_ns")
int BPF_PROG(on_halt_poll, bool grow, unsigned int vcpu_id, unsigned int new,
	     unsigned int old)
{
	return emit(VQT_EV_HALT_POLL, false, grow, vcpu_id, new, old);
}

/* VQT_WHO_* of a thread group. */
static __always_inline __u32 who(__u32 tgid)
{
	if (target_tgid && tgid == target_tgid)
		return VQT_WHO_TARGET;
	if (tracer_tgid && tgid == tracer_tgid)
		return VQT_WHO_TRACER;
	return VQT_WHO_OTHER;
}

/*
 * Every context switch of the host, so it must be cheap for the others:
 * two reads and two compares, and a record only when the traced process or
 * the tracer is on either side. Then each of their threads' time on a CPU
 * is known from its switch in to its switch out, and the analysis sees the
 * suite's own threads (the injector, a helper, the tracer) running on a
 * measured vCPU's CPU inside an interrupt's window. The row's tid is prev,
 * the task that was running.
 */
SEC("raw_tp/sched_switch")
int BPF_PROG(on_sched_switch, bool preempt, void *prev, void *next)
{
	__u32 prev_pid = 0, prev_tgid = 0, next_pid = 0, next_tgid = 0;
	__u32 pw, nw;

	if (!ctx_off.task_pid || !ctx_off.task_tgid)
		return 0;
	bpf_probe_read_kernel(&prev_tgid, sizeof(prev_tgid), (char *)prev + ctx_off.task_tgid);
	bpf_probe_read_kernel(&next_tgid, sizeof(next_tgid), (char *)next + ctx_off.task_tgid);
	pw = who(prev_tgid);
	nw = who(next_tgid);
	if (pw == VQT_WHO_OTHER && nw == VQT_WHO_OTHER)
		return 0;
	bpf_probe_read_kernel(&prev_pid, sizeof(prev_pid), (char *)prev + ctx_off.task_pid);
	bpf_probe_read_kernel(&next_pid, sizeof(next_pid), (char *)next + ctx_off.task_pid);
	return put(prev_pid, VQT_EV_SCHED_SWITCH, 0, prev_pid, next_pid, pw, nw);
}
