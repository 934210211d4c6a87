// SPDX-License-Identifier: GPL-2.0
/*
 * tracer.c: starting and stopping virqtrace beside a cell, with shell
 * stand-ins that are ready, die, hang, or will not stop.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bt.h"
#include "tracer.h"
#include "util.h"

/* Ready on fd 3 as virqtrace is, its arguments in args.txt, a clean exit on SIGINT. */
#define GOOD "#!/bin/sh\n" \
	"echo \"$@\" > \"$(dirname \"$0\")/args.txt\"\n" \
	"trap 'exit 0' INT\n" \
	"echo ready >&3\n" \
	"while :; do sleep 0.02; done\n"

void test_tracer(void)
{
	char *dir = t_dir("tracer"), *good = t_script(dir, "good.sh", GOOD), *text, *want;
	struct tracer t;
	int nul;

	CHECK_INT(tracer_start(&t, good, "/out/trace.tsv", "/out/perf.tsv", 1, 5000), 0);
	CHECK(t.pid > 0);
	CHECK_INT(tracer_stop(&t, 5000), 0);
	CHECK_INT(t.pid, 0);
	text = t_read(dir, "args.txt");
	want = xasprintf("--pid %d --out /out/trace.tsv --ready-fd 3 --perf-out /out/perf.tsv --stats\n",
			 (int)getpid());
	CHECK_STR(text, want);
	free(text);
	free(want);
	CHECK_INT(tracer_stop(&t, 100), -ESRCH);	/* stopped already */

	/* dies before it is ready (a verifier error): its status */
	CHECK_INT(tracer_start(&t, t_script(dir, "dies.sh", "#!/bin/sh\nexit 4\n"), "x", NULL, 0, 5000), -EIO);
	CHECK_STR(t.error, "virqtrace exited with status 4");
	CHECK_INT(t.pid, 0);

	/* hangs before it is ready: said so, not "killed by signal 9" (that was us) */
	CHECK_INT(tracer_start(&t, t_script(dir, "hangs.sh", "#!/bin/sh\nexec sleep 30\n"), "x", NULL, 0, 200),
		  -EIO);
	CHECK_STR(t.error, "virqtrace was not ready within 200 ms (killed)");

	/* will not stop on SIGINT: killed, and the trailer is known to be missing */
	CHECK_INT(tracer_start(&t, t_script(dir, "stubborn.sh",
					"#!/bin/sh\ntrap '' INT\necho ready >&3\nexec sleep 30\n"),
			       "x", NULL, 0, 5000), 0);
	CHECK_INT(tracer_stop(&t, 200), -ETIMEDOUT);
	CHECK_HAS(t.error, "did not finish within 200 ms of SIGINT");

	/* stops, but says it failed */
	CHECK_INT(tracer_start(&t, t_script(dir, "fails.sh",
					"#!/bin/sh\ntrap 'exit 3' INT\necho ready >&3\n"
					"while :; do sleep 0.02; done\n"),
			       "x", NULL, 0, 5000), 0);
	CHECK_INT(tracer_stop(&t, 5000), -EIO);
	CHECK_STR(t.error, "virqtrace exited with status 3");

	/* killed mid-cell: noticed by a poll, with the signal; still running: 0 */
	CHECK_INT(tracer_start(&t, good, "/out/trace.tsv", NULL, 0, 5000), 0);
	CHECK_INT(tracer_poll(&t), 0);
	tracer_kill(&t);
	{
		int r = 0, i;

		for (i = 0; i < 500 && !(r = tracer_poll(&t)); i++)
			usleep(10000);
		CHECK_INT(r, -EIO);
	}
	CHECK_STR(t.error, "virqtrace was killed by signal 9");
	CHECK_INT(t.pid, 0);
	CHECK_INT(tracer_poll(&t), -ESRCH);

	/*
	 * With stdin closed the ready pipe's write end is fd 3 itself; dup2()
	 * onto itself keeps close-on-exec, and virqtrace could never say ready.
	 */
	nul = fcntl(0, F_DUPFD_CLOEXEC, 100);	/* out of the way of fd 3 */
	close(0);
	CHECK_INT(tracer_start(&t, good, "/out/trace.tsv", NULL, 0, 5000), 0);
	dup2(nul, 0);
	close(nul);
	if (t.pid > 0)
		CHECK_INT(tracer_stop(&t, 5000), 0);
	free(good);
	free(dir);
}
