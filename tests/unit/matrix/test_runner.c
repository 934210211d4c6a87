// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench-matrix end to end, without a lab: run from a directory whose
 * lab/run.sh is a fake that brings out a made-up raw run (or fails as a
 * lab that does not boot), with a --build whose virqbench-analyze is a
 * fake that records its arguments. Every path has a quote and a space.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "tests.h"
#include "util.h"
#include "virqbench/exit_codes.h"

static const char fake_lab[] =
	"#!/bin/sh\n"
	"# lab/run.sh's interface: options, --, virqbench's arguments.\n"
	"while [ $# -gt 0 ]; do\n"
	"	case $1 in\n"
	"	--work) work=$2; shift 2 ;;\n"
	"	--gic) gic=$2; shift 2 ;;\n"
	"	--hyp) hyp=$2; shift 2 ;;\n"
	"	--) shift; break ;;\n"
	"	*) shift 2 ;;\n"
	"	esac\n"
	"done\n"
	"mkdir -p \"$work\" && echo 'VQB-LAB: FAIL no /dev/kvm' > \"$work/console.log\"\n"
	"if [ \"${FAKE_LAB:-}\" = fail ]; then echo 'lab: no /dev/kvm' >&2; exit 90; fi\n"
	"raw=$work/out/raw cell=v$gic-$hyp-$3-busy\n"
	"mkdir -p \"$raw/cells/$cell\"\n"
	"echo status=ok > \"$raw/cells/$cell/cell.kv\"\n"
	"printf 'format=1\\nhost_gic=v%s\\nhyp_mode=%s\\nstart_utc=A\\n' \"$gic\" \"$hyp\" > \"$raw/run.kv\"\n"
	"echo qemu_version=fake > \"$raw/lab.kv\"\n"
	"echo \"$raw\"\n";

static const char fake_analyze[] =
	"#!/bin/sh\n"
	"printf '%s\\n' \"$@\" > \"$(dirname \"$0\")/analyze.args\"\n"
	"for a; do raw=$last; last=$a; done\n"
	"mkdir -p \"$last\" && cp \"$raw/run.kv\" \"$last/run.kv.seen\"\n";

/* Runs argv with stdout and stderr into files under dir; its exit status. */
static int run(char *const argv[], const char *dir, const char *tag)
{
	char *out = xasprintf("%s/%s.out", dir, tag), *err = xasprintf("%s/%s.err", dir, tag);
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(o, 1);
		dup2(e, 2);
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	free(out);
	free(err);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int native_host(void)
{
	struct utsname u;

	return !uname(&u) && !strcmp(u.machine, "aarch64") && !access("/dev/kvm", W_OK);
}

static void check_measured(char *exe, const char *top, const char *build, const char *results)
{
	char *argv[] = { exe, "-q", "--build", (char *)build, "--results", (char *)results,
			 "--id", "it's ok", "--cache", "c", "two.spec", NULL };
	char *res = xasprintf("%s/it's ok", results), *merged = xasprintf("%s/raw", res);
	/* The raw run is kept in its results; the lab's tolerance is lab.kv's. */
	char *want = xasprintf("-q\n--no-report\n--hist-bucket-us\n1\n%s.tmp/raw\n%s.tmp\n", res, res);
	char *s;

	CHECK_INT(run(argv, top, "ok"), EXIT_OK);
	s = t_read(build, "host/analyze.args");
	CHECK_STR(s, want);	/* each path one argument, as given */
	free(s);
	CHECK(t_exists(res, "run.kv.seen") && !t_exists(results, "it's ok.tmp"));
	s = t_read(res, "run.kv.seen");
	CHECK_HAS(s, "\nhost_gic=v2,v3\nhyp_mode=vhe\n");
	CHECK_HAS(s, "command=");
	/* Quoted as a shell reads it back: the matrix's own command, whole. */
	CHECK_HAS(s, "it'\\''s a dir/build '\\''b'\\''' --results ");
	CHECK_HAS(s, "exit_code=0\n");
	free(s);
	CHECK(t_exists(merged, "cells/v2-vhe-lr-line-busy/cell.kv") &&
	      t_exists(merged, "cells/v3-vhe-lr-line-busy/cell.kv"));
	s = t_read(top, "ok.out");
	CHECK_HAS(s, "report: ");
	CHECK_HAS(s, "it's ok/report.html\n");
	free(s);
	free(res);
	free(merged);
	free(want);
}

/* A lab that cannot run virqbench: its own status, its logs named, no analysis. */
static void check_lab_failure(char *exe, const char *top, const char *build, const char *results)
{
	char *argv[] = { exe, "-q", "--build", (char *)build, "--results", (char *)results,
			 "--id", "no lab", "two.spec", NULL };
	char *args = xasprintf("%s/host/analyze.args", build), *s;

	unlink(args);
	setenv("FAKE_LAB", "fail", 1);
	CHECK_INT(run(argv, top, "fail"), EXIT_LAB);
	unsetenv("FAKE_LAB");
	s = t_read(top, "fail.err");
	CHECK_HAS(s, "boot v2-vhe: the lab could not run virqbench (exit 90)");
	CHECK_HAS(s, "/lab/no lab-v2-vhe/console.log and ");
	CHECK_HAS(s, "/lab/no lab-v3-vhe.err");
	CHECK_HAS(s, "nothing was measured");
	CHECK_LACKS(s, "cannot stat");
	CHECK_LACKS(s, "run.kv");
	free(s);
	CHECK(access(args, F_OK) != 0);	/* nothing to analyse, so no analysis */
	CHECK(!t_exists(results, "no lab"));
	free(args);
}

void test_runner(const char *exe_arg)
{
	char *top = t_dir(ODD_NAME "/top"), *build = t_dir(ODD_NAME "/build 'b'");
	char *results = t_path(ODD_NAME "/results x"), *exe = realpath(exe_arg, NULL), *p;
	char cwd[PATH_MAX];

	if (native_host()) {
		printf("skip: test_runner fakes the lab, and this host would run natively\n");
		return;
	}
	CHECKF(exe != NULL, "%s: not built", exe_arg);
	if (!exe || !getcwd(cwd, sizeof(cwd)))
		return;
	t_write(top, "lab/run.sh", fake_lab);
	t_write(top, "two.spec", "gic 2 3\npath lr-line\nstate busy\ncount 10\n");
	t_write(build, "host/virqbench-analyze", fake_analyze);
	p = xasprintf("%s/host/virqbench-analyze", build);
	chmod(p, 0755);
	free(p);
	/* The matrix runs lab/run.sh from where it is started, as make bench does. */
	CHECK(!chdir(top));
	check_measured(exe, top, build, results);
	check_lab_failure(exe, top, build, results);
	CHECK(!chdir(cwd));
	free(exe);
	free(top);
	free(build);
	free(results);
}
