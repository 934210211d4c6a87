// SPDX-License-Identifier: GPL-2.0
/*
 * The agent without bench/: under plain QEMU virt (TCG, no KVM), whose GIC,
 * ITS and PL011 sit where abi.h puts the GIC, the ITS and the control
 * page's PUTC, this file plays bench/'s part with the agent's own code. It
 * fills the boot block, starts the agent, raises each interrupt the way the
 * path does and checks every sample the agent publishes. Its output and
 * the agent's own both land on the PL011; PSCI SYSTEM_OFF ends QEMU.
 *
 *   qemu-system-aarch64 -M virt,gic-version=3 -cpu max -smp 2 -m 256 -nographic \
 *           -nic none -no-reboot -kernel build/arm64/agent-selftest.elf \
 *           -device loader,addr=0x40fff000,data=6,data-len=4
 *
 * The CPU's ID_AA64PFR0_EL1.GIC tells GICv3 (gic-version=3, with its ITS)
 * from GICv2. CPUs 1.. are started (PSCI CPU_ON at the image's entry, as
 * bench/ starts every vCPU there) before the agent's set-up, so they go
 * through head.S's gate and find their own redistributors.
 *
 * Who plays bench/: for host-injected paths, CPU 0, which is also agent
 * vCPU 0 (the target in the "local" modes, taking interrupts in this file's
 * loop; else parked while it injects). For sgi and vtimer, vCPU 0 must run
 * the agent's own loop (the sender, or the timer's target), so bench/ is
 * the CPU after the last agent vCPU (nr_vcpus): it bumps `trigger` as
 * bench/ does and checks t_trigger too.
 *
 * How this file raises what the host would: lr-line and lr-irqfd,
 * GICD_ISPENDR; lr-msi and v4-direct, the ITS INT command (the guest
 * cannot send an MSI; the same LPI, the same redistributor delivery).
 * soft-vi needs a host to raise the vCPU's IRQ line, so its mode checks the
 * set-up alone: no GIC touched, the IRQ vector rehearsed against an "IAR"
 * that reads 1023 (QEMU's GICv2 GICC_IAR with nothing pending), ready.
 *
 * A word at SELFTEST_MODE_ADDR picks the mode (modes[] below):
 *   -device loader,addr=0x40fff000,data=N,data-len=4
 */
#include <stdint.h>

#include "agent.h"
#include "gic.h"
#include "its.h"
#include "layout.h"
#include "mmu.h"

#define QEMU_VIRT_UART		0x09000000ul	/* PL011 data register */
_Static_assert(VQB_CTRL_BASE + VQB_CTRL_PUTC == QEMU_VIRT_UART,
	       "the agent's PUTC no longer lands on QEMU virt's UART");

#define SELFTEST_SPI		42		/* an SPI no QEMU virt device uses */
#define SELFTEST_LPI		(LPI_INTID_BASE + 42)
#define SELFTEST_DEVID		0x21		/* more than one device table entry */
#define SELFTEST_EVENTID	5		/* a 3-bit ITT */
#define SELFTEST_SGI		3
#define SELFTEST_VTIMER_PPI	27		/* QEMU virt wires CNTV here, as KVM does */
#define SELFTEST_MODE_ADDR	(VQB_RAM_BASE + VQB_RAM_SIZE - 0x1000)
#define NR_IRQS			32
#define READY_SECS		5

#define PSCI_CPU_ON		0xc4000003ul
#define PSCI_SYSTEM_OFF		0x84000008ul

enum {
	MODE_LOCAL,
	MODE_BAD_MAGIC,
	MODE_BRK,
	MODE_REMOTE_WFI,
	MODE_REMOTE_BUSY,
	MODE_LPI_LOCAL,
	MODE_LPI_REMOTE_WFI,
	MODE_V4_REMOTE_BUSY,
	MODE_IRQFD_REMOTE_WFI,
	MODE_SGI_BUSY,
	MODE_SGI_WFI,
	MODE_VTIMER_BUSY,
	MODE_VTIMER_WFI,
	MODE_LPI_ON_V2,
	MODE_SOFTVI_SETUP,
	MODE_CYCLES_REMOTE_BUSY,
	NR_MODES
};

