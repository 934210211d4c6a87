// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

int report_quiet;

void report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("virqbench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

int report_errno(const char *fmt, ...)
{
	int e = errno ? errno : EIO;
	va_list ap;

	va_start(ap, fmt);
	fputs("virqbench: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(e));
	va_end(ap);
	return -e;
}

void info(const char *fmt, ...)
{
	va_list ap;

	if (report_quiet)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}
