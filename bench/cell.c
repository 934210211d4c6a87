// SPDX-License-Identifier: GPL-2.0
/*
 * Runs one cell. Whatever happens, the cell's directory ends with a
 * cell.kv that says how it ended, and every interrupt injected before the
 * end has its host.tsv row: a fault costs the rest of the cell, never what
 * was measured. Devices and tracers it borrowed are given back on every
 * way out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cell.h"
#include "clock.h"
#include "kernelinfo.h"
#include "kvm.h"
#include "kvm_stats.h"
#include "rawout.h"
#include "rowfile.h"
#include "diag.h"
#include "contender.h"
#include "memwatch.h"
#include "tracer.h"
#include "uirq.h"

volatile sig_atomic_t cell_stop_requested;

#define NR_IRQS 128	/* SPIs 32..127: room for every path's INTID */

struct cell {
	const struct cell_opts *o;
	char dir[4096];
	struct vm vm;
	struct vqb_shared *sh;
	struct path_ctx ctx;
	struct vfio_dev vfio;
	struct kv_out kv;
	struct rowfile host_tsv, guest_tsv;
	int have_rows;		/* both sample files were created */
	uint64_t drained;	/* guest samples already copied to guest.tsv */
	uint64_t wfi_asleep;	/* wfi: interrupts injected while the vCPU slept in the host */
	uint64_t wfi_awake;	/* wfi: ... while it did not (WFI not trapped) */
	enum cell_status status;
	char error[768];
	char name[256];
	const char *trace_state;	/* cell.kv's trace: on, off, failed */
	struct tracer tr;
	struct memwatch mw;	/* rss.tsv: the tracer's and bench/'s VmRSS */
	struct contender con;
	struct counter_offset off0, off1;	/* before and after: trusted when they agree */
	int have_off0, have_off1;
	struct clock_pair cal0, cal1;
	uint64_t injected;
	int cycles;		/* the vPMU is on and the agent stamps cycles */
	const char *cycles_why;	/* --guest-cycles asked, but no vPMU: why */
};

static const char *const delay_names[DELAY_NR] = {
	[DELAY_NONE] = "none", [DELAY_GUEST_ACK] = "guest-ack",
	[DELAY_HOST_INJECT] = "host-inject", [DELAY_VMM_HANDLER] = "vmm-handler",
};

const char *delay_point_name(enum delay_point d)
{
	return d < DELAY_NR ? delay_names[d] : "unknown";
}

enum delay_point delay_point_by_name(const char *name)
{
	for (int d = 0; d < DELAY_NR; d++)
		if (!strcmp(name, delay_names[d]))
			return (enum delay_point)d;
	return DELAY_NR;
}

static uint64_t ns_to_ticks(uint64_t ns)
{
	return (uint64_t)((unsigned __int128)ns * counter_freq() / 1000000000u);
}

/* Why --delay's point is not on this path's way, or NULL. */
static const char *delay_misses_path(const struct cell_opts *o)
{
	if (o->delay_point == DELAY_HOST_INJECT && o->path->pi->origin == VQB_ORIGIN_GUEST)
		return "--delay host-inject: this path starts at the guest's t_trigger, not at bench/'s t_inject";
	if (o->delay_point == DELAY_VMM_HANDLER && !o->path->stamps)
		return "--delay vmm-handler: this path has no VMM handler (the vmm-* paths have)";
	return NULL;
}

const char *cell_status_name(enum cell_status s)
{
	static const char *const names[] = { "ok", "timeout", "error", "interrupted", "skipped" };

	return names[s];
}

static void cell_fail(struct cell *c, enum cell_status status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cell_fail(struct cell *c, enum cell_status status, const char *fmt, ...)
{
	va_list ap;

	if (c->status != CELL_OK)
		return;	/* the first fault is the cause; later ones follow from it */
	va_start(ap, fmt);
	vsnprintf(c->error, sizeof(c->error), fmt, ap);
	va_end(ap);
	c->status = status;
	diag_say("%s", c->error);
}

/* Nothing left for an unprivileged writer on DIR's file system. */
static int dir_full(const char *dir)
{
	struct statvfs st;

	return !statvfs(dir, &st) && st.f_bavail == 0;
}

static int pin_self(int cpu)
{
	cpu_set_t set;

	if (cpu < 0)
		return 0;
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set) ? -errno : 0;
}

static struct vcpu *first_failed_vcpu(struct cell *c)
{
	for (int i = 0; i < c->vm.nr_vcpus; i++)
		if (atomic_load(&c->vm.vcpus[i].failed))
			return &c->vm.vcpus[i];
	return NULL;
}

/* 3 for "v3" and "v3-its" (a vGICv3 with an ITS), 2 for "v2", 0 for "none". */
static uint32_t vgic_version(const char *vgic)
{
	return !strncmp(vgic, "v3", 2) ? 3 : !strcmp(vgic, "v2") ? 2 : 0;
}

