/* SPDX-License-Identifier: GPL-2.0 */
/* Directories: made with their parents, as `mkdir -p` does. */
#ifndef VQB_FSUTIL_H
#define VQB_FSUTIL_H

/*
 * Creates path and any missing parents (mode 0777 less the umask).
 * 0, or -errno; on failure *failed (if not NULL) names the component
 * that could not be made, in a static buffer.
 */
int mkdir_p(const char *path, const char **failed);

#endif /* VQB_FSUTIL_H */
