// SPDX-License-Identifier: GPL-2.0
/*
 * The matrix's file work and children, on paths with a quote and a space
 * in them, as a user's --build or --results may have.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "argv.h"
#include "boot.h"
#include "check.h"
#include "child.h"
#include "merge.h"
#include "progress.h"
#include "tests.h"
#include "tree.h"
#include "util.h"
#include "virqbench/exit_codes.h"

/* The children and verdicts below print what they would tell a user: not here. */
static int saved_stderr = -1;

static void quiet_stderr(void)
{
	int fd = open("/dev/null", O_WRONLY);

	fflush(stderr);
	saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

static void restore_stderr(void)
{
	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
}

static void test_tree(void)
{
	char *src = t_dir(ODD_NAME "/src tree"), *dst = t_path(ODD_NAME "/dst 'x'"), *p;
	const char *failed = NULL;
	struct stat st;

	t_write(src, "a.kv", "k=v\n");
	t_write(src, "cells/v3 cell/samples.tsv", "# seq\n1\n");
	p = xasprintf("%s/a.kv", src);
	chmod(p, 0640);
	free(p);
	p = xasprintf("%s/link", src);
	CHECK(!symlink("a.kv", p));
	free(p);
	CHECK_INT(tree_copy(src, dst, &failed), 0);
	p = t_read(dst, "cells/v3 cell/samples.tsv");
	CHECK_STR(p, "# seq\n1\n");
	free(p);
	p = xasprintf("%s/a.kv", dst);
	CHECK(!stat(p, &st) && (st.st_mode & 07777) == 0640);
	free(p);
	p = xasprintf("%s/link", dst);
	CHECK(!lstat(p, &st) && S_ISLNK(st.st_mode));
	free(p);
	/* Into a tree that has files already: merged, as cp -a src/. dst/ does. */
	t_write(src, "b.kv", "b=1\n");
	CHECK_INT(tree_copy(src, dst, &failed), 0);
	CHECK(t_exists(dst, "b.kv") && t_exists(dst, "a.kv"));
	p = xasprintf("%s/missing", src);
	CHECK(tree_copy(p, dst, &failed) < 0 && failed && strstr(failed, "missing"));
	free(p);

	CHECK_INT(tree_remove(dst, &failed), 0);
	CHECK(access(dst, F_OK) && !access(src, F_OK));
	CHECK_INT(tree_remove(dst, &failed), 0);	/* absent: nothing to do */
	free(src);
	free(dst);
}

/* A boot's raw run as bench/ and lab/run.sh leave it. */
static char *fake_raw(const char *name, const char *gic, const char *hyp, int lab)
{
	char *raw = t_dir(name), *cell = xasprintf("cells/%s-%s-lr-line-busy/cell.kv", gic, hyp);
	char *kv = xasprintf("format=1\ncommand=virqbench run\nhost_gic=%s\nhyp_mode=%s\n"
				  "cpus=2\nstart_utc=A\nend_utc=B\ninterrupted=0\nexit_code=0\n",
				  gic, hyp);

	t_write(raw, "run.kv", kv);
	t_write(raw, cell, "status=ok\n");
	if (lab)
		t_write(raw, "lab.kv", "qemu_version=7.2\n");
	free(cell);
	free(kv);
	return raw;
}

static void test_merge(void)
{
	char *merged = t_path(ODD_NAME "/raw/it's id"), *r1, *r2, *s, err[1024] = "";
	struct merge_stamp st = {
		.command = "virqbench-matrix --build 'it'\\''s a dir' x.spec",
		.start_utc = "S", .end_utc = "E", .interrupted = 1, .exit_code = 130,
	};

	r1 = fake_raw(ODD_NAME "/boot v3", "v3", "vhe", 1);
	r2 = fake_raw(ODD_NAME "/boot v2", "v2", "nvhe", 0);
	t_write(merged, "stale/old.tsv", "from a previous attempt\n");
	CHECKF(!merge_start(merged, err, sizeof(err)), "merge_start: %s", err);
	CHECK(!t_exists(merged, "stale") && t_exists(merged, "cells") && t_exists(merged, "boots"));
	CHECKF(!merge_boot(merged, r1, "v3-vhe", "", err, sizeof(err)), "boot 1: %s", err);
	CHECKF(!merge_boot(merged, r2, "v2-nvhe", "", err, sizeof(err)), "boot 2: %s", err);
	CHECK(t_exists(merged, "cells/v3-vhe-lr-line-busy/cell.kv") &&
	      t_exists(merged, "cells/v2-nvhe-lr-line-busy/cell.kv"));
	CHECK(t_exists(merged, "boots/v3-vhe.run.kv") && t_exists(merged, "boots/v2-nvhe.run.kv"));
	CHECK(t_exists(merged, "boots/v3-vhe.lab.kv") && !t_exists(merged, "boots/v2-nvhe.lab.kv"));
	CHECK(t_exists(merged, "lab.kv"));
	CHECKF(!merge_finish(merged, &st, err, sizeof(err)), "merge_finish: %s", err);
	s = t_read(merged, "run.kv");
	/* The first boot's other keys in their order, then the matrix's own. */
	CHECK_STR(s, "format=1\ncpus=2\n"
		     "command=virqbench-matrix --build 'it'\\''s a dir' x.spec\n"
		     "start_utc=S\nend_utc=E\nhost_gic=v2,v3\nhyp_mode=nvhe,vhe\n"
		     "boot_v2-nvhe_kernel=unknown - unknown\n"
		     "boot_v3-vhe_kernel=unknown - unknown\nboot_v3-vhe_qemu=7.2\n"
		     "interrupted=1\nexit_code=130\n");
	free(s);
	s = t_checksums(merged);
	CHECK_LACKS(s, ".tmp");
	free(s);

	/* A boot without run.kv is refused, and says which file. */
	t_write(r2, "cells/x/cell.kv", "status=ok\n");
	s = xasprintf("%s/run.kv", r2);
	unlink(s);
	free(s);
	CHECK(merge_boot(merged, r2, "v2-nvhe", "", err, sizeof(err)) == -1 && strstr(err, "run.kv"));
	free(r1);
	free(r2);
	free(merged);
}

static void test_argv(void)
{
	char *const args[] = { "virqbench-matrix", "--results", "it's a dir", "", "x.spec" };
	struct argv_buf a = { .n = 0 };
	char buf[256];
	struct spec s;

	argv_quote(5, args, buf, sizeof(buf));
	CHECK_STR(buf, "virqbench-matrix --results 'it'\\''s a dir' '' x.spec");
	argv_quote(5, args, buf, 12);
	CHECK(strlen(buf) == 11);
	spec_defaults(&s);
	s.bpf_stats = 1;
	argv_run_args(&a, &s);
	CHECK(a.n > 4 && !strcmp(a.v[0], "run") && !strcmp(a.v[1], "--path") &&
	      !strcmp(a.v[2], "lr-line") && a.v[a.n] == NULL);
	CHECKF(!strcmp(a.v[a.n - 3], "--bpf-stats"), "bpf-stats before --rounds: %s", a.v[a.n - 3]);
	/* vcpu_cpu and injector_cpu auto (the default) leave the placement to bench/. */
	for (int i = 0; i < a.n; i++)
		CHECKF(strcmp(a.v[i], "--vcpu-cpu") && strcmp(a.v[i], "--injector-cpu") &&
		       strcmp(a.v[i], "--numa"), "auto passes no CPU: %s", a.v[i]);
	argv_free(&a);
	{
		static const char numa[] = "numa all\nvcpu_cpu 3\ninjector_cpu auto\n";
		char err[256] = "";
		FILE *f = fmemopen((void *)numa, sizeof(numa) - 1, "r");
		int seen = 0;

		spec_defaults(&s);
		CHECKF(!spec_parse(f, "numa.spec", &s, err, sizeof(err)), "%s", err);
		fclose(f);
		CHECK(s.nnumas == 2 && s.vcpu_cpu == 3 && s.injector_cpu == SPEC_CPU_AUTO);
		argv_run_args(&a, &s);
		for (int i = 0; i + 1 < a.n; i++) {
			seen += !strcmp(a.v[i], "--numa") && !strcmp(a.v[i + 1], "same,cross");
			seen += !strcmp(a.v[i], "--vcpu-cpu") && !strcmp(a.v[i + 1], "3");
			CHECK(strcmp(a.v[i], "--injector-cpu"));
		}
		CHECK_INT(seen, 2);
		argv_free(&a);
	}
}

static void test_child(void)
{
	char *dir = t_dir(ODD_NAME "/bin 'q'"), *prog = xasprintf("%s/echo args", dir);
	char *errp = xasprintf("%s/err log", dir), *s, out[256];
	char *argv[] = { prog, "it's", "a b", NULL };
	char *missing[] = { "/nonexistent/prog", NULL };
	struct progress pr;

	t_write(dir, "echo args",
		"#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/args\"\n"
		"echo first line; echo second; echo oops >&2\nexit 3\n");
	chmod(prog, 0755);
	CHECK_INT(child_run(argv, "/dev/null"), 3);
	s = t_read(dir, "args");
	CHECK_STR(s, "it's\na b\n");	/* each argument whole, quote and space kept */
	free(s);
	CHECK_INT(child_run(missing, "/dev/null"), EXIT_EXEC);
	progress_init(&pr, 1, 0);
	CHECK_INT(child_run_boot(argv, errp, out, sizeof(out), &pr), 3);
	CHECK_STR(out, "first line");
	s = t_read(dir, "err log");
	CHECK_STR(s, "oops\n");
	free(s);
	free(prog);
	free(errp);
	free(dir);
}

static void test_judge(void)
{
	static struct matrix m;
	char *raw = fake_raw(ODD_NAME "/judge raw", "v3", "vhe", 0);
	struct boot b;

	memset(&m, 0, sizeof(m));
	m.build = ODD_NAME;
	m.id = "id";
	spec_defaults(&m.spec);
	boot_plan(&b, &m, 0);
	CHECK_STR(b.tag, "v3-vhe");
	CHECK_STR(b.work, ODD_NAME "/lab/id-v3-vhe");
	CHECK_STR(b.errlog, ODD_NAME "/lab/id-v3-vhe.err");
	b.rc = EXIT_LAB;
	CHECK(!boot_judge(&b, &m) && m.lab_fail && m.any_fail);
	memset(&m, 0, sizeof(m));
	b.rc = EXIT_MEASURE;	/* virqbench failed before writing anything */
	CHECK(!boot_judge(&b, &m) && !m.lab_fail && m.any_fail);
	snprintf(b.raw, sizeof(b.raw), "%s", raw);
	memset(&m, 0, sizeof(m));
	b.rc = EXIT_OK;
	CHECK(boot_judge(&b, &m) && !m.any_fail);
	b.rc = EXIT_LAB_UNFINISHED;	/* the finished cells are kept; the run failed */
	CHECK(boot_judge(&b, &m) && m.any_fail && !m.lab_fail);
	memset(&m, 0, sizeof(m));
	b.rc = EXIT_INTERRUPTED;
	CHECK(boot_judge(&b, &m) && !m.any_fail);
	b.rc = EXIT_USAGE;
	CHECK(!boot_judge(&b, &m) && m.any_fail);
	free(raw);
}

/* Two kernels, one GIC and hyp mode: the suffix keeps their cells apart. */
static void test_merge_kernels(void)
{
	char *merged = t_path("kernels/raw"), *r1, *r2, *s, err[1024] = "";
	struct merge_stamp st = { .command = "m", .start_utc = "S", .end_utc = "E" };

	r1 = fake_raw("kernels/boot 6.1", "v3", "vhe", 1);
	r2 = fake_raw("kernels/boot 6.12", "v3", "vhe", 1);
	t_write(r1, "run.kv", "format=1\nhost_gic=v3\nhyp_mode=vhe\nuname_release=6.1.0-57-arm64\n"
		"kernel_flavour=arm64\nkernel_preempt=voluntary\n");
	t_write(r2, "run.kv", "format=1\nhost_gic=v3\nhyp_mode=vhe\n"
		"uname_release=6.12.95+deb12-rt-arm64\nkernel_flavour=rt-arm64\nkernel_preempt=rt\n");
	t_write(r2, "lab.kv", "qemu_version=QEMU emulator version 10.0.2\n");
	t_write(r2, "cells/v3-vhe-lr-line-busy-untraced/cell.kv", "status=ok\n");
	CHECKF(!merge_start(merged, err, sizeof(err)), "merge_start: %s", err);
	CHECKF(!merge_boot(merged, r1, "v3-vhe-k6.1", "-k6.1", err, sizeof(err)), "1: %s", err);
	CHECKF(!merge_boot(merged, r2, "v3-vhe-k6.12-rt", "-k6.12-rt", err, sizeof(err)), "2: %s", err);
	CHECK(t_exists(merged, "cells/v3-vhe-lr-line-busy-k6.1/cell.kv"));
	CHECK(t_exists(merged, "cells/v3-vhe-lr-line-busy-k6.12-rt/cell.kv"));
	/* the analysis pairs X with X-untraced: the suffix goes before it */
	CHECK(t_exists(merged, "cells/v3-vhe-lr-line-busy-k6.12-rt-untraced/cell.kv"));
	CHECK(!t_exists(merged, "cells/v3-vhe-lr-line-busy"));
	CHECKF(!merge_finish(merged, &st, err, sizeof(err)), "merge_finish: %s", err);
	s = t_read(merged, "run.kv");
	CHECK_HAS(s, "\nuname_release=6.1.0-57-arm64,6.12.95+deb12-rt-arm64\n");
	CHECK_HAS(s, "\nkernel_preempt=rt,voluntary\n");
	CHECK_HAS(s, "\nboot_v3-vhe-k6.1_kernel=6.1.0-57-arm64 arm64 voluntary\n"
		     "boot_v3-vhe-k6.1_qemu=7.2\n"
		     "boot_v3-vhe-k6.12-rt_kernel=6.12.95+deb12-rt-arm64 rt-arm64 rt\n"
		     "boot_v3-vhe-k6.12-rt_qemu=QEMU emulator version 10.0.2\n");
	free(s);
	free(r1);
	free(r2);
	free(merged);
}

void test_files(void)
{
	test_tree();
	test_merge();
	test_merge_kernels();
	test_argv();
	quiet_stderr();
	test_child();
	test_judge();
	restore_stderr();
}
