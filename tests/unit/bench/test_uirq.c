// SPDX-License-Identifier: GPL-2.0
/*
 * uirq.c: soft-vi's user-space irqchip, with KVM_IRQ_LINE replaced by a
 * recorder (__vm_irq_line is the one ioctl it makes).
 */
#include <errno.h>
#include <string.h>

#include "bt.h"
#include "uirq.h"

static struct {
	int calls, fail;
	uint32_t type, vcpu, num;
	int level;
} line;

int __vm_irq_line(struct vm *vm, uint32_t type, uint32_t vcpu, uint32_t num, int level)
{
	line.calls++;
	line.type = type;
	line.vcpu = vcpu;
	line.num = num;
	line.level = level;
	return line.fail;
}

void test_uirq(void)
{
	static struct vm vm;
	struct vcpu *v = &vm.vcpus[1];
	uint64_t value = 0;

	v->vm = &vm;
	v->index = 1;
	uirq_init(&vm, 33);
	CHECK(vm.uirq.enabled);

	/* nothing pending: the spurious INTID */
	CHECK_INT(uirq_access(v, VQB_UIRQ_IAR, 0, &value), 0);
	CHECK_INT(value, 1023);

	/* raise: the CPU IRQ line of that vCPU goes high, IAR names the INTID */
	CHECK_INT(uirq_raise(&vm, 1), 0);
	CHECK(line.calls == 1 && line.level == 1 && line.vcpu == 1);
	CHECK_INT(line.type, KVM_ARM_IRQ_TYPE_CPU);
	CHECK_INT(line.num, KVM_ARM_IRQ_CPU_IRQ);
	CHECK_INT(uirq_access(v, VQB_UIRQ_IAR, 0, &value), 0);
	CHECK_INT(value, 33);
	CHECK_INT(uirq_access(v, VQB_UIRQ_IAR, 0, &value), 0);
	CHECK_INT(value, 33);	/* an IAR read acks nothing: EOI does */

	/* EOI of another INTID: an error, the line stays high */
	value = 34;
	CHECK_INT(uirq_access(v, VQB_UIRQ_EOIR, 1, &value), -1);
	CHECK_STR(v->error, "soft-vi: the guest EOIed INTID 34, not the pending 33");
	CHECK_INT(line.calls, 1);

	/* EOI: the line is lowered on the EOIing vCPU, nothing pending after */
	value = 33;
	CHECK_INT(uirq_access(v, VQB_UIRQ_EOIR, 1, &value), 0);
	CHECK(line.calls == 2 && line.level == 0 && line.vcpu == 1);
	CHECK_INT(uirq_access(v, VQB_UIRQ_IAR, 0, &value), 0);
	CHECK_INT(value, 1023);

	/* the wrong direction, or a register that is not there */
	CHECK_INT(uirq_access(v, VQB_UIRQ_IAR, 1, &value), -1);
	CHECK_STR(v->error, "soft-vi: guest write of uirq register 0x0");
	CHECK_INT(uirq_access(v, VQB_UIRQ_EOIR, 0, &value), -1);
	CHECK_STR(v->error, "soft-vi: guest read of uirq register 0x8");
	CHECK_INT(uirq_access(v, 0x10, 0, &value), -1);
	CHECK_STR(v->error, "soft-vi: guest read of uirq register 0x10");

	/* lowering fails: said, with the ioctl's error */
	CHECK_INT(uirq_raise(&vm, 1), 0);
	line.fail = -EINVAL;
	value = 33;
	CHECK_INT(uirq_access(v, VQB_UIRQ_EOIR, 1, &value), -1);
	CHECK_STR(v->error, "soft-vi: KVM_IRQ_LINE (CPU IRQ, lower) on EOI: Invalid argument");
	line.fail = 0;
}
