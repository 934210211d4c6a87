// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "inject.h"

/*
 * lr-line: KVM_IRQ_LINE on an SPI of the in-kernel vGIC, which queues it
 * and kicks the target vCPU; KVM puts it in a list register on entry. The
 * agent configures the SPI edge-triggered, so each rising edge is one
 * interrupt; settle() lowers the line again between interrupts, which also
 * keeps the next edge valid if a guest left it level-sensitive.
 */
static int lr_line_fire(struct inject_ctx *ctx)
{
	return __vm_irq_line(ctx->vm, KVM_ARM_IRQ_TYPE_SPI, 0, ctx->intid, 1);
}

static int lr_line_settle(struct inject_ctx *ctx)
{
	return __vm_irq_line(ctx->vm, KVM_ARM_IRQ_TYPE_SPI, 0, ctx->intid, 0);
}

static const struct inject_method methods[] = {
	{
		.name = "lr-line",
		.path = VQB_PATH_LR_LINE,
		.default_intid = 64,
		.fire = lr_line_fire,
		.settle = lr_line_settle,
		.fire_call = "KVM_IRQ_LINE (SPI)",
	},
};

const struct inject_method *inject_find(const char *name)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!strcmp(methods[i].name, name))
			return &methods[i];
	return NULL;
}

const char *inject_names(void)
{
	static char buf[256];

	if (!buf[0])
		for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
			if (i)
				strcat(buf, ", ");
			strcat(buf, methods[i].name);
		}
	return buf;
}