static int cell_build_vm(struct cell *c)
{
	const struct cell_opts *o = c->o;
	const struct path *p = o->path;
	const int nr_vcpus = (int)p->pi->nr_vcpus;
	struct vm *vm = &c->vm;
	struct vqb_boot *boot;
	int r = 0;

	if (vm_create(vm, nr_vcpus) || vm_add_ram(vm, VQB_RAM_BASE, VQB_RAM_SIZE) ||
	    vm_load_image(vm, o->agent_image, VQB_AGENT_ENTRY, VQB_AGENT_MAX_SIZE))
		goto fail;
	for (int i = 0; i < nr_vcpus; i++)
		if (vcpu_create(vm, i) || vcpu_init(&vm->vcpus[i], c->cycles))
			goto fail;
	vm->fault_serror_after = o->fault_serror_after;
	/* A syndrome of bench/'s own needs the RAS extension; without it KVM gives its own. */
	if (o->fault_serror_after) {
		vm->fault_serror_has_esr =
			ioctl(vm->fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_INJECT_SERROR_ESR) > 0;
		if (vm->fault_serror_has_esr)
			kvo_set(&c->kv, "fault_guest_serror_iss", "0x%llx", VQB_FAULT_SERROR_ISS);
		else
			kvo_set(&c->kv, "fault_guest_serror_iss", "none");
	}
	/* The vGIC goes in after the vCPUs, and is initialised last. */
	if (vgic_version(o->vgic) == 3)
		r = vgic_v3_create(vm, VQB_GICD_BASE, VQB_GICR_BASE, NR_IRQS);
	else if (vgic_version(o->vgic) == 2)
		r = vgic_v2_create(vm, VQB_GICD_BASE, VQB_GICC_BASE, NR_IRQS);
	if (r || (strcmp(o->vgic, "none") && vgic_init(vm)))
		goto fail;
	for (int i = 0; i < nr_vcpus && c->cycles; i++)
		if (vcpu_pmu_init(&vm->vcpus[i], strcmp(o->vgic, "none") != 0))
			goto fail;

	c->sh = vm_gpa_to_hva(vm, VQB_SHARED_BASE);
	c->ctx.sh = c->sh;
	if (p->prepare && p->prepare(&c->ctx)) {
		cell_fail(c, CELL_ERROR, "preparing %s: %s", p->pi->name, c->ctx.why);
		return -1;
	}
	boot = &c->sh->boot;
	*boot = (struct vqb_boot){
		.magic = VQB_ABI_MAGIC,
		.version = VQB_ABI_VERSION,
		.gic_version = vgic_version(o->vgic),
		.nr_vcpus = (uint32_t)nr_vcpus,
		.gicd_base = VQB_GICD_BASE,
		.gicr_base = VQB_GICR_BASE,
		.gicc_base = VQB_GICC_BASE,
		.its_base = vm->its_fd >= 0 ? VQB_ITS_BASE : 0,
		.ctrl_base = VQB_CTRL_BASE,
		.ram_base = VQB_RAM_BASE,
		.ram_size = VQB_RAM_SIZE,
		.path = p->id,
		.state = c->ctx.wfi ? VQB_STATE_WFI : VQB_STATE_BUSY,
		.intid = c->ctx.intid,
		.target_vcpu = c->ctx.target_vcpu,
		.ring_entries = VQB_RING_ENTRIES,
		.sender_vcpu = c->ctx.sender_vcpu,
		.hang_after = o->fault_hang_after,
		.except_after = o->fault_except_after,
		/*
		 * The injector blocks until the agent's DONE, never polls: a
		 * second vCPU would share its CPU, and even alone on its CPU
		 * a spinning injector takes a core from the emulated target
		 * in the lab (lr-line's 50 us guest-ack delay read +67 us at
		 * the median spinning, +50 us blocked).
		 */
		.done_notify = 1,
		.ack_delay = o->delay_point == DELAY_GUEST_ACK ? ns_to_ticks(o->delay_ns) : 0,
		.guest_cycles = (uint32_t)c->cycles,
	};
	if (p->boot)
		p->boot(&c->ctx, boot);
	for (int i = 0; i < nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		if (vcpu_set_core_reg(v, offsetof(struct kvm_regs, regs.pc), VQB_AGENT_ENTRY) ||
		    vcpu_set_core_reg(v, offsetof(struct kvm_regs, regs.regs[0]), VQB_SHARED_BASE))
			goto fail;
	}
	return 0;
fail:
	cell_fail(c, CELL_ERROR, "cannot build the cell's VM (see above)");
	return -1;
}

static int cell_wait_ready(struct cell *c)
{
	uint32_t all = (1u << c->vm.nr_vcpus) - 1;
	uint64_t now = counter_read(), ticks = counter_freq() * c->o->ready_timeout_ms / 1000;
	uint64_t deadline = now + ticks, half = now + ticks / 2;
	struct vcpu_stats mid[2] = { { 0 } };
	bool have_mid = false;
	struct vcpu *v;

	while ((__atomic_load_n(&c->sh->ready_mask, __ATOMIC_ACQUIRE) & all) != all) {
		v = first_failed_vcpu(c);
		if (v) {
			cell_fail(c, CELL_ERROR, "%s", v->error);
			return -1;
		}
		/* Half-way, KVM's counters once: a timeout can then say whether they still moved. */
		if (!have_mid && counter_read() > half) {
			for (int i = 0; i < c->vm.nr_vcpus && i < 2; i++)
				__vcpu_stats_read(c->vm.vcpus[i].stats_fd, &mid[i]);
			have_mid = true;
		}
		if (counter_read() > deadline) {
			char why[2][200];

			/* Did the vCPUs run the guest at all? KVM's counters say. */
			for (int i = 0; i < 2; i++)
				why[i][0] = '\0';
			for (int i = 0; i < c->vm.nr_vcpus && i < 2; i++)
				vcpu_stats_describe(c->vm.vcpus[i].stats_fd, i, have_mid ? &mid[i] : NULL,
						    c->o->ready_timeout_ms / 2, why[i], sizeof(why[i]));
			cell_fail(c, CELL_TIMEOUT,
				  "the guest agent did not start within %d ms (ready mask 0x%x of 0x%x)%s%s%s%s",
				  c->o->ready_timeout_ms, c->sh->ready_mask, all, why[0][0] ? "; " : "",
				  why[0], why[1][0] ? "; " : "", why[1]);
			return -1;
		}
		usleep(1000);
	}
	return 0;
}

