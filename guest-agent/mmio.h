/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device accesses. Each is one plain ldr/str with a base register and no
 * writeback: under KVM an MMIO access that traps must carry a valid syndrome
 * (ISV), which load/store pair and writeback forms do not, and C code left to
 * the compiler may pick them.
 */
#ifndef AGENT_MMIO_H
#define AGENT_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v;

	asm volatile("ldr %w0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	uint64_t v;

	asm volatile("ldr %0, [%1]" : "=r" (v) : "r" (addr) : "memory");
	return v;
}

static inline void mmio_write32(uint32_t v, uintptr_t addr)
{
	asm volatile("str %w0, [%1]" : : "rZ" (v), "r" (addr) : "memory");
}

static inline void mmio_write64(uint64_t v, uintptr_t addr)
{
	asm volatile("str %x0, [%1]" : : "rZ" (v), "r" (addr) : "memory");
}

#endif /* AGENT_MMIO_H */
