/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The analysis unit tests (tests/unit/): the checks and the temporary
 * root come from check.h, the list of tests run by runner.c is here.
 */
#ifndef VQB_TEST_H
#define VQB_TEST_H

#include "check.h"

void test_num(void);
void test_kv(void);
void test_kvout(void);
void test_diag(void);
void test_gnuplot(void);
void test_tsv(void);
void test_stats(void);
void test_json(void);
void test_fmt(void);
void test_clock(void);
void test_join(void);
void test_join_more(void);
void test_suite_window(void);
void test_marks(void);
void test_breakdown(void);
void test_trace_extras(void);
void test_trace_row(void);
void test_e2e(void);
void test_selfcheck(void);
void test_robust(void);
void test_scale(void);
void test_cycles(void);
void test_perf_counts(void);

#endif /* VQB_TEST_H */
