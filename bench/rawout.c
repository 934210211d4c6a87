// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* O_TMPFILE */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "diag.h"
#include "fsutil.h"
#include "rawout.h"

int write_kv(const struct kv_out *kv, const char *path)
{
	int r = kvo_write(kv, path);

	if (r)
		diag_say("%s", diag_last());
	return r;
}

int make_dir(const char *path)
{
	const char *failed;
	int r = mkdir_p(path, &failed);

	if (r) {
		errno = -r;
		return diag_say_errno("cannot create directory %s", failed);
	}
	return 0;
}

static int reserve_fd = -1;

int space_reserve_take(const char *dir)
{
	char path[4200];
	int fd, r;

	if (reserve_fd >= 0)
		return 0;
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR)) {
		/* A file system without O_TMPFILE: a named file, unlinked at once. */
		snprintf(path, sizeof(path), "%s/.space-reserve.%d", dir, (int)getpid());
		fd = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
		if (fd >= 0)
			unlink(path);
	}
	if (fd < 0)
		return -errno;
	/* posix_fallocate() returns its error; where the file system has no
	 * fallocate, glibc writes the blocks itself. */
	r = posix_fallocate(fd, 0, SPACE_RESERVE_BYTES);
	if (r) {
		close(fd);
		return -r;
	}
	reserve_fd = fd;
	return 0;
}

void space_reserve_give_back(void)
{
	if (reserve_fd < 0)
		return;
	close(reserve_fd);
	reserve_fd = -1;
}
