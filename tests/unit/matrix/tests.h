/* SPDX-License-Identifier: GPL-2.0 */
/* The matrix runner's test groups; test_matrix.c's main() runs them all. */
#ifndef MATRIX_TESTS_H
#define MATRIX_TESTS_H

/* Trees, the merged raw run, argument vectors, children, boot verdicts. */
void test_files(void);
/* virqbench-matrix itself (path `exe`) against a fake lab and analysis. */
void test_runner(const char *exe);

/* Paths the tests make have a quote and a space: a shell command would break on them. */
#define ODD_NAME "it's a dir"

#endif
