/* SPDX-License-Identifier: GPL-2.0 */
/* What the agent's parts share: the per-vCPU state and the set-up steps. */
#ifndef AGENT_AGENT_H
#define AGENT_AGENT_H

#include <stdarg.h>
#include <stdint.h>
#include <virqbench/abi.h>

#include "sysreg.h"

struct gic_ops;
struct path_ops;

/* One per vCPU, at the bottom of its block in the private area (layout.h). */
struct agent_cpu {
	struct vqb_shared *shared;	/* x0 at entry */
	const struct vqb_boot *boot;	/* &shared->boot once checked, else NULL */
	const struct gic_ops *gic;
	const struct path_ops *path;	/* boot.path's entry in path.c's table */
	uintptr_t ctrl_base;		/* boot's once checked, else VQB_CTRL_BASE */
	uint64_t mpidr;
	uintptr_t gicr_rd;		/* GICv3: this vCPU's RD_base frame */
	uintptr_t gicr_sgi;		/* GICv3: its SGI_base frame */
	uint64_t last_trigger;		/* sgi sender, vtimer target: vqb_shared.trigger last seen */
	unsigned int index;		/* vCPU index (MPIDR Aff1:Aff0, as KVM assigns it) */
	int failing;			/* set on entry to agent_fail() */
};

static inline struct agent_cpu *this_cpu(void)
{
	return (struct agent_cpu *)read_sysreg(tpidr_el1);
}

static inline int is_target(const struct agent_cpu *c)
{
	return c->index == c->boot->target_vcpu;
}

/* setup.c: what agent_main() runs, in this order. */
struct agent_cpu *agent_setup(struct vqb_shared *shared, unsigned int index);
void agent_ready(struct agent_cpu *c);
void agent_run(struct agent_cpu *c) __attribute__((noreturn));

/* pmu.c: with boot.guest_cycles, the cycle counter on, calibrated, vectors_cycles in VBAR. */
void pmu_setup(struct agent_cpu *c);

/* head.S calls this; main.c (or the self-test) defines it. */
void agent_main(struct vqb_shared *shared, unsigned int index) __attribute__((noreturn));

/* head.S: secondary vCPUs wait on it until vCPU 0 has built the shared state. */
extern uint64_t agent_boot_gate;

/* Linker script symbols. */
extern char __image_start[], __image_end[];

/* fail.c */
void agent_fail(enum vqb_fail code, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
void agent_bad_exception(unsigned int vector) __attribute__((noreturn));
/* vqb_boot.hang_after reached: stop answering, for bench/'s fault tests. */
void agent_hang(void) __attribute__((noreturn));

/* console.c: debug text, one control-page write per character. */
void console_init(uintptr_t putc_reg);
void con_putc(char ch);
void con_puts(const char *s);
void con_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vfmt_buf(char *buf, unsigned long size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int fmt_buf(char *buf, unsigned long size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Waits up to @secs seconds of counter time; returns nonzero if cond became true. */
#define wait_for_secs(cond, secs) ({					\
	uint64_t __end = read_cntvct() + (uint64_t)(secs) * cntfrq();	\
	int __ok;							\
	while (!(__ok = !!(cond)) && read_cntvct() < __end)		\
		;							\
	__ok;								\
})
#define wait_for(cond)	wait_for_secs(cond, 1)

#endif /* AGENT_AGENT_H */