#define TARGET_LAST	(-1)

struct st_mode {
	const char *what;	/* for the PASS line */
	uint32_t path, state;
	/*
	 * 0: every CPU is an agent vCPU and CPU 0 also plays bench/.
	 * n: agent vCPUs 0..n-1; CPU n plays bench/ (needs -smp n+1).
	 */
	unsigned int agents;
	int target;		/* a vCPU index, or TARGET_LAST */
	unsigned int sender;	/* sgi */
	int fail;		/* the agent must report this enum vqb_fail instead */
};

static const struct st_mode modes[NR_MODES] = {
	[MODE_LOCAL] = { "lr-line, 16 spinning, 16 woken from WFI",
			 VQB_PATH_LR_LINE, VQB_STATE_BUSY, 0, 0, 0, 0 },
	[MODE_BAD_MAGIC] = { "bad magic", VQB_PATH_LR_LINE, VQB_STATE_BUSY, 0, 0, 0,
			     VQB_FAIL_BAD_ABI },
	[MODE_BRK] = { "BRK after set-up", VQB_PATH_LR_LINE, VQB_STATE_BUSY, 0, 0, 0,
		       VQB_FAIL_EXCEPTION },
	[MODE_REMOTE_WFI] = { "lr-line, agent's WFI idle loop",
			      VQB_PATH_LR_LINE, VQB_STATE_WFI, 0, TARGET_LAST, 0, 0 },
	[MODE_REMOTE_BUSY] = { "lr-line, agent's busy loop",
			       VQB_PATH_LR_LINE, VQB_STATE_BUSY, 0, TARGET_LAST, 0, 0 },
	[MODE_LPI_LOCAL] = { "lr-msi LPI via the ITS, 16 spinning, 16 woken from WFI",
			     VQB_PATH_LR_MSI, VQB_STATE_BUSY, 0, 0, 0, 0 },
	[MODE_LPI_REMOTE_WFI] = { "lr-msi LPI via the ITS, agent's WFI idle loop",
				  VQB_PATH_LR_MSI, VQB_STATE_WFI, 0, TARGET_LAST, 0, 0 },
	[MODE_V4_REMOTE_BUSY] = { "v4-direct LPI via the ITS, agent's busy loop",
				  VQB_PATH_V4_DIRECT, VQB_STATE_BUSY, 0, TARGET_LAST, 0, 0 },
	[MODE_IRQFD_REMOTE_WFI] = { "lr-irqfd, agent's WFI idle loop",
				    VQB_PATH_LR_IRQFD, VQB_STATE_WFI, 0, TARGET_LAST, 0, 0 },
	[MODE_SGI_BUSY] = { "sgi vcpu0 -> vcpu1, agent's busy loop",
			    VQB_PATH_SGI, VQB_STATE_BUSY, 2, 1, 0, 0 },
	[MODE_SGI_WFI] = { "sgi vcpu0 -> vcpu1, agent's WFI idle loop",
			   VQB_PATH_SGI, VQB_STATE_WFI, 2, 1, 0, 0 },
	[MODE_VTIMER_BUSY] = { "vtimer on vcpu0, agent's busy loop",
			       VQB_PATH_VTIMER, VQB_STATE_BUSY, 1, 0, 0, 0 },
	[MODE_VTIMER_WFI] = { "vtimer on vcpu1, agent's WFI loop",
			      VQB_PATH_VTIMER, VQB_STATE_WFI, 2, 1, 0, 0 },
	[MODE_LPI_ON_V2] = { "lr-msi without a GICv3", VQB_PATH_LR_MSI, VQB_STATE_BUSY, 0, 0, 0,
			     VQB_FAIL_UNSUPPORTED },
	[MODE_SOFTVI_SETUP] = { "soft-vi set-up only", VQB_PATH_SOFT_VI, VQB_STATE_WFI, 0, 0, 0,
				0 },
	/* boot.guest_cycles: QEMU's own PMU here (no KVM, so no trap): the stamps and their order. */
	[MODE_CYCLES_REMOTE_BUSY] = { "lr-line with cycle stamps, agent's busy loop",
				      VQB_PATH_LR_LINE, VQB_STATE_BUSY, 0, TARGET_LAST, 0, 0 },
};

