/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One boot of the matrix: a lab boot (lab/run.sh) for one GIC version, hyp
 * mode, kernel and QEMU, or natively the one virqbench run. It runs every cell of the
 * spec and brings out a raw run, which boot_judge() either admits to the
 * merge or explains, naming the logs to read.
 */
#ifndef MATRIX_BOOT_H
#define MATRIX_BOOT_H

#include <limits.h>

#include "child.h"
#include "matrix.h"

struct progress;

struct boot {
	char tag[64];			/* v3-vhe[-k6.12][-qemu10.0], or native */
	char gic[8], hyp[16];
	char kernel[16], qemu[8];	/* the lab's: 6.1, 7.2 by default */
	char suffix[40];		/* -k6.12-qemu10.0: what the boot's cell names get */
	char work[PATH_MAX];		/* build/lab/ID-TAG */
	char log[PATH_MAX + 32];	/* the log progress follows */
	char errlog[PATH_MAX + 32];	/* the child's stderr */
	char raw[PATH_MAX + 16];	/* the raw run brought out */
	int index;			/* in the plan: the merge's order */
	int rc;				/* the child's exit status */
	int started;			/* boot_start() started its child */
	struct boot_child child;	/* while it runs */
	int slot;			/* the progress line's follower of its log */
};

/* The index-th boot of m (GIC-major, then hyp, kernel, QEMU, as the spec lists them). */
void boot_plan(struct boot *b, const struct matrix *m, int index);
/*
 * Starts it in its own work directory, its log followed by pr: 0, or -1
 * after a message (then b->rc says why: -errno, and nothing runs).
 */
int boot_start(struct boot *b, const struct matrix *m, struct progress *pr);
/* Whether it has ended (1: b->rc and b->raw are set, its log read to the end) or not (0). */
int boot_poll(struct boot *b, const struct matrix *m, struct progress *pr);
/*
 * Whether b brought out a raw run to merge (1) or not (0), after saying
 * why not; m's outcome is updated either way.
 */
int boot_judge(const struct boot *b, struct matrix *m);

#endif
