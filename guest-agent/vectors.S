/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VBAR_EL1 table. The one vector the agent expects is IRQ at EL1 on SP_EL1;
 * every other one is a failure that agent_bad_exception() reports.
 *
 * t_vector is stamped here, in asm at vector entry, after saving one pair of
 * registers to have a scratch one: earlier than any C prologue could, and
 * the same instructions whatever the compiler does. It is passed to the GIC
 * driver's handler as its argument.
 */

#define IRQ_FRAME	160	/* x0-x18, x30 */

	.macro	bad_vector nr
	.balign	128
	mov	x0, #\nr
	b	bad_exception
	.endm

/*
 * Two tables that differ in the IRQ entry alone. vectors_cycles (boot.
 * guest_cycles, pmu.c switches VBAR_EL1 to it) also reads PMCCNTR_EL0 into
 * x1, the handler's second argument, right after t_vector; the plain one
 * leaves x1 as it was, and its handlers ignore it: not one instruction
 * more on the path the CNTVCT stages measure.
 */
	.macro	vector_table name, cycles
	.balign	2048
	.global	\name
\name:
	bad_vector	0	/* EL1t: sync, IRQ, FIQ, SError */
	bad_vector	1
	bad_vector	2
	bad_vector	3
	bad_vector	4	/* EL1h: sync */

	.balign	128		/* EL1h: IRQ */
	sub	sp, sp, #IRQ_FRAME
	stp	x0, x1, [sp]
	isb
	mrs	x0, cntvct_el0
	.if	\cycles
	mrs	x1, pmccntr_el0
	.endif
	b	el1h_irq

	bad_vector	6	/* EL1h: FIQ, SError */
	bad_vector	7
	bad_vector	8	/* EL0 AArch64 */
	bad_vector	9
	bad_vector	10
	bad_vector	11
	bad_vector	12	/* EL0 AArch32 */
	bad_vector	13
	bad_vector	14
	bad_vector	15
	.endm

	.text
	vector_table	vectors, 0
	vector_table	vectors_cycles, 1

/*
 * Saves what C may clobber and calls agent_irq_handler(t_vector, c_vector).
 * No nesting: IRQs stay masked.
 */
el1h_irq:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x30, [sp, #144]
	/* x16, not x1: x1 carries c_vector from vectors_cycles. */
	adrp	x16, agent_irq_handler
	ldr	x16, [x16, :lo12:agent_irq_handler]
	blr	x16
	ldp	x18, x30, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp]
	add	sp, sp, #IRQ_FRAME
	eret

bad_exception:
	bl	agent_bad_exception
1:	b	1b

	.section .note.GNU-stack, "", %progbits
