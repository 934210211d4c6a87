// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "tree.h"

static char failed_path[PATH_MAX];

static int fail(const char *path, int err, const char **failed)
{
	snprintf(failed_path, sizeof(failed_path), "%s", path);
	if (failed)
		*failed = failed_path;
	return -err;
}

static int copy_fd(int in, int out)
{
	char buf[1 << 16];

	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return 0;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, n - off);

			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return -errno;
			off += w;
		}
	}
}

int file_copy(const char *src, const char *dst)
{
	struct stat st;
	int in, out, r;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	if (fstat(in, &st)) {
		r = -errno;
		close(in);
		return r;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 07777);
	if (out < 0) {
		r = -errno;
		close(in);
		return r;
	}
	r = copy_fd(in, out);
	/* An existing dst keeps its old mode through O_CREAT: set it, and the time. */
	if (!r && (fchmod(out, st.st_mode & 07777) ||
		   futimens(out, (struct timespec[2]){ st.st_atim, st.st_mtim })))
		r = -errno;
	if (close(out) && !r)
		r = -errno;
	close(in);
	return r;
}

static int copy_link(const char *src, const char *dst)
{
	char target[PATH_MAX];
	ssize_t n = readlink(src, target, sizeof(target) - 1);

	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (unlink(dst) && errno != ENOENT)
		return -errno;
	return symlink(target, dst) ? -errno : 0;
}

static int copy_entry(const char *src, const char *dst, const char **failed);

static int copy_dir(const char *src, const char *dst, const char **failed)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	int r = 0;

	if (stat(src, &st))
		return fail(src, errno, failed);
	r = mkdir_p(dst, NULL);
	if (r)
		return fail(dst, -r, failed);
	d = opendir(src);
	if (!d)
		return fail(src, errno, failed);
	while (!r && (de = readdir(d))) {
		char s[PATH_MAX], t[PATH_MAX];

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (snprintf(s, sizeof(s), "%s/%s", src, de->d_name) >= (int)sizeof(s) ||
		    snprintf(t, sizeof(t), "%s/%s", dst, de->d_name) >= (int)sizeof(t)) {
			r = fail(s, ENAMETOOLONG, failed);
			break;
		}
		r = copy_entry(s, t, failed);
	}
	closedir(d);
	/* After the entries: writing them moved the directory's own mtime. */
	if (!r && (chmod(dst, st.st_mode & 07777) ||
		   utimensat(AT_FDCWD, dst, (struct timespec[2]){ st.st_atim, st.st_mtim }, 0)))
		r = fail(dst, errno, failed);
	return r;
}

static int copy_entry(const char *src, const char *dst, const char **failed)
{
	struct stat st;
	int r;

	if (lstat(src, &st))
		return fail(src, errno, failed);
	if (S_ISDIR(st.st_mode))
		return copy_dir(src, dst, failed);
	if (S_ISLNK(st.st_mode))
		r = copy_link(src, dst);
	else if (S_ISREG(st.st_mode))
		r = file_copy(src, dst);
	else
		r = -EINVAL;	/* a raw run holds no devices, FIFOs or sockets */
	return r ? fail(src, -r, failed) : 0;
}

int tree_copy(const char *src, const char *dst, const char **failed)
{
	return copy_dir(src, dst, failed);
}

/* nftw() passes no context: where removal stopped, and why. */
static int remove_errno;
static char remove_failed[PATH_MAX];

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (!remove(path))
		return 0;
	remove_errno = errno;
	snprintf(remove_failed, sizeof(remove_failed), "%s", path);
	return 1;
}

int tree_remove(const char *path, const char **failed)
{
	struct stat st;
	int r;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : fail(path, errno, failed);
	/* Depth first, links not followed: a link inside goes, what it names stays. */
	r = nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	if (r == 1)
		return fail(remove_failed, remove_errno, failed);
	if (r)
		return fail(path, errno, failed);
	return 0;
}
