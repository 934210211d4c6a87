// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt.h"
#include "util.h"

static unsigned long passed, failed;
static char root[256];

void rt_check(bool ok, const char *file, int line, const char *expr)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s\n", file, line, expr);
}

void rt_check_int(long long got, long long want, const char *file, int line,
		  const char *expr)
{
	if (got == want) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s is %lld, expected %lld\n", file, line, expr, got, want);
}

void rt_check_str(const char *got, const char *want, const char *file, int line,
		  const char *expr)
{
	if (got && want && !strcmp(got, want)) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s is \"%s\", expected \"%s\"\n", file, line, expr,
	       got ? got : "(null)", want ? want : "(null)");
}

void rt_check_has(const char *hay, const char *needle, const char *file,
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

void rt_check_lacks(const char *hay, const char *needle, const char *file,
		    int line, const char *expr)
{
	if (hay && !strstr(hay, needle)) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL %s:%d: %s contains \"%s\"\n", file, line, expr, needle);
}

char *rt_path(const char *name)
{
	return xasprintf("%s/%s", root, name);
}

char *rt_dir(const char *name)
{
	char *p = rt_path(name);

	mkdir(p, 0777);
	return p;
}

void rt_write(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	if (!f || fputs(text, f) < 0 || fclose(f)) {
		fprintf(stderr, "cannot write %s\n", p);
		exit(2);
	}
	free(p);
}

char *rt_read(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name), *buf = NULL;
	size_t cap = 0, len = 0;
	FILE *f = fopen(p, "r");

	free(p);
	if (!f)
		return NULL;
	for (;;) {
		size_t n;

		buf = grow_array(buf, &cap, len + 65536 + 1, 1);
		n = fread(buf + len, 1, 65536, f);
		len += n;
		if (n < 65536)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

bool rt_exists(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

char *rt_snapshot(const char *dir)
{
	struct dirent **e;
	char *s = xstrdup("");
	int n = scandir(dir, &e, NULL, by_name), i;

	for (i = 0; i < n; i++) {
		char *text = rt_read(dir, e[i]->d_name), *t;
		uint64_t h = 1469598103934665603ull;
		const char *p;

		for (p = text ? text : ""; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ull;
		t = xasprintf("%s%s %zu %llx\n", s, e[i]->d_name, text ? strlen(text) : 0,
			      (unsigned long long)h);
		free(s);
		free(text);
		s = t;
		free(e[i]);
	}
	free(e);
	return s;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

static void cleanup(void)
{
	if (root[0] && !getenv("RT_KEEP"))
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	snprintf(root, sizeof(root), "%s/virqbench-report-tests.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(root)) {
		perror("mkdtemp");
		return 2;
	}
	atexit(cleanup);
	test_html();
	test_jread();
	test_rstats();
	test_rdir();
	test_report();
	test_compare();
	printf("report: %lu passed, %lu failed\n", passed, failed);
	return failed ? 1 : 0;
}
