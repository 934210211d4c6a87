// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

/* Per thread: a cell's trace is read while its host rows are. */
static __thread char last_error[1024];
static __thread char last_warning[1024];
static unsigned long nr_warnings;
static FILE *warn_stream;
static bool warn_stream_set;
static const char *prog = "virqbench-analyze";

void diag_set_prog(const char *name)
{
	prog = name;
}

const char *diag_prog(void)
{
	return prog;
}

static void format(char *buf, size_t size, const char *file,
		   unsigned long line, const char *fmt, va_list ap)
{
	int n = 0;

	if (file && line)
		n = snprintf(buf, size, "%s:%lu: ", file, line);
	else if (file)
		n = snprintf(buf, size, "%s: ", file);
	if (n < 0 || (size_t)n >= size)
		n = 0;
	vsnprintf(buf + n, size - n, fmt, ap);
}

int diag_error(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format(last_error, sizeof(last_error), file, line, fmt, ap);
	va_end(ap);
	return -1;
}

const char *diag_last(void)
{
	return last_error;
}

void diag_warn(const char *file, unsigned long line, const char *fmt, ...)
{
	FILE *f = warn_stream_set ? warn_stream : stderr;
	va_list ap;

	va_start(ap, fmt);
	format(last_warning, sizeof(last_warning), file, line, fmt, ap);
	va_end(ap);
	__atomic_fetch_add(&nr_warnings, 1, __ATOMIC_RELAXED);
	if (f)
		fprintf(f, "%s: warning: %s\n", prog, last_warning);
}

void diag_set_warn_stream(FILE *f)
{
	warn_stream = f;
	warn_stream_set = true;
}

unsigned long diag_warn_count(void)
{
	return __atomic_load_n(&nr_warnings, __ATOMIC_RELAXED);
}

const char *diag_last_warning(void)
{
	return last_warning;
}

int diag_quiet;

void diag_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int diag_say_errno(const char *fmt, ...)
{
	int e = errno ? errno : EIO;
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(e));
	va_end(ap);
	return -e;
}

void diag_info(const char *fmt, ...)
{
	va_list ap;

	if (diag_quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