/* Copies every sample the agent has published since the last call. */
static void cell_drain_guest(struct cell *c)
{
	uint64_t n = __atomic_load_n(&c->sh->guest_count, __ATOMIC_ACQUIRE);

	if (n - c->drained > VQB_RING_ENTRIES) {
		cell_fail(c, CELL_ERROR, "the guest ring overflowed (%llu samples unread)",
			  (unsigned long long)(n - c->drained));
		c->drained = n - VQB_RING_ENTRIES;
	}
	for (; c->drained < n; c->drained++) {
		const struct vqb_sample *s = &c->sh->ring[c->drained % VQB_RING_ENTRIES];
		char row[256];
		int len = snprintf(row, sizeof(row), "%llu\t%u\t%u\t%llu\t%llu\t%llu\t%llu",
				   (unsigned long long)s->seq, s->vcpu, s->intid,
				   (unsigned long long)s->t_vector, (unsigned long long)s->t_ack,
				   (unsigned long long)s->t_eoi, (unsigned long long)s->t_trigger);

		if (c->cycles)
			len += snprintf(row + len, sizeof(row) - len, "\t%llu\t%llu\t%llu",
					(unsigned long long)s->c_vector, (unsigned long long)s->c_ack,
					(unsigned long long)s->c_eoi);
		row[len++] = '\n';
		if (c->have_rows)
			rowfile_put(&c->guest_tsv, row, len);
	}
}

/*
 * In wfi, the target's WFI normally traps and KVM puts its thread to sleep
 * once halt-polling ends: wait for that, so each interrupt pays the whole
 * wake-up. But KVM stops trapping WFI for a vCPU alone on its CPU that has
 * vLPIs (v4-direct): the WFI then runs on the hardware, the vPE stays
 * resident, and the thread never sleeps. After three such interrupts and
 * none asleep, stop waiting for it and leave the guest a fixed gap to reach
 * its WFI. Both counts go into cell.kv.
 */
static void cell_wait_idle(struct cell *c, struct vcpu *target)
{
	if (c->wfi_awake >= 3 && !c->wfi_asleep) {
		usleep(2000);
		c->wfi_awake++;
		return;
	}
	if (vcpu_wait_blocked(target, 20) == 0)
		c->wfi_asleep++;
	else
		c->wfi_awake++;
}

/*
 * The target left the guest for VQB_CTRL_DONE (boot.done_notify) after
 * sample @n - 1; it says when it is back (vqb_shared.resumed). Starting the
 * next interrupt earlier would find it out of the guest, a route the
 * interrupt does not take otherwise. A guest that never says so is the
 * next interrupt's timeout, not this wait's: it gives up after 100 ms.
 */
static void cell_wait_resumed(struct cell *c, uint64_t n)
{
	for (int i = 0; i < 5000; i++) {
		if (__atomic_load_n(&c->sh->resumed, __ATOMIC_ACQUIRE) >= n || first_failed_vcpu(c))
			return;
		usleep(20);
	}
}

/*
 * One host.tsv row. t_handler and t_answer are the path's stamps of the
 * interrupt's way through bench/ (vmm-*), 0 where it has none; a stamp
 * older than the interrupt's start is a previous answer's, not this one's.
 */
static void cell_host_row(struct cell *c, uint64_t seq, uint64_t t_inject, uint64_t t_seen,
			  const char *status)
{
	const struct path *p = c->o->path;
	uint64_t t_handler = 0, t_answer = 0;

	if (!strcmp(status, "ok") && p->stamps &&
	    (!p->stamps(&c->ctx, &t_handler, &t_answer) || t_handler < t_inject))
		t_handler = t_answer = 0;
	if (c->have_rows)
		rowfile_printf(&c->host_tsv, "%llu\t%llu\t%llu\t%s\t%llu\t%llu\n", (unsigned long long)seq,
		(unsigned long long)t_inject, (unsigned long long)t_seen, status,
		(unsigned long long)t_handler, (unsigned long long)t_answer);
}

/*
 * The tracer died mid-cell. Its trace.tsv keeps every row it had written,
 * without the trailer (analysis/ reads it as cut short and flags the
 * interrupts after its last event no_trace); what it still held (its ring
 * buffer, its output buffer) is lost. The cell stops: the rest of it would
 * be untraced, measured another way than its first part. The kernel took
 * the tracer's programs off the tracepoints with its last fd, so nothing
 * of it stays attached; the next cell starts a tracer of its own.
 */
static void cell_tracer_died(struct cell *c, uint64_t seq)
{
	int full = dir_full(c->dir);
	const char *why = full ? " (the cell's file system is full: the tracer could not write)" : "";

	kvo_set(&c->kv, "trace_error", "%s%s during the cell, seen after interrupt %llu",
		c->tr.error, why, (unsigned long long)seq);
	cell_fail(c, CELL_ERROR,
		  "the tracer died mid-cell: %s%s, seen after interrupt %llu; trace.tsv keeps the rows it had written, without its trailer (the events it had not yet written are lost); the cell stops with its %llu interrupts%s",
		  c->tr.error, why, (unsigned long long)seq, (unsigned long long)seq + 1,
		  full ? "" : ", the run goes on");
}

