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
 * hardware: a PMU event (cycles, instructions) rather than a tracepoint:
 * then 1 when the kernel has a hardware PMU, 2 when it has none (perf_has_pmu());
 * paranoid: kernel.perf_event_paranoid or PERF_PARANOID_UNKNOWN.
 */
void perf_why(char *buf, size_t size, const char *what, int err, int hardware,
	      int paranoid);

/* 1: a hardware PMU is registered (/sys/bus/event_source/devices), 2: none. */
int perf_has_pmu(void);

/* kernel.perf_event_paranoid, or PERF_PARANOID_UNKNOWN. */
int perf_paranoid(void);

#endif /* VQT_PERF_WHY_H */
