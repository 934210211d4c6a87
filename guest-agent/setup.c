// SPDX-License-Identifier: GPL-2.0
/*
 * From head.S to "taking interrupts". vCPU 0 checks the boot block, builds
 * the page tables and opens the gate head.S holds the other vCPUs at; every
 * vCPU then turns its MMU on, sets up its side of the GIC and then its part
 * of the injection path (path.h: target, sgi sender, or none). Until its MMU
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
#include "path.h"

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
_Static_assert(AGENT_ITS_BASE + AGENT_ITS_SIZE <= VQB_RAM_BASE + VQB_RAM_SIZE,
	       "the ITS tables run past RAM");
_Static_assert(sizeof(struct agent_cpu) <= 1024, "struct agent_cpu eats the stack");
_Static_assert(VQB_SHARED_BASE + sizeof(struct vqb_shared) <= VQB_PRIVATE_BASE,
	       "struct vqb_shared runs into the private area");
_Static_assert(VQB_SHARED_BASE >= VQB_AGENT_ENTRY + VQB_AGENT_MAX_SIZE,
	       "struct vqb_shared overlaps the image");

static void boot_check(struct agent_cpu *c)
{
	struct vqb_shared *sh = c->shared;
	const struct vqb_boot *b = &sh->boot;
	const struct path_ops *p;

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

	p = path_ops_of(b->path);
	if (!p)
		agent_fail(VQB_FAIL_UNSUPPORTED, "path %u: this agent (ABI %u) has no such path",
			   b->path, VQB_ABI_VERSION);
	if (b->gic_version >= 32 || !(p->gics & PATH_GIC(b->gic_version)))
		agent_fail(VQB_FAIL_UNSUPPORTED,
			   "path %s with gic_version %u: it runs with %s", path_name(b->path), b->gic_version,
			   p->gics == PATH_GIC(0) ? "0 (no GIC) only" :
			   p->gics == PATH_GIC(3) ? "3 (GICv3 with an ITS) only" : "2 or 3");
	c->path = p;
	c->gic = gic_find(b->gic_version);
	if (!c->gic)
		agent_fail(VQB_FAIL_UNSUPPORTED, "gic_version %u: this agent has no driver for it",
			   b->gic_version);
	if (p->check)
		p->check(b);
}

static int is_sender(const struct agent_cpu *c)
{
	return c->path->sender_setup && c->index == c->boot->sender_vcpu;
}

struct agent_cpu *agent_setup(struct vqb_shared *shared, unsigned int index)
{
	struct agent_cpu *c = this_cpu();

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

	c->gic->probe(c);
	if (is_target(c))
		c->gic->dist_init(c);
	c->gic->cpu_init(c);
	if (is_target(c)) {
		pmu_setup(c);
		c->path->setup(c);
		c->path->warm_up(c);
	} else if (is_sender(c)) {
		c->path->sender_setup(c);
	}
	return c;
}

void agent_ready(struct agent_cpu *c)
{
	const struct vqb_boot *b = c->boot;

	if (is_target(c))
		con_printf("virqbench-agent %s: vcpu%u of %u ready: %s, %s, INTID %u, %s\n",
			   VQB_VERSION, c->index, b->nr_vcpus, path_name(b->path), c->gic->name,
			   b->intid, b->state == VQB_STATE_WFI ? "wfi" : "busy");
	__atomic_fetch_or(&c->shared->ready_mask, 1u << c->index, __ATOMIC_RELEASE);
	mmio_write64(c->index, c->ctrl_base + VQB_CTRL_READY);
}

void agent_run(struct agent_cpu *c)
{
	if (is_target(c))
		c->path->run(c);
	if (is_sender(c))
		c->path->sender_run(c);
	/* Nothing is routed to the others; masked, WFI only parks them. */
	asm volatile("1:	wfi\n\tb	1b" : : : "memory");
	__builtin_unreachable();
}
