/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny test runner: CHECK* count passes, print one line per failure
 * ("FAIL file:line: ..."), and main ends with "N passed, N failed".
 */
#ifndef VQB_TEST_H
#define VQB_TEST_H

#include <stdbool.h>
#include <stddef.h>

void t_check(bool ok, const char *file, int line, const char *expr);
void t_check_int(long long got, long long want, const char *file, int line,
		 const char *expr);
void t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *expr);
void t_check_has(const char *hay, const char *needle, const char *file,
		 int line, const char *expr);

#define CHECK(c) t_check(!!(c), __FILE__, __LINE__, #c)
#define CHECK_INT(got, want) \
	t_check_int((long long)(got), (long long)(want), __FILE__, __LINE__, #got)
#define CHECK_STR(got, want) t_check_str((got), (want), __FILE__, __LINE__, #got)
/* hay contains needle */
#define CHECK_HAS(hay, needle) t_check_has((hay), (needle), __FILE__, __LINE__, #hay)

/* A fresh directory under the run's temporary root (removed at exit). */
char *t_dir(const char *name);
/* Writes text to dir/name, creating parent directories. */
void t_write(const char *dir, const char *name, const char *text);
/* The whole file as a string (caller frees), or NULL. */
char *t_read(const char *dir, const char *name);
/* Line n (1-based) of text, without its newline, in a static buffer. */
const char *t_line(const char *text, int n);
int t_count_lines(const char *text);

void test_num(void);
void test_kv(void);
void test_tsv(void);
void test_stats(void);
void test_json(void);
void test_fmt(void);
void test_clock(void);
void test_join(void);
void test_join_more(void);
void test_marks(void);
void test_breakdown(void);
void test_trace_extras(void);
void test_e2e(void);

#endif /* VQB_TEST_H */