/* soft-vi's "irqchip" here: the IAR of QEMU's GICv2 CPU interface, which the agent leaves off. */
#define SELFTEST_UIRQ_BASE	(VQB_GICC_BASE + 0x0c)

static int guest_raised(uint32_t path)
{
	return path == VQB_PATH_SGI || path == VQB_PATH_VTIMER;
}

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

static void __attribute__((noreturn)) park(void)
{
	for (;;)
		wfi();
}

#define st_fail(...) do {						\
	con_printf("SELFTEST FAIL: " __VA_ARGS__);			\
	con_putc('\n');							\
	system_off();							\
} while (0)

static uint32_t read_mode(void)
{
	return *(volatile uint32_t *)SELFTEST_MODE_ADDR;
}

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
	const struct st_mode *m = &modes[mode];
	struct vqb_boot *b = &sh->boot;
	unsigned int gic = (read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf ? 3 : 2, cpus;
	int soft = m->path == VQB_PATH_SOFT_VI;
	uint32_t intid = m->path == VQB_PATH_LR_MSI || m->path == VQB_PATH_V4_DIRECT ? SELFTEST_LPI :
			 m->path == VQB_PATH_SGI ? SELFTEST_SGI :
			 m->path == VQB_PATH_VTIMER ? SELFTEST_VTIMER_PPI : SELFTEST_SPI;

	*b = (struct vqb_boot){
		.magic = mode == MODE_BAD_MAGIC ? 0xdeadbeef : VQB_ABI_MAGIC,
		.version = VQB_ABI_VERSION,
		.gic_version = soft ? 0 : gic,
		.gicd_base = soft ? 0 : VQB_GICD_BASE,
		.gicc_base = soft ? 0 : VQB_GICC_BASE,
		.gicr_base = soft ? 0 : VQB_GICR_BASE,
		.its_base = !soft && gic == 3 ? VQB_ITS_BASE : 0,	/* QEMU's GICv2 has none */
		.uirq_base = soft ? SELFTEST_UIRQ_BASE : 0,
		.ctrl_base = VQB_CTRL_BASE,
		.ram_base = VQB_RAM_BASE,
		.ram_size = VQB_RAM_SIZE,
		.path = m->path,
		.state = m->state,
		.intid = intid,
		.ring_entries = VQB_RING_ENTRIES,
		.sender_vcpu = m->sender,
		.its_devid = SELFTEST_DEVID,
		.its_eventid = SELFTEST_EVENTID,
		.timer_delay = cntfrq() / 10000,	/* 100 us */
		.guest_cycles = mode == MODE_CYCLES_REMOTE_BUSY,
	};
	sh->host_seq = 0;
	sh->trigger = 0;
	sh->guest_count = 0;
	sh->spurious = 0;
	sh->ready_mask = 0;
	sh->fail_code = 0;
	sh->msg[0] = '\0';
	cpus = start_secondaries(sh);
	if (m->agents && cpus < m->agents + 1)
		st_fail("mode %u needs -smp %u (one CPU plays bench/), QEMU has %u", mode,
			m->agents + 1, cpus);
	b->nr_vcpus = m->agents ? m->agents : cpus;
	b->target_vcpu = m->target == TARGET_LAST ? b->nr_vcpus - 1 : (uint32_t)m->target;
	if (m->target == TARGET_LAST && b->nr_vcpus < 2)
		st_fail("mode %u needs -smp 2 or more", mode);
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
	check_map("ITS tables", AGENT_ITS_BASE, 0xff);
	check_map("RAM last byte", b->ram_base + b->ram_size - 1, 0xff);
	if (b->gic_version) {
		check_map("GICD", b->gicd_base, 0x04);
		check_map(b->gic_version == 2 ? "GICC" : "GICR",
			  b->gic_version == 2 ? b->gicc_base : b->gicr_base, 0x04);
	} else {
		check_map("uirq", b->uirq_base, 0x04);
	}
	if (b->its_base)
		check_map("ITS", b->its_base, 0x04);
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
	if (r->n)
		con_printf("  %-14s min %lu mean %lu max %lu ticks (%lu samples)\n", name, r->min,
			   r->sum / r->n, r->max, r->n);
}

