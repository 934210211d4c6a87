// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "test.h"

static unsigned long passed, failed;
static char root[256];

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

char *t_dir(const char *name)
{
	char *p;

	if (asprintf(&p, "%s/%s", root, name) < 0)
		abort();
	mkdirs(p);
	return p;
}

void t_write(const char *dir, const char *name, const char *text)
{
	char *p, *slash;
	FILE *f;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	slash = strrchr(p, '/');
	*slash = '\0';
	mkdirs(p);
	*slash = '/';
	f = fopen(p, "w");
	if (!f) {
		printf("FAIL: cannot write %s: %s\n", p, strerror(errno));
		failed++;
		free(p);
		return;
	}
	fputs(text, f);
	fclose(f);
	free(p);
}

char *t_read(const char *dir, const char *name)
{
	char *p, *buf = NULL;
	size_t len = 0;
	FILE *f, *m;
	int c;

	if (asprintf(&p, "%s/%s", dir, name) < 0)
		abort();
	f = fopen(p, "r");
	free(p);
	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while ((c = getc(f)) != EOF)
		putc(c, m);
	fclose(m);
	fclose(f);
	return buf;
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

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	return remove(p);
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");

	/* A test that hangs or crashes must not take the failures before it along. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	snprintf(root, sizeof(root), "%s/vqb-unit-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(root)) {
		printf("FAIL: mkdtemp %s: %s\n0 passed, 1 failed\n", root, strerror(errno));
		return 1;
	}
	/* The tests provoke warnings on purpose; they check them, not print them. */
	diag_set_warn_stream(NULL);

	test_num();
	test_kv();
	test_tsv();
	test_stats();
	test_json();
	test_fmt();
	test_clock();
	test_join();
	test_join_more();
	test_marks();
	test_breakdown();
	test_trace_extras();
	test_e2e();

	if (!getenv("VQB_KEEP_TMP"))
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	else
		printf("test files kept in %s\n", root);
	printf("%lu passed, %lu failed\n", passed, failed);
	return failed ? 1 : 0;
}
