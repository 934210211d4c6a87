/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One matrix run, from its options to its report: what main() fills in
 * step by step (options, spec, plan) and what the boots come to.
 */
#ifndef MATRIX_MATRIX_H
#define MATRIX_MATRIX_H

#include <limits.h>

#include "spec.h"

struct matrix {
	/* options */
	const char *spec_path, *results, *build, *cache, *id;
	int quiet, dry;
	int jobs;			/* -j: lab boots at once (1: one after another) */
	char idbuf[64];
	char cmdline[4096];		/* shell-quoted, for run.kv */
	/* plan */
	struct spec spec;
	int native;			/* an arm64 host with /dev/kvm: one boot, no lab */
	int nboots, total;		/* boots, and cells over all of them */
	char out[PATH_MAX];		/* results/ID */
	char tmp[PATH_MAX];		/* results/ID.tmp, renamed to out when complete */
	char merged[PATH_MAX + 8];	/* results/ID.tmp/raw, the merged raw run */
	char start[64], end[64];
	/* outcome */
	int boots_ok;			/* boots whose raw run was merged */
	int any_fail;			/* a boot failed, or a cell in one */
	int lab_fail;			/* a lab could not run virqbench at all */
};

#endif
