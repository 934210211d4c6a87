// SPDX-License-Identifier: GPL-2.0
/*
 * vCPUs: creation, reset state, and the thread that runs each one.
 *
 * A vCPU thread sits in KVM_RUN while the agent runs; it comes back to user
 * space for the agent's control page (start-up, failure, debug text), never
 * on the measured path, and for the devices bench/ emulates (uirq.c,
 * vdev.c), whose exits are the measured path of soft-vi and vmm-mmio, and for
 * VQB_CTRL_DONE, after a sample, which wakes an injector blocked in
 * vm_wait_done(). vcpu_stop() interrupts it with a signal plus
 * kvm_run.immediate_exit, the race-free way to pull a thread out of KVM_RUN.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>

#include "clock.h"
#include "kvm.h"
#include "diag.h"
#include "uirq.h"
#include "vdev.h"

#define VCPU_KICK_SIGNAL SIGUSR1

int vcpu_create(struct vm *vm, int index)
{
	struct vcpu *v = &vm->vcpus[index];
	int mmap_size;

	v->vm = vm;
	v->index = index;
	v->host_cpu = -1;
	v->stats_fd = -1;
	v->fd = ioctl(vm->fd, KVM_CREATE_VCPU, index);
	if (v->fd < 0)
		return diag_say_errno("KVM_CREATE_VCPU %d", index);
	mmap_size = ioctl(vm->kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size < (int)sizeof(struct kvm_run))
		return diag_say_errno("KVM_GET_VCPU_MMAP_SIZE");
	v->run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED) {
		v->run = NULL;
		return diag_say_errno("mmap of vCPU %d's kvm_run", index);
	}
	v->run_size = mmap_size;
	/* Now, not once the guest runs: see struct vcpu. A kernel without it has no stats. */
	v->stats_fd = ioctl(v->fd, KVM_GET_STATS_FD, NULL);
	return 0;
}

/* Resets the vCPU to the host's preferred CPU model: EL1h, DAIF masked, MMU off. */
int vcpu_init(struct vcpu *v, int pmu)
{
	struct kvm_vcpu_init init;

	memset(&init, 0, sizeof(init));
	if (ioctl(v->vm->fd, KVM_ARM_PREFERRED_TARGET, &init))
		return diag_say_errno("KVM_ARM_PREFERRED_TARGET");
	/* PSCI 0.2 so that a later agent can use CPU_OFF/SYSTEM_OFF. */
	init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (pmu)
		init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3;
	if (ioctl(v->fd, KVM_ARM_VCPU_INIT, &init))
		return diag_say_errno("KVM_ARM_VCPU_INIT on vCPU %d", v->index);
	return 0;
}

int vcpu_set_core_reg(struct vcpu *v, size_t offset, uint64_t value)
{
	struct kvm_one_reg reg = {
		.id = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
		      (offset / sizeof(uint32_t)),
		.addr = (uintptr_t)&value,
	};

	if (ioctl(v->fd, KVM_SET_ONE_REG, &reg))
		return diag_say_errno("KVM_SET_ONE_REG (core offset %zu) on vCPU %d", offset, v->index);
	return 0;
}

int __vcpu_get_reg(struct vcpu *v, uint64_t id, uint64_t *value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)value };

	return ioctl(v->fd, KVM_GET_ONE_REG, &reg) ? -errno : 0;
}