/*
 * A sample file's row could not be written (rowfile.h): the cell stops
 * here, its rows since kept in memory until space is given back.
 */
static int cell_rows_failed(struct cell *c, uint64_t seq)
{
	const struct rowfile *f = rowfile_failed(&c->host_tsv) ? &c->host_tsv : &c->guest_tsv;
	int err = rowfile_failed(f);

	if (!err)
		return 0;
	cell_fail(c, CELL_ERROR,
		  "cannot write %s at interrupt %llu: %s%s; the cell stops with its %llu interrupts (the rows not written are kept and written once bench/ gives back the space it holds)",
		  f->path, (unsigned long long)seq, strerror(err),
		  err == ENOSPC ? " (the cell's file system is full)" : "", (unsigned long long)seq + 1);
	return 1;
}

/*
 * A long cell says how far it is, 16 times (a million interrupts take an
 * hour in the lab: `make soak` relays these lines from the lab's console).
 * After an interrupt, before the next one's start, as memwatch's readings.
 */
#define PROGRESS_MIN 100000
#define PROGRESS_STEPS 16

static void cell_progress(const struct cell *c, uint64_t done, uint64_t total, uint64_t t0)
{
	uint64_t dt;

	/* The counter is read only when a line is due: this runs after every interrupt. */
	if (total < PROGRESS_MIN || done % (total / PROGRESS_STEPS) || done >= total)
		return;
	dt = counter_read() - t0;
	if (!dt)
		return;
	diag_info("cell %s: %llu of %llu interrupts (%llu %%), %.0f a second so far", c->name,
		  (unsigned long long)done, (unsigned long long)total,
		  (unsigned long long)(done * 100 / total), (double)done * counter_freq() / dt);
}

/* Injects the cell's interrupts one at a time; returns how many were injected. */
static uint64_t cell_inject(struct cell *c)
{
	const struct path *p = c->o->path;
	uint64_t timeout = counter_freq() * c->o->irq_timeout_ms / 1000;
	uint64_t cell_deadline = c->o->cell_timeout_s ?
		counter_read() + counter_freq() * c->o->cell_timeout_s : UINT64_MAX;
	uint64_t inject_delay = c->o->delay_point == DELAY_HOST_INJECT ?
		ns_to_ticks(c->o->delay_ns) : 0;
	uint64_t total = c->o->count + c->o->warmup;
	/* Idle means asleep in the host, unless the guest paces itself. */
	int wait_idle = c->ctx.wfi && !p->self_idling;
	struct vcpu *target = &c->vm.vcpus[c->ctx.target_vcpu];
	uint64_t t_start = counter_read();
	uint64_t seq;

	for (seq = 0; seq < total; seq++) {
		uint64_t t_inject, t_seen = 0;
		uint32_t done_seen;
		const char *status = "ok";
		struct vcpu *v;
		int r;

		if (cell_stop_requested) {
			cell_fail(c, CELL_INTERRUPTED, "interrupted after %llu interrupts",
				  (unsigned long long)seq);
			break;
		}
		if (counter_read() > cell_deadline) {
			cell_fail(c, CELL_TIMEOUT, "the cell's time limit (%d s) ran out after %llu interrupts",
				  c->o->cell_timeout_s, (unsigned long long)seq);
			break;
		}
		/* Before the interrupt's start: polling here measures nothing. */
		if (seq)
			cell_wait_resumed(c, seq);
		if (c->o->gap_us)
			usleep(c->o->gap_us);
		if (wait_idle)
			cell_wait_idle(c, target);
		c->ctx.seq = seq;
		__atomic_store_n(&c->sh->host_seq, seq, __ATOMIC_RELEASE);
		done_seen = atomic_load(&c->vm.done);
		t_inject = counter_read();
		if (inject_delay)
			counter_spin(inject_delay);
		r = p->fire(&c->ctx);
		if (r) {
			cell_host_row(c, seq, t_inject, 0, "error");
			cell_fail(c, CELL_ERROR, "%s for interrupt %llu: %s", p->fire_call,
				  (unsigned long long)seq, strerror(-r));
			return seq + 1;
		}
		while (__atomic_load_n(&c->sh->guest_count, __ATOMIC_ACQUIRE) <= seq) {
			uint64_t waited;
			uint32_t d;

			v = first_failed_vcpu(c);
			if (v || counter_read() - t_inject > timeout) {
				status = "timeout";
				break;
			}
			/*
			 * Blocked until the agent's VQB_CTRL_DONE (abi.h), waking
			 * outside the window it measures (cell_build_vm: why).
			 */
			d = atomic_load(&c->vm.done);
			waited = counter_read() - t_inject;
			/* Samples published while it looked: go on at once. */
			if (d != done_seen) {
				done_seen = d;
				continue;
			}
			/*
			 * Until the interrupt's time limit: the agent's DONE
			 * exit (after t_eoi), a failed vCPU and a signal all
			 * wake it sooner. A shorter timeout would wake it on
			 * the sender's CPU inside the longer windows (the
			 * trace saw it, summary.json suite_in_window).
			 */
			if (waited < timeout)
				vm_wait_done(&c->vm, done_seen,
					     (int)((timeout - waited) * 1000 / counter_freq()) + 1);
		}
		if (!strcmp(status, "ok"))
			t_seen = counter_read();
		cell_host_row(c, seq, t_inject, t_seen, status);
		cell_drain_guest(c);
		if (cell_rows_failed(c, seq))
			return seq + 1;
		if (strcmp(status, "ok")) {
			v = first_failed_vcpu(c);
			if (v)
				cell_fail(c, CELL_ERROR, "interrupt %llu: %s", (unsigned long long)seq,
					  v->error);
			else
				cell_fail(c, CELL_TIMEOUT,
					  "the guest did not take interrupt %llu within %d ms; stopping the cell",
					  (unsigned long long)seq, c->o->irq_timeout_ms);
			return seq + 1;
		}
		/* After the interrupt, outside its window: one waitpid(). */
		if (c->o->fault_kill_tracer_after && seq + 1 == c->o->fault_kill_tracer_after)
			tracer_kill(&c->tr);
		if (c->tr.pid > 0 && tracer_poll(&c->tr)) {
			cell_tracer_died(c, seq);
			return seq + 1;
		}
		r = p->settle ? p->settle(&c->ctx) : 0;
		if (r) {
			cell_fail(c, CELL_ERROR, "settling after interrupt %llu: %s",
				  (unsigned long long)seq, strerror(-r));
			return seq + 1;
		}
		/* After the interrupt, before the next one's start. */
		memwatch_sample(&c->mw, seq, c->tr.pid, 0);
		cell_progress(c, seq + 1, total, t_start);
	}
	return seq;
}

