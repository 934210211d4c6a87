// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fsutil.h"

int mkdir_p(const char *path, const char **failed)
{
	static char buf[4096];
	size_t n = strlen(path);

	if (failed)
		*failed = path;
	if (!n)
		return -ENOENT;
	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, path, n + 1);
	for (char *p = buf + 1; ; p++) {
		char c = *p;

		if (c && c != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) && errno != EEXIST) {
			int e = errno;

			if (failed)
				*failed = buf;
			return -e;
		}
		if (!c)
			break;
		*p = c;
	}
	/* mkdir's EEXIST says nothing of what exists. */
	struct stat st;

	if (stat(buf, &st))
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}
