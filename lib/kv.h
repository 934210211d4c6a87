/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader for the raw format's key=value files (run.kv, lab.kv, cell.kv).
 * Every entry keeps its line number so that a bad value is reported where
 * it is, and the whole file is kept so that keys this reader does not know
 * still reach meta.json (writers may add keys freely).
 */
#ifndef VQB_KV_H
#define VQB_KV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kv_entry {
	char *key;
	char *value;
	unsigned long line;
};

struct kv {
	char *path;
	struct kv_entry *e;
	size_t n, cap;
	/* Open addressing over e[] by key: 1 + index, 0 empty; nidx a power of 2. */
	size_t *idx, nidx;
};

/* 0, or -1 with a diag_error() naming the file (and line). */
int kv_load(struct kv *kv, const char *path);
/* Parses text as if it were the file `name` (used by kv_load and tests). */
int kv_parse(struct kv *kv, const char *name, const char *text, size_t len);
void kv_free(struct kv *kv);

/*
 * Keys are identifiers (letters, digits, '_', '.', '-'); anything else
 * means the line is not key=value. The writer (kvout.h) checks the same.
 */
bool kv_key_ok(const char *k, size_t len);

const struct kv_entry *kv_find(const struct kv *kv, const char *key);
/* NULL when absent. */
const char *kv_get(const struct kv *kv, const char *key);

/*
 * Typed getters: return 1 when found and valid, 0 when absent, -1 (with a
 * diag_error at the key's line) when present but malformed.
 */
int kv_get_u64(const struct kv *kv, const char *key, uint64_t *out);
int kv_get_i64(const struct kv *kv, const char *key, int64_t *out);
int kv_get_bool(const struct kv *kv, const char *key, bool *out);	/* 0 or 1 */

/* Required variants: absent is an error too. 0 or -1. */
int kv_need_str(const struct kv *kv, const char *key, const char **out);
int kv_need_u64(const struct kv *kv, const char *key, uint64_t *out);
int kv_need_i64(const struct kv *kv, const char *key, int64_t *out);
int kv_need_bool(const struct kv *kv, const char *key, bool *out);

#endif /* VQB_KV_H */
