// SPDX-License-Identifier: GPL-2.0
/*
 * From head.S to "taking interrupts". vCPU 0 checks the boot block, builds
 * the page tables and opens the gate head.S holds the other vCPUs at; every
 * vCPU then turns its MMU on and sets up its side of the GIC. Until its MMU
 * is on a vCPU writes nothing another vCPU reads later through the cache,
 * except what vCPU 0 writes before opening the gate (and invalidates).
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "irq.h"
#include "layout.h"
#include "mmio.h"
#include "mmu.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

/* layout.h (and so agent.ld and head.S) against abi.h. */
_Static_assert(AGENT_IMAGE_BASE == VQB_AGENT_ENTRY, "entry point");
_Static_assert(AGENT_IMAGE_MAX == VQB_AGENT_MAX_SIZE, "image size");
_Static_assert(AGENT_PRIV_BASE == VQB_PRIVATE_BASE, "private area");
_Static_assert(AGENT_MAX_VCPUS == VQB_MAX_VCPUS, "VQB_MAX_VCPUS");
_Static_assert(AGENT_CPU_BASE + AGENT_CPU_SLOTS * AGENT_CPU_SIZE <= AGENT_ITS_BASE,
	       "per-vCPU blocks overlap the ITS tables");
_Static_assert(sizeof(struct agent_cpu) <= 1024, "struct agent_cpu eats the stack");
_Static_assert(VQB_SHARED_BASE + sizeof(struct vqb_shared) <= VQB_PRIVATE_BASE,
	       "struct vqb_shared runs into the private area");
_Static_assert(VQB_SHARED_BASE >= VQB_AGENT_ENTRY + VQB_AGENT_MAX_SIZE,
	       "struct vqb_shared overlaps the image");

static void boot_check(struct agent_cpu *c)
{
	struct vqb_shared *sh = c->shared;
	const struct vqb_boot *b = &sh->boot;

	if (!sh || ((uintptr_t)sh & 63))
		agent_fail(VQB_FAIL_BAD_ABI, "x0 = %p at entry is not a struct vqb_shared", sh);
	if (b->magic != VQB_ABI_MAGIC || b->version != VQB_ABI_VERSION)
		agent_fail(VQB_FAIL_BAD_ABI,
			   "boot block at %p: magic 0x%x version %u, this agent wants 0x%x version %u",
			   b, b->magic, b->version, VQB_ABI_MAGIC, VQB_ABI_VERSION);
	c->boot = b;
	c->ctrl_base = b->ctrl_base;
	console_init(b->ctrl_base + VQB_CTRL_PUTC);

	if (b->ring_entries != VQB_RING_ENTRIES)
		agent_fail(VQB_FAIL_BAD_ABI, "ring_entries %u, this agent was built for %u",
			   b->ring_entries, VQB_RING_ENTRIES);
	if (!b->nr_vcpus || b->nr_vcpus > VQB_MAX_VCPUS)
		agent_fail(VQB_FAIL_BAD_ABI, "nr_vcpus %u (1..%u)", b->nr_vcpus, VQB_MAX_VCPUS);
	if (c->index >= b->nr_vcpus)
		agent_fail(VQB_FAIL_BAD_ABI,
			   "MPIDR 0x%lx is no vCPU below nr_vcpus %u (index = Aff1 * 16 + Aff0)",
			   c->mpidr, b->nr_vcpus);
	if (b->target_vcpu >= b->nr_vcpus)
		agent_fail(VQB_FAIL_BAD_ABI, "target_vcpu %u, nr_vcpus %u", b->target_vcpu,
			   b->nr_vcpus);
	if ((uintptr_t)sh < b->ram_base ||
	    (uintptr_t)sh + sizeof(*sh) > b->ram_base + b->ram_size)
		agent_fail(VQB_FAIL_BAD_ABI, "struct vqb_shared at %p is outside RAM", sh);
	if (b->state != VQB_STATE_BUSY && b->state != VQB_STATE_WFI)
		agent_fail(VQB_FAIL_UNSUPPORTED, "state %u", b->state);
	if (b->path != VQB_PATH_LR_LINE)
		agent_fail(VQB_FAIL_UNSUPPORTED, "path %u: this agent knows lr-line (%u) only",
			   b->path, VQB_PATH_LR_LINE);
	c->gic = gic_find(b->gic_version);
	if (!c->gic)
		agent_fail(VQB_FAIL_UNSUPPORTED, "gic_version %u: this agent drives GICv2 and GICv3",
			   b->gic_version);
}