static void kv_clock_pair(struct kv_out *kv, const char *prefix, const struct clock_pair *p)
{
	char key[64];

	snprintf(key, sizeof(key), "%s_ns", prefix);
	kvo_set_u64(kv, key, p->mono_ns);
	snprintf(key, sizeof(key), "%s_cnt", prefix);
	kvo_set_u64(kv, key, p->cnt);
	snprintf(key, sizeof(key), "%s_err_ns", prefix);
	kvo_set_u64(kv, key, p->err_ns);
}

/* <gic>-<hyp>-<path>-<state>[-vgic<v>][-contended][-cycles][-r<round>][-untraced] */
static void cell_name(const struct cell_opts *o, char *buf, size_t size)
{
	char round[16] = "";

	if (o->rounds > 1)
		snprintf(round, sizeof(round), "-r%d", o->round);
	snprintf(buf, size, "%s-%s-%s-%s%s%s%s%s%s%s%s%s", o->host_gic, o->hyp, o->path->pi->name, o->state,
		 o->device_suffix ? o->device_suffix : "",
		 o->vgic_is_default ? "" : "-vgic", o->vgic_is_default ? "" : o->vgic,
		 o->contend ? "-contended" : "", o->place ? numa_mode_suffix(o->place->numa) : "",
		 o->guest_cycles ? "-cycles" : "", round, o->untraced_twin ? "-untraced" : "");
}

static void cell_header_kv(struct cell *c)
{
	const struct cell_opts *o = c->o;
	struct kernelinfo ki;

	kvo_set(&c->kv, "gic", "%s", o->host_gic);
	kvo_set(&c->kv, "vgic", "%s", o->vgic);
	kvo_set(&c->kv, "hyp", "%s", o->hyp);
	/* Cells of several kernels meet in one matrix: each says its own. */
	kernelinfo_probe(&ki);
	kvo_set(&c->kv, "kernel_release", "%s", ki.release);
	kvo_set(&c->kv, "kernel_flavour", "%s", ki.flavour);
	kvo_set(&c->kv, "kernel_preempt", "%s", ki.preempt);
	kvo_set(&c->kv, "path", "%s", o->path->pi->name);
	kvo_set(&c->kv, "state", "%s", o->state);
	kvo_set_u64(&c->kv, "count_requested", o->count + o->warmup);
	kvo_set_u64(&c->kv, "warmup", o->warmup);
	kvo_set_u64(&c->kv, "intid", c->ctx.intid);
	kvo_set_u64(&c->kv, "target_vcpu", c->ctx.target_vcpu);
	if (o->path->pi->nr_vcpus > 1)
		kvo_set_u64(&c->kv, "sender_vcpu", c->ctx.sender_vcpu);
	kvo_set_u64(&c->kv, "nr_vcpus", o->path->pi->nr_vcpus);
	kvo_set_u64(&c->kv, "guest_originated", o->path->pi->origin == VQB_ORIGIN_GUEST);
	kvo_set_u64(&c->kv, "cntfrq", counter_freq());
	kvo_set_u64(&c->kv, "timeout_ms", o->irq_timeout_ms);
	kvo_set_u64(&c->kv, "gap_us", o->gap_us);
	kvo_set_u64(&c->kv, "cell_timeout_s", o->cell_timeout_s);
	if (o->contend) {
		kvo_set_u64(&c->kv, "contended", 1);
		kvo_set_i64(&c->kv, "contender_cpu", o->vcpu_cpu);
	}
	/* A result with an injected fault must never pass for a real one. */
	if (o->fault_hang_after)
		kvo_set_u64(&c->kv, "fault_hang_after", o->fault_hang_after);
	if (o->fault_except_after)
		kvo_set_u64(&c->kv, "fault_guest_exception_after", o->fault_except_after);
	if (o->fault_serror_after)
		kvo_set_u64(&c->kv, "fault_guest_serror_after", o->fault_serror_after);
	if (o->fault_kill_tracer_after && o->trace)
		kvo_set_u64(&c->kv, "fault_kill_tracer_after", o->fault_kill_tracer_after);
	/* Nor a self-check's known delay. */
	if (o->delay_point != DELAY_NONE) {
		kvo_set(&c->kv, "delay_point", "%s", delay_point_name(o->delay_point));
		kvo_set_u64(&c->kv, "delay_ns", o->delay_ns);
		kvo_set_u64(&c->kv, "delay_ticks", ns_to_ticks(o->delay_ns));
	}
	if (o->rounds > 1) {
		kvo_set_u64(&c->kv, "round", o->round);
		kvo_set_u64(&c->kv, "rounds", o->rounds);
	}
	kvo_set_u64(&c->kv, "injector_tid", gettid());
	kvo_set_i64(&c->kv, "injector_cpu", o->injector_cpu);
	if (o->place)
		placement_cell_kv(o->topo, o->place, &c->kv);
}

