// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "kv.h"
#include "kvout.h"
#include "outfile.h"
#include "util.h"

void kvo_init(struct kv_out *o)
{
	memset(o, 0, sizeof(*o));
}

void kvo_free(struct kv_out *o)
{
	free(o->buf);
	free(o->refused);
	kvo_init(o);
}

static void append(struct kv_out *o, const char *s, size_t n)
{
	o->buf = grow_array(o->buf, &o->cap, o->len + n + 1, 1);
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

/* Whether a line of buf already starts with "key=". */
static bool has_key(const struct kv_out *o, const char *key, size_t klen)
{
	const char *p = o->buf, *end;

	if (!p)		/* nothing yet: NULL + 0 is undefined */
		return false;
	end = p + o->len;
	while (p && p < end) {
		if (!strncmp(p, key, klen) && p[klen] == '=')
			return true;
		p = memchr(p, '\n', end - p);
		if (p)
			p++;
	}
	return false;
}

static void refuse(struct kv_out *o, const char *key, const char *why)
{
	if (!o->refused)
		o->refused = xasprintf("key '%s' refused (%s)", key, why);
}

void kvo_set(struct kv_out *o, const char *key, const char *fmt, ...)
{
	size_t klen = strlen(key);
	va_list ap;
	char *value, *p;

	if (!kv_key_ok(key, klen)) {
		refuse(o, key, "expected letters, digits, '_', '.', '-'");
		return;
	}
	if (has_key(o, key, klen)) {
		refuse(o, key, "set twice; a reader takes each key once");
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&value, fmt, ap) < 0)
		value = NULL;
	va_end(ap);
	if (!value)
		value = xstrdup("");	/* vasprintf failed: out of memory, or a bad format */
	for (p = value; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	append(o, key, klen);
	append(o, "=", 1);
	append(o, value, strlen(value));
	append(o, "\n", 1);
	free(value);
}

void kvo_set_u64(struct kv_out *o, const char *key, uint64_t value)
{
	kvo_set(o, key, "%llu", (unsigned long long)value);
}

void kvo_set_i64(struct kv_out *o, const char *key, int64_t value)
{
	kvo_set(o, key, "%lld", (long long)value);
}

int kvo_write(const struct kv_out *o, const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	const char *name = path;
	struct outfile f;
	int r;

	if (slash) {
		*slash = '\0';
		name = slash + 1;
	} else {
		strcpy(dir, ".");
	}
	r = outfile_open(&f, *dir || !slash ? dir : "/", name);
	free(dir);
	if (r)
		return -EIO;
	if (fwrite(o->buf ? o->buf : "", 1, o->len, f.f) != o->len ||
	    fflush(f.f) || fsync(fileno(f.f))) {
		diag_error(f.tmp, 0, "write error: %s", strerror(errno));
		outfile_abort(&f);
		return -EIO;
	}
	if (outfile_commit(&f))
		return -EIO;
	if (o->refused) {
		diag_error(path, 0, "%s; written without it", o->refused);
		return -EINVAL;
	}
	return 0;
}
