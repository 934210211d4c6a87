/* SPDX-License-Identifier: GPL-2.0 */
/* Allocation and string helpers: out of memory ends the program, once. */
#ifndef VQB_UTIL_H
#define VQB_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

void *xmalloc(size_t n);
/*
 * xmalloc() for a large array that will be written whole: its pages are
 * mapped in one call (MADV_POPULATE_WRITE) rather than one page fault
 * each on first write, about 40 % less kernel time here. Without that
 * (a kernel before 5.14), the faults happen as for xmalloc().
 */
void *xmalloc_populated(size_t n);
void *xcalloc(size_t n, size_t size);

#define SCRATCH_SPARE 8	/* scratch_give()'s blocks a scratch keeps */

/*
 * One buffer for a sequence of passes that each need a large array only
 * while they run (the summary's stage columns, then its breakdown's). Freed
 * and allocated again, such an array comes back as fresh pages, a page
 * fault each (some 1.5 us here: page faults are most of the analysis'
 * kernel time); reused, its pages are mapped already. Grown when a pass
 * needs more, the pages it has kept (realloc() of a large block moves
 * its mapping, not its bytes), the new ones populated.
 */
struct scratch {
	void *p;
	size_t size;
	/*
	 * Large blocks an earlier phase is done with (the join's event
	 * streams), handed over mapped: scratch_cols() carves its columns
	 * out of them before it grows p.
	 */
	void *spare[SCRATCH_SPARE];
	size_t spare_size[SCRATCH_SPARE];
	unsigned nr_spare;
};
/* At least n bytes, to be written whole; what an earlier pass left there is garbage. */
void *scratch_get(struct scratch *s, size_t n);
/*
 * k disjoint arrays of `bytes` each into col[]: as many as fit from the
 * spare blocks, the rest from scratch_get(). As scratch_get(), each call
 * reuses what the one before had.
 */
void scratch_cols(struct scratch *s, unsigned k, size_t bytes, void **col);
/* Takes a malloc'd block of size bytes (what its owner wrote is mapped): the scratch frees it. */
void scratch_give(struct scratch *s, void *p, size_t size);
void scratch_free(struct scratch *s);	/* and the spare blocks */
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Returns p (an array of elements of `size` bytes) grown so that `need`
 * elements fit, updating *cap. Doubles, so appending n rows costs O(n).
 */
void *grow_array(void *p, size_t *cap, size_t need, size_t size);

/*
 * Whether to use a second thread where the work splits in two (reading a
 * cell's trace, writing its samples). VIRQBENCH_THREADS=0 turns it off:
 * for debugging, and for emulators whose threads misbehave.
 */
bool use_threads(void);

/*
 * Formats a message into err[errlen] and returns -1: for functions that
 * hand their error to the caller's buffer rather than print it.
 */
int fail_msg(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One CSV field, quoted only when it must be (RFC 4180). */
void csv_field(FILE *f, const char *s);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif /* VQB_UTIL_H */
