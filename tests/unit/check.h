/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The unit tests' shared runner (tests/unit/check.c): CHECK* count passes
 * and print one line per failure ("FAIL file:line: ..."); t_finish() ends
 * the run with "N passed, N failed" (or "PREFIX: N passed, N failed").
 * Each test binary keeps its own main() and its own list of tests.
 *
 * Files go under one temporary root made by t_setup() and removed by
 * t_finish() (or at exit), unless VQB_KEEP_TMP is set; RT_KEEP, the report
 * tests' old name for it, is still accepted.
 */
#ifndef VQB_CHECK_H
#define VQB_CHECK_H

#include <stdbool.h>
#include <stddef.h>

void t_check(bool ok, const char *file, int line, const char *expr);
void t_check_int(long long got, long long want, const char *file, int line,
		 const char *expr);
void t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *expr);
void t_check_has(const char *hay, const char *needle, const char *file,
		 int line, const char *expr);
void t_check_lacks(const char *hay, const char *needle, const char *file,
		   int line, const char *expr);
/* A failure prints the printf-style message instead of the expression. */
void t_checkf(bool ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define CHECK(c) t_check(!!(c), __FILE__, __LINE__, #c)
#define CHECK_INT(got, want) \
	t_check_int((long long)(got), (long long)(want), __FILE__, __LINE__, #got)
#define CHECK_STR(got, want) t_check_str((got), (want), __FILE__, __LINE__, #got)
/* hay contains needle */
#define CHECK_HAS(hay, needle) t_check_has((hay), (needle), __FILE__, __LINE__, #hay)
/* hay is not NULL and does not contain needle */
#define CHECK_LACKS(hay, needle) t_check_lacks((hay), (needle), __FILE__, __LINE__, #hay)
#define CHECKF(c, ...) t_checkf(!!(c), __FILE__, __LINE__, __VA_ARGS__)

/*
 * Makes stdout line-buffered (a test that hangs or crashes must not take
 * the failures before it along) and, unless tmp_prefix is NULL, the
 * temporary root $TMPDIR/<tmp_prefix>XXXXXX. Returns 0, or -1 after
 * counting a failure; the caller then returns t_finish().
 */
int t_setup(const char *tmp_prefix);
/* Removes the temporary root, prints the counts; returns the exit status. */
int t_finish(const char *prefix);

/* A path under the temporary root that does not exist yet (caller frees). */
char *t_path(const char *name);
/* A fresh directory under the temporary root, parents too (caller frees). */
char *t_dir(const char *name);
/* Writes text to dir/name, creating parent directories. */
void t_write(const char *dir, const char *name, const char *text);
/* Writes an executable dir/name (a stand-in for a program); its path (caller frees). */
char *t_script(const char *dir, const char *name, const char *text);
/* The whole file as a string (caller frees), or NULL. */
char *t_read(const char *dir, const char *name);
bool t_exists(const char *dir, const char *name);
/*
 * Every entry of dir (hidden ones too) with its size and a hash of all its
 * bytes, one a line: equal strings mean a byte-identical directory.
 */
char *t_checksums(const char *dir);
/*
 * Calls fn(arg) with writes limited to `bytes` a file (RLIMIT_FSIZE; the
 * signal ignored, so a write fails with EFBIG): a disk that fills up
 * half-way through the output. Returns what fn returned.
 */
int t_with_fsize_limit(long bytes, int (*fn)(void *), void *arg);
/* Line n (1-based) of text, without its newline, in a static buffer. */
const char *t_line(const char *text, int n);
int t_count_lines(const char *text);

#endif /* VQB_CHECK_H */
