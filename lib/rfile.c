// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rfile.h"

static __thread char why_buf[160];

const char *rfile_type_name(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "a regular file";
	case S_IFDIR: return "a directory";
	case S_IFIFO: return "a FIFO";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFSOCK: return "a socket";
	default: return "a special file";
	}
}

int rfile_open(const char *path, const char **why)
{
	struct stat st;
	int fd, e;

	/* O_NONBLOCK: opening a FIFO without a writer must not wait for one. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		e = errno;
		snprintf(why_buf, sizeof(why_buf), "cannot open: %s", strerror(e));
		goto fail;
	}
	if (fstat(fd, &st)) {
		e = errno;
		snprintf(why_buf, sizeof(why_buf), "cannot stat: %s", strerror(e));
		close(fd);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		e = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		snprintf(why_buf, sizeof(why_buf), "%s, not a regular file (expected a file)",
			 rfile_type_name(st.st_mode));
		close(fd);
		goto fail;
	}
	/* A regular file never blocks; clearing the flag keeps read()'s usual meaning. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)) {
		e = errno;
		snprintf(why_buf, sizeof(why_buf), "cannot set flags: %s", strerror(e));
		close(fd);
		goto fail;
	}
	return fd;
fail:
	if (why)
		*why = why_buf;
	errno = e;
	return -1;
}

FILE *rfile_fopen(const char *path, const char **why)
{
	int fd = rfile_open(path, why);
	FILE *f;
	int e;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (!f) {
		e = errno;
		snprintf(why_buf, sizeof(why_buf), "cannot open: %s", strerror(e));
		if (why)
			*why = why_buf;
		close(fd);
		errno = e;
	}
	return f;
}
