/* SPDX-License-Identifier: GPL-2.0 */
/* The command line's words: option values read strictly, argv recorded as a shell would. */
#ifndef BENCH_ARGS_H
#define BENCH_ARGS_H

#include <stddef.h>

/*
 * Splits a comma list into out (at most max), checking each item against
 * `valid` ("all" is every valid item). The count, or -1 after reporting an
 * unknown or empty list, named by opt.
 */
int parse_list(const char *opt, const char *arg, const char *const *valid, int nvalid,
	       const char **out, int max);
/* A whole decimal number from min to max: 0, or -1 after reporting. */
int parse_int(const char *opt, const char *s, long min, long max, long *out);
/*
 * argv quoted the way a shell would read it back, NUL-terminated in buf;
 * an argument that does not fit whole is left out with all after it.
 */
void command_line(int argc, char **argv, char *buf, size_t size);

#endif
