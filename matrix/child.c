// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "progress.h"
#include "virqbench/exit_codes.h"

static volatile pid_t boot_pid;

void child_forward(int sig)
{
	if (boot_pid > 0)
		kill(boot_pid, sig);
}

static int status_of(int status)
{
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* In the child: path opened onto fd target, or the child ends. */
static void redirect(const char *path, int flags, int target)
{
	int fd = open(path, flags, 0644);

	if (fd < 0 || dup2(fd, target) < 0) {
		fprintf(stderr, "virqbench-matrix: cannot open %s: %s\n", path, strerror(errno));
		_exit(EXIT_EXEC);
	}
	close(fd);
}

static void exec_or_exit(char *const argv[])
{
	execv(argv[0], argv);
	fprintf(stderr, "virqbench-matrix: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(EXIT_EXEC);
}

/* Reads what the pipe has; returns bytes kept in out (at most size - 1). */
static size_t drain(int fd, char *out, size_t size, size_t got)
{
	ssize_t n;

	while (size - 1 > got && (n = read(fd, out + got, size - 1 - got)) > 0)
		got += n;
	return got;
}

int child_run_boot(char *const argv[], const char *err_path, char *out, size_t size,
		   struct progress *pr)
{
	int pfd[2], status = 0, lost = 0;
	size_t got = 0;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -errno;
	}
	if (pid == 0) {
		setpgid(0, 0);	/* our signal handler forwards Ctrl-C itself */
		dup2(pfd[1], 1);
		redirect(err_path, O_WRONLY | O_CREAT | O_TRUNC, 2);
		exec_or_exit(argv);
	}
	boot_pid = pid;
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	/* Polls rather than blocks: the progress line moves while the boot runs. */
	for (;;) {
		pid_t r;

		got = drain(pfd[0], out, size, got);
		r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR) {
			lost = -errno;
			break;
		}
		progress_poll(pr);
		usleep(200000);
	}
	got = drain(pfd[0], out, size, got);
	close(pfd[0]);
	boot_pid = 0;
	out[got] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return lost ? lost : status_of(status);
}

int child_run(char *const argv[], const char *out_path)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (out_path)
			redirect(out_path, O_WRONLY | O_CREAT | O_TRUNC, 1);
		exec_or_exit(argv);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return status_of(status);
}
