/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writers for the raw run format (doc/raw-format.md). key=value files are
 * lib/kvout.h's, whole or not at all; the sample files are rowfile.h's,
 * a whole row at a time: a run cut short keeps every complete row.
 */
#ifndef BENCH_RAWOUT_H
#define BENCH_RAWOUT_H

#include "kvout.h"

/* kvo_write() that reports its failure; 0 or -errno. */
int write_kv(const struct kv_out *kv, const char *path);

/* Creates the directory and its parents; 0 or -errno (reported). */
int make_dir(const char *path);

/*
 * Space held back on the raw run's file system, so that a disk that fills
 * mid-cell still takes what says how the cell and the run ended: its rows
 * kept in memory (rowfile.h), cell.kv, the after-cell save, run.kv. An
 * unnamed file (O_TMPFILE) of SPACE_RESERVE_BYTES allocated blocks: the
 * space is the file system's again when it is given back, or when bench/
 * ends however it ends. One at a time; taking it again while held is a no-op.
 */
#define SPACE_RESERVE_BYTES (256 * 1024)
/* 0, or -errno: -ENOSPC when DIR's file system has less than that free. */
int space_reserve_take(const char *dir);
void space_reserve_give_back(void);

#endif
