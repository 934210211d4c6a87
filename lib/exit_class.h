/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kvm_exit's two arguments folded into one small index, so that exits can
 * be counted by class: the exception code (ARM_EXCEPTION_*), and for a trap
 * its ESR exception class. The names are the kernel's (ESR_ELx_EC_*), as
 * perf kvm stat and bpf/virqtrace print them.
 */
#ifndef VQB_EXIT_CLASS_H
#define VQB_EXIT_CLASS_H

#include <stddef.h>
#include <stdint.h>

#define XC_EC_NR	64	/* 0..63: a trap, by its esr_ec */
#define XC_IRQ		64	/* ARM_EXCEPTION_IRQ: an interrupt took the CPU */
#define XC_SERROR	65
#define XC_IL		66
#define XC_OTHER	67	/* an exception code this reader does not know */
#define XC_NR		68

/* esr_ec values the stage assignment looks for. */
#define EC_WFX		0x01
#define EC_SYS64	0x18	/* MSR/MRS: a GICv3 guest's ICC_SGI1R write */
#define EC_DABT_LOW	0x24	/* a data abort from the guest: MMIO */

/* kvm_exit(ret, esr_ec, pc) -> class. */
unsigned exit_class(uint64_t code, uint64_t esr_ec);
/* "IRQ", "DABT_LOW", ..., or "EC_0x2b" in buf. */
const char *exit_class_name(unsigned xc, char *buf, size_t size);

#endif /* VQB_EXIT_CLASS_H */
