/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Why a perf_event_open() failed, said for a user: what could not be
 * counted, the errno, what it means on this host and the fix. Pure, so
 * that every case is unit-tested (bpf/tests); perf_count.c calls it.
 */
#ifndef VQT_PERF_WHY_H
#define VQT_PERF_WHY_H

#include <stddef.h>

/* kernel.perf_event_paranoid not readable. */
#define PERF_PARANOID_UNKNOWN	(-999)

/*
 * what: "kvm tracepoint counters", "cycles" ...; err: -errno;
 * hardware: a PMU event (cycles, instructions) rather than a tracepoint;
 * paranoid: kernel.perf_event_paranoid or PERF_PARANOID_UNKNOWN.
 */
void perf_why(char *buf, size_t size, const char *what, int err, int hardware,
	      int paranoid);

/* kernel.perf_event_paranoid, or PERF_PARANOID_UNKNOWN. */
int perf_paranoid(void);

#endif /* VQT_PERF_WHY_H */
