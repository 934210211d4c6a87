// SPDX-License-Identifier: GPL-2.0
/*
 * gnuplot.c: which gnuplot, and what a user is told when it cannot run,
 * fails or hangs. Stand-ins in shell play gnuplot, so that every outcome
 * is provoked whether gnuplot is installed or not.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diag.h"
#include "gnuplot.h"
#include "test.h"
#include "util.h"

static void program(void)
{
	char *old = getenv("VIRQBENCH_GNUPLOT");

	old = old ? xstrdup(old) : NULL;
	unsetenv("VIRQBENCH_GNUPLOT");
	CHECK_STR(gnuplot_program(NULL), "gnuplot");
	CHECK_STR(gnuplot_program(""), "gnuplot");
	setenv("VIRQBENCH_GNUPLOT", "/opt/gp", 1);
	CHECK_STR(gnuplot_program(NULL), "/opt/gp");
	CHECK_STR(gnuplot_program("mine"), "mine");	/* an option beats the environment */
	setenv("VIRQBENCH_GNUPLOT", "", 1);
	CHECK_STR(gnuplot_program(NULL), "gnuplot");
	if (old)
		setenv("VIRQBENCH_GNUPLOT", old, 1);
	else
		unsetenv("VIRQBENCH_GNUPLOT");
	free(old);
}

static void quoting(void)
{
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	gnuplot_str(m, "it's a\nb");
	fputc(' ', m);
	gnuplot_str(m, "");
	fclose(m);
	CHECK_STR(s, "'it''s ab' ''");
	free(s);
}

static void runs(void)
{
	char *dir = t_dir("gnuplot"), *ok, *bad, *slow, *noexec;
	char *args[] = { "-e", "x=1", "plot.gp", NULL };
	struct gnuplot_run r = { .dir = dir, .args = args, .redo = "run: gnuplot plot.gp" };
	struct timespec t0, t1;
	char *text;

	/* runs in dir, with the arguments as given and stdin empty */
	ok = t_script(dir, "ok.sh", "#!/bin/sh\necho \"$@\" > made.txt\ncat >> made.txt\necho chatter\n");
	r.program = ok;
	CHECK_INT(gnuplot_run(&r), 0);
	text = t_read(dir, "made.txt");
	CHECK_STR(text, "-e x=1 plot.gp\n");
	free(text);

	/* fails: the status and gnuplot's last line, which names the problem */
	bad = t_script(dir, "bad.sh", "#!/bin/sh\necho 'plot.gp line 3:' >&2\necho '         undefined variable: foo' >&2\nexit 3\n");
	r.program = bad;
	CHECK_INT(gnuplot_run(&r), -1);
	CHECK_HAS(diag_last(), "failed (exit status 3) in ");
	CHECK_HAS(diag_last(), "; it said: undefined variable: foo");
	CHECK_LACKS(diag_last(), "line 3");

	/* a signal is not an exit status */
	r.program = t_script(dir, "sig.sh", "#!/bin/sh\nkill -9 $$\n");
	CHECK_INT(gnuplot_run(&r), -1);
	CHECK_HAS(diag_last(), "failed (signal 9)");
	free((char *)r.program);

	/* hangs: killed at the timeout, not waited for */
	slow = t_script(dir, "slow.sh", "#!/bin/sh\nexec sleep 30\n");
	r.program = slow;
	r.timeout_s = 1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(gnuplot_run(&r), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK(t1.tv_sec - t0.tv_sec < 5);
	CHECK_HAS(diag_last(), "did not finish in 1 s in ");
	CHECK_HAS(diag_last(), "killed it; to retry, run: gnuplot plot.gp");
	r.timeout_s = 0;

	/* missing, as a path and as a name: one message with what to do */
	r.program = "/nonexistent/gnuplot";
	CHECK_INT(gnuplot_run(&r), -1);
	CHECK_STR(diag_last(), "cannot run gnuplot ('/nonexistent/gnuplot'): No such file or directory; "
		  "install gnuplot-nox (or set VIRQBENCH_GNUPLOT), then run: gnuplot plot.gp");
	r.program = "vqb-no-such-gnuplot";
	CHECK_INT(gnuplot_run(&r), -1);
	CHECK_HAS(diag_last(), "cannot run gnuplot ('vqb-no-such-gnuplot'): No such file or directory; install");
	noexec = xasprintf("%s/plain.txt", dir);
	t_write(dir, "plain.txt", "not a program\n");
	r.program = noexec;
	CHECK_INT(gnuplot_run(&r), -1);
	CHECK_HAS(diag_last(), "cannot run gnuplot ('");
	CHECK_HAS(diag_last(), "plain.txt'): Permission denied");

	/* a directory that is not there is not gnuplot's fault */
	r.program = ok;
	r.dir = "/nonexistent/dir";
	CHECK_INT(gnuplot_run(&r), -1);
	CHECK_STR(diag_last(), "/nonexistent/dir: cannot run gnuplot there: No such file or directory");

	free(ok);
	free(bad);
	free(slow);
	free(noexec);
	free(dir);
}

void test_gnuplot(void)
{
	program();
	quoting();
	runs();
}
