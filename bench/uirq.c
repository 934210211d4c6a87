// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "uirq.h"

void uirq_init(struct vm *vm, uint32_t intid)
{
	vm->uirq.enabled = 1;
	vm->uirq.intid = intid;
	atomic_store(&vm->uirq.pending, 0);
}

int uirq_raise(struct vm *vm, uint32_t vcpu)
{
	atomic_store(&vm->uirq.pending, 1);
	return __vm_irq_line(vm, KVM_ARM_IRQ_TYPE_CPU, vcpu, KVM_ARM_IRQ_CPU_IRQ, 1);
}

int uirq_access(struct vcpu *v, uint64_t offset, int is_write, uint64_t *value)
{
	struct vm *vm = v->vm;
	int r;

	switch (offset) {
	case VQB_UIRQ_IAR:
		if (is_write)
			break;
		*value = atomic_load(&vm->uirq.pending) ? vm->uirq.intid : 1023;
		return 0;
	case VQB_UIRQ_EOIR:
		if (!is_write)
			break;
		if (*value != vm->uirq.intid) {
			snprintf(v->error, sizeof(v->error),
				 "soft-vi: the guest EOIed INTID %llu, not the pending %u",
				 (unsigned long long)*value, vm->uirq.intid);
			return -1;
		}
		atomic_store(&vm->uirq.pending, 0);
		r = __vm_irq_line(vm, KVM_ARM_IRQ_TYPE_CPU, v->index, KVM_ARM_IRQ_CPU_IRQ, 0);
		if (r) {
			snprintf(v->error, sizeof(v->error),
				 "soft-vi: KVM_IRQ_LINE (CPU IRQ, lower) on EOI: %s", strerror(-r));
			return -1;
		}
		return 0;
	}
	snprintf(v->error, sizeof(v->error), "soft-vi: guest %s of uirq register 0x%llx",
		 is_write ? "write" : "read", (unsigned long long)offset);
	return -1;
}
