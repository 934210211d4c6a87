// SPDX-License-Identifier: GPL-2.0
/*
 * The unit tests' shared runner: checks, counts and a temporary root.
 * Only libc, so that any test binary can link it whatever else it links.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

static unsigned long passed, failed;
static char root[4096];

void t_check(bool ok, const char *file, int line, const char *expr)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s\n", file, line, expr);
}

void t_check_int(long long got, long long want, const char *file, int line,
		 const char *expr)
{
	if (got == want) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s is %lld, expected %lld\n", file, line, expr, got, want);
}

void t_check_str(const char *got, const char *want, const char *file,
		 int line, const char *expr)
{
	if (got && want && !strcmp(got, want)) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s is \"%s\", expected \"%s\"\n", file, line, expr,
	       got ? got : "(null)", want ? want : "(null)");
}

void t_check_has(const char *hay, const char *needle, const char *file,
		 int line, const char *expr)
{
	if (hay && strstr(hay, needle)) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s (\"%.300s\") does not contain \"%s\"\n", file, line,
	       expr, hay ? hay : "(null)", needle);
}

void t_check_lacks(const char *hay, const char *needle, const char *file,
		   int line, const char *expr)
{
	if (hay && !strstr(hay, needle)) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s contains \"%s\"\n", file, line, expr, needle);
}

void t_checkf(bool ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static bool keep_tmp(void)
{
	return getenv("VQB_KEEP_TMP") || getenv("RT_KEEP");
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

static void remove_root(void)
{
	if (!root[0] || keep_tmp())
		return;
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	root[0] = '\0';
}

int t_setup(const char *tmp_prefix)
{
	const char *tmp = getenv("TMPDIR");

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!tmp_prefix)
		return 0;
	snprintf(root, sizeof(root), "%s/%sXXXXXX", tmp && *tmp ? tmp : "/tmp",
		 tmp_prefix);
	if (!mkdtemp(root)) {
		printf("FAIL: mkdtemp %s: %s\n", root, strerror(errno));
		failed++;
		root[0] = '\0';
		return -1;
	}
	/* A test that calls exit() must not leave the root behind either. */
	atexit(remove_root);
	return 0;
}

int t_finish(const char *prefix)
{
	if (root[0] && keep_tmp())
		printf("test files kept in %s\n", root);
	remove_root();
	if (prefix)
		printf("%s: ", prefix);
	printf("%lu passed, %lu failed\n", passed, failed);
	return failed ? 1 : 0;
}

static char *join(const char *dir, const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	return p;
}

static void mkdirs(char *p)
{
	char *s;

	for (s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0777);
			*s = '/';
		}
	mkdir(p, 0777);
}

char *t_path(const char *name)
{
	return join(root, name);
}

char *t_dir(const char *name)
{
	char *p = t_path(name);

	mkdirs(p);
	return p;
}

void t_write(const char *dir, const char *name, const char *text)
{
	char *p, *slash;
	FILE *f;
	bool ok;

	/* Not join(): inlined, it makes gcc 12 see slash as dangling. */
	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	slash = strrchr(p, '/');
	*slash = '\0';
	mkdirs(p);
	*slash = '/';
	f = fopen(p, "w");
	ok = f && fputs(text, f) >= 0;
	if (f && fclose(f))
		ok = false;
	if (!ok) {
		printf("FAIL: cannot write %s: %s\n", p, strerror(errno));
		failed++;
	}
	free(p);
}

char *t_script(const char *dir, const char *name, const char *text)
{
	char *p = join(dir, name);

	t_write(dir, name, text);
	if (chmod(p, 0755)) {
		printf("FAIL: chmod %s: %s\n", p, strerror(errno));
		failed++;
	}
	return p;
}

char *t_read(const char *dir, const char *name)
{
	char *p = join(dir, name), *buf = NULL, chunk[65536];
	size_t len = 0, n;
	FILE *f = fopen(p, "r"), *m;

	free(p);
	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	if (!m)
		abort();
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(m);
	fclose(f);
	return buf;
}

bool t_exists(const char *dir, const char *name)
{
	char *p = join(dir, name);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

char *t_checksums(const char *dir)
{
	struct dirent **e;
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);
	int n = scandir(dir, &e, NULL, by_name), i;

	if (!m)
		abort();
	for (i = 0; i < n; i++) {
		uint64_t h = 1469598103934665603ull, size = 0;	/* FNV-1a */
		char *p = NULL;
		FILE *f;
		int c;

		if (strcmp(e[i]->d_name, ".") && strcmp(e[i]->d_name, "..")) {
			if (asprintf(&p, "%s/%s", dir, e[i]->d_name) < 0)
				abort();
			f = fopen(p, "rb");
			while (f && (c = getc(f)) != EOF) {
				h = (h ^ (unsigned char)c) * 1099511628211ull;
				size++;
			}
			if (f)
				fclose(f);
			fprintf(m, "%s %llu %016llx\n", e[i]->d_name, (unsigned long long)size,
				(unsigned long long)h);
		}
		free(p);
		free(e[i]);
	}
	if (n >= 0)
		free(e);
	fclose(m);
	return s;
}

int t_with_fsize_limit(long bytes, int (*fn)(void *), void *arg)
{
	struct rlimit old, lim;
	void (*sig)(int) = signal(SIGXFSZ, SIG_IGN);
	int r;

	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = (rlim_t)bytes;
	setrlimit(RLIMIT_FSIZE, &lim);
	r = fn(arg);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, sig);
	return r;
}

const char *t_line(const char *text, int n)
{
	static char buf[4096];
	const char *e;

	while (text && --n > 0) {
		text = strchr(text, '\n');
		if (text)
			text++;
	}
	if (!text)
		return "";
	e = strchr(text, '\n');
	if (!e)
		e = text + strlen(text);
	snprintf(buf, sizeof(buf), "%.*s", (int)(e - text), text);
	return buf;
}

int t_count_lines(const char *text)
{
	int n = 0;

	for (; text && *text; text++)
		n += *text == '\n';
	return n;
}
