// SPDX-License-Identifier: GPL-2.0
#include "agent.h"
#include "irq.h"

static void irq_before_setup(uint64_t t_vector, uint64_t c_vector)
{
	(void)c_vector;
	agent_fail(VQB_FAIL_EXCEPTION, "IRQ taken before the interrupt path was set up (counter %lu)",
		   t_vector);
}

void (*agent_irq_handler)(uint64_t t_vector, uint64_t c_vector) = irq_before_setup;

struct trigger_slot agent_trigger;
