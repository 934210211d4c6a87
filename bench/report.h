/* SPDX-License-Identifier: GPL-2.0 */
/* One place that says what went wrong, prefixed with the program's name. */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

__attribute__((format(printf, 1, 2))) void report(const char *fmt, ...);
/* Reports "<what>: strerror(errno)" and returns -errno. */
__attribute__((format(printf, 1, 2))) int report_errno(const char *fmt, ...);
/* Progress and facts, silenced with -q. */
__attribute__((format(printf, 1, 2))) void info(const char *fmt, ...);
extern int report_quiet;

#endif
