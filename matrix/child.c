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

/* The boots running now, for child_forward(); a slot is 0 when free. */
#define CHILD_MAX_BOOTS 64
static volatile pid_t boot_pids[CHILD_MAX_BOOTS];

void child_forward(int sig)
{
	for (int i = 0; i < CHILD_MAX_BOOTS; i++)
		if (boot_pids[i] > 0)
			kill(boot_pids[i], sig);
}

static void boot_pid_set(pid_t old, pid_t pid)
{
	for (int i = 0; i < CHILD_MAX_BOOTS; i++)
		if (boot_pids[i] == old) {
			boot_pids[i] = pid;
			return;
		}
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

int child_start_boot(struct boot_child *c, char *const argv[], const char *err_path)
{
	int pfd[2];
	pid_t pid;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
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
	c->pid = pid;
	boot_pid_set(0, pid);
	close(pfd[1]);
	c->fd = pfd[0];
	fcntl(c->fd, F_SETFL, O_NONBLOCK);
	return 0;
}

int child_poll_boot(struct boot_child *c)
{
	int status = 0, lost = 0;
	pid_t r;

	if (c->pid <= 0)
		return 1;
	c->got = drain(c->fd, c->out, sizeof(c->out), c->got);
	r = waitpid(c->pid, &status, WNOHANG);
	if (r == 0 || (r < 0 && errno == EINTR))
		return 0;
	if (r < 0)
		lost = -errno;
	c->got = drain(c->fd, c->out, sizeof(c->out), c->got);
	close(c->fd);
	c->fd = -1;
	boot_pid_set(c->pid, 0);
	c->pid = 0;
	c->out[c->got] = '\0';
	c->out[strcspn(c->out, "\n")] = '\0';
	c->rc = lost ? lost : status_of(status);
	return 1;
}

int child_run_boot(char *const argv[], const char *err_path, char *out, size_t size,
		   struct progress *pr)
{
	static struct boot_child c;
	int r = child_start_boot(&c, argv, err_path);

	if (r)
		return r;
	/* Polls rather than blocks: the progress line moves while the boot runs. */
	while (!child_poll_boot(&c)) {
		progress_poll(pr);
		usleep(200000);
	}
	snprintf(out, size, "%s", c.out);
	return c.rc;
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
