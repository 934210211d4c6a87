// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fsutil.h"
#include "fz.h"

static char root[256];

static int rm_one(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
	remove(p);
	return 0;
}

/* The scratch tree is ours alone; nothing else lives under it. */
static void cleanup(void)
{
	if (root[0])
		nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A run that crashed or was killed skips atexit(): its scratch tree goes now. */
static void remove_stale(const char *base)
{
	struct dirent *d;
	DIR *dh = opendir(base);

	while (dh && (d = readdir(dh))) {
		char p[512], *end;
		long pid;

		if (strncmp(d->d_name, "vqb-fuzz-", 9))
			continue;
		pid = strtol(d->d_name + 9, &end, 10);
		if (*end != '-' || pid <= 0 || !(kill((pid_t)pid, 0) && errno == ESRCH))
			continue;
		snprintf(p, sizeof(p), "%s/%s", base, d->d_name);
		nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	}
	if (dh)
		closedir(dh);
}

void fz_init(void)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";

	if (root[0])
		return;
	remove_stale(base);
	snprintf(root, sizeof(root), "%s/vqb-fuzz-%ld-XXXXXX", base, (long)getpid());
	if (!mkdtemp(root)) {
		perror("fz: mkdtemp");
		abort();
	}
	atexit(cleanup);
	setenv("VIRQBENCH_THREADS", "0", 1);
	setenv("VIRQBENCH_GNUPLOT", "/nonexistent/gnuplot", 1);
	diag_set_warn_stream(NULL);
}

const char *fz_dir(void)
{
	return root;
}

const char *fz_path(int slot, const char *name)
{
	static char buf[4][512];

	snprintf(buf[slot & 3], sizeof(buf[0]), "%s/%s", root, name);
	return buf[slot & 3];
}

const char *fz_mkdir(int slot, const char *name)
{
	const char *p = fz_path(slot, name);

	if (mkdir_p(p, NULL)) {
		fprintf(stderr, "fz: mkdir %s: %s\n", p, strerror(errno));
		abort();
	}
	return p;
}

void fz_write(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f)) {
		fprintf(stderr, "fz: write %s: %s\n", path, strerror(errno));
		abort();
	}
}

size_t fz_split(const uint8_t *data, size_t size, struct fz_part *part, size_t max)
{
	const char *p = (const char *)data, *end = p + size;
	size_t n = 0, sl = strlen(FZ_SEP);

	while (n < max) {
		const char *s = memmem(p, end - p, FZ_SEP, sl);

		/* The last part takes the rest, separators and all. */
		if (!s || n == max - 1) {
			part[n].p = p;
			part[n++].n = end - p;
			break;
		}
		part[n].p = p;
		part[n++].n = s - p + 1;	/* keep the part's last newline */
		p = s + sl;
	}
	return n;
}

char *fz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
