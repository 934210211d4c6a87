/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output files are written under a temporary name in OUT_DIR and renamed
 * into place when complete, so that a reader (or an interrupted analysis)
 * never sees half a file under the real name. No fsync: the raw run is the
 * source of truth and an analysis can always be redone.
 */
#ifndef VQB_OUTFILE_H
#define VQB_OUTFILE_H

#include <stdint.h>
#include <stdio.h>

struct outfile {
	FILE *f;
	char *tmp;
	char *final;
	char *iobuf;
};

/* 0, or -1 with a diag_error naming the file. */
int outfile_open(struct outfile *o, const char *dir, const char *name);
/* Flushes, checks for write errors, renames into place. 0 or -1. */
int outfile_commit(struct outfile *o);
/* Drops the temporary file; safe after commit or a failed open. */
void outfile_abort(struct outfile *o);

/* The temporary name that outfile_open() would use (caller frees). */
char *outfile_tmp_name(const char *dir, const char *name);

/* Fast decimal output for the million-row files (printf would dominate). */
void out_i64(FILE *f, int64_t v);
/* Writes v in decimal at p (at most 20 bytes, no NUL); returns the end. */
char *fmt_i64(char *p, int64_t v);
void out_str(FILE *f, const char *s);

#endif /* VQB_OUTFILE_H */
