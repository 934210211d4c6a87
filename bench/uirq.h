/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user-space irqchip of the soft-vi path: what a VMM without an
 * in-kernel vGIC offers its guest. Raising an interrupt sets HCR_EL2.VI
 * through KVM_IRQ_LINE (type CPU); the guest reads the pending INTID and
 * writes its EOI through MMIO registers that exit to bench/, which lowers
 * the line on EOI. Two exits to user space per interrupt, by design.
 */
#ifndef BENCH_UIRQ_H
#define BENCH_UIRQ_H

#include <stdint.h>

#include "kvm.h"

void uirq_init(struct vm *vm, uint32_t intid);
int uirq_raise(struct vm *vm, uint32_t vcpu);
/* Called by a vCPU thread for an access in the uirq page; 0, or -1 with vcpu->error. */
int uirq_access(struct vcpu *vcpu, uint64_t offset, int is_write, uint64_t *value);

#endif
