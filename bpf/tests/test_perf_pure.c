// SPDX-License-Identifier: GPL-2.0
/*
 * The recount's pure parts: why perf_event_open failed, said with the fix
 * (perf_why.c), and the rows of a window whose edges are known only at
 * the end (perf_rows.c).
 */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "perf_count.h"
#include "perf_why.h"

void test_perf_why(void);
void test_perf_rows(void);

void test_perf_why(void)
{
	char b[512];

	perf_why(b, sizeof(b), "kvm tracepoint counters", -EACCES, 0, 3);
	CHECK_HAS(b, "perf_event_paranoid too strict (kernel.perf_event_paranoid is 3)");
	CHECK_HAS(b, "CAP_PERFMON");
	perf_why(b, sizeof(b), "kvm tracepoint counters", -EACCES, 0, 2);
	CHECK_HAS(b, "too strict");
	/* Permissive, and refused all the same: not the sysctl. */
	perf_why(b, sizeof(b), "kvm tracepoint counters", -EPERM, 0, 1);
	CHECK_HAS(b, "seccomp filter or an LSM");
	CHECK_LACKS(b, "too strict");
	perf_why(b, sizeof(b), "cycles", -ENOENT, 2, 1);
	CHECK_HAS(b, "cycles: perf_event_open: No such file or directory: no PMU: ");
	CHECK_HAS(b, "pmu=off");
	perf_why(b, sizeof(b), "instructions", -ENOENT, 1, 1);
	CHECK_HAS(b, "instructions: perf_event_open: No such file or directory: the PMU has no such event");
	CHECK_LACKS(b, "no PMU");
	perf_why(b, sizeof(b), "cycles", -ENODEV, 1, PERF_PARANOID_UNKNOWN);
	CHECK_HAS(b, "no PMU");
	perf_why(b, sizeof(b), "kvm tracepoint counters", -EACCES, 0, PERF_PARANOID_UNKNOWN);
	CHECK_HAS(b, "unreadable");
	perf_why(b, sizeof(b), "kvm tracepoint counters", -ENOSYS, 0, 1);
	CHECK_HAS(b, "CONFIG_PERF_EVENTS");
	perf_why(b, sizeof(b), "x", -EIO, 0, 1);
	CHECK_STR(b, "x: perf_event_open: Input/output error");
}

void test_perf_rows(void)
{
	struct pc_rows r;
	uint64_t t;

	/* Few rows: each one placed. The window is (first hit, last hit]. */
	memset(&r, 0, sizeof(r));
	for (t = 10; t <= 50; t += 10)
		pc_rows_add(&r, t);
	CHECK_INT(pc_rows_in(&r, 10, 50), 4);
	CHECK_INT(pc_rows_in(&r, 5, 50), 5);	/* the first hit left out by design, no row */
	CHECK_INT(pc_rows_in(&r, 20, 40), 2);

	/* Many: the ones outside are at the ends, within the kept edge rows. */
	memset(&r, 0, sizeof(r));
	for (t = 1; t <= 1000; t++)
		pc_rows_add(&r, t);
	CHECK_INT(pc_rows_in(&r, 3, 990), 987);
	CHECK_INT(pc_rows_in(&r, 0, 1000), 1000);
	/* More outside than kept: cannot be placed. */
	CHECK_INT(pc_rows_in(&r, PC_EDGE_ROWS + 5, 990), -1);
	CHECK_INT(pc_rows_in(&r, 3, 1000 - PC_EDGE_ROWS - 1), -1);
}