/* The cell's context and directory, its header keys; a skipped cell stops here. */
static int cell_init(struct cell *c, const struct cell_opts *o)
{
	const struct path *p = o->path;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->status = CELL_OK;
	c->trace_state = o->trace ? "failed" : "off";
	c->vm.fd = c->vm.kvm_fd = c->vm.vgic_fd = c->vm.its_fd = -1;
	c->ctx = (struct path_ctx){ .vm = &c->vm, .intid = p->pi->intid, .efd = -1, .vfio = &c->vfio,
				    .its = !strcmp(o->vgic, "v3-its"), .injector_cpu = o->injector_cpu,
				    .target_vcpu = p->pi->nr_vcpus - 1, .sender_vcpu = 0,
				    .wfi = !strcmp(o->state, "wfi"), .vfio_spec = o->vfio_spec,
				    .vfio_trigger = o->vfio_trigger,
				    .host_irq_before = -1 };
	/* An SPI, or with an ITS the LPI an MSI route raises (paths.h). */
	if (p->pi->kind == VQB_INTID_SPI_OR_LPI && c->ctx.its)
		c->ctx.intid = VQB_PATH_LPI_INTID;
	c->ctx.handler_delay = o->delay_point == DELAY_VMM_HANDLER ? ns_to_ticks(o->delay_ns) : 0;
	c->vfio.container = c->vfio.group = c->vfio.device = c->vfio.efd = -1;
	cell_name(o, c->name, sizeof(c->name));
	snprintf(c->dir, sizeof(c->dir), "%s/cells/%s", o->run_dir, c->name);
	if (make_dir(c->dir))
		return -1;
	kvo_init(&c->kv);
	cell_header_kv(c);
	if (o->skip_reason || delay_misses_path(o)) {
		const char *why = o->skip_reason ? o->skip_reason : delay_misses_path(o);

		c->status = CELL_SKIPPED;
		snprintf(c->error, sizeof(c->error), "%s", why);
		diag_info("cell %s: skipped: %s", c->name, why);
	} else {
		diag_info("cell %s: %u warm-up + %llu interrupts", c->name, o->warmup,
		     (unsigned long long)o->count);
	}
	return 0;
}

/* The sample files, the injector's CPU, what the path needs outside the VM. */
static int cell_claim(struct cell *c)
{
	const struct path *p = c->o->path;
	char path[4200];

	/* The cycle columns only where the agent stamps them. */
	if (c->o->guest_cycles) {
		c->cycles_why = vpmu_unavailable();
		c->cycles = !c->cycles_why;
	}
	snprintf(path, sizeof(path), "%s/host.tsv", c->dir);
	if (!rowfile_create(&c->host_tsv, path, "# seq\tt_inject\tt_seen\tstatus\tt_handler\tt_answer")) {
		snprintf(path, sizeof(path), "%s/guest.tsv", c->dir);
		if (!rowfile_create(&c->guest_tsv, path, c->cycles ?
				    "# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\tt_trigger\tc_vector\tc_ack\tc_eoi" :
				    "# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\tt_trigger"))
			c->have_rows = 1;
		else
			rowfile_close(&c->host_tsv);
	}
	if (!c->have_rows) {
		cell_fail(c, CELL_ERROR, "cannot create the cell's sample files in %s", c->dir);
		return -1;
	}
	if (pin_self(c->o->injector_cpu)) {
		cell_fail(c, CELL_ERROR, "cannot pin the injector to host CPU %d: %s",
			  c->o->injector_cpu, strerror(errno));
		return -1;
	}
	if (p->open && p->open(&c->ctx)) {
		cell_fail(c, CELL_ERROR, "%s: %s", p->pi->name, c->ctx.why);
		return -1;
	}
	return 0;
}

/* Every vCPU running, the agent ready, the contender spinning, the path armed. */
static int cell_start(struct cell *c)
{
	const struct cell_opts *o = c->o;
	const struct path *p = o->path;

	for (int i = 0; i < c->vm.nr_vcpus; i++) {
		struct vcpu *v = &c->vm.vcpus[i];

		v->host_cpu = (uint32_t)i == c->ctx.target_vcpu ? o->vcpu_cpu : o->sender_cpu;
		if (vcpu_start(v)) {
			cell_fail(c, CELL_ERROR, "cannot start vCPU %d", i);
			return -1;
		}
	}
	if (cell_wait_ready(c))
		return -1;
	/* After the agent is up: it sets itself up alone on its CPU, as ever. */
	if (o->contend && contender_start(&c->con, o->vcpu_cpu)) {
		cell_fail(c, CELL_ERROR, "--contend: %s", c->con.error);
		return -1;
	}
	if (p->arm && p->arm(&c->ctx)) {
		cell_fail(c, CELL_ERROR, "arming %s: %s", p->pi->name, c->ctx.why);
		return -1;
	}
	return 0;
}

