/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a joined cell must satisfy before anything of it is written: the
 * checks that need more than one file. cell.kv's count_injected against
 * host.tsv's rows, and stamp stages that fit in int64 ns (two stamps 2^63
 * apart are not of one counter; their saturated difference would enter the
 * statistics as a latency of -292 years).
 */
#ifndef VQB_CELL_CHECK_H
#define VQB_CELL_CHECK_H

#include "join.h"

/* 0, or -1 with a diag_error naming the file (and line) and what was expected. */
int cell_check(const struct cell_join *j);
/* Its two halves, for a streamed cell: the stamps per window, the count at the end. */
int cell_check_stamps(const struct cell_join *j);
int cell_check_count(const struct cell_join *j);

/* A stage value that hit int64's limits: unknown, never a latency. */
static inline bool stage_saturated(int64_t ns)
{
	return ns == INT64_MIN || ns == INT64_MAX;
}

#endif /* VQB_CELL_CHECK_H */
