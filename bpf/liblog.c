// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include "liblog.h"

/* libbpf output kept for a failure report. */
#define LIBLOG_MAX	(256u << 10)

static bool verbose;
static char liblog[LIBLOG_MAX];
static size_t liblog_len;
static bool liblog_cut;

/* Keeps the tail of libbpf's output, to show it if the load fails. */
static void liblog_put(const char *s, size_t n)
{
	if (n >= LIBLOG_MAX) {
		s += n - LIBLOG_MAX;
		n = LIBLOG_MAX;
		liblog_cut = liblog_cut || liblog_len;
		liblog_len = 0;
	}
	if (liblog_len + n > LIBLOG_MAX) {
		size_t drop = liblog_len + n - LIBLOG_MAX;

		memmove(liblog, liblog + drop, liblog_len - drop);
		liblog_len -= drop;
		liblog_cut = true;
	}
	memcpy(liblog + liblog_len, s, n);
	liblog_len += n;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	va_list aq;
	char *s;
	int n;

	if (verbose)
		return vfprintf(stderr, fmt, ap);
	if (level > LIBBPF_WARN)
		return 0;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n <= 0)
		return n;
	s = malloc((size_t)n + 1);
	if (!s) {
		static const char oom[] = "(a libbpf message lost: out of memory)\n";

		liblog_put(oom, sizeof(oom) - 1);
		return 0;
	}
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	liblog_put(s, (size_t)n);
	free(s);
	return n;
}

void liblog_show(void)
{
	if (!liblog_len)
		return;
	if (liblog_cut)
		fputs("(earlier libbpf output dropped)\n", stderr);
	fwrite(liblog, 1, liblog_len, stderr);
	if (liblog[liblog_len - 1] != '\n')
		fputc('\n', stderr);
}

void liblog_setup(bool v)
{
	verbose = v;
	libbpf_set_print(libbpf_print);
}
