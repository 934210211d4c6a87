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

void scratch_cols(struct scratch *s, unsigned k, size_t bytes, void **col)
{
	unsigned c = 0, b;
	size_t off;
	char *p;

	for (b = 0; b < s->nr_spare && bytes; b++)
		for (off = 0; c < k && s->spare_size[b] - off >= bytes; off += bytes)
			col[c++] = (char *)s->spare[b] + off;
	if (c == k)
		return;
	p = scratch_get(s, (k - c) * bytes);
	for (; c < k; c++, p += bytes)
		col[c] = p;
}

void scratch_give(struct scratch *s, void *p, size_t size)
{
	/* A small block is on pages malloc() keeps anyway: nothing to gain. */
	if (!p || size < (1u << 20) || s->nr_spare == SCRATCH_SPARE) {
		free(p);
		return;
	}
	s->spare[s->nr_spare] = p;
	s->spare_size[s->nr_spare++] = size;
}

void scratch_free(struct scratch *s)
{
	unsigned b;

	for (b = 0; b < s->nr_spare; b++)
		free(s->spare[b]);
	free(s->p);
	memset(s, 0, sizeof(*s));
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
