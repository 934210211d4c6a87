/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry, the image's first byte. bench/ starts every vCPU here at EL1h with
 * DAIF masked, the MMU off and x0 = struct vqb_shared *.
 */
#include "layout.h"

	.section .text.boot, "ax"
	.global	_start
_start:
	mov	x19, x0

	/*
	 * vCPU index = Aff1 * 16 + Aff0, the MPIDR KVM gives vCPU n. One
	 * that does not fit takes the spare block, and setup.c reports it.
	 */
	mrs	x1, mpidr_el1
	and	x2, x1, #0xff
	ubfx	x3, x1, #8, #8
	ubfx	x4, x1, #16, #8
	ubfx	x5, x1, #32, #8
	orr	x4, x4, x5
	add	x20, x2, x3, lsl #4
	cmp	x2, #15
	b.hi	1f
	cbnz	x4, 1f
	cmp	x20, #AGENT_MAX_VCPUS
	b.lo	2f
1:	mov	x20, #AGENT_MAX_VCPUS
2:
	/* This vCPU's block: struct agent_cpu at the bottom, stack at the top. */
	ldr	x1, =AGENT_CPU_BASE
	add	x1, x1, x20, lsl #AGENT_CPU_SHIFT
	msr	tpidr_el1, x1
	add	x1, x1, #AGENT_CPU_SIZE
	mov	sp, x1

	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	isb
	/*
	 * SErrors unmasked (reset masks them) now that the vectors are in: one
	 * kept pending would go unseen, and taken it is reported as any
	 * unexpected exception (agent_bad_exception()).
	 */
	msr	daifclr, #4

	cbnz	x20, 4f
	/* vCPU 0 clears .bss before any C runs; the others wait for it. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
3:	cmp	x1, x2
	b.hs	5f
	str	xzr, [x1], #8
	b	3b

	/* setup.c opens the gate once the shared state is built. */
4:	adrp	x1, agent_boot_gate
	add	x1, x1, :lo12:agent_boot_gate
6:	ldar	x2, [x1]
	cbnz	x2, 5f
	wfe
	b	6b

5:	mov	x0, x19
	mov	w1, w20
	bl	agent_main
7:	wfi
	b	7b
	.ltorg

	/* Its own cache line: read with the MMU off while vCPU 0 writes it. */
	.data
	.balign	64
	.global	agent_boot_gate
agent_boot_gate:
	.quad	0
	.balign	64

	.section .note.GNU-stack, "", %progbits
