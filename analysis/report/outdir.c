// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "jread.h"
#include "outdir.h"
#include "util.h"

static char *real_dir(const char *p)
{
	char buf[PATH_MAX];

	return realpath(p, buf) ? xstrdup(buf) : NULL;
}

static bool inside(const char *p, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(p, dir, n) && (p[n] == '\0' || p[n] == '/' || !strcmp(dir, "/"));
}

static bool has_file(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

/* Where out is or would be: its real path, or its parent's and its name. NULL with diag_error(). */
static char *where(const char *out)
{
	char *ro = real_dir(out), *t, *slash, *parent, *base;
	size_t n;

	if (ro)
		return ro;
	t = xstrdup(out);
	n = strlen(t);
	while (n > 1 && t[n - 1] == '/')
		t[--n] = '\0';
	slash = strrchr(t, '/');
	if (slash == t)
		parent = xstrdup("/");
	else if (slash)
		parent = xasprintf("%.*s", (int)(slash - t), t);
	else
		parent = xstrdup(".");
	base = slash ? slash + 1 : t;
	ro = real_dir(parent);
	if (!ro) {
		diag_error(out, 0, "cannot create: %s does not exist (expected a new or empty OUTDIR)", parent);
	} else {
		char *p = xasprintf("%s/%s", ro, base);

		free(ro);
		ro = p;
	}
	free(parent);
	free(t);
	return ro;
}

int outdir_check(const char *out, const char *tool, const char *const *dirs, size_t n)
{
	char *ro = where(out);
	size_t i;
	int ret = 0;

	if (!ro)
		return -1;
	for (i = 0; i < n && !ret; i++) {
		char *rd = real_dir(dirs[i]);

		if (rd && inside(ro, rd))
			ret = diag_error(out, 0, "is in %s: %s writes nothing into the runs it reads (expected an OUTDIR elsewhere)",
					 dirs[i], tool);
		free(rd);
	}
	free(ro);
	return ret;
}

int outdir_prepare(const char *out, const char *tool)
{
	char *marker = xasprintf("%s.json", tool), *gen = xasprintf("virqbench-%s", tool);
	struct stat st;
	struct dirent *d;
	DIR *dh;
	bool empty = true;
	int ret = -1;

	if (stat(out, &st)) {
		if (errno != ENOENT)
			diag_error(out, 0, "cannot stat: %s", strerror(errno));
		else if (mkdir(out, 0777))
			diag_error(out, 0, "cannot create: %s", strerror(errno));
		else
			ret = 0;
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_error(out, 0, "exists and is not a directory (expected a new or empty OUTDIR, or an earlier %s's)", tool);
		goto out;
	}
	if (has_file(out, marker)) {
		char *p = xasprintf("%s/%s", out, marker);
		struct jval *j = jr_load(p);
		const char *g = j ? jr_gets(j, "generator") : NULL;
		bool ours = g && !strcmp(g, gen);

		jr_free(j);
		free(p);
		if (ours) {
			ret = 0;
			goto out;
		}
	}
	dh = opendir(out);
	if (!dh) {
		diag_error(out, 0, "cannot open: %s", strerror(errno));
		goto out;
	}
	while ((d = readdir(dh)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			empty = false;
	closedir(dh);
	if (!empty)
		diag_error(out, 0, "not empty and not an earlier %s's (no %s by %s): refusing to write there (expected a new or empty OUTDIR)",
			   tool, marker, gen);
	else
		ret = 0;
out:
	free(marker);
	free(gen);
	return ret;
}
