// SPDX-License-Identifier: GPL-2.0
/*
 * The agent without bench/: under plain QEMU virt (gic-version=3, whose GICD
 * and GICR sit where abi.h puts them) this file plays bench/'s part. It
 * fills the boot block, runs the agent's own set-up, then pends the SPI
 * itself (GICD_ISPENDR) and checks every sample the agent publishes. Its
 * output and the agent's own (the control page's PUTC) both land on the
 * PL011; PSCI SYSTEM_OFF ends QEMU.
 *
 *   qemu-system-aarch64 -M virt,gic-version=3 -cpu max -m 256 -nographic \
 *           -nic none -no-reboot -kernel build/arm64/agent-selftest.elf
 *
 * With gic-version=2 (GICD and GICC also where abi.h has them) it drives the
 * agent's GICv2 driver instead: the CPU's ID_AA64PFR0_EL1.GIC tells which.
 *
 * With -smp 2..4 the other CPUs are started (PSCI CPU_ON at the image's
 * entry, as bench/ starts every vCPU there) before the agent's set-up, so
 * they go through head.S's gate and find their own redistributors.
 *
 * A word at SELFTEST_MODE_ADDR picks the test
 * (-device loader,addr=0x40fff000,data=N,data-len=4):
 *   0  CPU 0 takes the SPI: 16 times spinning, 16 times woken from WFI
 *   1  bad magic: the agent must report FAIL 1 (VQB_FAIL_BAD_ABI)
 *   2  BRK after set-up: the agent must report FAIL 4 (VQB_FAIL_EXCEPTION)
 *   3  the last CPU takes the SPI in the agent's own WFI idle loop (-smp >= 2)
 *   4  the same, in the agent's own busy loop
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "layout.h"
#include "mmu.h"

#define QEMU_VIRT_UART		0x09000000ul	/* PL011 data register */
_Static_assert(VQB_CTRL_BASE + VQB_CTRL_PUTC == QEMU_VIRT_UART,
	       "the agent's PUTC no longer lands on QEMU virt's UART");

#define SELFTEST_INTID		42		/* an SPI no QEMU virt device uses */
#define SELFTEST_MODE_ADDR	(VQB_RAM_BASE + VQB_RAM_SIZE - 0x1000)
#define NR_IRQS			32

#define PSCI_CPU_ON		0xc4000003ul
#define PSCI_SYSTEM_OFF		0x84000008ul

enum {
	MODE_LOCAL = 0,
	MODE_BAD_MAGIC = 1,
	MODE_BRK = 2,
	MODE_REMOTE_WFI = 3,
	MODE_REMOTE_BUSY = 4,
};

/* QEMU virt without EL2/EL3 takes PSCI calls on HVC. */
static int64_t psci(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 asm("x0") = fn;
	register uint64_t x1 asm("x1") = a1;
	register uint64_t x2 asm("x2") = a2;
	register uint64_t x3 asm("x3") = a3;

	asm volatile("hvc #0" : "+r" (x0) : "r" (x1), "r" (x2), "r" (x3) : "memory");
	return (int64_t)x0;
}

static void __attribute__((noreturn)) system_off(void)
{
	psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

#define st_fail(...) do {						\
	con_printf("SELFTEST FAIL: " __VA_ARGS__);			\
	con_putc('\n');							\
	system_off();							\
} while (0)

/* Starts CPUs 1.. at the image's entry, x0 = the shared page; returns how many CPUs there are. */
static unsigned int start_secondaries(struct vqb_shared *sh)
{
	unsigned int n;

	for (n = 1; n < VQB_MAX_VCPUS; n++)
		if (psci(PSCI_CPU_ON, n, VQB_AGENT_ENTRY, (uintptr_t)sh))
			break;
	return n;
}

