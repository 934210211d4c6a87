// SPDX-License-Identifier: GPL-2.0
/* rawout.c and lib/diag.c's diag_say*: the raw run's files, and what bench/ says when they fail. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt.h"
#include "kv.h"
#include "rawout.h"
#include "rowfile.h"
#include "diag.h"
#include "util.h"

static void kv_files(void)
{
	char *dir = t_dir("raw"), *path = t_path("raw/run.kv"), *err;
	struct kv_out o;
	struct kv kv = { 0 };

	kvo_init(&o);
	kvo_set(&o, "format", "1");
	kvo_set(&o, "command", "%s", "virqbench run --path=lr-line");
	CHECK_INT(write_kv(&o, path), 0);
	CHECK_INT(kv_load(&kv, path), 0);
	CHECK_STR(kv_get(&kv, "command"), "virqbench run --path=lr-line");
	kv_free(&kv);

	/* a refused key is reported with bench/'s prefix; the file is there */
	kvo_set(&o, "format", "2");
	stderr_capture();
	CHECK_INT(write_kv(&o, path), -EINVAL);
	err = stderr_captured();
	CHECK_HAS(err, "virqbench: ");
	CHECK_HAS(err, "run.kv: key 'format' refused (set twice");
	CHECK_INT(t_count_lines(err), 1);
	free(err);
	kvo_free(&o);
	free(path);

	path = xasprintf("%s/nodir/cell.kv", dir);
	stderr_capture();
	CHECK(write_kv(&o, path) < 0);
	err = stderr_captured();
	CHECK_HAS(err, "cannot create: No such file or directory");
	free(err);
	free(path);
	free(dir);
}

static void dirs_and_rows(void)
{
	char *deep = t_path("raw/a/b/c"), *file = t_path("raw/a/b/c/f"), *err;
	struct rowfile f, none;
	char *text;

	CHECK_INT(make_dir(deep), 0);
	CHECK_INT(make_dir(deep), 0);	/* there already: fine */
	CHECK_INT(rowfile_create(&f, file, "# seq\tt_inject"), 0);
	CHECK_INT(rowfile_printf(&f, "1\t100\n"), 0);
	/* a row is in the file before the file is closed */
	text = t_read("/", file);
	CHECK_STR(text, "# seq\tt_inject\n1\t100\n");
	free(text);
	CHECK_INT(rowfile_close(&f), 0);
	/* a file where a directory must go */
	stderr_capture();
	CHECK_INT(make_dir(t_path("raw/a/b/c/f/g")), -ENOTDIR);
	CHECK_INT(rowfile_create(&none, t_path("raw/none/x.tsv"), "#"), -ENOENT);
	err = stderr_captured();
	CHECK_HAS(err, "virqbench: cannot create directory ");
	CHECK_HAS(err, "raw/a/b/c/f/g: Not a directory\n");
	CHECK_HAS(err, "raw/none/x.tsv: No such file or directory\n");
	free(err);
	free(deep);
	free(file);
}

static void reporting(void)
{
	char *err;

	stderr_capture();
	errno = ENOENT;
	CHECK_INT(diag_say_errno("cannot open %s", "/dev/kvm"), -ENOENT);
	errno = 0;	/* no errno to tell: still an error */
	CHECK_INT(diag_say_errno("short read"), -EIO);
	diag_say("plain %d", 1);
	diag_info("progress");
	diag_quiet = 1;
	diag_info("hidden");
	diag_quiet = 0;
	err = stderr_captured();
	CHECK_STR(err, "virqbench: cannot open /dev/kvm: No such file or directory\n"
		  "virqbench: short read: Input/output error\n"
		  "virqbench: plain 1\n"
		  "progress\n");
	free(err);
}

void test_rawout(void)
{
	kv_files();
	dirs_and_rows();
	reporting();
}