static void vcpu_fail(struct vcpu *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The injector may be blocked in vm_wait_done(): whatever ends its wait wakes it. */
static void vm_done_wake(struct vm *vm)
{
	atomic_fetch_add(&vm->done, 1);
	syscall(SYS_futex, &vm->done, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

int vm_wait_done(struct vm *vm, uint32_t seen, int timeout_ms)
{
	struct timespec ts = { .tv_sec = timeout_ms / 1000,
			       .tv_nsec = (long)(timeout_ms % 1000) * 1000000 };

	if (atomic_load(&vm->done) != seen)
		return 0;
	if (syscall(SYS_futex, &vm->done, FUTEX_WAIT_PRIVATE, seen, &ts, NULL, 0) == 0)
		return 0;
	return errno == EAGAIN || errno == EINTR ? 0 : -errno;
}

static void vcpu_fail(struct vcpu *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->error, sizeof(v->error), fmt, ap);
	va_end(ap);
	atomic_store(&v->failed, 1);
	vm_done_wake(v->vm);
}

/*
 * --fault-guest-serror-after: a virtual SError made pending from the vCPU's
 * own thread, between two KVM_RUNs (a vCPU ioctl waits for KVM_RUN). The
 * agent is in its interrupt handler, PSTATE.A masked by the exception
 * entry: it takes the SError on its ERET, and reports it as any unexpected
 * exception (guest-agent/fail.c).
 */
static int vcpu_raise_serror(struct vcpu *v)
{
	struct kvm_vcpu_events ev;

	memset(&ev, 0, sizeof(ev));
	ev.exception.serror_pending = 1;
	if (v->vm->fault_serror_has_esr) {
		ev.exception.serror_has_esr = 1;
		ev.exception.serror_esr = VQB_FAULT_SERROR_ISS;
	}
	if (ioctl(v->fd, KVM_SET_VCPU_EVENTS, &ev)) {
		vcpu_fail(v, "KVM_SET_VCPU_EVENTS (a virtual SError) on vCPU %d: %s", v->index,
			  strerror(errno));
		return -1;
	}
	return 0;
}

/* The agent's debug text arrives a character at a time; print whole lines. */
static void vcpu_putc(struct vcpu *v, char c)
{
	if (c != '\n' && v->line_len < sizeof(v->line) - 1) {
		v->line[v->line_len++] = c;
		return;
	}
	v->line[v->line_len] = '\0';
	diag_info("agent[vcpu%d]: %s", v->index, v->line);
	v->line_len = 0;
}

/* Returns 0 to keep running, -1 to leave the run loop. */
static int vcpu_handle_mmio(struct vcpu *v)
{
	struct kvm_run *run = v->run;
	uint64_t addr = run->mmio.phys_addr, value = 0;
	struct vqb_shared *sh = vm_gpa_to_hva(v->vm, VQB_SHARED_BASE);

	if (v->vm->uirq.enabled && addr >= VQB_UIRQ_BASE && addr < VQB_UIRQ_BASE + VQB_UIRQ_SIZE) {
		if (run->mmio.is_write)
			memcpy(&value, run->mmio.data, run->mmio.len <= 8 ? run->mmio.len : 8);
		if (uirq_access(v, addr - VQB_UIRQ_BASE, run->mmio.is_write, &value)) {
			atomic_store(&v->failed, 1);
			vm_done_wake(v->vm);
			return -1;
		}
		if (!run->mmio.is_write)
			memcpy(run->mmio.data, &value, run->mmio.len <= 8 ? run->mmio.len : 8);
		return 0;
	}
	if (v->vm->vdev && addr >= VQB_VDEV_BASE && addr < VQB_VDEV_BASE + VQB_VDEV_SIZE) {
		if (run->mmio.is_write)
			memcpy(&value, run->mmio.data, run->mmio.len <= 8 ? run->mmio.len : 8);
		if (vdev_access(v, addr - VQB_VDEV_BASE, run->mmio.is_write, &value)) {
			atomic_store(&v->failed, 1);
			vm_done_wake(v->vm);
			return -1;
		}
		return 0;
	}
	if (addr < VQB_CTRL_BASE || addr >= VQB_CTRL_BASE + VQB_CTRL_SIZE) {
		vcpu_fail(v, "guest access to unmapped address 0x%llx (%s, %u bytes)",
			  (unsigned long long)addr, run->mmio.is_write ? "write" : "read",
			  run->mmio.len);
		return -1;
	}
	if (!run->mmio.is_write) {
		memset(run->mmio.data, 0, sizeof(run->mmio.data));
		return 0;
	}
	memcpy(&value, run->mmio.data, run->mmio.len <= 8 ? run->mmio.len : 8);
	switch (addr - VQB_CTRL_BASE) {
	case VQB_CTRL_PUTC:
		vcpu_putc(v, (char)value);
		return 0;
	case VQB_CTRL_READY:
		return 0;	/* ready_mask in shared memory is what bench/ waits on */
	case VQB_CTRL_DONE:
		/* The value is the agent's guest_count, the interrupts it has answered. */
		if (v->vm->fault_serror_after && value == v->vm->fault_serror_after &&
		    vcpu_raise_serror(v))
			return -1;
		vm_done_wake(v->vm);	/* guest_count is already published */
		return 0;
	case VQB_CTRL_FAIL:
		/* Before vcpu_fail(), whose wake-up lets the injector read them. */
		v->fail_code = (uint32_t)value;
		if (sh && value == VQB_FAIL_EXCEPTION && sh->fault_vector) {
			v->fault_esr = sh->fault_esr;
			v->fault_elr = sh->fault_elr;
			v->fault_far = sh->fault_far;
			v->fault_vector = sh->fault_vector;
		}
		vcpu_fail(v, "the guest agent failed (code %llu): %.*s",
			  (unsigned long long)value, (int)VQB_MSG_LEN, sh ? sh->msg : "");
		return -1;
	default:
		vcpu_fail(v, "guest write to unknown control register 0x%llx",
			  (unsigned long long)(addr - VQB_CTRL_BASE));
		return -1;
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *v = arg;

	if (v->host_cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(v->host_cpu, &set);
		if (sched_setaffinity(0, sizeof(set), &set)) {
			vcpu_fail(v, "cannot pin vCPU %d to host CPU %d: %s", v->index,
				  v->host_cpu, strerror(errno));
			atomic_store(&v->tid, gettid());
			return NULL;
		}
	}
	atomic_store(&v->tid, gettid());
	while (!atomic_load(&v->stop)) {
		int r = ioctl(v->fd, KVM_RUN, 0);

		/* vdev.c's t_handler: the moment user space has the exit. */
		v->t_exit = counter_read();
		if (r) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			vcpu_fail(v, "KVM_RUN on vCPU %d: %s", v->index, strerror(errno));
			break;
		}
		switch (v->run->exit_reason) {
		case KVM_EXIT_MMIO:
			if (vcpu_handle_mmio(v))
				goto out;
			break;
		case KVM_EXIT_INTR:
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			vcpu_fail(v, "the guest agent requested a system event (type %u)",
				  v->run->system_event.type);
			goto out;
		case KVM_EXIT_FAIL_ENTRY:
			vcpu_fail(v, "KVM_EXIT_FAIL_ENTRY on vCPU %d (reason 0x%llx)", v->index,
				  (unsigned long long)v->run->fail_entry.hardware_entry_failure_reason);
			goto out;
		default:
			vcpu_fail(v, "unexpected KVM exit reason %u on vCPU %d",
				  v->run->exit_reason, v->index);
			goto out;
		}
	}
out:
	return NULL;
}

static void vcpu_kick_handler(int sig)
{
	(void)sig;
}

int vcpu_start(struct vcpu *v)
{
	struct sigaction sa = { .sa_handler = vcpu_kick_handler };
	char name[16];
	int r;

	/* No SA_RESTART: KVM_RUN must return EINTR when kicked. */
	sigemptyset(&sa.sa_mask);
	sigaction(VCPU_KICK_SIGNAL, &sa, NULL);
	r = pthread_create(&v->thread, NULL, vcpu_thread, v);
	if (r) {
		errno = r;
		return diag_say_errno("pthread_create for vCPU %d", v->index);
	}
	/* Named as VMMs name theirs, so `virqtrace --summary` can tell vCPUs apart. */
	snprintf(name, sizeof(name), "vqb-vcpu%d", v->index);
	pthread_setname_np(v->thread, name);
	v->thread_started = 1;
	while (!atomic_load(&v->tid))
		sched_yield();
	return 0;
}

void vcpu_stop(struct vcpu *v)
{
	if (!v->thread_started)
		return;
	atomic_store(&v->stop, 1);
	if (v->run)
		v->run->immediate_exit = 1;
	pthread_kill(v->thread, VCPU_KICK_SIGNAL);
	pthread_join(v->thread, NULL);
	v->thread_started = 0;
}

/*
 * A vCPU in WFI is "idle" only once KVM has stopped halt-polling and put
 * its thread to sleep; injecting earlier would measure a polling wake-up.
 * The thread's scheduler state says which.
 */
int vcpu_wait_blocked(struct vcpu *v, int timeout_ms)
{
	char path[64], buf[256];
	struct timespec start, now;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", atomic_load(&v->tid));
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		FILE *f = fopen(path, "r");
		char *p = NULL;

		if (f) {
			if (fgets(buf, sizeof(buf), f))
				p = strrchr(buf, ')');
			fclose(f);
		}
		if (!p)
			return -ENOENT;
		if (p[1] == ' ' && p[2] == 'S')
			return 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 >
		    timeout_ms)
			return -ETIMEDOUT;
		usleep(20);
	}
}
