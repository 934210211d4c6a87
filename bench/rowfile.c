// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "rowfile.h"

/* All of BUF at OFF, or -errno (a write that makes no progress is ENOSPC's). */
static int write_at(int fd, const char *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, buf, len, off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -ENOSPC;
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

int rowfile_create(struct rowfile *f, const char *path, const char *header)
{
	size_t len = strlen(header);
	int r;

	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f->fd < 0)
		return diag_say_errno("cannot create %s", path);
	r = write_at(f->fd, header, len, 0);
	if (!r)
		r = write_at(f->fd, "\n", 1, (off_t)len);
	if (r) {
		errno = -r;
		diag_say_errno("cannot write %s", path);
		close(f->fd);
		f->fd = -1;
		return r;
	}
	f->whole = (off_t)len + 1;
	return 0;
}

/* After a failure: the row waits in memory, or is counted as dropped. */
static void keep(struct rowfile *f, const char *row, size_t len)
{
	char *grown;

	if (f->kept_len + len > ROWFILE_KEEP_MAX) {
		f->dropped++;
		return;
	}
	grown = realloc(f->kept, f->kept_len + len);
	if (!grown) {
		f->dropped++;
		return;
	}
	f->kept = grown;
	memcpy(f->kept + f->kept_len, row, len);
	f->kept_len += len;
	f->kept_rows++;
}

int rowfile_put(struct rowfile *f, const char *row, size_t len)
{
	int r;

	if (f->fd < 0)
		return -EBADF;
	if (f->err) {
		keep(f, row, len);
		return -f->err;
	}
	r = write_at(f->fd, row, len, f->whole);
	if (!r) {
		f->whole += (off_t)len;
		f->rows++;
		return 0;
	}
	/*
	 * Half a row would read as a row cut short: take it back (a failed
	 * cut leaves the part, which the analysis ignores as cut short; the
	 * error to report is the write's).
	 */
	if (ftruncate(f->fd, f->whole)) {
	}
	f->err = -r;
	keep(f, row, len);
	return r;
}

int rowfile_printf(struct rowfile *f, const char *fmt, ...)
{
	char row[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(row, sizeof(row), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(row))
		return -EOVERFLOW;	/* bench/'s rows are a few numbers: never */
	return rowfile_put(f, row, (size_t)n);
}

int rowfile_close(struct rowfile *f)
{
	int r = 0;

	if (f->fd < 0)
		return 0;
	if (f->kept_len) {
		r = write_at(f->fd, f->kept, f->kept_len, f->whole);
		if (!r) {
			f->whole += (off_t)f->kept_len;
			f->rows += f->kept_rows;
		} else if (ftruncate(f->fd, f->whole)) {
			r = -errno;
		}
	}
	free(f->kept);
	f->kept = NULL;
	f->kept_len = f->kept_rows = 0;
	if (close(f->fd) && !r)
		r = -errno;
	f->fd = -1;
	if (!r && f->dropped)
		r = -f->err;
	return r;
}
