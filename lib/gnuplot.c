// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "gnuplot.h"
#include "util.h"

#define INSTALL_HINT "install gnuplot-nox (or set VIRQBENCH_GNUPLOT)"

const char *gnuplot_program(const char *given)
{
	if (!given || !*given)
		given = getenv("VIRQBENCH_GNUPLOT");
	return given && *given ? given : "gnuplot";
}

void gnuplot_str(FILE *f, const char *s)
{
	putc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			putc('\'', f);
		if (*s != '\n' && *s != '\r')
			putc(*s, f);
	}
	putc('\'', f);
}

/* What the child tells the parent when it never became gnuplot. */
struct child_err {
	int in_chdir;
	int err;
};

/* No allocation here: the parent may have had threads when it forked. */
static void child(const char *dir, char **argv, int efd, FILE *log)
{
	struct child_err ce = { 0, 0 };
	int nul = open("/dev/null", O_RDONLY);

	if (nul >= 0)
		dup2(nul, 0);
	if (log) {
		dup2(fileno(log), 1);
		dup2(fileno(log), 2);
	}
	if (chdir(dir))
		ce.in_chdir = 1;
	else
		execvp(argv[0], argv);
	ce.err = errno;
	if (write(efd, &ce, sizeof(ce)) < 0)
		_exit(126);
	_exit(127);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The wait status, or -1 when the deadline passed (the child is then killed). */
static int wait_deadline(pid_t pid, unsigned timeout_s)
{
	long long deadline = now_ms() + timeout_s * 1000LL;
	struct timespec nap = { 0, 1000000 };
	int status;

	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid)
			return status;
		if (w < 0 && errno != EINTR)
			return 0;	/* not ours to reap (SIGCHLD ignored): nothing to judge */
		if (now_ms() >= deadline)
			break;
		nanosleep(&nap, NULL);
		/* Quick for the short runs, and no busy loop for the long ones. */
		if (nap.tv_nsec < 50000000)
			nap.tv_nsec *= 2;
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return -1;
}

/* gnuplot's last line of output: where it says what went wrong. */
static void last_line(FILE *log, char *buf, size_t size)
{
	long len;
	size_t n;
	char *p;

	buf[0] = '\0';
	if (!log || fflush(log) || fseek(log, 0, SEEK_END) || (len = ftell(log)) <= 0)
		return;
	if (len > (long)size - 1)
		fseek(log, len - (long)size + 1, SEEK_SET);
	else
		rewind(log);
	n = fread(buf, 1, size - 1, log);
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' ' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	p = strrchr(buf, '\n');
	p = p ? p + 1 : buf;
	/* gnuplot indents its messages to line up under the script line. */
	p += strspn(p, " \t");
	memmove(buf, p, strlen(p) + 1);
}

static int cannot_run(const struct gnuplot_run *r, const char *prog, int err)
{
	return diag_error(NULL, 0, "cannot run gnuplot ('%s'): %s; " INSTALL_HINT ", then %s",
			  prog, strerror(err), r->redo);
}

int gnuplot_run(const struct gnuplot_run *r)
{
	const char *prog = gnuplot_program(r->program);
	unsigned timeout_s = r->timeout_s ? r->timeout_s : GNUPLOT_TIMEOUT_S;
	struct child_err ce;
	char said[512], **argv;
	int pfd[2], status, ret = 0;
	size_t nargs = 0, i;
	FILE *log;
	ssize_t n;
	pid_t pid;

	/* A path that is not there needs no child to find out. */
	if (strchr(prog, '/') && access(prog, X_OK))
		return cannot_run(r, prog, errno);
	if (pipe2(pfd, O_CLOEXEC))
		return diag_error(NULL, 0, "gnuplot: pipe: %s", strerror(errno));
	while (r->args && r->args[nargs])
		nargs++;
	argv = xcalloc(nargs + 2, sizeof(*argv));
	argv[0] = (char *)prog;
	for (i = 0; i < nargs; i++)
		argv[i + 1] = r->args[i];
	log = tmpfile();
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		ret = diag_error(NULL, 0, "gnuplot: fork: %s", strerror(errno));
		close(pfd[0]);
		close(pfd[1]);
		goto out;
	}
	if (pid == 0)
		child(r->dir, argv, pfd[1], log);
	close(pfd[1]);
	/* Returns at exec (the pipe closes) or with the child's reason. */
	do
		n = read(pfd[0], &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	status = wait_deadline(pid, timeout_s);
	if (n == (ssize_t)sizeof(ce) && ce.in_chdir)
		ret = diag_error(r->dir, 0, "cannot run gnuplot there: %s", strerror(ce.err));
	else if (n == (ssize_t)sizeof(ce))
		ret = cannot_run(r, prog, ce.err);
	else if (status == -1)
		ret = diag_error(NULL, 0, "gnuplot ('%s') did not finish in %u s in %s; killed it; to retry, %s",
				 prog, timeout_s, r->dir, r->redo);
	else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		last_line(log, said, sizeof(said));
		ret = diag_error(NULL, 0, "gnuplot ('%s') failed (%s %d) in %s%s%s",
				 prog, WIFEXITED(status) ? "exit status" : "signal",
				 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				 r->dir, *said ? "; it said: " : "", said);
	}
out:
	if (log)
		fclose(log);
	free(argv);
	return ret;
}
