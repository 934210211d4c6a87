// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "rawout.h"
#include "report.h"

void kv_init(struct kv *kv)
{
	memset(kv, 0, sizeof(*kv));
}

void kv_free(struct kv *kv)
{
	free(kv->buf);
	kv_init(kv);
}

static void kv_append(struct kv *kv, const char *s, size_t n)
{
	if (kv->len + n + 1 > kv->cap) {
		size_t cap = kv->cap ? kv->cap : 1024;
		char *p;

		while (kv->len + n + 1 > cap)
			cap *= 2;
		p = realloc(kv->buf, cap);
		if (!p) {
			report("out of memory");
			exit(1);
		}
		kv->buf = p;
		kv->cap = cap;
	}
	memcpy(kv->buf + kv->len, s, n);
	kv->len += n;
	kv->buf[kv->len] = '\0';
}

void kv_set(struct kv *kv, const char *key, const char *fmt, ...)
{
	char value[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	/* A value is one line by definition of the format. */
	for (char *p = value; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	kv_append(kv, key, strlen(key));
	kv_append(kv, "=", 1);
	kv_append(kv, value, strlen(value));
	kv_append(kv, "\n", 1);
}

void kv_set_u64(struct kv *kv, const char *key, uint64_t value)
{
	kv_set(kv, key, "%llu", (unsigned long long)value);
}

void kv_set_i64(struct kv *kv, const char *key, int64_t value)
{
	kv_set(kv, key, "%lld", (long long)value);
}

int kv_write(const struct kv *kv, const char *path)
{
	char tmp[4096];
	FILE *f;
	int ok;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return report_errno("cannot create %s", tmp);
	ok = fwrite(kv->buf ? kv->buf : "", 1, kv->len, f) == kv->len;
	ok &= fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok &= fclose(f) == 0;
	if (!ok || rename(tmp, path)) {
		int r = report_errno("cannot write %s", path);

		unlink(tmp);
		return r;
	}
	return 0;
}

int make_dir(const char *path)
{
	const char *failed;
	int r = mkdir_p(path, &failed);

	if (r) {
		errno = -r;
		return report_errno("cannot create directory %s", failed);
	}
	return 0;
}

FILE *tsv_create(const char *path, const char *header)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		report_errno("cannot create %s", path);
		return NULL;
	}
	/* Line-buffered: each row reaches the file as soon as it is complete. */
	setvbuf(f, NULL, _IOLBF, 0);
	fprintf(f, "%s\n", header);
	return f;
}
