// SPDX-License-Identifier: GPL-2.0
/*
 * Failure: the text goes to vqb_shared.msg, the code to vqb_shared.fail_code
 * and then to the control page's FAIL register (an exit, so bench/ notices at
 * once), and the vCPU stops with everything masked. Nothing fails silently.
 */
#include <stdarg.h>

#include "agent.h"
#include "mmio.h"
#include "mmu.h"

static const char *const vector_names[16] = {
	"sync (EL1t)", "IRQ (EL1t)", "FIQ (EL1t)", "SError (EL1t)",
	"sync (EL1h)", "IRQ (EL1h)", "FIQ (EL1h)", "SError (EL1h)",
	"sync (EL0, AArch64)", "IRQ (EL0, AArch64)", "FIQ (EL0, AArch64)", "SError (EL0, AArch64)",
	"sync (EL0, AArch32)", "IRQ (EL0, AArch32)", "FIQ (EL0, AArch32)", "SError (EL0, AArch32)",
};

static void __attribute__((noreturn)) halt(void)
{
	for (;;)
		wfi();
}

static int shared_usable(const struct vqb_shared *sh)
{
	return sh && !((uintptr_t)sh & 7);
}

/*
 * What agent_bad_exception() read, published with the failure (vector 0:
 * none). One for the agent: the first vCPU's exception is the cause.
 */
static struct {
	uint64_t esr, elr, far;
	uint32_t vector;
} fault;

void agent_fail(enum vqb_fail code, const char *fmt, ...)
{
	struct agent_cpu *c = this_cpu();
	struct vqb_shared *sh = c->shared;
	char msg[VQB_MSG_LEN];
	va_list ap;
	int n;

	local_daif_mask();
	if (c->failing++) {
		/* Failed while failing: the shared page may be what faulted. */
		mmio_write64(code, c->ctrl_base + VQB_CTRL_FAIL);
		halt();
	}

	n = fmt_buf(msg, sizeof(msg), "vcpu%u: ", c->index);
	va_start(ap, fmt);
	vfmt_buf(msg + n, sizeof(msg) - (unsigned long)n, fmt, ap);
	va_end(ap);

	if (shared_usable(sh)) {
		uintptr_t lo = (uintptr_t)&sh->guest_count, hi = (uintptr_t)(sh->msg + VQB_MSG_LEN);
		int mmu_off = !mmu_is_on();

		/*
		 * With the MMU off these stores bypass the caches, and bench/
		 * reads through a cacheable mapping: push out any dirty line
		 * first (ready_mask shares one), drop stale copies after.
		 */
		if (mmu_off)
			dcache_clean_inval_poc(lo, hi - lo);
		for (n = 0; n < (int)sizeof(msg); n++)
			sh->msg[n] = msg[n];
		sh->fault_esr = fault.esr;
		sh->fault_elr = fault.elr;
		sh->fault_far = fault.far;
		sh->fault_vector = fault.vector;
		__atomic_store_n(&sh->fail_code, (uint32_t)code, __ATOMIC_RELEASE);
		if (mmu_off)
			dcache_clean_inval_poc(lo, hi - lo);
	}
	con_printf("virqbench-agent: FAIL %u: %s\n", (unsigned int)code, msg);
	mmio_write64(code, c->ctrl_base + VQB_CTRL_FAIL);
	halt();
}

/* vectors.S: every vector but the EL1h IRQ one lands here. */
void agent_bad_exception(unsigned int vector)
{
	uint64_t esr = read_sysreg(esr_el1);

	/* Only the first: one failing while failing must not overwrite the cause. */
	if (!fault.vector && !this_cpu()->failing) {
		fault.esr = esr;
		fault.elr = read_sysreg(elr_el1);
		fault.far = read_sysreg(far_el1);
		fault.vector = (vector & 15) + 1;
	}
	agent_fail(VQB_FAIL_EXCEPTION,
		   "unexpected %s exception: ESR=0x%lx (EC 0x%lx) ELR=0x%lx FAR=0x%lx SPSR=0x%lx",
		   vector_names[vector & 15], esr, (esr >> 26) & 0x3f,
		   read_sysreg(elr_el1), read_sysreg(far_el1), read_sysreg(spsr_el1));
}

/*
 * An exception on purpose, in the middle of an interrupt: a load from an
 * address no page maps. The data abort goes the way of any unexpected
 * exception (vectors.S, agent_bad_exception()), so bench/'s fault test sees
 * exactly what a real one would give it.
 */
void agent_fault_now(void)
{
	(void)*(volatile uint64_t *)VQB_FAULT_VA;
	agent_fail(VQB_FAIL_EXCEPTION, "the load from 0x%llx did not fault",
		   (unsigned long long)VQB_FAULT_VA);
}

/*
 * A guest that stops answering mid-cell, on purpose: every exception
 * masked, the vCPU in WFI for ever. bench/ must time the next interrupt
 * out, keep all before it and go on with the run.
 */
void agent_hang(void)
{
	for (;;)
		__asm__ volatile("msr daifset, #0xf\n\twfi" ::: "memory");
}
