/* SPDX-License-Identifier: GPL-2.0 */
/* System registers, barriers and the counter. */
#ifndef AGENT_SYSREG_H
#define AGENT_SYSREG_H

#include <stdint.h>

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

/* Registers the assembler may not know by name, as S<op0>_<op1>_<Cn>_<Cm>_<op2>. */
#define ICC_PMR_EL1		S3_0_C4_C6_0
#define ICC_IAR1_EL1		S3_0_C12_C12_0
#define ICC_EOIR1_EL1		S3_0_C12_C12_1
#define ICC_BPR1_EL1		S3_0_C12_C12_3
#define ICC_CTLR_EL1		S3_0_C12_C12_4
#define ICC_SRE_EL1		S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1		S3_0_C12_C12_7
#define ICC_SGI1R_EL1		S3_0_C12_C11_5

#define read_sysreg(r) ({						\
	uint64_t __val;							\
	asm volatile("mrs %0, " __stringify(r) : "=r" (__val));		\
	__val;								\
})

#define write_sysreg(v, r)						\
	asm volatile("msr " __stringify(r) ", %x0" : : "rZ" ((uint64_t)(v)))

#define isb()		asm volatile("isb" : : : "memory")
#define dsb(opt)	asm volatile("dsb " #opt : : : "memory")
#define dmb(opt)	asm volatile("dmb " #opt : : : "memory")
#define wfi()		asm volatile("wfi" : : : "memory")
#define wfe()		asm volatile("wfe" : : : "memory")
#define sev()		asm volatile("sev" : : : "memory")

#define local_irq_enable()	asm volatile("msr daifclr, #2" : : : "memory")
#define local_irq_disable()	asm volatile("msr daifset, #2" : : : "memory")
#define local_daif_mask()	asm volatile("msr daifset, #0xf" : : : "memory")

/* The virtual counter, as every stamp in the ABI is taken. */
static inline uint64_t read_cntvct(void)
{
	uint64_t v;

	asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r" (v) : : "memory");
	return v;
}

/*
 * The cycle counter, read right after a CNTVCT stamp (whose isb orders
 * it too). Under KVM the read traps (MDCR_EL2.TPM) and KVM returns its
 * perf event's count, which excludes the host's time: guest cycles.
 */
static inline uint64_t read_pmccntr(void)
{
	return read_sysreg(pmccntr_el0);
}

/* Ticks per second; firmware (bench/ under KVM: the host) sets it. 0 would be a broken host. */
static inline uint64_t cntfrq(void)
{
	uint64_t f = read_sysreg(cntfrq_el0) & 0xffffffff;

	return f ? f : 1000000000;
}

/* CNTV_CTL_EL0 */
#define CNTV_CTL_ENABLE	(1ul << 0)
#define CNTV_CTL_IMASK	(1ul << 1)

/*
 * Stops the virtual timer and waits until the write has taken effect, so
 * that its output is low before an EOI deactivates its interrupt.
 */
static inline void vtimer_stop(void)
{
	asm volatile("msr cntv_ctl_el0, xzr\n\tisb" : : : "memory");
}

#define SCTLR_M		(1ul << 0)
#define SCTLR_C		(1ul << 2)
#define SCTLR_I		(1ul << 12)

static inline int mmu_is_on(void)
{
	return read_sysreg(sctlr_el1) & SCTLR_M;
}

#endif /* AGENT_SYSREG_H */
