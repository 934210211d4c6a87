/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writers for the raw run format (doc/raw-format.md). A key=value file is
 * built in memory and written under a temporary name, then renamed, so a
 * reader never sees half of one. Sample files grow a line at a time and are
 * flushed per line: a run cut short keeps every complete row.
 */
#ifndef BENCH_RAWOUT_H
#define BENCH_RAWOUT_H

#include <stdint.h>
#include <stdio.h>

struct kv {
	char *buf;
	size_t len, cap;
};

void kv_init(struct kv *kv);
void kv_free(struct kv *kv);
__attribute__((format(printf, 3, 4))) void kv_set(struct kv *kv, const char *key, const char *fmt, ...);
void kv_set_u64(struct kv *kv, const char *key, uint64_t value);
void kv_set_i64(struct kv *kv, const char *key, int64_t value);
int kv_write(const struct kv *kv, const char *path);

/* Creates the directory and its parents; 0 or -errno (reported). */
int make_dir(const char *path);
FILE *tsv_create(const char *path, const char *header);

#endif
