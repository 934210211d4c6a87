/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report tools' test runner (tests/unit/report/): CHECK* count passes,
 * print one line per failure ("FAIL file:line: ..."), and main ends with
 * "N passed, N failed". Files go under one temporary root, removed at exit.
 */
#ifndef VQB_RT_H
#define VQB_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void rt_check(bool ok, const char *file, int line, const char *expr);
void rt_check_int(long long got, long long want, const char *file, int line,
		  const char *expr);
void rt_check_str(const char *got, const char *want, const char *file,
		  int line, const char *expr);
void rt_check_has(const char *hay, const char *needle, const char *file,
		  int line, const char *expr);
void rt_check_lacks(const char *hay, const char *needle, const char *file,
		    int line, const char *expr);

#define CHECK(c) rt_check(!!(c), __FILE__, __LINE__, #c)
#define CHECK_INT(got, want) \
	rt_check_int((long long)(got), (long long)(want), __FILE__, __LINE__, #got)
#define CHECK_STR(got, want) rt_check_str((got), (want), __FILE__, __LINE__, #got)
#define CHECK_HAS(hay, needle) rt_check_has((hay), (needle), __FILE__, __LINE__, #hay)
#define CHECK_LACKS(hay, needle) rt_check_lacks((hay), (needle), __FILE__, __LINE__, #hay)

/* A fresh directory under the temporary root (caller frees). */
char *rt_dir(const char *name);
/* A path under the temporary root that does not exist yet (caller frees). */
char *rt_path(const char *name);
void rt_write(const char *dir, const char *name, const char *text);
/* The whole file (caller frees), or NULL. */
char *rt_read(const char *dir, const char *name);
bool rt_exists(const char *dir, const char *name);
/* A listing of dir with each file's size and content hash, to see it unchanged. */
char *rt_snapshot(const char *dir);

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

#endif /* VQB_RT_H */
