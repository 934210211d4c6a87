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
#include <time.h>
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
	"# -j: when each boot starts and ends; the GICv2 boot is the slowest.\n"
	"if [ -n \"${FAKE_LAB_EVENTS:-}\" ]; then\n"
	"	echo \"start v$gic\" >> \"$FAKE_LAB_EVENTS\"\n"
	"	echo \"cell v$gic-$hyp-$3-busy: 10 interrupts\" >> \"$work/console.log\"\n"
	"	sleep 1; [ \"$gic\" = 2 ] && sleep 1\n"
	"	echo \"cell v$gic-$hyp-$3-busy: ok, 10 injected, 10 received\" >> \"$work/console.log\"\n"
	"	echo \"end v$gic\" >> \"$FAKE_LAB_EVENTS\"\n"
	"fi\n"
	"raw=$work/out/raw cell=v$gic-$hyp-$3-busy\n"
	"mkdir -p \"$raw/cells/$cell\"\n"
	"echo status=ok > \"$raw/cells/$cell/cell.kv\"\n"
	"printf 'format=1\\nhost_gic=v%s\\nhyp_mode=%s\\nstart_utc=A\\nfake_boot=v%s\\nplacement_warning=CPU 1 is not isolated\\n' \"$gic\" \"$hyp\" \"$gic\" > \"$raw/run.kv\"\n"
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
	/* bench/'s placement warning, said again where the run ends. */
	CHECK_HAS(s, "\nplacement warning: CPU 1 is not isolated\n");
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

/* run.kv without the lines that say when and by which command: what -j must not change. */
static char *run_kv_facts(const char *dir)
{
	char *s = t_read(dir, "run.kv"), *out = xstrdup(""), *save, *line;

	for (line = s ? strtok_r(s, "\n", &save) : NULL; line; line = strtok_r(NULL, "\n", &save)) {
		char *t;

		if (!strncmp(line, "command=", 8) || !strncmp(line, "start_utc=", 10) ||
		    !strncmp(line, "end_utc=", 8) || !strncmp(line, "run_id=", 7))
			continue;
		t = xasprintf("%s%s\n", out, line);
		free(out);
		out = t;
	}
	free(s);
	return out;
}

/* Three boots with -j N: the run's events, its merged raw run's fingerprint and facts. */
static int run_jobs(char *exe, const char *top, const char *build, const char *results,
		    const char *jobs, char **events, char **cells, char **facts, double *wall)
{
	char *id = xasprintf("jobs %s", jobs), *ev = xasprintf("%s/events %s", top, jobs);
	char *argv[] = { exe, "-q", "-j", (char *)jobs, "--build", (char *)build, "--results",
			 (char *)results, "--id", id, "three.spec", NULL };
	char *raw = xasprintf("%s/%s/raw", results, id), *c = xasprintf("%s/cells", raw);
	struct timespec t0, t1;
	int rc;

	unlink(ev);
	setenv("FAKE_LAB_EVENTS", ev, 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = run(argv, top, id);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	unsetenv("FAKE_LAB_EVENTS");
	*wall = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	*events = t_read("/", ev);
	*cells = xstrdup("");
	for (int g = 2; g <= 4; g++) {
		char *d = xasprintf("%s/v%d-vhe-lr-line-busy", c, g), *sum = t_checksums(d);
		char *t = xasprintf("%s%s:\n%s", *cells, d + strlen(c) + 1, sum);

		free(*cells);
		*cells = t;
		free(sum);
		free(d);
	}
	*facts = run_kv_facts(raw);
	free(id);
	free(ev);
	free(raw);
	free(c);
	return rc;
}

/*
 * -j 3 runs the three boots at once and -j 1 one after another, and both
 * merge the same raw run: the same cells, byte for byte, and the same
 * run.kv, the plan's first boot's (v2, which ends last under -j 3).
 */
static void check_jobs(char *exe, const char *top, const char *build, const char *results)
{
	char *ev1, *ev3, *cells1, *cells3, *facts1, *facts3, *s;
	double w1, w3;

	t_write(top, "three.spec", "gic 2 3 4\npath lr-line\nstate busy\ncount 10\n");
	CHECK_INT(run_jobs(exe, top, build, results, "1", &ev1, &cells1, &facts1, &w1), EXIT_OK);
	CHECK_INT(run_jobs(exe, top, build, results, "3", &ev3, &cells3, &facts3, &w3), EXIT_OK);
	CHECK_STR(ev1, "start v2\nend v2\nstart v3\nend v3\nstart v4\nend v4\n");
	/* All three start before any ends; v2 sleeps a second longer than the others. */
	CHECKF(ev3 && strlen(ev3) > 27 && !strncmp(ev3, "start ", 6) && !strncmp(ev3 + 9, "start ", 6) &&
	       !strncmp(ev3 + 18, "start ", 6) && strstr(ev3, "end v2\n") == ev3 + strlen(ev3) - 7,
	       "-j 3's events: %s", ev3);
	/* 4 s of sleep one after another, 2 s side by side: with room for a loaded machine. */
	CHECKF(w1 >= 4.0 && w3 < w1 - 1.0, "-j 1 takes the boots' sum (%.1f s), -j 3 the longest (%.1f s)",
	       w1, w3);
	CHECK_HAS(cells1, "v2-vhe-lr-line-busy:\ncell.kv 10 ");
	CHECK_HAS(cells1, "v4-vhe-lr-line-busy:\ncell.kv 10 ");
	CHECK_STR(cells3, cells1);
	CHECK_HAS(facts1, "fake_boot=v2\n");	/* the plan's first boot's run.kv */
	CHECK_HAS(facts1, "host_gic=v2,v3,v4\n");
	CHECK_STR(facts3, facts1);
	/* The per-cell table is in plan order too, whichever boot ended first. */
	s = t_read(top, "jobs 3.out");
	CHECKF(s && strstr(s, "v2-vhe-lr-line-busy") && strstr(s, "v3-vhe-lr-line-busy") &&
	       strstr(s, "v2-vhe-lr-line-busy") < strstr(s, "v3-vhe-lr-line-busy") &&
	       strstr(s, "v3-vhe-lr-line-busy") < strstr(s, "v4-vhe-lr-line-busy"),
	       "cells printed in plan order: %s", s);
	free(s);
	{
		char *argv[] = { exe, "-j", "0", "three.spec", NULL };

		CHECK_INT(run(argv, top, "bad-j"), EXIT_USAGE);
		s = t_read(top, "bad-j.err");
		CHECK_HAS(s, "-j/--jobs: '0' is not a whole number from 1 to 64");
		free(s);
	}
	free(ev1);
	free(ev3);
	free(cells1);
	free(cells3);
	free(facts1);
	free(facts3);
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
	check_jobs(exe, top, build, results);
	CHECK(!chdir(cwd));
	free(exe);
	free(top);
	free(build);
	free(results);
}
