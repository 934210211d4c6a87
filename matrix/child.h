/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The programs the matrix runs (lab/run.sh or virqbench for a boot, then
 * virqbench-analyze and virqbench-report), started with fork() and execv()
 * from argument vectors. Each returns the child's exit status, 128 + the
 * signal that ended it, EXIT_EXEC if it could not be started, or -errno if
 * no child could be made.
 */
#ifndef MATRIX_CHILD_H
#define MATRIX_CHILD_H

#include <limits.h>
#include <stddef.h>
#include <sys/types.h>

struct progress;

/* A boot's child while it runs: started by child_start_boot(), polled to its end. */
struct boot_child {
	pid_t pid;
	int fd;				/* its stdout, a non-blocking pipe */
	char out[PATH_MAX + 16];	/* its stdout's first line, once it has ended */
	size_t got;
	int rc;				/* once it has ended: as child_run_boot() returns */
};

/*
 * A boot: argv in a process group of its own, stderr into err_path, the
 * first line of its stdout into out (size bytes); pr follows its log while
 * it runs. Ctrl-C reaches it only through child_forward(), so that
 * lab/run.sh can stop the lab in order and bring out the finished cells.
 */
int child_run_boot(char *const argv[], const char *err_path, char *out, size_t size,
		   struct progress *pr);
/*
 * The same in two halves, so that several boots can run at once (-j):
 * start it (0, or -errno when no child could be made), then poll it until
 * it has ended (1: c->rc and c->out are set) without blocking (0).
 */
int child_start_boot(struct boot_child *c, char *const argv[], const char *err_path);
int child_poll_boot(struct boot_child *c);
/*
 * A step after the boots: argv in the matrix's own process group (a
 * terminal's Ctrl-C reaches it directly), stdout into out_path, or the
 * matrix's stdout if NULL.
 */
int child_run(char *const argv[], const char *out_path);
/* From a signal handler: passes sig on to every running boot. */
void child_forward(int sig);

#endif
