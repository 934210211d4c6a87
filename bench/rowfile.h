/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sample file (host.tsv, guest.tsv) written a row at a time, each row in
 * the file as soon as it is complete, that survives its disk filling up.
 *
 * A row that cannot be written whole (ENOSPC, EFBIG, EIO) is taken back:
 * the file is cut at the end of the last whole row, and that row and every
 * later one are kept in memory instead. The cell stops at the first such
 * failure (rowfile_failed()), and once space is back (bench/'s reserve,
 * rawout.h, given back) rowfile_close() writes what was kept. The file
 * thus never ends in half a row, and the rows it holds are exactly those
 * it says it holds (rowfile_rows()): cell.kv's counts agree with them.
 */
#ifndef BENCH_ROWFILE_H
#define BENCH_ROWFILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Rows kept in memory after a failure: enough for what a stopping cell still adds. */
#define ROWFILE_KEEP_MAX (256 * 1024)

struct rowfile {
	int fd;
	char path[4200];
	off_t whole;		/* the file's length up to its last whole row */
	uint64_t rows;		/* rows in the file (the header not counted) */
	int err;		/* the first failed write's errno; 0 while none failed */
	char *kept;		/* the rows not written since, in order */
	size_t kept_len, kept_rows;
	uint64_t dropped;	/* rows beyond ROWFILE_KEEP_MAX: lost, and counted */
};

/* Creates PATH with its header line; 0 or -errno (reported). */
int rowfile_create(struct rowfile *f, const char *path, const char *header);

/* One row, its newline included; 0, or -errno of the failure (now or earlier). */
int rowfile_put(struct rowfile *f, const char *row, size_t len);
int rowfile_printf(struct rowfile *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline int rowfile_failed(const struct rowfile *f) { return f->err; }
static inline uint64_t rowfile_rows(const struct rowfile *f) { return f->rows; }

/*
 * Writes the rows kept since a failure (0 if it had none, or once they are
 * all in), then closes. A second failure leaves the file cut at a whole
 * row and returns -errno; rowfile_rows() says what it holds.
 */
int rowfile_close(struct rowfile *f);

#endif
