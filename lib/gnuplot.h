/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running gnuplot, for every tool that plots (virqbench-analyze, -report,
 * -compare): which gnuplot, how it is started, how long it may take, and
 * the one message a user gets when it is missing or fails. What to plot
 * stays with the callers; they write scripts a person can re-run.
 */
#ifndef VQB_GNUPLOT_H
#define VQB_GNUPLOT_H

#include <stdio.h>

/* A plot batch that takes longer than this is stuck (a script waiting on a pause). */
#define GNUPLOT_TIMEOUT_S 300

/* given if set and not empty, else $VIRQBENCH_GNUPLOT if so, else "gnuplot". */
const char *gnuplot_program(const char *given);

struct gnuplot_run {
	const char *program;	/* a name looked up in PATH, or a path; NULL: gnuplot_program(NULL) */
	const char *dir;	/* gnuplot runs there: scripts name their files relative to it */
	char *const *args;	/* the arguments after the program name, NULL-terminated */
	const char *redo;	/* the messages' advice: how to make the plots by hand */
	unsigned timeout_s;	/* 0: GNUPLOT_TIMEOUT_S */
};

/*
 * Runs gnuplot with stdin from /dev/null and its output kept aside. 0 when
 * it exits with status 0; else -1 with one diag_error(): gnuplot cannot be
 * run (with how to install it, and r->redo), it did not finish in time (it
 * is killed), or it failed (exit status or signal, and the last line it
 * printed, which is where gnuplot says what it did not like).
 */
int gnuplot_run(const struct gnuplot_run *r);

/* A gnuplot single-quoted string: '' for a quote; line breaks dropped (they would end it). */
void gnuplot_str(FILE *f, const char *s);

#endif /* VQB_GNUPLOT_H */
