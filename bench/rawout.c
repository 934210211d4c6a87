// SPDX-License-Identifier: GPL-2.0
#include <errno.h>

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

FILE *tsv_create(const char *path, const char *header)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		diag_say_errno("cannot create %s", path);
		return NULL;
	}
	/* Line-buffered: each row reaches the file as soon as it is complete. */
	setvbuf(f, NULL, _IOLBF, 0);
	fprintf(f, "%s\n", header);
	return f;
}