/* The cell goes on untraced (at_start) or keeps what the trace saw; either way it says so. */
static void cell_trace_failed(struct cell *c, struct cell_result *res, bool at_start)
{
	if (at_start)
		diag_say("tracing failed (%s): this cell is measured WITHOUT a trace", c->tr.error);
	else
		diag_say("tracing did not end cleanly: %s", c->tr.error);
	kvo_set(&c->kv, "trace_error", "%s", c->tr.error);
	c->trace_state = "failed";
	res->trace_failed = 1;
}

/* The interrupts, between two calibrations, traced when asked. */
static void cell_measure(struct cell *c, struct cell_result *res)
{
	const struct cell_opts *o = c->o;
	char path[4200], perf[4200];

	clock_pair_sample(&c->cal0, 64);
	if (o->trace) {
		snprintf(path, sizeof(path), "%s/trace.tsv", c->dir);
		snprintf(perf, sizeof(perf), "%s/perf.tsv", c->dir);
		if (tracer_start(&c->tr, o->tracer_path, path, perf, o->bpf_stats, 60000))
			cell_trace_failed(c, res, true);
		else
			c->trace_state = "on";
		/* Started beside the injector; it polls from the housekeeping CPUs. */
		if (c->tr.pid > 0 && o->place && cpuset_count(&o->place->tracer)) {
			int r = cpuset_pin(c->tr.pid, &o->place->tracer);

			if (r)
				diag_say("cannot pin virqtrace to its CPUs: %s", strerror(-r));
		}
	}
	if (memwatch_open(&c->mw, c->dir, o->count + o->warmup))
		diag_say("cannot create %s/rss.tsv: the cell goes on without its memory record", c->dir);
	c->injected = cell_inject(c);
	/* The end, with the tracer still running: its memory after every interrupt. */
	memwatch_sample(&c->mw, c->injected, c->tr.pid, 1);
	memwatch_close(&c->mw);
	if (c->tr.pid > 0 && tracer_stop(&c->tr, 30000))
		cell_trace_failed(c, res, false);
	clock_pair_sample(&c->cal1, 64);
	if (o->path->finish)
		o->path->finish(&c->ctx);
}

/* Safe on a half-started cell: each step undoes only what was done. */
static void cell_stop(struct cell *c)
{
	contender_stop(&c->con);
	for (int i = 0; i < c->vm.nr_vcpus; i++)
		vcpu_stop(&c->vm.vcpus[i]);
	if (c->sh)
		cell_drain_guest(c);
	if (c->have_off0)
		c->have_off1 = !__counter_offset_read(&c->vm.vcpus[0], &c->off1, 32);
}

/* The first vCPU whose agent failed: its code, and an exception's registers (abi.h). */
static void cell_record_guest_fail(struct cell *c)
{
	for (int i = 0; i < c->vm.nr_vcpus; i++) {
		const struct vcpu *v = &c->vm.vcpus[i];

		if (!v->fail_code)
			continue;
		kvo_set_u64(&c->kv, "guest_fail_vcpu", (uint64_t)i);
		kvo_set_u64(&c->kv, "guest_fail_code", v->fail_code);
		if (v->fault_vector) {
			kvo_set_u64(&c->kv, "guest_fault_vector", v->fault_vector - 1);
			kvo_set(&c->kv, "guest_fault_esr", "0x%llx", (unsigned long long)v->fault_esr);
			kvo_set(&c->kv, "guest_fault_ec", "0x%llx",
				(unsigned long long)(v->fault_esr >> 26 & 0x3f));
			kvo_set(&c->kv, "guest_fault_elr", "0x%llx", (unsigned long long)v->fault_elr);
			kvo_set(&c->kv, "guest_fault_far", "0x%llx", (unsigned long long)v->fault_far);
		}
		return;
	}
}

/*
 * --guest-cycles: on, with the agent's calibration (cycles per CNTVCT tick
 * over its median window, as Hz), or off and why: the cell is measured all
 * the same, without cycle columns.
 */
static void cell_record_cycles(struct cell *c)
{
	const struct vqb_shared *sh = c->sh;
	uint64_t dt = sh ? sh->cycle_cal_t1 - sh->cycle_cal_t0 : 0;
	uint64_t dc = sh ? sh->cycle_cal_c1 - sh->cycle_cal_c0 : 0;

	kvo_set(&c->kv, "guest_cycles", "%s", c->cycles ? "on" : "off");
	if (!c->cycles) {
		kvo_set(&c->kv, "guest_cycles_why", "%s", c->cycles_why);
		return;
	}
	kvo_set_u64(&c->kv, "guest_cycle_cal_ticks", dt);
	kvo_set_u64(&c->kv, "guest_cycle_cal_cycles", dc);
	kvo_set_u64(&c->kv, "guest_cycle_stamp_cost", sh->cycle_stamp_cost);
	if (dt && dc)
		kvo_set_u64(&c->kv, "guest_cycle_hz",
			    (uint64_t)((unsigned __int128)dc * counter_freq() / dt));
}

/*
 * The sample files closed, with whatever rows a full disk had kept in
 * memory: bench/'s space reserve (rawout.h) is given back first, for them
 * and for cell.kv. The run takes it again before the next cell.
 */
