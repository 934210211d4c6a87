/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The matrix spec: a small text file naming what to measure. One setting a
 * line, `key value...`; `#` starts a comment. See doc/matrix-spec.md.
 */
#ifndef MATRIX_SPEC_H
#define MATRIX_SPEC_H

#include <stdio.h>

#define SPEC_MAX_ITEMS 16
#define SPEC_CPU_AUTO (-2)			/* vcpu_cpu auto: not passed to bench/ */

struct spec {
	int ngics;
	char gics[SPEC_MAX_ITEMS][8];		/* "2", "3", "4" (lab) */
	int nhyps;
	char hyps[SPEC_MAX_ITEMS][16];		/* "vhe", "nvhe", "protected" */
	int nkernels;
	char kernels[SPEC_MAX_ITEMS][16];	/* lab kernels: "6.1", "6.1-rt", "6.12", "6.12-rt" */
	int nqemus;
	char qemus[SPEC_MAX_ITEMS][8];		/* lab QEMU: "7.2" (Debian 12's), "10.0" (backports) */
	int npaths;
	char paths[SPEC_MAX_ITEMS][16];
	int nstates;
	char states[SPEC_MAX_ITEMS][8];
	int ndevices;				/* v4-direct's devices; 0: the first known one present */
	char devices[SPEC_MAX_ITEMS][16];	/* kinds (bench/vfio_devices.c) or PCI addresses */
	long count;
	long gap_us;
	char trace[8];				/* on, off, both */
	long vcpu_cpu, injector_cpu;		/* SPEC_CPU_AUTO: bench/'s placement chooses */
	int nnumas;
	char numas[SPEC_MAX_ITEMS][8];		/* "same", "cross"; none: no NUMA dimension */
	long cell_timeout_s;
	long boot_timeout_s;
	int bpf_stats;
	long rounds;				/* every cell this many times */
	int contend;				/* a thread spins on the vCPU's CPU */
	char guest_cycles[8];			/* on, off, both (bench --guest-cycles) */
	long warmup;				/* first interrupts per cell, out of the statistics */
	char delay_point[16];			/* self-check: guest-ack, host-inject, vmm-handler; "" none */
	long delay_ns;
	long hist_bucket_us;			/* one histogram bucket width for the run */
};

void spec_defaults(struct spec *s);
/*
 * Parses `f` (named `name` in messages) into s, on top of its defaults.
 * Returns 0, or -1 after writing one message to err: "NAME:LINE: what was
 * wrong (expected ...)".
 */
int spec_parse(FILE *f, const char *name, struct spec *s, char *err, size_t errlen);
int spec_load(const char *path, struct spec *s, char *err, size_t errlen);
/* Lab boots: GICs x hyp modes x kernels x QEMUs. */
int spec_boots(const struct spec *s);
/* Cells per lab boot and vGIC a path runs with (paths x states x traced/untraced x
 * rounds); matrix/plan.c's plan_cells() adds the paths that run with two. */
int spec_cells_per_boot(const struct spec *s);
/*
 * What the lab cannot give this spec, as one message with the fix (QEMU
 * 7.2 has no igb model; igb beside igbvf), or NULL. Natively the host has
 * what it has.
 */
const char *spec_lab_refusal(const struct spec *s, char *buf, size_t size);
/* The lab's QEMU -device a vfio_device value needs (lab/run.sh --device), or NULL. */
const char *spec_lab_device(const char *vfio_device);

#endif
