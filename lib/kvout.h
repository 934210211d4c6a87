/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writer for the raw format's key=value files (doc/raw-format.md), the
 * other side of kv.h's reader. The file is built in memory and written
 * under a temporary name, synced and renamed: a reader never sees half of
 * one, and the raw run (the source of truth) survives a crash after it.
 *
 * What the reader would refuse is refused here, so that a run never
 * writes a file its own analysis cannot read: a key that is not an
 * identifier, or one set twice, is dropped and remembered, and
 * kvo_write() then writes the rest but fails naming that key. A value is
 * one line by definition: line breaks in it become spaces ('=' and spaces
 * are kept; the reader takes everything after the first '=').
 */
#ifndef VQB_KVOUT_H
#define VQB_KVOUT_H

#include <stdint.h>

struct kv_out {
	char *buf;
	size_t len, cap;
	char *refused;		/* the first key dropped, and why */
};

void kvo_init(struct kv_out *o);
void kvo_free(struct kv_out *o);
__attribute__((format(printf, 3, 4)))
void kvo_set(struct kv_out *o, const char *key, const char *fmt, ...);
void kvo_set_u64(struct kv_out *o, const char *key, uint64_t value);
void kvo_set_i64(struct kv_out *o, const char *key, int64_t value);

/*
 * Writes path (through a temporary name in its directory). 0, or with a
 * diag_error() naming the file: -EINVAL when a key was refused (the file
 * is written without it), -EIO when it could not be written (nothing is
 * put in place).
 */
int kvo_write(const struct kv_out *o, const char *path);

#endif /* VQB_KVOUT_H */