/* What the host would do for interrupt @seq of a host-injected path, or bench/ for the others. */
static void raise(struct agent_cpu *c, uint64_t seq)
{
	const struct vqb_boot *b = c->boot;

	switch (b->path) {
	case VQB_PATH_LR_MSI:
	case VQB_PATH_V4_DIRECT:
		its_int(b->its_devid, b->its_eventid);
		break;
	case VQB_PATH_SGI:
	case VQB_PATH_VTIMER:
		__atomic_store_n(&c->shared->trigger, seq + 1, __ATOMIC_RELEASE);
		break;
	default:
		c->gic->spi_set_pending(c, b->intid);
	}
}

enum { D_VECTOR_RAISE, D_VECTOR_TRIGGER, D_ACK_VECTOR, D_EOI_ACK, NR_D };

/* With boot.guest_cycles, c_* are set, in order, and past the last sample's; else all 0. */
static void check_cycles(const struct vqb_boot *b, const struct vqb_sample *s, unsigned int i)
{
	static uint64_t last;

	if (!b->guest_cycles) {
		if (s->c_vector || s->c_ack || s->c_eoi)
			st_fail("interrupt %u: cycle stamps %lu %lu %lu without boot.guest_cycles", i,
				s->c_vector, s->c_ack, s->c_eoi);
		return;
	}
	if (!(s->c_vector && s->c_vector <= s->c_ack && s->c_ack <= s->c_eoi && s->c_vector > last))
		st_fail("interrupt %u: cycle stamps out of order: vector %lu ack %lu eoi %lu (last eoi %lu)",
			i, s->c_vector, s->c_ack, s->c_eoi, last);
	last = s->c_eoi;
	con_printf("  %2u cycles: ack-vector %lu eoi-ack %lu\n", i, s->c_ack - s->c_vector,
		   s->c_eoi - s->c_ack);
}

/*
 * One interrupt: raise it, wait for the agent's sample, check it. When this
 * CPU is the target, @in_wfi waits in WFI with IRQs masked (WFI still wakes
 * on a pending one, so no wake-up is lost) and unmasks to take it.
 */
