/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Opening an input file. Every reader goes through here, so that only a
 * regular file is ever read: a FIFO in place of run.kv would block the
 * reader forever, a device would feed it without end, and a directory
 * fails later with a message far from its cause ("read error").
 */
#ifndef VQB_RFILE_H
#define VQB_RFILE_H

#include <stdio.h>

/*
 * Opens path read-only when it is a regular file: an fd, or -1 with errno
 * set (from open(), or EISDIR / EINVAL for a directory / special file) and
 * *why (when not NULL) the text that follows "PATH: " in a message, e.g.
 * "a FIFO, not a regular file (expected a file)". *why is per thread and
 * valid until the next call.
 */
int rfile_open(const char *path, const char **why);
/* The same as a stdio stream ("r"); NULL on failure. */
FILE *rfile_fopen(const char *path, const char **why);

/* What the file type of mode is called in messages: "a FIFO", "a directory". */
const char *rfile_type_name(unsigned mode);

#endif /* VQB_RFILE_H */
