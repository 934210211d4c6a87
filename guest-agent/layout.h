/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The agent's private memory, at VQB_PRIVATE_BASE in guest RAM. Plain
 * numbers so that head.S can use them too (abi.h is C only); setup.c checks
 * them against abi.h at compile time.
 *
 *   +0x00_0000  page tables: one level-1 table, then level-2 tables
 *   +0x01_0000  per-vCPU blocks, AGENT_CPU_SIZE each, one for every vCPU
 *               index below AGENT_MAX_VCPUS and one spare that a vCPU with
 *               an unexpected MPIDR uses to report itself
 *                 +0x0000  struct agent_cpu (TPIDR_EL1 points here)
 *                 top      the vCPU's stack, growing down
 *   +0x10_0000  ITS tables (its.c): LPI property and pending tables, the
 *               ITS device and collection tables, the ITT, the command
 *               queue; AGENT_ITS_SIZE at most, used only by lr-msi/v4-direct
 */
#ifndef AGENT_LAYOUT_H
#define AGENT_LAYOUT_H

#define AGENT_IMAGE_BASE	0x40000000	/* VQB_AGENT_ENTRY; agent.ld has it too */
#define AGENT_IMAGE_MAX		0x00100000	/* VQB_AGENT_MAX_SIZE */
#define AGENT_PRIV_BASE		0x40400000	/* VQB_PRIVATE_BASE */
#define AGENT_MAX_VCPUS		4		/* VQB_MAX_VCPUS */

#define AGENT_PT_BASE		AGENT_PRIV_BASE
#define AGENT_PT_SIZE		0x10000
#define AGENT_CPU_BASE		(AGENT_PRIV_BASE + 0x10000)
#define AGENT_CPU_SHIFT		16
#define AGENT_CPU_SIZE		(1 << AGENT_CPU_SHIFT)
#define AGENT_CPU_SLOTS		(AGENT_MAX_VCPUS + 1)
#define AGENT_ITS_BASE		(AGENT_PRIV_BASE + 0x100000)
#define AGENT_ITS_SIZE		0x800000

#endif /* AGENT_LAYOUT_H */
