// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kv.h"
#include "num.h"
#include "rfile.h"
#include "util.h"

bool kv_key_ok(const char *k, size_t len)
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++) {
		char c = k[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

/* FNV-1a: keys are short identifiers. */
static size_t key_hash(const char *k)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (*k)
		h = (h ^ (unsigned char)*k++) * 0x100000001b3ull;
	return (size_t)(h ^ h >> 29);
}

static void index_put(struct kv *kv, size_t i)
{
	size_t m = kv->nidx - 1, h = key_hash(kv->e[i].key) & m;

	while (kv->idx[h])
		h = (h + 1) & m;
	kv->idx[h] = i + 1;
}

/* Keeps the table at most half full: a run.kv of 100000 keys loads in O(N). */
static void index_add(struct kv *kv, size_t i)
{
	size_t k;

	if (2 * (kv->n + 1) > kv->nidx) {
		free(kv->idx);
		kv->nidx = kv->nidx ? 2 * kv->nidx : 64;
		kv->idx = xcalloc(kv->nidx, sizeof(*kv->idx));
		for (k = 0; k < i; k++)
			index_put(kv, k);
	}
	index_put(kv, i);
}

int kv_parse(struct kv *kv, const char *name, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned long line = 0;

	memset(kv, 0, sizeof(*kv));
	kv->path = xstrdup(name);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *eol = nl ? nl : end;
		const char *eq;
		const struct kv_entry *dup;
		struct kv_entry *e;
		char *key;

		line++;
		if (memchr(p, '\0', eol - p))
			return diag_error(name, line, "NUL byte in line (expected key=value text)");
		/* Else "format=1\r" reads as an unknown format version '1'. */
		if (eol > p && eol[-1] == '\r')
			return diag_error(name, line,
					  "line ends in CR (a CRLF file; expected LF line ends: dos2unix converts it)");
		/* Blank lines are harmless in a file people edit by hand. */
		if (eol == p || *p == '#')
			goto next;
		eq = memchr(p, '=', eol - p);
		if (!eq)
			return diag_error(name, line, "no '=' in line (expected key=value)");
		if (!kv_key_ok(p, eq - p))
			return diag_error(name, line,
					  "bad key '%.*s' (expected key=value, key of letters, digits, '_', '.', '-', no spaces)",
					  (int)(eq - p), p);
		key = xasprintf("%.*s", (int)(eq - p), p);
		dup = kv_find(kv, key);
		if (dup) {
			free(key);
			return diag_error(name, line,
					  "duplicate key '%s' (first at line %lu; expected each key once)",
					  dup->key, dup->line);
		}
		kv->e = grow_array(kv->e, &kv->cap, kv->n + 1, sizeof(*kv->e));
		e = &kv->e[kv->n];
		e->key = key;
		e->value = xasprintf("%.*s", (int)(eol - eq - 1), eq + 1);
		e->line = line;
		index_add(kv, kv->n);
		kv->n++;
next:
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int kv_load(struct kv *kv, const char *path)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	const char *why;
	FILE *f = rfile_fopen(path, &why);
	int ret;

	memset(kv, 0, sizeof(*kv));
	if (!f)
		return diag_error(path, 0, "%s", why);
	for (;;) {
		size_t n;

		buf = grow_array(buf, &cap, len + 4096, 1);
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		ret = diag_error(path, 0, "read error: %s", strerror(errno));
		free(buf);
		fclose(f);
		return ret;
	}
	fclose(f);
	ret = kv_parse(kv, path, buf, len);
	free(buf);
	return ret;
}

void kv_free(struct kv *kv)
{
	size_t i;

	for (i = 0; i < kv->n; i++) {
		free(kv->e[i].key);
		free(kv->e[i].value);
	}
	free(kv->e);
	free(kv->idx);
	free(kv->path);
	memset(kv, 0, sizeof(*kv));
}

const struct kv_entry *kv_find(const struct kv *kv, const char *key)
{
	size_t i, h, m;

	if (kv->nidx) {
		m = kv->nidx - 1;
		for (h = key_hash(key) & m; kv->idx[h]; h = (h + 1) & m)
			if (!strcmp(kv->e[kv->idx[h] - 1].key, key))
				return &kv->e[kv->idx[h] - 1];
		return NULL;
	}
	for (i = 0; i < kv->n; i++)
		if (!strcmp(kv->e[i].key, key))
			return &kv->e[i];
	return NULL;
}

const char *kv_get(const struct kv *kv, const char *key)
{
	const struct kv_entry *e = kv_find(kv, key);

	return e ? e->value : NULL;
}

int kv_get_u64(const struct kv *kv, const char *key, uint64_t *out)
{
	const struct kv_entry *e = kv_find(kv, key);

	if (!e)
		return 0;
	if (num_u64(e->value, out))
		return diag_error(kv->path, e->line,
				  "%s='%s' (expected an unsigned decimal number)",
				  key, e->value);
	return 1;
}

int kv_get_i64(const struct kv *kv, const char *key, int64_t *out)
{
	const struct kv_entry *e = kv_find(kv, key);

	if (!e)
		return 0;
	if (num_i64(e->value, out))
		return diag_error(kv->path, e->line,
				  "%s='%s' (expected a signed decimal number)",
				  key, e->value);
	return 1;
}

int kv_get_bool(const struct kv *kv, const char *key, bool *out)
{
	const struct kv_entry *e = kv_find(kv, key);

	if (!e)
		return 0;
	if (strcmp(e->value, "0") && strcmp(e->value, "1"))
		return diag_error(kv->path, e->line, "%s='%s' (expected 0 or 1)",
				  key, e->value);
	*out = e->value[0] == '1';
	return 1;
}

static int missing(const struct kv *kv, const char *key, const char *what)
{
	return diag_error(kv->path, 0, "missing key '%s' (expected %s=<%s>)",
			  key, key, what);
}

int kv_need_str(const struct kv *kv, const char *key, const char **out)
{
	*out = kv_get(kv, key);
	return *out ? 0 : missing(kv, key, "text");
}

int kv_need_u64(const struct kv *kv, const char *key, uint64_t *out)
{
	int r = kv_get_u64(kv, key, out);

	return r < 0 ? -1 : r ? 0 : missing(kv, key, "unsigned decimal");
}

int kv_need_i64(const struct kv *kv, const char *key, int64_t *out)
{
	int r = kv_get_i64(kv, key, out);

	return r < 0 ? -1 : r ? 0 : missing(kv, key, "signed decimal");
}

int kv_need_bool(const struct kv *kv, const char *key, bool *out)
{
	int r = kv_get_bool(kv, key, out);

	return r < 0 ? -1 : r ? 0 : missing(kv, key, "0 or 1");
}
