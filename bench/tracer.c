// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "tracer.h"

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits up to timeout_ms for the child to exit; returns its wait status or -1. */
static int wait_child(pid_t pid, int timeout_ms)
{
	long deadline = now_ms() + timeout_ms;
	int status;

	do {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0 && errno != EINTR)
			return -1;
		usleep(10000);
	} while (now_ms() < deadline);
	return -1;
}

static void describe_exit(struct tracer *t, int status)
{
	if (status == -1)
		snprintf(t->error, sizeof(t->error), "virqtrace did not exit");
	else if (WIFEXITED(status))
		snprintf(t->error, sizeof(t->error), "virqtrace exited with status %d",
			 WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(t->error, sizeof(t->error), "virqtrace was killed by signal %d",
			 WTERMSIG(status));
}

int tracer_start(struct tracer *t, const char *tracer_path, const char *out_path,
		 const char *perf_path, int stats, int timeout_ms)
{
	char pidbuf[32], ready[16];
	int pfd[2], polled, status;
	struct pollfd p;
	ssize_t n;

	memset(t, 0, sizeof(*t));
	if (pipe2(pfd, O_CLOEXEC))
		return diag_say_errno("pipe for virqtrace");
	snprintf(pidbuf, sizeof(pidbuf), "%d", getpid());
	t->pid = fork();
	if (t->pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return diag_say_errno("fork for virqtrace");
	}
	if (t->pid == 0) {
		/* Own process group: a Ctrl-C reaches bench/, which stops the tracer
		 * after the cell's last event; and if bench/ dies, so does the tracer. */
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGINT);
		/* SIGINT is how it is stopped, even when bench/ was started
		 * with it ignored (a background job of a script, nohup): an
		 * ignored signal stays ignored across exec. */
		signal(SIGINT, SIG_DFL);
		/* With stdin closed the pipe is fd 3 already, and dup2() onto
		 * itself would leave it close-on-exec. */
		if ((pfd[1] == 3 ? fcntl(3, F_SETFD, 0) : dup2(pfd[1], 3)) < 0)
			_exit(126);
		{
			const char *argv[12] = { "virqtrace", "--pid", pidbuf, "--out", out_path,
						 "--ready-fd", "3" };
			int argc = 7;

			if (perf_path) {
				argv[argc++] = "--perf-out";
				argv[argc++] = perf_path;
			}
			if (stats)
				argv[argc++] = "--stats";
			execv(tracer_path, (char *const *)argv);
		}
		fprintf(stderr, "virqbench: cannot run %s: %s\n", tracer_path, strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	p = (struct pollfd){ .fd = pfd[0], .events = POLLIN };
	n = 0;
	polled = poll(&p, 1, timeout_ms);
	if (polled > 0)
		n = read(pfd[0], ready, sizeof(ready) - 1);
	close(pfd[0]);
	if (n > 0 && !strncmp(ready, "ready", 5))
		return 0;

	/* It died (its own message, e.g. the verifier's log, is on stderr) or hung. */
	kill(t->pid, SIGKILL);
	status = wait_child(t->pid, 5000);
	/* Hung: the SIGKILL that ended it was ours, not the news. */
	if (polled == 0)
		snprintf(t->error, sizeof(t->error), "virqtrace was not ready within %d ms (killed)",
			 timeout_ms);
	else
		describe_exit(t, status);
	t->pid = 0;
	return -EIO;
}

int tracer_stop(struct tracer *t, int timeout_ms)
{
	int status;

	if (t->pid <= 0)
		return -ESRCH;
	kill(t->pid, SIGINT);
	status = wait_child(t->pid, timeout_ms);
	if (status == -1) {
		kill(t->pid, SIGKILL);
		wait_child(t->pid, 5000);
		snprintf(t->error, sizeof(t->error),
			 "virqtrace did not finish within %d ms of SIGINT; its trailer is missing",
			 timeout_ms);
		t->pid = 0;
		return -ETIMEDOUT;
	}
	t->pid = 0;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	describe_exit(t, status);
	return -EIO;
}

int tracer_poll(struct tracer *t)
{
	int status;
	pid_t r;

	if (t->pid <= 0)
		return -ESRCH;
	do
		r = waitpid(t->pid, &status, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return 0;
	if (r == t->pid)
		describe_exit(t, status);
	else
		snprintf(t->error, sizeof(t->error), "virqtrace is gone: waitpid: %s",
			 strerror(errno));
	t->pid = 0;
	return -EIO;
}

void tracer_kill(struct tracer *t)
{
	if (t->pid > 0)
		kill(t->pid, SIGKILL);
}
