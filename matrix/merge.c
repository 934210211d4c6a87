// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "fsutil.h"
#include "kv.h"
#include "merge.h"
#include "outfile.h"
#include "tree.h"
#include "util.h"

#define MERGE_MAX_BOOTS 64

static int is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int merge_start(const char *dir, char *err, size_t errlen)
{
	const char *failed = dir;
	char sub[PATH_MAX];
	int r;

	r = tree_remove(dir, &failed);
	if (r)
		return fail_msg(err, errlen, "cannot remove %s: %s", failed, strerror(-r));
	for (int i = 0; i < 2; i++) {
		snprintf(sub, sizeof(sub), "%s/%s", dir, i ? "boots" : "cells");
		r = mkdir_p(sub, &failed);
		if (r)
			return fail_msg(err, errlen, "cannot create %s: %s", failed, strerror(-r));
	}
	return 0;
}

/* Copies raw/name to dir/as; with `first`, only if dir/as is not there yet. */
static int take(const char *raw, const char *name, const char *dir, const char *as, int first,
		char *err, size_t errlen)
{
	char src[PATH_MAX], dst[PATH_MAX];
	int r;

	snprintf(src, sizeof(src), "%s/%s", raw, name);
	snprintf(dst, sizeof(dst), "%s/%s", dir, as);
	if (first && is_file(dst))
		return 0;
	r = file_copy(src, dst);
	if (r)
		return fail_msg(err, errlen, "cannot copy %s to %s: %s", src, dst, strerror(-r));
	return 0;
}

const char *cell_name_suffixed(const char *name, size_t len, const char *suffix, char *buf,
			       size_t size)
{
	static const char twin[] = "-untraced";
	size_t k = sizeof(twin) - 1;
	/* The analysis pairs X with X-untraced: the suffix goes before it. */
	int is_twin = len > k && !strncmp(name + len - k, twin, k);

	snprintf(buf, size, "%.*s%s%s", (int)(is_twin ? len - k : len), name, suffix,
		 is_twin ? twin : "");
	return buf;
}

/* Each cell of raw's cells/ into dir's, its name with the suffix. */
static int take_cells(const char *cells, const char *into, const char *suffix, char *err,
		      size_t errlen)
{
	const char *failed = cells;
	struct dirent *de;
	int r = 0;
	DIR *d;

	if (!*suffix) {
		r = tree_copy(cells, into, &failed);
		if (r)
			return fail_msg(err, errlen, "cannot copy %s into %s: %s (at %s)", cells, into,
				     strerror(-r), failed);
		return 0;
	}
	d = opendir(cells);
	if (!d)
		return fail_msg(err, errlen, "cannot open %s: %s", cells, strerror(errno));
	while (!r && (de = readdir(d))) {
		char src[PATH_MAX + 256], dst[PATH_MAX + 320], name[320];

		if (de->d_name[0] == '.')
			continue;
		snprintf(src, sizeof(src), "%s/%s", cells, de->d_name);
		snprintf(dst, sizeof(dst), "%s/%s", into,
			 cell_name_suffixed(de->d_name, strlen(de->d_name), suffix, name,
					    sizeof(name)));
		r = tree_copy(src, dst, &failed);
		if (r)
			r = fail_msg(err, errlen, "cannot copy %s to %s: %s (at %s)", src, dst,
				  strerror(-r), failed);
	}
	closedir(d);
	return r;
}

int merge_boot(const char *dir, const char *raw, const char *tag, const char *suffix, char *err,
	       size_t errlen)
{
	char cells[PATH_MAX], into[PATH_MAX], as[256];
	struct stat st;

	snprintf(cells, sizeof(cells), "%s/cells", raw);
	snprintf(into, sizeof(into), "%s/cells", dir);
	/* A boot that measured nothing (every cell skipped) may have no cells/. */
	if (!stat(cells, &st) && S_ISDIR(st.st_mode) &&
	    take_cells(cells, into, suffix ? suffix : "", err, errlen))
		return -1;
	snprintf(as, sizeof(as), "boots/%s.run.kv", tag);
	if (take(raw, "run.kv", dir, as, 0, err, errlen) ||
	    take(raw, "run.kv", dir, "run.kv", 1, err, errlen))
		return -1;
	snprintf(cells, sizeof(cells), "%s/console.log", raw);
	snprintf(as, sizeof(as), "boots/%s.console.log", tag);
	if (is_file(cells) && take(raw, "console.log", dir, as, 0, err, errlen))
		return -1;
	snprintf(cells, sizeof(cells), "%s/lab.kv", raw);
	if (!is_file(cells))
		return 0;
	snprintf(as, sizeof(as), "boots/%s.lab.kv", tag);
	if (take(raw, "lab.kv", dir, as, 0, err, errlen) ||
	    take(raw, "lab.kv", dir, "lab.kv", 1, err, errlen))
		return -1;
	return 0;
}

/* A sorted set of strings, as `sort -u` makes it. */
struct strset {
	char *v[MERGE_MAX_BOOTS];
	int n;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strset_add(struct strset *s, const char *v)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], v))
			return;
	if (s->n < MERGE_MAX_BOOTS)
		s->v[s->n++] = xstrdup(v);
	qsort(s->v, s->n, sizeof(s->v[0]), cmp_str);
}

static void strset_print(FILE *f, const char *key, const struct strset *s)
{
	fprintf(f, "%s=", key);
	for (int i = 0; i < s->n; i++)
		fprintf(f, "%s%s", i ? "," : "", s->v[i]);
	fputc('\n', f);
}

static void strset_free(struct strset *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i]);
	s->n = 0;
}

