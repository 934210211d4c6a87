/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report tools' tests (tests/unit/report/): the checks and the
 * temporary root come from tests/unit/check.h; the fixtures and the list
 * of tests run by runner.c are here.
 */
#ifndef VQB_RT_H
#define VQB_RT_H

#include <stddef.h>
#include <stdint.h>

#include "check.h"

/* A synthetic results directory, as virqbench-analyze would write it. */
struct fx_cell {
	const char *name, *gic, *hyp, *path, *state;
	const char *status;	/* NULL: ok */
	const char *reason;	/* skip_reason or error */
	size_t n;		/* samples */
	int64_t shift;		/* ns added to inject_to_vector (and total) */
	uint64_t seed;
};
/* Writes meta.json, summary.csv, summary.json, samples; returns the dir. */
char *fx_results(const char *name, const struct fx_cell *c, size_t n,
		 const char *hostname);

void test_html(void);
void test_jread(void);
void test_rstats(void);
void test_rdir(void);
void test_report(void);
void test_compare(void);
void test_rounds(void);
void test_findings(void);
void test_cycles_section(void);
void test_perf_verdict(void);
void test_atomic(void);
void test_fleet(void);

#endif /* VQB_RT_H */
