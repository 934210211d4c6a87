/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the libFuzzer harnesses share: a private scratch directory (in
 * /dev/shm when there is one: a file per execution), writing an input out
 * as a file, and cutting one input into several files.
 *
 * A multi-file input is its files joined by FZ_SEP; the seeds are made so
 * (fuzz/seeds.sh), and libFuzzer's mutations keep most separators.
 */
#ifndef VQB_FZ_H
#define VQB_FZ_H

#include <stddef.h>
#include <stdint.h>

#define FZ_SEP "\n%%\n"
#define FZ_MAX_PARTS 8

struct fz_part {
	const char *p;
	size_t n;
};

/* libFuzzer's entry points, which every harness defines. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Once per process: the scratch directory, quiet warnings, one thread. */
void fz_init(void);
/* The scratch directory (no trailing slash). */
const char *fz_dir(void);
/* dir/name under the scratch directory, in a static buffer per slot (0..3). */
const char *fz_path(int slot, const char *name);
/* Writes len bytes to path (parents must exist). Aborts on an I/O error. */
void fz_write(const char *path, const void *data, size_t len);
/* Makes the directory (and its parents) under the scratch directory. */
const char *fz_mkdir(int slot, const char *name);
/* Cuts data at every FZ_SEP into at most max parts; returns how many. */
size_t fz_split(const uint8_t *data, size_t size, struct fz_part *part, size_t max);
/* A NUL-terminated copy of the input (caller frees). */
char *fz_str(const uint8_t *data, size_t size);

#endif /* VQB_FZ_H */