/* bench/'s part before KVM_RUN, done here with the MMU still off. */
static void fill_boot(struct vqb_shared *sh, uint32_t mode)
{
	struct vqb_boot *b = &sh->boot;
	int remote = mode == MODE_REMOTE_WFI || mode == MODE_REMOTE_BUSY;

	*b = (struct vqb_boot){
		.magic = mode == MODE_BAD_MAGIC ? 0xdeadbeef : VQB_ABI_MAGIC,
		.version = VQB_ABI_VERSION,
		.gic_version = (read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf ? 3 : 2,
		.gicd_base = VQB_GICD_BASE,
		.gicc_base = VQB_GICC_BASE,
		.gicr_base = VQB_GICR_BASE,
		.ctrl_base = VQB_CTRL_BASE,
		.ram_base = VQB_RAM_BASE,
		.ram_size = VQB_RAM_SIZE,
		.path = VQB_PATH_LR_LINE,
		.state = mode == MODE_REMOTE_WFI ? VQB_STATE_WFI : VQB_STATE_BUSY,
		.intid = SELFTEST_INTID,
		.ring_entries = VQB_RING_ENTRIES,
	};
	sh->host_seq = 0;
	sh->guest_count = 0;
	sh->spurious = 0;
	sh->ready_mask = 0;
	sh->fail_code = 0;
	sh->msg[0] = '\0';
	b->nr_vcpus = start_secondaries(sh);
	b->target_vcpu = remote ? b->nr_vcpus - 1 : 0;
	/* The agent reads all this through the cache once its MMU is on. */
	dcache_clean_inval_poc((uintptr_t)sh, (uintptr_t)sh->ring - (uintptr_t)sh);
}

static uint64_t at_s1e1r(uintptr_t va)
{
	uint64_t par;

	asm volatile("at s1e1r, %1\n\tisb\n\tmrs %0, par_el1" : "=r" (par) : "r" (va) : "memory");
	return par;
}

/* The identity map, as the hardware walks it; attr < 0: must not be mapped. */
static void check_map(const char *what, uintptr_t va, int attr)
{
	uint64_t par = at_s1e1r(va);

	if (attr < 0) {
		if (!(par & 1))
			st_fail("%s (0x%lx) is mapped (PAR 0x%lx), expected no mapping", what, va, par);
		con_printf("  map %-18s 0x%08lx unmapped\n", what, va);
		return;
	}
	if (par & 1)
		st_fail("%s (0x%lx) does not translate (PAR 0x%lx)", what, va, par);
	if ((par & 0xfffffffff000ul) != (va & ~0xffful))
		st_fail("%s (0x%lx) maps to 0x%lx, not to itself", what, va, par & 0xfffffffff000ul);
	if ((int)(par >> 56) != attr)
		st_fail("%s (0x%lx): memory attributes 0x%lx, expected 0x%x", what, va, par >> 56, attr);
	if (attr == 0xff && ((par >> 7) & 3) != 3)
		st_fail("%s (0x%lx): not inner shareable (PAR 0x%lx)", what, va, par);
	con_printf("  map %-18s 0x%08lx -> attr 0x%02lx sh %lu\n", what, va, par >> 56,
		   (par >> 7) & 3);
}

static void check_mmu(const struct vqb_boot *b)
{
	uint64_t sctlr = read_sysreg(sctlr_el1);

	if ((sctlr & (SCTLR_M | SCTLR_C | SCTLR_I)) != (SCTLR_M | SCTLR_C | SCTLR_I))
		st_fail("SCTLR_EL1 0x%lx: MMU and caches not all on", sctlr);
	con_printf("  SCTLR_EL1 0x%lx TCR_EL1 0x%lx MAIR_EL1 0x%lx\n", sctlr,
		   read_sysreg(tcr_el1), read_sysreg(mair_el1));
	check_map("image", (uintptr_t)__image_start, 0xff);
	check_map("vqb_shared", VQB_SHARED_BASE, 0xff);
	check_map("private", AGENT_PRIV_BASE, 0xff);
	check_map("RAM last byte", b->ram_base + b->ram_size - 1, 0xff);
	check_map("GICD", b->gicd_base, 0x04);
	check_map(b->gic_version == 2 ? "GICC" : "GICR",
		  b->gic_version == 2 ? b->gicc_base : b->gicr_base, 0x04);
	check_map("control page", b->ctrl_base, 0x04);
	check_map("above RAM", b->ram_base + b->ram_size, -1);
}

struct range {
	uint64_t min, max, sum, n;
};

static void range_add(struct range *r, uint64_t v)
{
	if (!r->n++ || v < r->min)
		r->min = v;
	if (v > r->max)
		r->max = v;
	r->sum += v;
}

static void print_range(const char *name, const struct range *r)
{
	con_printf("  %-12s min %lu mean %lu max %lu ticks (%lu samples)\n", name, r->min,
		   r->sum / r->n, r->max, r->n);
}

/*
 * One interrupt: pend it, wait for the agent's sample, check it. When this
 * CPU is the target, @in_wfi waits in WFI with IRQs masked (WFI still wakes
 * on a pending one, so no wake-up is lost) and unmasks to take it.
 */
static void one_irq(struct agent_cpu *c, unsigned int i, int in_wfi, struct range *d)
{
	struct vqb_shared *sh = c->shared;
	const struct vqb_boot *b = c->boot;
	int local = b->target_vcpu == c->index;
	uint64_t seq = 1000 + i, before, t_pend, end;
	const struct vqb_sample *s;

	__atomic_store_n(&sh->host_seq, seq, __ATOMIC_RELEASE);
	before = __atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE);
	if (local && !in_wfi)
		local_irq_enable();
	t_pend = read_cntvct();
	c->gic->spi_set_pending(c, b->intid);
	end = t_pend + cntfrq();
	while (__atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE) == before &&
	       read_cntvct() < end) {
		if (local && in_wfi) {
			wfi();
			local_irq_enable();
			isb();
			local_irq_disable();
		}
	}
	local_irq_disable();

	if (__atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE) != before + 1)
		st_fail("interrupt %u: guest_count %lu after 1 s, expected %lu (spurious %lu)", i,
			sh->guest_count, before + 1, sh->spurious);
	s = &sh->ring[before % VQB_RING_ENTRIES];
	if (s->seq != seq || s->intid != b->intid || s->vcpu != b->target_vcpu)
		st_fail("interrupt %u: sample seq %lu intid %u vcpu %u, expected %lu %u %u", i,
			s->seq, s->intid, s->vcpu, seq, b->intid, b->target_vcpu);
	if (!(t_pend <= s->t_vector && s->t_vector <= s->t_ack && s->t_ack <= s->t_eoi))
		st_fail("interrupt %u: stamps out of order: pend %lu vector %lu ack %lu eoi %lu", i,
			t_pend, s->t_vector, s->t_ack, s->t_eoi);
	range_add(&d[0], s->t_vector - t_pend);
	range_add(&d[1], s->t_ack - s->t_vector);
	range_add(&d[2], s->t_eoi - s->t_ack);
	con_printf("  %2u vcpu%u %s seq %lu: vector-pend %lu ack-vector %lu eoi-ack %lu ticks\n",
		   i, s->vcpu, !local ? "agent" : in_wfi ? "wfi  " : "busy ", s->seq,
		   s->t_vector - t_pend, s->t_ack - s->t_vector, s->t_eoi - s->t_ack);
}

