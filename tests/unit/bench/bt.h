/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench/'s unit tests (tests/unit/bench/): the parts of bench/ that touch
 * no KVM, built for the host. Checks and the temporary root: ../check.h.
 */
#ifndef VQB_BENCH_TEST_H
#define VQB_BENCH_TEST_H

#include "check.h"

/* What bench/ prints to stderr between the two calls (caller frees). */
void stderr_capture(void);
char *stderr_captured(void);

void test_args(void);
void test_bracket(void);
void test_contender(void);
void test_hostinfo(void);
void test_kernelinfo(void);
void test_placement(void);
void test_procirq(void);
void test_rawout(void);
void test_rowfile(void);
void test_tracer(void);
void test_uirq(void);
void test_vfio_devices(void);

#endif