/*
 * Under KVM the first touch of a page faults at stage 2 (and the first
 * execution of one again, for the lazy I-cache flush): the vector page, the
 * handler, each ring page. That must not happen on the first measured
 * interrupt, nor add exits to later ones. So the ring is touched page by page
 * and one interrupt taken through the real path, then forgotten; bench/
 * reads guest_count only once ready_mask says so. It also proves the
 * interrupt arrives at all before bench/ starts.
 */
static void irq_warm_up(struct agent_cpu *c)
{
	struct vqb_shared *sh = c->shared;
	uint64_t n = __atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE);
	unsigned int i;
	int taken;

	for (i = 0; i < VQB_RING_ENTRIES; i++)
		sh->ring[i] = (struct vqb_sample){ 0 };
	c->gic->spi_set_pending(c, c->boot->intid);
	local_irq_enable();
	taken = wait_for(__atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE) != n);
	local_irq_disable();
	if (!taken)
		agent_fail(VQB_FAIL_NO_IRQ,
			   "INTID %u, pended by the agent (%s), did not arrive within 1 s",
			   c->boot->intid, c->gic->name);
	sh->ring[n % VQB_RING_ENTRIES] = (struct vqb_sample){ 0 };
	__atomic_store_n(&sh->guest_count, n, __ATOMIC_RELEASE);
}

struct agent_cpu *agent_setup(struct vqb_shared *shared, unsigned int index)
{
	struct agent_cpu *c = this_cpu();
	const struct vqb_boot *b;

	*c = (struct agent_cpu){
		.shared = shared,
		.ctrl_base = VQB_CTRL_BASE,
		.mpidr = read_sysreg(mpidr_el1),
		.index = index,
	};

	if (index == 0) {
		boot_check(c);
		mmu_build(c->boot);
		dcache_clean_inval_poc((uintptr_t)__image_start,
				       (uintptr_t)__image_end - (uintptr_t)__image_start);
		__atomic_store_n(&agent_boot_gate, 1, __ATOMIC_RELEASE);
		dsb(sy);
		sev();
	}
	mmu_enable(c);
	if (index != 0)
		boot_check(c);
	b = c->boot;

	c->gic->probe(c);
	if (index == b->target_vcpu)
		c->gic->dist_init(c);
	c->gic->cpu_init(c);
	if (index == b->target_vcpu) {
		c->gic->spi_setup(c, b->intid);
		agent_irq_handler = c->gic->handle_irq;
		irq_warm_up(c);
	}
	return c;
}

void agent_ready(struct agent_cpu *c)
{
	const struct vqb_boot *b = c->boot;

	if (c->index == b->target_vcpu)
		con_printf("virqbench-agent %s: vcpu%u of %u ready: %s, INTID %u edge, %s\n",
			   VQB_VERSION, c->index, b->nr_vcpus, c->gic->name, b->intid,
			   b->state == VQB_STATE_WFI ? "wfi" : "busy");
	__atomic_fetch_or(&c->shared->ready_mask, 1u << c->index, __ATOMIC_RELEASE);
	mmio_write64(c->index, c->ctrl_base + VQB_CTRL_READY);
}

/* Loops in asm: one fixed PC for each, which is what exit traces show. */
void agent_idle(struct agent_cpu *c)
{
	/* Nothing is routed to the others; masked, WFI only parks them. */
	if (c->index != c->boot->target_vcpu)
		asm volatile("1:	wfi\n\tb	1b" : : : "memory");

	local_irq_enable();
	if (c->boot->state == VQB_STATE_WFI)
		asm volatile("1:	wfi\n\tb	1b" : : : "memory");
	asm volatile("1:	b	1b" : : : "memory");
	__builtin_unreachable();
}
