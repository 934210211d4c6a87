/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writers for the raw run format (doc/raw-format.md). key=value files are
 * lib/kvout.h's, whole or not at all; sample files grow a line at a time
 * and are flushed per line: a run cut short keeps every complete row.
 */
#ifndef BENCH_RAWOUT_H
#define BENCH_RAWOUT_H

#include <stdio.h>

#include "kvout.h"

/* kvo_write() that reports its failure; 0 or -errno. */
int write_kv(const struct kv_out *kv, const char *path);

/* Creates the directory and its parents; 0 or -errno (reported). */
int make_dir(const char *path);
FILE *tsv_create(const char *path, const char *header);

#endif
