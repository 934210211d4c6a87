/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Directory trees, copied and removed in C: the matrix moves raw runs
 * whose paths come from the user (--build, --results), and a path is data
 * here, never text pasted into a shell command.
 */
#ifndef MATRIX_TREE_H
#define MATRIX_TREE_H

/*
 * Copies regular files, directories and symbolic links under src into dst
 * (made if missing, parents too), as `cp -a src/. dst/` does: modes and
 * modification times kept, files already in dst overwritten. 0, or -errno
 * with *failed (if not NULL) naming the path that failed, in a static
 * buffer.
 */
int tree_copy(const char *src, const char *dst, const char **failed);
/* Copies one regular file, mode and mtime kept; 0 or -errno. */
int file_copy(const char *src, const char *dst);
/* Removes path and everything under it, as `rm -rf`; absent is 0. 0 or -errno. */
int tree_remove(const char *path, const char **failed);

#endif
