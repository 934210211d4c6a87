// SPDX-License-Identifier: GPL-2.0
/* The agent bench/ runs. selftest/selftest.c has its own agent_main(). */
#include "agent.h"

void agent_main(struct vqb_shared *shared, unsigned int index)
{
	struct agent_cpu *c = agent_setup(shared, index);

	agent_ready(c);
	agent_run(c);
}
