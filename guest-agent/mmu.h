/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The identity map. With the MMU off every data access is Device (so
 * uncached), while bench/ reads the shared page through a cacheable mapping:
 * on real hardware it could see stale data. The agent therefore runs with
 * the MMU on, RAM Normal write-back inner-shareable and the devices below it
 * Device-nGnRE.
 */
#ifndef AGENT_MMU_H
#define AGENT_MMU_H

#include <stdint.h>
#include <virqbench/abi.h>

struct agent_cpu;

/* vCPU 0, MMU off: builds the tables for the RAM and devices @b describes. */
void mmu_build(const struct vqb_boot *b);
/* Every vCPU: turns its MMU and caches on with those tables. */
void mmu_enable(struct agent_cpu *c);
/*
 * Cleans and invalidates a range to the point of coherency: after writing it
 * with the MMU off, so that no stale line hides those writes from a
 * cacheable reader. Clean as well as invalidate, because under KVM with
 * FEAT_S2FWB the "uncached" writes were in fact cached.
 */
void dcache_clean_inval_poc(uintptr_t start, uintptr_t size);

#endif /* AGENT_MMU_H */
