/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The output directory of a tool that reads results directories and writes
 * a page of its own (virqbench-compare, virqbench-fleet): new, empty, or
 * an earlier one of the same tool (its TOOL.json says generator
 * virqbench-TOOL), and never inside a directory it reads, so that a
 * mistyped OUTDIR cannot overwrite a run or mix files into it.
 */
#ifndef VQB_REPORT_OUTDIR_H
#define VQB_REPORT_OUTDIR_H

#include <stddef.h>

/*
 * Before anything is written: out's parent exists and out is in none of
 * the n directories (each named in the message as given). tool is
 * "compare" or "fleet". 0, or -1 with diag_error().
 */
int outdir_check(const char *out, const char *tool, const char *const *dirs, size_t n);
/* Creates out when new; refuses one that is neither empty nor the tool's. 0, or -1. */
int outdir_prepare(const char *out, const char *tool);

#endif /* VQB_REPORT_OUTDIR_H */
