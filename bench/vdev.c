// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "clock.h"
#include "vdev.h"

int vdev_open(struct vdev *d, struct vm *vm, uint32_t gsi, char *why, size_t len)
{
	int r;

	d->vm = vm;
	d->gsi = gsi;
	d->bell_efd = -1;
	d->irq_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->irq_efd < 0) {
		snprintf(why, len, "eventfd: %s", strerror(errno));
		return -1;
	}
	r = __vm_irqfd(vm, d->irq_efd, gsi);
	if (r) {
		snprintf(why, len, "KVM_IRQFD (GSI %u): %s", gsi, strerror(-r));
		return -1;
	}
	d->irqfd_on = true;
	vm->vdev = d;
	return 0;
}

/*
 * The answer: stamps first, published before the write that raises the
 * interrupt. --delay vmm-handler spins between them: handler_to_answer's
 * known extra.
 */
static int vdev_answer(struct vdev *d, uint64_t t_handler)
{
	uint64_t one = 1;

	d->t_handler = t_handler;
	if (d->handler_delay)
		counter_spin(d->handler_delay);
	d->t_answer = counter_read();
	atomic_fetch_add_explicit(&d->answers, 1, memory_order_release);
	return write(d->irq_efd, &one, sizeof(one)) == sizeof(one) ? 0 : -errno;
}

int vdev_access(struct vcpu *v, uint64_t offset, int is_write, uint64_t *value)
{
	struct vdev *d = v->vm->vdev;
	int r;

	(void)value;
	if (offset != VQB_VDEV_DOORBELL || !is_write) {
		snprintf(v->error, sizeof(v->error), "vdev: guest %s of register 0x%llx",
			 is_write ? "write" : "read", (unsigned long long)offset);
		return -1;
	}
	r = vdev_answer(d, v->t_exit);
	if (r) {
		snprintf(v->error, sizeof(v->error), "vdev: the answer's irqfd write: %s",
			 strerror(-r));
		return -1;
	}
	return 0;
}

/*
 * Blocks in read() as an iothread does, so that each doorbell costs the
 * thread's wake-up; poll() only bounds the wait, so that a stop is seen.
 */
static void *vdev_backend(void *arg)
{
	struct vdev *d = arg;
	struct pollfd pfd = { .fd = d->bell_efd, .events = POLLIN };
	uint64_t n;

	atomic_store(&d->backend_tid, gettid());
	if (d->backend_cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(d->backend_cpu, &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	while (!atomic_load(&d->stop)) {
		if (read(d->bell_efd, &n, sizeof(n)) == sizeof(n)) {
			int r = vdev_answer(d, counter_read());

			if (r) {
				snprintf(d->error, sizeof(d->error),
					 "vdev backend: the answer's irqfd write: %s", strerror(-r));
				atomic_store(&d->failed, 1);
				break;
			}
			continue;
		}
		if (errno != EAGAIN && errno != EINTR) {
			snprintf(d->error, sizeof(d->error), "vdev backend: read of the ioeventfd: %s",
				 strerror(errno));
			atomic_store(&d->failed, 1);
			break;
		}
		poll(&pfd, 1, 100);
	}
	return NULL;
}

int vdev_ioeventfd_start(struct vdev *d, int cpu, char *why, size_t len)
{
	int r;

	d->bell_efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (d->bell_efd < 0) {
		snprintf(why, len, "eventfd: %s", strerror(errno));
		return -1;
	}
	r = __vm_ioeventfd(d->vm, VQB_VDEV_BASE + VQB_VDEV_DOORBELL, 8, d->bell_efd, 0);
	if (r) {
		snprintf(why, len, "KVM_IOEVENTFD (0x%llx, 8 bytes): %s",
			 (unsigned long long)(VQB_VDEV_BASE + VQB_VDEV_DOORBELL), strerror(-r));
		return -1;
	}
	d->ioeventfd_on = true;
	d->backend_cpu = cpu;
	r = pthread_create(&d->backend, NULL, vdev_backend, d);
	if (r) {
		snprintf(why, len, "pthread_create for the vdev backend: %s", strerror(r));
		return -1;
	}
	pthread_setname_np(d->backend, "vqb-vdev");
	d->backend_started = true;
	return 0;
}

bool vdev_stamps(struct vdev *d, uint64_t *t_handler, uint64_t *t_answer)
{
	if (!atomic_load_explicit(&d->answers, memory_order_acquire))
		return false;
	*t_handler = d->t_handler;
	*t_answer = d->t_answer;
	return true;
}

void vdev_close(struct vdev *d)
{
	if (d->backend_started) {
		atomic_store(&d->stop, 1);
		pthread_join(d->backend, NULL);
		d->backend_started = false;
	}
	if (d->ioeventfd_on)
		__vm_ioeventfd(d->vm, VQB_VDEV_BASE + VQB_VDEV_DOORBELL, 8, d->bell_efd, 1);
	d->ioeventfd_on = false;
	if (d->bell_efd >= 0)
		close(d->bell_efd);
	d->bell_efd = -1;
	if (d->irqfd_on)
		__vm_irqfd_deassign(d->vm, d->irq_efd, d->gsi);
	d->irqfd_on = false;
	if (d->irq_efd >= 0)
		close(d->irq_efd);
	d->irq_efd = -1;
	if (d->vm && d->vm->vdev == d)
		d->vm->vdev = NULL;
}