/* The run.kv keys that differ from boot to boot, merged as sets. */
static const char *const set_keys[] = {
	"host_gic", "hyp_mode", "uname_release", "kernel_flavour", "kernel_preempt",
};
#define NR_SET_KEYS ARRAY_SIZE(set_keys)

/* Each boot's kernel and QEMU, as boot_TAG_kernel and boot_TAG_qemu lines. */
static void print_boot(FILE *f, const char *boots, const char *tag)
{
	char path[PATH_MAX * 2 + 16];
	const char *v[3];
	struct kv kv;

	snprintf(path, sizeof(path), "%s/%s.run.kv", boots, tag);
	if (kv_load(&kv, path))
		return;
	v[0] = kv_get(&kv, "uname_release");
	v[1] = kv_get(&kv, "kernel_flavour");
	v[2] = kv_get(&kv, "kernel_preempt");
	fprintf(f, "boot_%s_kernel=%s %s %s\n", tag, v[0] ? v[0] : "unknown",
		v[1] && *v[1] ? v[1] : "-", v[2] ? v[2] : "unknown");
	kv_free(&kv);
	snprintf(path, sizeof(path), "%s/%s.lab.kv", boots, tag);
	if (!is_file(path) || kv_load(&kv, path))
		return;
	if (kv_get(&kv, "qemu_version"))
		fprintf(f, "boot_%s_qemu=%s\n", tag, kv_get(&kv, "qemu_version"));
	kv_free(&kv);
}

/* Every boot's tag and set_keys, from dir/boots/ *.run.kv. */
static int collect_boots(const char *dir, struct strset *tags, struct strset *sets, char *err,
			 size_t errlen)
{
	static const char suffix[] = ".run.kv";
	char boots[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int r = 0;

	snprintf(boots, sizeof(boots), "%s/boots", dir);
	d = opendir(boots);
	if (!d)
		return fail_msg(err, errlen, "cannot open %s: %s", boots, strerror(errno));
	while (!r && (de = readdir(d))) {
		size_t n = strlen(de->d_name), k = sizeof(suffix) - 1;
		char path[PATH_MAX + 256], tag[256];
		const char *v;
		struct kv kv;

		if (n <= k || strcmp(de->d_name + n - k, suffix))
			continue;
		snprintf(path, sizeof(path), "%s/%s", boots, de->d_name);
		if (kv_load(&kv, path)) {
			r = fail_msg(err, errlen, "%s", diag_last());
			continue;
		}
		snprintf(tag, sizeof(tag), "%.*s", (int)(n - k), de->d_name);
		strset_add(tags, tag);
		for (size_t i = 0; i < NR_SET_KEYS; i++)
			if ((v = kv_get(&kv, set_keys[i])))
				strset_add(&sets[i], v);
		kv_free(&kv);
	}
	closedir(d);
	return r;
}

/* The keys the matrix's run.kv says of itself rather than of the first boot. */
static int is_matrix_key(const char *key)
{
	static const char *const keys[] = {
		"command", "start_utc", "end_utc", "interrupted", "exit_code",
		"run_id", "matrix_host", "matrix_uname",
	};

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(key, keys[i]))
			return 1;
	for (size_t i = 0; i < NR_SET_KEYS; i++)
		if (!strcmp(key, set_keys[i]))
			return 1;
	return !strncmp(key, "boot_", 5);
}

/* A value on one line: a newline in it would start a key of its own. */
static void print_value(FILE *f, const char *key, const char *v)
{
	fprintf(f, "%s=", key);
	for (; *v; v++)
		fputc(*v == '\n' ? ' ' : *v, f);
	fputc('\n', f);
}

int merge_finish(const char *dir, const struct merge_stamp *st, char *err, size_t errlen)
{
	struct strset sets[NR_SET_KEYS], tags = { .n = 0 };
	char path[PATH_MAX];
	struct outfile o;
	struct kv base;
	int r = -1;

	memset(sets, 0, sizeof(sets));
	snprintf(path, sizeof(path), "%s/run.kv", dir);
	if (kv_load(&base, path))
		return fail_msg(err, errlen, "%s", diag_last());
	if (collect_boots(dir, &tags, sets, err, errlen))
		goto out;
	if (outfile_open(&o, dir, "run.kv")) {
		fail_msg(err, errlen, "%s", diag_last());
		goto out;
	}
	for (size_t i = 0; i < base.n; i++)
		if (!is_matrix_key(base.e[i].key))
			print_value(o.f, base.e[i].key, base.e[i].value);
	print_value(o.f, "command", st->command);
	print_value(o.f, "start_utc", st->start_utc);
	print_value(o.f, "end_utc", st->end_utc);
	for (size_t i = 0; i < NR_SET_KEYS; i++)
		if (sets[i].n)
			strset_print(o.f, set_keys[i], &sets[i]);
	snprintf(path, sizeof(path), "%s/boots", dir);
	for (int i = 0; i < tags.n; i++)
		print_boot(o.f, path, tags.v[i]);
	fprintf(o.f, "interrupted=%d\nexit_code=%d\n", st->interrupted, st->exit_code);
	if (st->run_id)
		print_value(o.f, "run_id", st->run_id);
	if (st->host)
		print_value(o.f, "matrix_host", st->host);
	if (st->uname)
		print_value(o.f, "matrix_uname", st->uname);
	if (outfile_commit(&o)) {
		fail_msg(err, errlen, "%s", diag_last());
		goto out;
	}
	r = 0;
out:
	for (size_t i = 0; i < NR_SET_KEYS; i++)
		strset_free(&sets[i]);
	strset_free(&tags);
	kv_free(&base);
	return r;
}