static void one_irq(struct agent_cpu *c, unsigned int i, int in_wfi, struct range *d)
{
	struct vqb_shared *sh = c->shared;
	const struct vqb_boot *b = c->boot;
	int local = b->target_vcpu == c->index, guest = guest_raised(b->path);
	uint64_t seq = 1000 + i, before, t_raise, end, trig_min, trig_max;
	const struct vqb_sample *s;

	__atomic_store_n(&sh->host_seq, seq, __ATOMIC_RELEASE);
	before = __atomic_load_n(&sh->guest_count, __ATOMIC_ACQUIRE);
	if (local && !in_wfi)
		local_irq_enable();
	t_raise = read_cntvct();
	raise(c, seq);
	end = t_raise + cntfrq();
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
		st_fail("interrupt %u: guest_count %lu after 1 s, expected %lu (spurious %lu, fail_code %u: %s)",
			i, sh->guest_count, before + 1, sh->spurious, sh->fail_code, sh->msg);
	s = &sh->ring[before % VQB_RING_ENTRIES];
	if (s->seq != seq || s->intid != b->intid || s->vcpu != b->target_vcpu)
		st_fail("interrupt %u: sample seq %lu intid %u vcpu %u, expected %lu %u %u", i,
			s->seq, s->intid, s->vcpu, seq, b->intid, b->target_vcpu);
	if (!(t_raise <= s->t_vector && s->t_vector <= s->t_ack && s->t_ack <= s->t_eoi))
		st_fail("interrupt %u: stamps out of order: raise %lu vector %lu ack %lu eoi %lu", i,
			t_raise, s->t_vector, s->t_ack, s->t_eoi);
	/* sgi: the sender's stamp after our trigger; vtimer: CVAL = its now + timer_delay. */
	trig_min = t_raise + (b->path == VQB_PATH_VTIMER ? b->timer_delay : 0);
	trig_max = s->t_vector;
	if (guest && !(trig_min <= s->t_trigger && s->t_trigger <= trig_max))
		st_fail("interrupt %u: t_trigger %lu not in %lu..%lu (raise %lu)", i, s->t_trigger,
			trig_min, trig_max, t_raise);
	if (!guest && s->t_trigger)
		st_fail("interrupt %u: t_trigger %lu on a host-injected path", i, s->t_trigger);
	check_cycles(b, s, i);

	range_add(&d[D_VECTOR_RAISE], s->t_vector - t_raise);
	if (guest)
		range_add(&d[D_VECTOR_TRIGGER], s->t_vector - s->t_trigger);
	range_add(&d[D_ACK_VECTOR], s->t_ack - s->t_vector);
	range_add(&d[D_EOI_ACK], s->t_eoi - s->t_ack);
	con_printf("  %2u vcpu%u %s seq %lu: vector-raise %lu%s%lu ack-vector %lu eoi-ack %lu ticks\n",
		   i, s->vcpu, !local ? "agent" : in_wfi ? "wfi  " : "busy ", s->seq,
		   s->t_vector - t_raise, guest ? " vector-trigger " : "",
		   guest ? s->t_vector - s->t_trigger : 0, s->t_ack - s->t_vector, s->t_eoi - s->t_ack);
}

/* bench/'s part once the agent runs: wait for ready, NR_IRQS interrupts, verdict. */
static void __attribute__((noreturn)) play_bench(struct agent_cpu *c, uint32_t mode)
{
	const struct st_mode *m = &modes[mode];
	struct vqb_shared *sh = c->shared;
	struct range d[NR_D] = { { 0 } };
	unsigned int i, all = (1u << sh->boot.nr_vcpus) - 1;
	int local = sh->boot.target_vcpu == c->index;

	if (!wait_for_secs((__atomic_load_n(&sh->ready_mask, __ATOMIC_ACQUIRE) & all) == all,
			   READY_SECS))
		st_fail("ready_mask 0x%x, expected 0x%x (fail_code %u: %s)", sh->ready_mask, all,
			sh->fail_code, sh->msg);
	if (sh->guest_count || sh->ring[0].t_vector)
		st_fail("guest_count %lu, ring[0].t_vector %lu after set-up: the warm-up shows",
			sh->guest_count, sh->ring[0].t_vector);
	if (sh->spurious)
		st_fail("%lu spurious interrupts during set-up", sh->spurious);
	if (sh->boot.guest_cycles && !(sh->cycle_cal_t1 > sh->cycle_cal_t0 &&
				       sh->cycle_cal_c1 > sh->cycle_cal_c0))
		st_fail("boot.guest_cycles: no calibration (t %lu..%lu, cycles %lu..%lu)",
			sh->cycle_cal_t0, sh->cycle_cal_t1, sh->cycle_cal_c0, sh->cycle_cal_c1);
	if (sh->boot.guest_cycles)
		con_printf("SELFTEST cycle counter: %lu cycles in %lu ticks, a stamp %lu cycles\n",
			   sh->cycle_cal_c1 - sh->cycle_cal_c0, sh->cycle_cal_t1 - sh->cycle_cal_t0,
			   sh->cycle_stamp_cost);
	con_printf("SELFTEST agent set up: %s, INTID %u, ready_mask 0x%x, bench/ on cpu%u, CNTFRQ %lu Hz\n",
		   c->gic->name, sh->boot.intid, sh->ready_mask, c->index, cntfrq());
	if (mode == MODE_BRK) {
		con_printf("SELFTEST expecting the agent to report FAIL %u next\n",
			   VQB_FAIL_EXCEPTION);
		asm volatile("brk #0x7a");
	}
	if (m->fail)
		st_fail("mode %u did not fail as it should", mode);

	check_mmu(c->boot);
	if (sh->boot.path == VQB_PATH_SOFT_VI) {
		con_printf("SELFTEST PASS: soft-vi set up without a GIC, IRQ vector rehearsed (%s); "
			   "its interrupts need a host to raise the vCPU's IRQ line\n", m->what);
		system_off();
	}
	for (i = 0; i < NR_IRQS; i++)
		one_irq(c, i, local && i >= NR_IRQS / 2, d);
	print_range("vector-raise", &d[D_VECTOR_RAISE]);
	print_range("vector-trigger", &d[D_VECTOR_TRIGGER]);
	print_range("ack-vector", &d[D_ACK_VECTOR]);
	print_range("eoi-ack", &d[D_EOI_ACK]);
	if (sh->spurious)
		st_fail("%lu spurious interrupts", sh->spurious);
	if (sh->fail_code)
		st_fail("fail_code %u: %s", sh->fail_code, sh->msg);
	con_printf("SELFTEST PASS: %u interrupts to vcpu%u (%s, %s), all samples in order\n",
		   NR_IRQS, sh->boot.target_vcpu, m->what, c->gic->name);
	system_off();
}

