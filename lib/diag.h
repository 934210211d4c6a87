/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Errors are formatted where they are found (they know the file and line)
 * and printed once, by main, as "PROGRAM: FILE:LINE: what". Keeping
 * the text here rather than printing it lets the unit tests check it.
 * Warnings are printed at once: they do not stop the analysis.
 * The last error and warning are per thread.
 */
#ifndef VQB_DIAG_H
#define VQB_DIAG_H

#include <stdio.h>

/*
 * The program name that prefixes what lib/ prints itself (warnings, out of
 * memory); each main sets it once, first. Default "virqbench-analyze".
 */
void diag_set_prog(const char *name);
const char *diag_prog(void);
/*
 * For a program that says what goes wrong as it happens (virqbench, on the
 * ARM host): "PROGRAM: msg" on stderr at once. diag_say_errno() adds
 * ": strerror(errno)" and returns -errno (-EIO when errno is 0).
 * diag_info() is progress and facts, unprefixed; diag_quiet (-q) silences it.
 */
__attribute__((format(printf, 1, 2))) void diag_say(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) int diag_say_errno(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void diag_info(const char *fmt, ...);
extern int diag_quiet;

/* virqbench-analyze's main spells its own prefix with this. */
#define DIAG_PREFIX "virqbench-analyze: "

/* Records "FILE:LINE: msg" (line 0: "FILE: msg"; no file: "msg"); returns -1. */
int diag_error(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *diag_last(void);

/* Prints "PROGRAM: warning: FILE:LINE: msg" to the warning stream. */
void diag_warn(const char *file, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* NULL silences warnings (tests); they are still counted and kept. */
void diag_set_warn_stream(FILE *f);
unsigned long diag_warn_count(void);
const char *diag_last_warning(void);

#endif /* VQB_DIAG_H */
