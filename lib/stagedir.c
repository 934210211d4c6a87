// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "stagedir.h"
#include "util.h"

bool stagedir_name(const char *name)
{
	return !strncmp(name, STAGEDIR_PREFIX, strlen(STAGEDIR_PREFIX));
}

/* A flat directory of files and the directory itself. */
static void remove_flat(const char *path)
{
	struct dirent *d;
	DIR *dir = opendir(path);

	if (!dir)
		return;
	while ((d = readdir(dir))) {
		char *p;

		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", path, d->d_name);
		unlink(p);
		free(p);
	}
	closedir(dir);
	rmdir(path);
}

/* What a killed run left: .stage.<tag>.<pid> of a pid that is gone, or ours. */
static void remove_leftovers(const char *dir, const char *tag)
{
	char *prefix = xasprintf(STAGEDIR_PREFIX "%s.", tag);
	size_t pl = strlen(prefix);
	struct dirent *d;
	DIR *dh = opendir(dir);

	while (dh && (d = readdir(dh))) {
		char *end, *p;
		long pid;

		if (strncmp(d->d_name, prefix, pl))
			continue;
		pid = strtol(d->d_name + pl, &end, 10);
		if (*end || pid <= 0 ||
		    (pid != (long)getpid() && !(kill((pid_t)pid, 0) && errno == ESRCH)))
			continue;
		p = xasprintf("%s/%s", dir, d->d_name);
		remove_flat(p);
		free(p);
	}
	if (dh)
		closedir(dh);
	free(prefix);
}

int stagedir_open(struct stagedir *sd, const char *dir, const char *tag)
{
	sd->dir = xstrdup(dir);
	sd->path = xasprintf("%s/" STAGEDIR_PREFIX "%s.%ld", dir, tag, (long)getpid());
	remove_leftovers(dir, tag);
	if (mkdir(sd->path, 0777)) {
		int r = diag_error(sd->path, 0, "cannot create the staging directory: %s",
				   strerror(errno));

		free(sd->path);
		free(sd->dir);
		memset(sd, 0, sizeof(*sd));
		return r;
	}
	return 0;
}

static bool listed(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

static bool dropped(const char *name, const char *const *drop,
		    const char *const *drop_prefix)
{
	for (; drop && *drop; drop++)
		if (!strcmp(name, *drop))
			return true;
	for (; drop_prefix && *drop_prefix; drop_prefix++)
		if (!strncmp(name, *drop_prefix, strlen(*drop_prefix)))
			return true;
	return false;
}

int stagedir_commit(struct stagedir *sd, const char *const *drop,
		    const char *const *drop_prefix)
{
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *d;
	DIR *dir;
	int r = 0;

	dir = opendir(sd->path);
	if (!dir)
		return diag_error(sd->path, 0, "cannot open the staging directory: %s",
				  strerror(errno));
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		names = grow_array(names, &cap, n + 1, sizeof(*names));
		names[n++] = xstrdup(d->d_name);
	}
	closedir(dir);
	for (i = 0; i < n && !r; i++) {
		char *from = xasprintf("%s/%s", sd->path, names[i]);
		char *to = xasprintf("%s/%s", sd->dir, names[i]);

		if (rename(from, to))
			r = diag_error(to, 0, "cannot rename %s into place: %s (%zu of %zu new files are in place)",
				       from, strerror(errno), i, n);
		free(from);
		free(to);
	}
	/* What an earlier run made and this one did not would describe that run. */
	dir = r ? NULL : opendir(sd->dir);
	while (dir && (d = readdir(dir))) {
		char *p;

		if (!dropped(d->d_name, drop, drop_prefix) || listed(names, n, d->d_name))
			continue;
		p = xasprintf("%s/%s", sd->dir, d->d_name);
		if (unlink(p) && errno != ENOENT && !r)
			r = diag_error(p, 0, "cannot remove the previous run's file: %s",
				       strerror(errno));
		free(p);
	}
	if (dir)
		closedir(dir);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	stagedir_abort(sd);
	return r;
}

void stagedir_abort(struct stagedir *sd)
{
	if (sd->path)
		remove_flat(sd->path);
	free(sd->path);
	free(sd->dir);
	memset(sd, 0, sizeof(*sd));
}
