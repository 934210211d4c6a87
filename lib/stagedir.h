/* SPDX-License-Identifier: GPL-2.0 */
/*
 * All of a program's output at once, or none of it. The files are written
 * into a staging directory inside the output directory (same file system),
 * and only when everything has been written are they renamed into place,
 * one rename each. A failure before that removes the staging directory
 * and leaves the output directory exactly as it was: a re-analysis that
 * meets a malformed raw run no longer destroys the previous result.
 *
 * The window left is the commit itself: a rename that fails half-way
 * (another process removing the directory) leaves some new files beside
 * old ones, and says so.
 */
#ifndef VQB_STAGEDIR_H
#define VQB_STAGEDIR_H

#include <stdbool.h>
#include <stddef.h>

struct stagedir {
	char *dir;	/* the output directory */
	char *path;	/* dir/.stage.<tag>.<pid>: write here */
};

#define STAGEDIR_PREFIX ".stage."

/* 0, or -1 with a diag_error naming the directory. */
int stagedir_open(struct stagedir *sd, const char *dir, const char *tag);

/*
 * Renames every staged file into dir, then removes the files of dir that
 * an earlier run made and this one did not: the names in `drop`, and the
 * names starting with one of `drop_prefix` (both NULL-terminated, may be
 * NULL). 0, or -1 with a diag_error. The staging directory is gone after.
 */
int stagedir_commit(struct stagedir *sd, const char *const *drop,
		    const char *const *drop_prefix);

/* Removes the staging directory and what is in it; safe after commit. */
void stagedir_abort(struct stagedir *sd);

/* Whether a directory entry's name is a staging directory (ours or a crashed run's). */
bool stagedir_name(const char *name);

#endif /* VQB_STAGEDIR_H */
