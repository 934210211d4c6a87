// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "diag.h"
#include "util.h"

/* A program that cannot allocate has nothing useful left to do. */
static void oom(void)
{
	fprintf(stderr, "%s: out of memory\n", diag_prog());
	exit(1);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

/* Maps the whole pages of [p, p + n) in one call (xmalloc_populated()). */
static void populate(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE),
		  a = ((uintptr_t)p + page - 1) & ~(page - 1),
		  b = ((uintptr_t)p + n) & ~(page - 1);

	/* Small arrays are on pages already mapped: only large ones gain. */
	if (n >= (1u << 20) && b > a)
		madvise((void *)a, b - a, MADV_POPULATE_WRITE);
#else
	(void)p;
	(void)n;
#endif
}

void *xmalloc_populated(size_t n)
{
	void *p = xmalloc(n);

	populate(p, n);
	return p;
}

void *scratch_get(struct scratch *s, size_t n)
{
	if (n > s->size) {
		s->p = xrealloc(s->p, n);
		populate((char *)s->p + s->size, n - s->size);
		s->size = n;
	}
	return s->p;
}

void scratch_free(struct scratch *s)
{
	free(s->p);
	s->p = NULL;
	s->size = 0;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		oom();
	return d;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	return s;
}

void *grow_array(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;

	if (need <= *cap)
		return p;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			oom();
		n *= 2;
	}
	*cap = n;
	return xrealloc(p, n * size);
}

bool use_threads(void)
{
	const char *e = getenv("VIRQBENCH_THREADS");

	return !e || strcmp(e, "0");
}

/* RFC 4180: quoted when it holds a comma, a quote, a line break, or edge blanks. */
void csv_field(FILE *f, const char *s)
{
	size_t len = strlen(s);

	if (!strpbrk(s, ",\"\r\n") && !(len && (s[0] == ' ' || s[len - 1] == ' '))) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

int fail_msg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
