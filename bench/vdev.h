/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vdev: the emulated device of the vmm-mmio and vmm-ioeventfd paths, the
 * smallest model of a virtio-mmio device with a user-space backend. One
 * register, the doorbell (abi.h VQB_VDEV_DOORBELL); its answer is a write
 * to an eventfd that KVM_IRQFD turns into the guest's interrupt: an SPI, or
 * an LPI through an MSI route when the VM has an ITS.
 *
 * vmm-mmio: the doorbell write is a KVM_EXIT_MMIO on the sender's vCPU
 * thread, which answers from there (vdev_access). vmm-ioeventfd: the write
 * signals an ioeventfd in the kernel and never leaves it; a backend thread
 * on the injector's CPU reads that eventfd and answers, as vhost and
 * QEMU's iothreads serve virtio.
 *
 * Per answer two host-counter stamps, for host.tsv: t_handler (KVM_RUN
 * returned with the MMIO exit, or the eventfd read returned) and t_answer
 * (just before the irqfd write).
 */
#ifndef BENCH_VDEV_H
#define BENCH_VDEV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "kvm.h"

struct vdev {
	struct vm *vm;
	int irq_efd;			/* the irqfd's eventfd: the answer */
	uint32_t gsi;
	bool irqfd_on;
	int bell_efd;			/* vmm-ioeventfd: the doorbell's eventfd, else -1 */
	bool ioeventfd_on;
	pthread_t backend;
	bool backend_started;
	int backend_cpu;		/* -1: unpinned */
	_Atomic int backend_tid;	/* set by the thread: cell.kv's device_tid */
	_Atomic int stop;
	uint64_t handler_delay;		/* --delay vmm-handler: ticks spun between the two stamps */
	/* The last answer's stamps; `answers` store-released after them. */
	uint64_t t_handler, t_answer;
	_Atomic uint64_t answers;
	_Atomic int failed;
	char error[256];
};

/*
 * The answer's eventfd and its irqfd on @gsi (an SPI's GSI, or an MSI
 * route's); 0 or -1 with why.
 */
int vdev_open(struct vdev *d, struct vm *vm, uint32_t gsi, char *why, size_t len);
/* vmm-ioeventfd: the doorbell as an ioeventfd, and the backend thread on @cpu. */
int vdev_ioeventfd_start(struct vdev *d, int cpu, char *why, size_t len);
/* A vCPU thread's access in the vdev page (vmm-mmio); 0, or -1 with vcpu->error. */
int vdev_access(struct vcpu *v, uint64_t offset, int is_write, uint64_t *value);
/* The latest answer's stamps; false before the first. */
bool vdev_stamps(struct vdev *d, uint64_t *t_handler, uint64_t *t_answer);
/* Undoes what was done, in reverse; safe on a half-opened device. */
void vdev_close(struct vdev *d);

#endif
