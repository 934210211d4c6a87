/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The matrix's merged raw run: one raw run (doc/raw-format.md) made of the
 * raw runs every boot brought out, which virqbench-analyze reads as one.
 * Its cells/ holds every boot's cells (their names carry the GIC and hyp
 * mode, and the kernel and QEMU when the spec names several, so they never
 * collide); boots/TAG.run.kv and boots/TAG.lab.kv keep
 * each boot's own; run.kv and lab.kv are the first boot's, with run.kv's
 * command, times, GICs, hyp modes and outcome made the matrix's own.
 *
 * Each function returns 0, or -1 after writing one message to err.
 */
#ifndef MATRIX_MERGE_H
#define MATRIX_MERGE_H

#include <stddef.h>

/* Empties dir (a previous attempt with the same id) and makes its layout. */
int merge_start(const char *dir, char *err, size_t errlen);
/*
 * Adds the raw run `raw` of the boot named tag (v3-vhe, native), its
 * console.log (when it has one) as boots/TAG.console.log. A suffix
 * (-k6.12, "" for none) goes into each of its cells' names, before a
 * trailing -untraced: boots of several kernels measure cells of one name.
 */
int merge_boot(const char *dir, const char *raw, const char *tag, const char *suffix, char *err,
	       size_t errlen);

/* A boot's cell name with its suffix, before a trailing -untraced (buf). */
const char *cell_name_suffixed(const char *name, size_t len, const char *suffix, char *buf,
			       size_t size);

/* What the merged run.kv says of the matrix as a whole. */
struct merge_stamp {
	const char *command;		/* the matrix's command line, shell-quoted */
	const char *start_utc, *end_utc;
	const char *run_id;		/* results/<run_id> */
	const char *host, *uname;	/* the machine the matrix ran on (the lab's host) */
	int interrupted;
	int exit_code;
};

/*
 * Rewrites dir/run.kv (through a temporary name, renamed into place):
 * host_gic, hyp_mode, uname_release, kernel_flavour and kernel_preempt
 * become the sorted, comma-separated set of every boot's; boot_TAG_kernel
 * (release, flavour, preemption) and boot_TAG_qemu (lab.kv's qemu_version)
 * say each boot's own; the stamp replaces command, start_utc, end_utc, interrupted and
 * exit_code and adds run_id, matrix_host and matrix_uname; every other key
 * is the first boot's, in its order.
 */
int merge_finish(const char *dir, const struct merge_stamp *st, char *err, size_t errlen);

#endif