static void cell_close_rows(struct cell *c)
{
	struct rowfile *files[] = { &c->host_tsv, &c->guest_tsv };

	space_reserve_give_back();
	if (!c->have_rows)
		return;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct rowfile *f = files[i];
		size_t kept = f->kept_rows;
		int r = rowfile_close(f);
		size_t n = strlen(c->error);

		if (r && c->status == CELL_OK) {
			cell_fail(c, CELL_ERROR, "cannot write %s: %s: %llu rows are lost, it holds %llu",
				  f->path, strerror(-r), (unsigned long long)(kept + f->dropped),
				  (unsigned long long)rowfile_rows(f));
		} else if (r) {
			/* After the cause (cell_fail's), what it cost. */
			snprintf(c->error + n, sizeof(c->error) - n,
				 "; %s: %llu rows could not be written even then (%s): it holds %llu",
				 f->path, (unsigned long long)(kept + f->dropped), strerror(-r),
				 (unsigned long long)rowfile_rows(f));
			diag_say("%s: %llu rows could not be written: %s", f->path,
				 (unsigned long long)(kept + f->dropped), strerror(-r));
		} else if (kept) {
			diag_info("%s: %zu row%s written once space was given back", f->path, kept,
				  kept == 1 ? "" : "s");
		}
	}
	c->have_rows = 0;
}

/* What the cell measured and how, into cell.kv (a skipped cell too). */
static void cell_record(struct cell *c)
{
	bool measured = c->status != CELL_SKIPPED;

	for (int i = 0; i < c->vm.nr_vcpus; i++) {
		char key[32];

		snprintf(key, sizeof(key), "vcpu%d_tid", i);
		kvo_set_i64(&c->kv, key, atomic_load(&c->vm.vcpus[i].tid));
		snprintf(key, sizeof(key), "vcpu%d_cpu", i);
		kvo_set_i64(&c->kv, key, c->vm.vcpus[i].host_cpu);
	}
	cell_record_guest_fail(c);
	for (int i = 0; i < c->ctx.nr_results; i++)
		kvo_set(&c->kv, c->ctx.results[i].key, "%s", c->ctx.results[i].value);
	if (c->ctx.wfi && !c->o->path->self_idling && measured) {
		kvo_set_u64(&c->kv, "wfi_asleep", c->wfi_asleep);
		kvo_set_u64(&c->kv, "wfi_not_trapped", c->wfi_awake);
	}
	if (measured)
		kvo_set_u64(&c->kv, "its", c->vm.its_fd >= 0);
	kvo_set_u64(&c->kv, "count_injected", c->injected);
	kvo_set_u64(&c->kv, "count_received", c->drained);
	kvo_set_u64(&c->kv, "spurious", c->sh ? c->sh->spurious : 0);
	if (measured) {
		/* The offset is only trusted if it reads the same before and after the cell. */
		kvo_set_i64(&c->kv, "cntvoff", c->off0.offset);
		kvo_set_u64(&c->kv, "cntvoff_err", c->off0.err);
		if (c->have_off1)
			kvo_set_i64(&c->kv, "cntvoff_end", c->off1.offset);
		kvo_set_u64(&c->kv, "cntvoff_ok",
			    c->have_off0 && c->have_off1 &&
			    (uint64_t)llabs(c->off1.offset - c->off0.offset) <= c->off0.err + c->off1.err);
	}
	if (c->cal0.mono_ns)
		kv_clock_pair(&c->kv, "calib_start", &c->cal0);
	if (c->cal1.mono_ns)
		kv_clock_pair(&c->kv, "calib_end", &c->cal1);
	if (c->o->guest_cycles && measured)
		cell_record_cycles(c);
	kvo_set(&c->kv, "trace", "%s", measured ? c->trace_state : "off");
	kvo_set(&c->kv, "status", "%s", cell_status_name(c->status));
	if (c->error[0])
		kvo_set(&c->kv, measured ? "error" : "skip_reason", "%s", c->error);
}

static int cell_close(struct cell *c, struct cell_result *res)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/cell.kv", c->dir);
	write_kv(&c->kv, path);
	kvo_free(&c->kv);
	res->status = c->status;
	snprintf(res->name, sizeof(res->name), "%s", c->name);
	res->injected = c->injected;
	res->received = c->drained;
	if (c->status != CELL_SKIPPED)
		diag_info("cell %s: %s, %llu injected, %llu received%s", c->name,
		     cell_status_name(c->status), (unsigned long long)c->injected,
		     (unsigned long long)c->drained, strcmp(c->trace_state, "on") ? ", no trace" : "");
	vm_destroy(&c->vm);
	return c->status == CELL_OK ? 0 : -1;
}

/*
 * claim -> build the VM -> start -> measure -> stop -> release -> record:
 * a step that fails records why and skips to the undoing of what was done.
 */
int cell_run(const struct cell_opts *o, struct cell_result *res)
{
	static struct cell c;	/* large (the path, the dir): not on the stack */

	memset(res, 0, sizeof(*res));
	if (cell_init(&c, o))
		return -1;
	if (c.status != CELL_SKIPPED && !cell_claim(&c)) {
		if (!cell_build_vm(&c)) {
			/* KVM_REG_ARM_TIMER_CNT is read while no vCPU runs; again at the end. */
			c.have_off0 = !__counter_offset_read(&c.vm.vcpus[0], &c.off0, 32);
			if (!cell_start(&c))
				cell_measure(&c, res);
			cell_stop(&c);
		}
		if (o->path->release)
			o->path->release(&c.ctx);
	}
	cell_close_rows(&c);
	cell_record(&c);
	return cell_close(&c, res);
}
