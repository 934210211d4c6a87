// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "contender.h"

static void *spin(void *arg)
{
	struct contender *c = arg;

	atomic_store(&c->tid, gettid());
	/* Runnable all the time, as a busy neighbour is: never sleeps, never yields. */
	while (!atomic_load_explicit(&c->stop, memory_order_relaxed))
		__asm__ volatile("" ::: "memory");
	return NULL;
}

int contender_start(struct contender *c, int cpu)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int r;

	memset(c, 0, sizeof(*c));
	c->cpu = cpu;
	if (cpu < 0) {
		snprintf(c->error, sizeof(c->error),
			 "--contend needs a pinned vCPU (--vcpu-cpu N, not -1)");
		return -EINVAL;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_attr_init(&attr);
	/* Pinned before it first runs: it must never land on the injector's CPU. */
	r = pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	if (!r)
		r = pthread_create(&c->thread, &attr, spin, c);
	pthread_attr_destroy(&attr);
	if (r) {
		snprintf(c->error, sizeof(c->error), "cannot start a thread on host CPU %d: %s",
			 cpu, strerror(r));
		return -r;
	}
	pthread_setname_np(c->thread, "vqb-contender");
	c->running = 1;
	return 0;
}

void contender_stop(struct contender *c)
{
	if (!c->running)
		return;
	atomic_store(&c->stop, 1);
	pthread_join(c->thread, NULL);
	c->running = 0;
}