/* The CPU after the last agent vCPU: no agent_setup(), just the MMU, then bench/'s part. */
static void __attribute__((noreturn)) bench_cpu(struct vqb_shared *sh, unsigned int index,
					       uint32_t mode)
{
	struct agent_cpu *c = this_cpu();

	*c = (struct agent_cpu){
		.shared = sh,
		.boot = &sh->boot,
		.ctrl_base = VQB_CTRL_BASE,
		.mpidr = read_sysreg(mpidr_el1),
		.index = index,
	};
	mmu_enable(c);
	c->gic = gic_find(sh->boot.gic_version);
	play_bench(c, mode);
}

void agent_main(struct vqb_shared *shared, unsigned int index)
{
	struct vqb_shared *sh = (struct vqb_shared *)VQB_SHARED_BASE;
	uint32_t mode = read_mode();
	struct agent_cpu *c;

	if (index != 0) {
		/* A CPU start_secondaries() started: bench/, an agent vCPU, or a spare. */
		if (modes[mode].agents && index == modes[mode].agents)
			bench_cpu(shared, index, mode);
		if (index >= shared->boot.nr_vcpus)
			park();
		c = agent_setup(shared, index);
		agent_ready(c);
		agent_run(c);
	}

	/* QEMU enters CPU 0 with x0 = 0; bench/ would pass VQB_SHARED_BASE. */
	console_init(QEMU_VIRT_UART);
	con_printf("SELFTEST virqbench-agent, mode %u\n", mode);
	if (mode >= NR_MODES)
		st_fail("unknown mode %u", mode);
	fill_boot(sh, mode);
	con_printf("SELFTEST %s: GICv%u, %u vCPU(s), target vcpu%u\n", modes[mode].what,
		   sh->boot.gic_version, sh->boot.nr_vcpus, sh->boot.target_vcpu);
	if (modes[mode].fail && mode != MODE_BRK)
		con_printf("SELFTEST expecting the agent to report FAIL %u next\n", modes[mode].fail);

	c = agent_setup(sh, 0);
	agent_ready(c);
	if (modes[mode].agents)
		agent_run(c);	/* bench/ is another CPU */
	play_bench(c, mode);
}
