/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal VMM over /dev/kvm: one VM, its memory, its vCPUs and its vGIC.
 * Functions named __foo() return 0 or -errno and print nothing; foo()
 * wraps one and reports the failure, naming the ioctl.
 */
#ifndef BENCH_KVM_H
#define BENCH_KVM_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "virqbench/abi.h"

struct vm;
struct vdev;

struct vcpu {
	struct vm *vm;
	int index;
	int fd;
	/*
	 * KVM_GET_STATS_FD, taken before the vCPU first runs: the ioctl needs
	 * vcpu->mutex, which KVM_RUN holds for as long as the guest does not
	 * exit to user space (an agent that spins never lets it go). -1: none.
	 */
	int stats_fd;
	struct kvm_run *run;
	size_t run_size;
	int host_cpu;			/* -1: not pinned */
	pthread_t thread;
	int thread_started;
	_Atomic int tid;		/* set by the thread itself */
	_Atomic int stop;
	_Atomic int failed;		/* KVM_RUN error, unexpected exit, or agent FAIL */
	char error[256];
	/* The agent's VQB_CTRL_FAIL: its code, and an exception's registers (abi.h). */
	uint32_t fail_code;		/* enum vqb_fail, 0: the agent did not fail */
	uint32_t fault_vector;		/* vqb_shared.fault_vector: vector + 1, 0: no exception */
	uint64_t fault_esr, fault_elr, fault_far;
	uint64_t t_exit;		/* host counter when KVM_RUN last returned */
	char line[128];			/* debug line from VQB_CTRL_PUTC */
	size_t line_len;
};

/* soft-vi's user-space irqchip: one interrupt, raised or not. */
struct vm_uirq {
	int enabled;
	uint32_t intid;
	_Atomic int pending;
};

struct vm {
	int kvm_fd;
	int fd;
	int vgic_fd;
	int its_fd;
	struct vm_uirq uirq;
	struct vdev *vdev;		/* vmm-* paths' device (vdev.h), or NULL */
	void *ram;			/* host mapping of guest RAM */
	uint64_t ram_base, ram_size;
	int nr_vcpus;
	struct vcpu vcpus[VQB_MAX_VCPUS];
	/* Bumped on each VQB_CTRL_DONE and on a vCPU's failure: a futex word. */
	_Atomic uint32_t done;
	/*
	 * --fault-guest-serror-after: the DONE of this many interrupts makes
	 * a virtual SError pending on the vCPU that wrote it (0: never), with
	 * VQB_FAULT_SERROR_ISS as its syndrome when KVM can set one.
	 */
	uint32_t fault_serror_after;
	int fault_serror_has_esr;
};

/*
 * The syndrome bench/'s fault test gives its SError (KVM_SET_VCPU_EVENTS'
 * serror_esr, ESR_ELx.ISS: IDS set, the rest a pattern no real SError of
 * the lab's has), so the agent's report shows the fault is the injected one.
 */
#define VQB_FAULT_SERROR_ISS	0x1c0ffeeull

int kvm_open(void);
int __kvm_device_supported(int vm_fd, uint32_t type);

int vm_create(struct vm *vm, int nr_vcpus);
int vm_add_ram(struct vm *vm, uint64_t gpa, uint64_t size);
int vm_load_image(struct vm *vm, const char *path, uint64_t gpa, uint64_t max_size);
void *vm_gpa_to_hva(struct vm *vm, uint64_t gpa);
void vm_destroy(struct vm *vm);

int vcpu_create(struct vm *vm, int index);
/* @pmu: with KVM_ARM_VCPU_PMU_V3, which vcpu_pmu_init() must then finish. */
int vcpu_init(struct vcpu *vcpu, int pmu);
int vcpu_set_core_reg(struct vcpu *vcpu, size_t offset, uint64_t value);
int __vcpu_get_reg(struct vcpu *vcpu, uint64_t id, uint64_t *value);
int vcpu_start(struct vcpu *vcpu);
void vcpu_stop(struct vcpu *vcpu);
/*
 * Blocks until vm->done moves on from @seen (the agent's VQB_CTRL_DONE, or
 * a vCPU failed) or @timeout_ms pass; 0, or -ETIMEDOUT / -errno.
 */
int vm_wait_done(struct vm *vm, uint32_t seen, int timeout_ms);
/* Waits until the vCPU's thread sleeps in the host (a WFI past halt polling). */
int vcpu_wait_blocked(struct vcpu *vcpu, int timeout_ms);

/* vpmu.c: NULL when KVM offers a vPMU, else why not (static text). */
const char *vpmu_unavailable(void);
/* On each vCPU, after vgic_init() when the VM has an in-kernel vGIC. */
int vcpu_pmu_init(struct vcpu *vcpu, int in_kernel_vgic);

int vgic_v3_create(struct vm *vm, uint64_t gicd, uint64_t gicr, uint32_t nr_irqs);
int vgic_v2_create(struct vm *vm, uint64_t gicd, uint64_t gicc, uint32_t nr_irqs);
/* The emulated ITS; after vgic_init(). 0 or -errno. */
int vgic_its_create(struct vm *vm, uint64_t base);
int vgic_init(struct vm *vm);

/* KVM_IRQ_LINE with the irq field encoded as for arm64 (type, vcpu, number). */
int __vm_irq_line(struct vm *vm, uint32_t type, uint32_t vcpu, uint32_t num, int level);

/* kvm_irq.c: KVM_IRQFD, KVM_SIGNAL_MSI, KVM_SET_GSI_ROUTING, KVM_IOEVENTFD. */
int __vm_irqfd(struct vm *vm, int fd, uint32_t gsi);
int __vm_irqfd_deassign(struct vm *vm, int fd, uint32_t gsi);
/* An MSI to the vITS as a device would write it; -ENOMSG if the guest blocked it. */
int __vm_signal_msi(struct vm *vm, uint32_t devid, uint32_t eventid);
/* Makes GSI gsi one MSI (devid, eventid) to the vITS: the routing table's only entry. */
int __vm_set_msi_route(struct vm *vm, uint32_t gsi, uint32_t devid, uint32_t eventid);
/* A guest write of len bytes at gpa signals fd in the kernel, with no exit to user space. */
int __vm_ioeventfd(struct vm *vm, uint64_t gpa, uint32_t len, int fd, int deassign);

#endif