void agent_main(struct vqb_shared *shared, unsigned int index)
{
	struct vqb_shared *sh = (struct vqb_shared *)VQB_SHARED_BASE;
	uint32_t mode = *(volatile uint32_t *)SELFTEST_MODE_ADDR;
	struct range d[3] = { { 0 } };
	struct agent_cpu *c;
	unsigned int i, all;

	if (index != 0) {
		/* A CPU start_secondaries() started: the agent's own path. */
		c = agent_setup(shared, index);
		agent_ready(c);
		agent_idle(c);
	}

	/* QEMU enters CPU 0 with x0 = 0; bench/ would pass VQB_SHARED_BASE. */
	console_init(QEMU_VIRT_UART);
	con_printf("SELFTEST virqbench-agent, mode %u\n", mode);
	if (mode > MODE_REMOTE_BUSY)
		st_fail("unknown mode %u", mode);
	fill_boot(sh, mode);
	con_printf("SELFTEST GICv%u, %u CPU(s), target vcpu%u\n", sh->boot.gic_version,
		   sh->boot.nr_vcpus, sh->boot.target_vcpu);
	if ((mode == MODE_REMOTE_WFI || mode == MODE_REMOTE_BUSY) && sh->boot.nr_vcpus < 2)
		st_fail("mode %u needs -smp 2 or more", mode);

	if (mode == MODE_BAD_MAGIC)
		con_printf("SELFTEST expecting the agent to report FAIL %u next\n", VQB_FAIL_BAD_ABI);
	c = agent_setup(sh, 0);
	agent_ready(c);
	all = (1u << sh->boot.nr_vcpus) - 1;
	if (!wait_for((__atomic_load_n(&sh->ready_mask, __ATOMIC_ACQUIRE) & all) == all))
		st_fail("ready_mask 0x%x, expected 0x%x (fail_code %u: %s)", sh->ready_mask, all,
			sh->fail_code, sh->msg);
	if (sh->guest_count || sh->ring[0].t_vector)
		st_fail("guest_count %lu, ring[0].t_vector %lu after set-up: the warm-up shows",
			sh->guest_count, sh->ring[0].t_vector);
	con_printf("SELFTEST agent set up: %s, INTID %u, ready_mask 0x%x, CNTFRQ %lu Hz\n",
		   c->gic->name, c->boot->intid, sh->ready_mask, cntfrq());
	if (mode == MODE_BRK) {
		con_printf("SELFTEST expecting the agent to report FAIL %u next\n",
			   VQB_FAIL_EXCEPTION);
		asm volatile("brk #0x7a");
	}
	if (mode == MODE_BAD_MAGIC || mode == MODE_BRK)
		st_fail("mode %u did not fail as it should", mode);

	check_mmu(c->boot);
	for (i = 0; i < NR_IRQS; i++)
		one_irq(c, i, i >= NR_IRQS / 2, d);
	print_range("vector-pend", &d[0]);
	print_range("ack-vector", &d[1]);
	print_range("eoi-ack", &d[2]);
	if (sh->spurious)
		st_fail("%lu spurious interrupts", sh->spurious);
	if (sh->fail_code)
		st_fail("fail_code %u: %s", sh->fail_code, sh->msg);
	con_printf("SELFTEST PASS: %u interrupts to vcpu%u (%s), all samples in order\n", NR_IRQS,
		   c->boot->target_vcpu,
		   mode == MODE_LOCAL ? "16 spinning, 16 woken from WFI" :
		   mode == MODE_REMOTE_WFI ? "agent's WFI idle loop" : "agent's busy loop");
	system_off();
}
