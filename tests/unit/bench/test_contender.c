// SPDX-License-Identifier: GPL-2.0
/* contender.c: the spinning neighbour of --contend, pinned before it runs. */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include "bt.h"
#include "contender.h"

void test_contender(void)
{
	struct timespec nap = { 0, 1000000 };
	struct contender c;
	cpu_set_t set;
	int i;

	CHECK_INT(contender_start(&c, -1), -EINVAL);
	CHECK_STR(c.error, "--contend needs a pinned vCPU (--vcpu-cpu N, not -1)");
	CHECK(!c.running);
	contender_stop(&c);	/* never started: nothing to do */

	/* past what this host has: refused, named */
	CHECK(contender_start(&c, 4000) < 0);
	CHECK_HAS(c.error, "cannot start a thread on host CPU 4000: ");
	CHECK(!c.running);

	CHECK_INT(contender_start(&c, 0), 0);
	CHECK(c.running);
	for (i = 0; i < 2000 && !atomic_load(&c.tid); i++)
		nanosleep(&nap, NULL);
	CHECK(atomic_load(&c.tid) > 0);
	/* on CPU 0 and nowhere else */
	CPU_ZERO(&set);
	CHECK_INT(sched_getaffinity(atomic_load(&c.tid), sizeof(set), &set), 0);
	CHECK_INT(CPU_COUNT(&set), 1);
	CHECK(CPU_ISSET(0, &set));
	contender_stop(&c);
	CHECK(!c.running);
	contender_stop(&c);	/* twice is fine */
}
