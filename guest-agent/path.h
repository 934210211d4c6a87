/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One row per catalogue path (enum vqb_path): what the guest does for it, in the order
 * setup.c runs it. Every vCPU has one of three roles: the target (takes the
 * interrupt), the sender (sgi, vmm-*: raises it), or none (parks). The
 * target's row entries run with its GIC distributor and CPU interface set
 * up; the sender's with its CPU interface set up.
 */
#ifndef AGENT_PATH_H
#define AGENT_PATH_H

#include <stdint.h>
#include <virqbench/abi.h>

struct agent_cpu;

#define PATH_GIC(v)	(1u << (v))

struct path_ops {
	unsigned int gics;	/* PATH_GIC(n): runs with vqb_boot.gic_version n */
	/* Every vCPU, in boot_check(): this path's vqb_boot fields, agent_fail() on nonsense. */
	void (*check)(const struct vqb_boot *b);
	/* Target: configure boot.intid, point agent_irq_handler at the driver's handler. */
	void (*setup)(struct agent_cpu *c);
	/* Target: one interrupt through the real path, then forgotten (setup.c says why). */
	void (*warm_up)(struct agent_cpu *c);
	/* Target, once ready: idle (busy or WFI, IRQs unmasked) or the path's own loop. */
	void (*run)(struct agent_cpu *c) __attribute__((noreturn));
	/* sgi, vmm-*: the sending vCPU's set-up (up to its warm-up) and its loop. NULL elsewhere. */
	void (*sender_setup)(struct agent_cpu *c);
	void (*sender_run)(struct agent_cpu *c) __attribute__((noreturn));
};

/* NULL for a path this agent does not know. */
const struct path_ops *path_ops_of(uint32_t path);
/* The catalogue's name of a path id, for messages. */
const char *path_name(uint32_t path);

/* path.c, for the rows in sgi.c and vtimer.c. */
void path_warm_up(struct agent_cpu *c, void (*raise)(struct agent_cpu *c), const char *how,
		  unsigned int secs);
void path_idle(struct agent_cpu *c) __attribute__((noreturn));

extern const struct path_ops path_sgi;
extern const struct path_ops path_vtimer;
extern const struct path_ops path_vdev;	/* vmm-mmio and vmm-ioeventfd: vdev.c */

#endif /* AGENT_PATH_H */
