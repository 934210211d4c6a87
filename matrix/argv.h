/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Argument vectors for the programs the matrix runs. They are passed to
 * execv() as they are, never joined into a shell command: a path with a
 * quote or a space in it stays one argument.
 */
#ifndef MATRIX_ARGV_H
#define MATRIX_ARGV_H

#include <stddef.h>

#include "spec.h"

#define ARGV_MAX 128

struct argv_buf {
	char *v[ARGV_MAX + 1];		/* NULL-terminated, as execv() wants it */
	int n;
};

/* Appends one argument (a copy); a full vector ends the program, as OOM does. */
void argv_add(struct argv_buf *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void argv_free(struct argv_buf *a);
/* The `virqbench run` arguments (without --out) that spec s stands for. */
void argv_run_args(struct argv_buf *a, const struct spec *s);
/* argv as a shell would read it back, for run.kv's command; cut at size. */
void argv_quote(int argc, char *const argv[], char *buf, size_t size);

#endif
