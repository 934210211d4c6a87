// SPDX-License-Identifier: GPL-2.0
/*
 * Host-native tests of virqtrace's pure parts: trace.tsv rows, exit
 * classes, vCPU thread names, the JSON writer, and trace mode's
 * aggregation fed with recorded event streams (in order, out of order,
 * with missing and unmatched events). `make bpf-unit` runs them, on the
 * shared checks of tests/unit/check.h; the rows themselves are lib/'s and
 * tested with it (tests/unit/test_trace_row.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "diag.h"
#include "json.h"
#include "opts.h"
#include "record.h"
#include "summary_out.h"
#include "trace_replay.h"
#include "trace_summary.h"
#include "util.h"
#include "vmm_proc.h"

/* ----- recorded events ----- */

#define INJ_TID		100	/* the VMM's injector thread */
#define VCPU0_TID	200
#define VCPU1_TID	201
#define KWORKER_TID	50

static struct vqt_event ev(unsigned long long ts, unsigned int tid,
			   unsigned int cpu, unsigned int type,
			   unsigned long long a0, unsigned long long a1,
			   unsigned long long a2, unsigned long long a3)
{
	struct vqt_event e = {
		.ts_ns = ts, .args = { a0, a1, a2, a3 },
		.tid = tid, .cpu = cpu, .type = type,
	};

	return e;
}

/* kvm_exit's exception codes and the ECs used below */
#define EXC_IRQ		0
#define EXC_TRAP	2
#define EC_WFX		0x01
#define EC_DABT_LOW	0x24

static void feed(struct summary *s, const struct vqt_event *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		summary_add(s, &v[i]);
}

/* A fresh summary that knows VCPU0_TID by name, fed v[0..n) and drained. */
static void feed_vcpu0(struct summary *s, const char *name, const struct vqt_event *v,
		       size_t n)
{
	summary_init(s);
	summary_set_thread(s, VCPU0_TID, 0, name);
	feed(s, v, n);
	summary_drain(s);
}

static void two_vcpus(struct summary *s)
{
	summary_init(s);
	summary_set_thread(s, VCPU0_TID, 0, "vqb-vcpu0");
	summary_set_thread(s, VCPU1_TID, 1, "vqb-vcpu1");
}

/* ----- tests ----- */

/* A ring-buffer record becomes the row lib/trace_row.h writes, and back. */
static void test_rows(void)
{
	struct vqt_event e = ev(1234567890, 812, 1, VQT_EV_EXIT, 2, 0x24,
				0x40001234, 0), back;
	char buf[TRACE_ROW_MAX];
	struct trace_row r;
	size_t n;

	e.flags = VQT_F_FOREIGN;
	vqt_event_to_row(&e, &r);
	n = trace_row_format(buf, &r);
	buf[n] = '\0';
	CHECK_STR(buf, "1234567890\t812\t1\texit\t2\t36\t0x40001234\t0\n");
	vqt_event_from_row(&r, &back);
	e.flags = 0;	/* a row has none */
	CHECK(!memcmp(&back, &e, sizeof(e)));

	e = ev(5, 1, 0, VQT_EV_NR, 0, 0, 0, 0);
	vqt_event_to_row(&e, &r);
	CHECK_INT(trace_row_format(buf, &r), 0);
}

static void test_exit_classes(void)
{
	char buf[16];

	CHECK_INT(exit_class(0, 0x24), XC_IRQ);
	CHECK_INT(exit_class(2, 0x24), 0x24);
	CHECK_INT(exit_class(1, 0), XC_SERROR);
	CHECK_INT(exit_class(3, 0), XC_IL);
	CHECK_INT(exit_class(0x3e, 0), XC_OTHER);
	CHECK_STR(exit_class_name(XC_IRQ, buf, sizeof(buf)), "IRQ");
	CHECK_STR(exit_class_name(0x01, buf, sizeof(buf)), "WFx");
	CHECK_STR(exit_class_name(0x16, buf, sizeof(buf)), "HVC64");
	CHECK_STR(exit_class_name(0x18, buf, sizeof(buf)), "SYS64");
	CHECK_STR(exit_class_name(0x20, buf, sizeof(buf)), "IABT_LOW");
	CHECK_STR(exit_class_name(0x24, buf, sizeof(buf)), "DABT_LOW");
	CHECK_STR(exit_class_name(0x2a, buf, sizeof(buf)), "EC_0x2a");
}

static void test_comm(void)
{
	CHECK_INT(vcpu_index_from_comm("CPU 0/KVM"), 0);
	CHECK_INT(vcpu_index_from_comm("CPU 12/KVM"), 12);
	CHECK_INT(vcpu_index_from_comm("kvm-vcpu-3"), 3);
	CHECK_INT(vcpu_index_from_comm("fc_vcpu 1"), 1);
	CHECK_INT(vcpu_index_from_comm("crosvm_vcpu7"), 7);
	CHECK_INT(vcpu_index_from_comm("vqb-vcpu0"), 0);
	CHECK_INT(vcpu_index_from_comm("vcpu2"), 2);
	CHECK_INT((long long)vcpu_index_from_comm("CPU 0/TCG"), -1);
	CHECK_INT((long long)vcpu_index_from_comm("qemu-system-aar"), -1);
	CHECK_INT((long long)vcpu_index_from_comm("kvm-vcpu-"), -1);
	CHECK_INT((long long)vcpu_index_from_comm("vcpu2x"), -1);
	CHECK_INT((long long)vcpu_index_from_comm("fc_vmm"), -1);
}

static int count_threads(void *ctx, uint32_t tid, const char *comm)
{
	(*(int *)ctx)++;
	return *comm ? 0 : -1;	/* every thread has a name */
}

/* /proc: this test process is alive, holds no VM; a free PID is no process. */
static void test_proc(void)
{
	char comm[VMM_COMM_MAX], msg[256];
	int n = 0;

	CHECK(vmm_alive(getpid()));
	CHECK_INT((long long)vmm_check(getpid(), comm, sizeof(comm), msg, sizeof(msg)),
		 -ENOTTY);
	CHECK(strstr(msg, "is not a KVM VMM") != NULL);
	CHECK(!vmm_alive(0x3fffffff));
	CHECK_INT((long long)vmm_check(0x3fffffff, comm, sizeof(comm), msg, sizeof(msg)),
		 -ESRCH);
	CHECK(strstr(msg, "no process") != NULL);
	CHECK_INT(vmm_for_each_thread(getpid(), count_threads, &n), 0);
	CHECK(n >= 1);
}

/* Drops the writer's indentation (whitespace outside strings), in place. */
static char *squeeze(char *s)
{
	bool in_str = false;
	char *w = s;

	for (char *r = s; *r; r++) {
		if (in_str) {
			*w++ = *r;
			if (*r == '\\' && r[1])
				*w++ = *++r;
			else if (*r == '"')
				in_str = false;
		} else if (*r == '"') {
			in_str = true;
			*w++ = *r;
		} else if (*r != ' ' && *r != '\n') {
			*w++ = *r;
		}
	}
	*w = '\0';
	return s;
}

/* Writes with fn into a memory buffer, without indentation; returns it (free it). */
static char *render(void (*fn)(struct json *, void *), void *arg,
		    int *finish)
{
	struct json j;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_init(&j, f);
	fn(&j, arg);
	*finish = json_finish(&j);
	fclose(f);
	return squeeze(buf);
}

static void json_sample(struct json *j, void *arg)
{
	json_begin_object(j);
	json_kstr(j, "s", "a\"b\\c\nd\te\x01" "f");
	json_kuint(j, "u", 18446744073709551615ull);
	json_kint(j, "i", -3);
	json_kdouble(j, "d", 0.5);
	json_kdouble(j, "nan", 0.0 / 0.0);
	json_key(j, "a");
	json_begin_array(j);
	json_uint(j, 1);
	json_bool(j, true);
	json_null(j);
	json_end_array(j);
	json_end_object(j);
}

static void json_unbalanced(struct json *j, void *arg)
{
	json_begin_object(j);
	json_key(j, "a");
	json_begin_array(j);
	json_end_object(j);	/* wrong closer */
}

static void json_no_key(struct json *j, void *arg)
{
	json_begin_object(j);
	json_uint(j, 1);		/* a member without a key */
	json_end_object(j);
}

static void test_json(void)
{
	int fin;
	char *s = render(json_sample, NULL, &fin);

	CHECK_INT(fin, 0);
	CHECK_STR(s, "{\"s\":\"a\\\"b\\\\c\\nd\\te\\u0001f\",\"u\":18446744073709551615,"
		  "\"i\":-3,\"d\":0.5,\"nan\":null,\"a\":[1,true,null]}");
	free(s);
	s = render(json_unbalanced, NULL, &fin);
	CHECK(fin != 0);
	free(s);
	s = render(json_no_key, NULL, &fin);
	CHECK(fin != 0);
	free(s);
}

/* lr-line, busy vCPU: KVM_IRQ_LINE SPI -> vGIC -> kick (IRQ exit) -> entry. */
static void test_lr_line_busy(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, VCPU0_TID, 1, VQT_EV_ENTRY, 0x1000, 0, 0, 0),
		ev(2000, INJ_TID, 0, VQT_EV_IRQ_LINE, 1, 0, 33, 1),
		ev(2100, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 33, 1, 0),
		ev(2500, VCPU0_TID, 1, VQT_EV_EXIT, EXC_IRQ, 0, 0x1004, 0),
		ev(3000, VCPU0_TID, 1, VQT_EV_ENTRY, 0x1004, 0, 0, 0),
		/* a switch to the injector and back: the analysis' business, no slot, no end of a wait */
		ev(3500, VCPU0_TID, 1, VQT_EV_SCHED_SWITCH, VCPU0_TID, INJ_TID, VQT_WHO_TARGET,
		   VQT_WHO_TARGET),
		ev(3600, INJ_TID, 1, VQT_EV_SCHED_SWITCH, INJ_TID, VCPU0_TID, VQT_WHO_TARGET,
		   VQT_WHO_TARGET),
		/* lowering the line is no injection */
		ev(4000, INJ_TID, 0, VQT_EV_IRQ_LINE, 1, 0, 33, 0),
		ev(4100, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 33, 0, 0),
	};
	struct vcpu_stats *st;

	feed_vcpu0(&s, "CPU 0/KVM", v, sizeof(v) / sizeof(v[0]));
	CHECK_INT(s.all.injections, 1);
	CHECK_INT(s.all.foreign, 0);
	CHECK_INT(s.nslots, 1);
	st = &s.slots[0].all;
	CHECK_INT(st->injections, 1);
	CHECK_INT(st->guessed, 0);
	CHECK_INT(st->delivered, 1);
	CHECK_INT(st->lat.count, 1);
	CHECK_INT(st->lat.min, 1000);
	CHECK_INT(st->via[VQT_VIA_EXIT], 1);
	CHECK_INT(st->via_exit[XC_IRQ], 1);
	CHECK_INT(st->exits, 1);
	CHECK_INT(st->exit_class[XC_IRQ], 1);
	CHECK_INT(summary_undelivered(&s), 0);
	summary_free(&s);
}

/*
 * A vCPU's set-up (a guest's MMIO before any interrupt) is no interrupt's
 * cost: exits count from its first delivered injection, whose kick (the
 * exit just before that delivery) counts too.
 */
static void test_setup_exits(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(100, VCPU0_TID, 1, VQT_EV_EXIT, EXC_TRAP, EC_DABT_LOW, 0x1000, 0),
		ev(200, VCPU0_TID, 1, VQT_EV_ENTRY, 0x1004, 0, 0, 0),
		ev(300, VCPU0_TID, 1, VQT_EV_EXIT, EXC_TRAP, EC_DABT_LOW, 0x1008, 0),
		ev(400, VCPU0_TID, 1, VQT_EV_ENTRY, 0x100c, 0, 0, 0),
		ev(2100, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 33, 1, 0),
		ev(2500, VCPU0_TID, 1, VQT_EV_EXIT, EXC_IRQ, 0, 0x1010, 0),
		ev(3000, VCPU0_TID, 1, VQT_EV_ENTRY, 0x1010, 0, 0, 0),
		/* the guest's EOI, say: after the first interrupt, counted */
		ev(3200, VCPU0_TID, 1, VQT_EV_EXIT, EXC_TRAP, EC_DABT_LOW, 0x1014, 0),
		ev(3300, VCPU0_TID, 1, VQT_EV_ENTRY, 0x1018, 0, 0, 0),
	};
	struct vcpu_stats *st;

	feed_vcpu0(&s, "CPU 0/KVM", v, sizeof(v) / sizeof(v[0]));
	st = &s.slots[0].all;
	CHECK_INT(st->delivered, 1);
	CHECK_INT(st->exits, 2);
	CHECK_INT(st->exit_class[XC_IRQ], 1);
	CHECK_INT(st->exit_class[exit_class(EXC_TRAP, EC_DABT_LOW)], 1);
	summary_free(&s);
}

/* The same stream, shuffled as a ring buffer fed by two CPUs can be. */
static void test_out_of_order(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(2500, VCPU0_TID, 1, VQT_EV_EXIT, EXC_IRQ, 0, 0x1004, 0),
		ev(3000, VCPU0_TID, 1, VQT_EV_ENTRY, 0x1004, 0, 0, 0),
		ev(2100, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 33, 1, 0),
		ev(2000, INJ_TID, 0, VQT_EV_IRQ_LINE, 1, 0, 33, 1),
		ev(1000, VCPU0_TID, 1, VQT_EV_ENTRY, 0x1000, 0, 0, 0),
	};

	summary_init(&s);
	summary_set_thread(&s, VCPU0_TID, 0, "CPU 0/KVM");
	feed(&s, v, sizeof(v) / sizeof(v[0]));
	/* Nothing is older than the reorder window yet: all held back. */
	summary_advance(&s);
	CHECK_INT(s.all.events, 0);
	summary_drain(&s);
	CHECK_INT(s.all.events, 5);
	CHECK_INT(s.all.late, 0);
	CHECK_INT(s.all.injections, 1);
	CHECK_INT(s.slots[0].all.lat.count, 1);
	CHECK_INT(s.slots[0].all.lat.max, 1000);

	/* An event older than what was processed: counted late, still used. */
	v[0] = ev(500, VCPU0_TID, 1, VQT_EV_EXIT, EXC_TRAP, EC_WFX, 0, 0);
	feed(&s, v, 1);
	summary_drain(&s);
	CHECK_INT(s.all.late, 1);
	CHECK_INT(s.slots[0].all.exits, 2);
	summary_free(&s);
}

/* The reorder window: events older than newest - VQT_REORDER_NS go through. */
static void test_reorder_window(void)
{
	struct summary s;
	unsigned long long t = 100 * VQT_REORDER_NS;
	struct vqt_event v[] = {
		ev(t, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(t + VQT_REORDER_NS / 2, VCPU0_TID, 1, VQT_EV_EXIT, 0, 0, 0, 0),
		ev(t + 2 * VQT_REORDER_NS, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};

	summary_init(&s);
	feed(&s, v, 3);
	summary_advance(&s);
	CHECK_INT(s.all.events, 2);
	CHECK_INT(s.nbuf, 1);
	/* A thread with no name got a slot, and a rescan is asked for. */
	CHECK_INT(s.nslots, 1);
	CHECK(s.unknown_tid);
	CHECK_STR(s.slots[0].name, "tid 200");
	CHECK_INT((long long)s.slots[0].index, -1);
	summary_free(&s);
}

/* lr-irqfd: the kworker's kvm_set_irq, then the vGIC; vCPU halted in WFI. */
static void test_irqfd_wfi(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, VCPU0_TID, 1, VQT_EV_EXIT, EXC_TRAP, EC_WFX, 0x2000, 0),
		ev(1010, VCPU0_TID, 1, VQT_EV_WFX, 0x2000, 0, 0, 0),
		ev(2000, KWORKER_TID, 0, VQT_EV_SET_IRQ, 1, 1, 0, 0),
		ev(2050, KWORKER_TID, 0, VQT_EV_VGIC_PENDING, 0, 33, 1, 0),
		ev(2060, KWORKER_TID, 0, VQT_EV_SET_IRQ, 1, 0, 0, 0),
		ev(2070, KWORKER_TID, 0, VQT_EV_VGIC_PENDING, 0, 33, 0, 0),
		ev(2600, VCPU0_TID, 1, VQT_EV_WAKEUP, 1500, 1, 1, 0),
		ev(2900, VCPU0_TID, 1, VQT_EV_ENTRY, 0x2004, 0, 0, 0),
	};
	struct vcpu_stats *st;
	size_t i;

	for (i = 2; i < 6; i++)
		v[i].flags = VQT_F_FOREIGN;
	feed_vcpu0(&s, "kvm-vcpu-0", v, sizeof(v) / sizeof(v[0]));
	CHECK_INT(s.all.injections, 1);
	CHECK_INT(s.all.foreign, 1);
	st = &s.slots[0].all;
	CHECK_INT(st->injections, 1);
	CHECK_INT(st->via[VQT_VIA_WAKEUP], 1);
	CHECK_INT(st->via[VQT_VIA_EXIT], 0);
	CHECK_INT(st->lat.max, 900);
	/* The WFI trap came before the first injection: no interrupt's cost. */
	CHECK_INT(st->exit_class[EC_WFX], 0);
	CHECK_INT(st->wfx, 1);
	CHECK_INT(st->wakeups, 1);
	summary_free(&s);
}

/* An irqfd routed to an MSI: kvm_set_irq and nothing from the vGIC. */
static void test_msi_set_irq(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(2000, KWORKER_TID, 0, VQT_EV_SET_IRQ, 5, 1, 0, 0),
		ev(2060, KWORKER_TID, 0, VQT_EV_SET_IRQ, 5, 0, 0, 0),
		ev(2500, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(3000, KWORKER_TID, 0, VQT_EV_SET_IRQ, 5, 1, 0, 0),
		ev(3060, KWORKER_TID, 0, VQT_EV_SET_IRQ, 5, 0, 0, 0),
		/* the same MSI again before the vCPU entered: pending once */
		ev(3100, KWORKER_TID, 0, VQT_EV_SET_IRQ, 5, 1, 0, 0),
		/* another GSI is another interrupt */
		ev(3200, KWORKER_TID, 0, VQT_EV_SET_IRQ, 6, 1, 0, 0),
		ev(4000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};

	feed_vcpu0(&s, "fc_vcpu 0", v, sizeof(v) / sizeof(v[0]));
	CHECK_INT(s.all.injections, 3);
	CHECK_INT(s.all.coalesced, 1);
	CHECK_INT(s.slots[0].all.delivered, 3);
	CHECK_INT(s.slots[0].all.via[VQT_VIA_OUT], 3);
	summary_free(&s);
}

/* soft-vi: KVM_IRQ_LINE CPU line, no vGIC; the guest acks and EOIs by MMIO. */
static void test_soft_vi(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(2000, INJ_TID, 0, VQT_EV_IRQ_LINE, 0, 0, 0, 1),
		ev(2500, VCPU0_TID, 1, VQT_EV_EXIT, EXC_IRQ, 0, 0, 0),
		ev(2600, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(3000, VCPU0_TID, 1, VQT_EV_EXIT, EXC_TRAP, EC_DABT_LOW, 0, 0),
		ev(3010, VCPU0_TID, 1, VQT_EV_MMIO, 1, 4, 0x9000000, 0),
		ev(3020, VCPU0_TID, 1, VQT_EV_USERSPACE_EXIT, 6, 0, 0, 0),
		ev(3100, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(3200, VCPU0_TID, 1, VQT_EV_EXIT, EXC_TRAP, EC_DABT_LOW, 0, 0),
		ev(3210, VCPU0_TID, 1, VQT_EV_USERSPACE_EXIT, 6, 0, 0, 0),
		ev(3250, INJ_TID, 0, VQT_EV_IRQ_LINE, 0, 0, 0, 0),
		ev(3300, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};
	struct vcpu_stats *st;

	feed_vcpu0(&s, "vqb-vcpu0", v, sizeof(v) / sizeof(v[0]));
	st = &s.slots[0].all;
	CHECK_INT(s.all.injections, 1);
	CHECK_INT(st->injections, 1);
	CHECK_INT(st->lat.max, 600);
	CHECK_INT(st->via_exit[XC_IRQ], 1);
	CHECK_INT(st->exits, 3);
	CHECK_INT(st->exit_class[EC_DABT_LOW], 2);
	CHECK_INT(st->mmio, 1);
	CHECK_INT(st->userspace_exits, 2);
	summary_free(&s);
}

/* A PPI (vtimer) for vCPU 1: vCPU 0's entries must not take it. */
static void test_known_target(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(1000, VCPU1_TID, 0, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(2000, VCPU1_TID, 0, VQT_EV_EXIT, EXC_IRQ, 0, 0, 0),
		ev(2100, VCPU1_TID, 0, VQT_EV_TIMER_IRQ, 1, 27, 1, 0),
		ev(2150, VCPU1_TID, 0, VQT_EV_VGIC_PENDING, 1, 27, 1, 0),
		ev(2300, VCPU0_TID, 1, VQT_EV_EXIT, EXC_TRAP, 0x18, 0, 0),
		ev(2400, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(2700, VCPU1_TID, 0, VQT_EV_ENTRY, 0, 0, 0, 0),
	};

	two_vcpus(&s);
	feed(&s, v, sizeof(v) / sizeof(v[0]));
	summary_drain(&s);
	CHECK_INT(s.all.injections, 1);
	CHECK_INT(s.slots[0].all.injections, 0);
	CHECK_INT(s.slots[1].all.injections, 1);
	CHECK_INT(s.slots[1].all.guessed, 0);
	CHECK_INT(s.slots[1].all.lat.max, 600);
	/* Its exit came before the injection: already out of the guest. */
	CHECK_INT(s.slots[1].all.via[VQT_VIA_OUT], 1);
	summary_free(&s);
}

/* An SPI names no vCPU: with two, the first to enter takes it, guessed. */
static void test_guessed_target(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(1000, VCPU1_TID, 0, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(2000, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 40, 1, 0),
		ev(2500, VCPU1_TID, 0, VQT_EV_EXIT, EXC_IRQ, 0, 0, 0),
		ev(2600, VCPU1_TID, 0, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(2700, VCPU0_TID, 1, VQT_EV_EXIT, EXC_IRQ, 0, 0, 0),
		ev(2800, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};

	two_vcpus(&s);
	feed(&s, v, sizeof(v) / sizeof(v[0]));
	summary_drain(&s);
	CHECK_INT(s.all.injections, 1);
	CHECK_INT(s.slots[1].all.injections, 1);
	CHECK_INT(s.slots[1].all.guessed, 1);
	CHECK_INT(s.slots[0].all.injections, 0);
	summary_free(&s);
}

/* Missing events: no entry ever follows, or the vGIC half comes alone. */
static void test_missing(void)
{
	struct summary s;
	unsigned long long t = 10000;
	struct vqt_event v[] = {
		/* the irq_line was lost: the vGIC event alone still counts once */
		ev(2100, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 33, 1, 0),
		/* a vGIC event long after its cause is an injection of its own */
		ev(t, INJ_TID, 0, VQT_EV_IRQ_LINE, 1, 0, 34, 1),
		ev(t + 10, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(t + VQT_MERGE_NS + 1, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 34, 1, 0),
		/* a different intid is not the same injection */
		ev(t + VQT_MERGE_NS + 100, INJ_TID, 0, VQT_EV_IRQ_LINE, 1, 0, 36, 1),
		ev(t + VQT_MERGE_NS + 101, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 37, 1, 0),
	};

	feed_vcpu0(&s, "vqb-vcpu0", v, sizeof(v) / sizeof(v[0]));
	CHECK_INT(s.all.injections, 5);
	CHECK_INT(s.all.coalesced, 0);
	CHECK_INT(s.slots[0].all.delivered, 2);
	CHECK_INT(summary_undelivered(&s), 3);
	summary_free(&s);
}

/*
 * The vtimer as the lab shows it: while its vCPU is out of the guest, every
 * host timer interrupt raises the line again; the guest takes it once.
 * Then, the vCPU running, one raise, one kick, one entry. Likewise an SPI
 * raised twice before any entry.
 */
static void test_coalesced(void)
{
	struct summary s;
	struct vqt_event v[16];
	size_t n = 0;
	int i;

	summary_init(&s);
	summary_set_thread(&s, VCPU0_TID, 0, "vqb-vcpu0");
	v[n++] = ev(1000, VCPU0_TID, 1, VQT_EV_EXIT, EXC_IRQ, 0, 0, 0);
	for (i = 0; i < 5; i++) {
		v[n++] = ev(2000 + 100 * i, VCPU0_TID, 1, VQT_EV_TIMER_IRQ, 0, 27, 1, 0);
		v[n++] = ev(2010 + 100 * i, VCPU0_TID, 1, VQT_EV_VGIC_PENDING, 0, 27, 1, 0);
	}
	v[n++] = ev(3000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0);
	v[n++] = ev(4000, VCPU0_TID, 1, VQT_EV_TIMER_IRQ, 0, 27, 1, 0);
	v[n++] = ev(4010, VCPU0_TID, 1, VQT_EV_VGIC_PENDING, 0, 27, 1, 0);
	v[n++] = ev(4100, VCPU0_TID, 1, VQT_EV_EXIT, EXC_IRQ, 0, 0, 0);
	v[n++] = ev(4200, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0);
	feed(&s, v, n);
	summary_drain(&s);
	CHECK_INT(s.all.injections, 2);
	CHECK_INT(s.all.coalesced, 4);
	CHECK_INT(s.slots[0].all.delivered, 2);
	CHECK_INT(s.slots[0].all.lat.max, 1000);	/* from the first raise */
	CHECK_INT(s.slots[0].all.via[VQT_VIA_OUT], 1);
	CHECK_INT(s.slots[0].all.via_exit[XC_IRQ], 1);

	n = 0;
	v[n++] = ev(5000, INJ_TID, 0, VQT_EV_IRQ_LINE, 1, 0, 40, 1);
	v[n++] = ev(5010, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 40, 1, 0);
	v[n++] = ev(5100, KWORKER_TID, 0, VQT_EV_VGIC_PENDING, 0, 40, 1, 0);
	v[n++] = ev(5200, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 41, 1, 0);
	v[n++] = ev(6000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0);
	v[n++] = ev(7000, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 40, 1, 0);
	feed(&s, v, n);
	summary_drain(&s);
	CHECK_INT(s.all.injections, 5);
	CHECK_INT(s.all.coalesced, 5);
	CHECK_INT(summary_undelivered(&s), 1);
	summary_free(&s);
}

/* bench/ makes a VM per cell: a new thread takes vCPU 0 over from an ended one. */
static void test_thread_reuse(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, INJ_TID, 0, VQT_EV_IRQ_LINE, 2, 0, 27, 1),
		ev(2000, 300, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};

	summary_init(&s);
	summary_scan_begin(&s, 0);
	summary_set_thread(&s, VCPU0_TID, 0, "vqb-vcpu0");
	summary_scan_end(&s);
	summary_scan_begin(&s, 0);
	summary_set_thread(&s, 300, 0, "vqb-vcpu0");
	summary_scan_end(&s);
	CHECK(s.slots[0].gone);
	CHECK(!s.slots[1].gone);
	feed(&s, v, 2);
	summary_drain(&s);
	CHECK_INT(s.slots[0].all.injections, 0);
	CHECK_INT(s.slots[1].all.injections, 1);
	CHECK_INT(s.slots[1].all.delivered, 1);
	summary_free(&s);

	/*
	 * Seen gone at 1500, read later: its injection at 1000 was still its
	 * own; the new thread takes the index over for those after 1500.
	 */
	summary_init(&s);
	summary_scan_begin(&s, 500);
	summary_set_thread(&s, VCPU0_TID, 0, "vqb-vcpu0");
	summary_scan_end(&s);
	summary_scan_begin(&s, 1500);
	summary_set_thread(&s, 300, 0, "vqb-vcpu0");
	summary_scan_end(&s);
	{
		struct vqt_event late[] = {
			ev(900, VCPU0_TID, 1, VQT_EV_EXIT, 0, 0, 0, 0),
			ev(1000, INJ_TID, 0, VQT_EV_IRQ_LINE, 2, 0, 27, 1),
			ev(1100, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
			ev(2000, INJ_TID, 0, VQT_EV_IRQ_LINE, 2, 0, 27, 1),
			ev(2100, 300, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		};

		feed(&s, late, 5);
	}
	summary_drain(&s);
	CHECK_INT(s.slots[0].all.injections, 1);
	CHECK_INT(s.slots[0].all.delivered, 1);
	CHECK_INT(s.slots[1].all.injections, 1);
	CHECK_INT(s.slots[1].all.delivered, 1);
	summary_free(&s);

	/* Not yet seen gone: the thread active last has the index. */
	summary_init(&s);
	summary_set_thread(&s, VCPU0_TID, 0, "vqb-vcpu0");
	summary_set_thread(&s, 300, 0, "vqb-vcpu0");
	v[0] = ev(1000, VCPU0_TID, 1, VQT_EV_EXIT, 0, 0, 0, 0);
	v[1] = ev(2000, 300, 1, VQT_EV_EXIT, 0, 0, 0, 0);
	feed(&s, v, 2);
	v[0] = ev(3000, INJ_TID, 0, VQT_EV_IRQ_LINE, 2, 0, 27, 1);
	v[1] = ev(4000, 300, 1, VQT_EV_ENTRY, 0, 0, 0, 0);
	feed(&s, v, 2);
	summary_drain(&s);
	CHECK_INT(s.slots[0].all.injections, 0);
	CHECK_INT(s.slots[1].all.delivered, 1);
	summary_free(&s);
}

/* A thread's vCPU events in the held events, no slot yet: scan. */
static void test_new_threads(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, INJ_TID, 0, VQT_EV_IRQ_LINE, 1, 0, 33, 1),
		ev(1000, KWORKER_TID, 0, VQT_EV_EXIT, 0, 0, 0, 0),
		ev(2000, VCPU1_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};

	summary_init(&s);
	summary_set_thread(&s, VCPU0_TID, 0, "vqb-vcpu0");
	v[1].flags = VQT_F_FOREIGN;	/* not the VMM's: never a vCPU */
	feed(&s, v, 2);
	CHECK(!summary_new_threads(&s));
	feed(&s, v + 2, 1);
	CHECK(summary_new_threads(&s));
	summary_set_thread(&s, VCPU1_TID, 1, "vqb-vcpu1");
	CHECK(!summary_new_threads(&s));
	summary_free(&s);
}

static void test_interval_reset(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, INJ_TID, 0, VQT_EV_IRQ_LINE, 2, 0, 27, 1),
		ev(1100, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 27, 1, 0),
		ev(2000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};

	summary_init(&s);
	summary_set_thread(&s, VCPU0_TID, 0, "vqb-vcpu0");
	feed(&s, v, 3);
	summary_drain(&s);
	CHECK_INT(s.iv.injections, 1);
	CHECK_INT(s.slots[0].iv.lat.count, 1);
	summary_interval_reset(&s);
	CHECK_INT(s.iv.injections, 0);
	CHECK_INT(s.slots[0].iv.lat.count, 0);
	CHECK_INT(s.slots[0].all.lat.count, 1);
	CHECK_INT(s.all.injections, 1);
	summary_free(&s);
}

static void test_percentiles(void)
{
	struct lat_stats l;
	unsigned long long i;

	memset(&l, 0, sizeof(l));
	CHECK_INT(lat_percentile(&l, 50), 0);
	l.samples = calloc(100, sizeof(*l.samples));
	l.cap = 100;
	for (i = 0; i < 100; i++)
		l.samples[i] = 100 - i;	/* 100..1, unsorted */
	l.count = 100;
	CHECK_INT(lat_percentile(&l, 50), 50);
	CHECK_INT(lat_percentile(&l, 90), 90);
	CHECK_INT(lat_percentile(&l, 99), 99);
	CHECK_INT(lat_percentile(&l, 100), 100);
	CHECK_INT(lat_percentile(&l, 0), 1);
	free(l.samples);
}

/* Histogram buckets through the summary: 0 and 1 in bucket 0, 1000 in 9. */
static void test_histogram(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, INJ_TID, 0, VQT_EV_IRQ_LINE, 0, 0, 0, 1),
		ev(1000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(2000, INJ_TID, 0, VQT_EV_IRQ_LINE, 0, 0, 0, 1),
		ev(3000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};

	summary_init(&s);
	summary_set_thread(&s, VCPU0_TID, 0, "vqb-vcpu0");
	feed(&s, v, 4);
	summary_drain(&s);
	CHECK_INT(s.slots[0].all.lat.hist[0], 1);
	CHECK_INT(s.slots[0].all.lat.hist[9], 1);	/* 512 <= 1000 < 1024 */
	summary_free(&s);
}

/* The reports render, and the JSON one is well formed. */
static void json_report(struct json *j, void *arg)
{
	struct tm_interval r = { .final = true, .t_s = 1, .len_s = 1 };

	summary_json(j, arg, &r);
}

static void test_reports(void)
{
	struct summary s;
	struct vqt_event v[] = {
		ev(1000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
		ev(2000, INJ_TID, 0, VQT_EV_IRQ_LINE, 1, 0, 33, 1),
		ev(2100, INJ_TID, 0, VQT_EV_VGIC_PENDING, 0, 33, 1, 0),
		ev(2500, VCPU0_TID, 1, VQT_EV_EXIT, EXC_IRQ, 0, 0, 0),
		ev(3000, VCPU0_TID, 1, VQT_EV_ENTRY, 0, 0, 0, 0),
	};
	struct tm_interval r = { .final = true, .t_s = 1, .len_s = 1 };
	char *text = NULL, *json;
	size_t len = 0;
	FILE *f;
	int fin;

	summary_init(&s);
	summary_set_thread(&s, VCPU0_TID, 0, "a\"quoted\\name");
	feed(&s, v, 5);
	summary_drain(&s);
	f = open_memstream(&text, &len);
	summary_print(f, &s, &r);
	fclose(f);
	CHECK(strstr(text, "1 injections") != NULL);
	CHECK(strstr(text, "IRQ 1") != NULL);
	CHECK(strstr(text, "reached by: an exit after it 1 (IRQ 1)") != NULL);
	free(text);

	json = render(json_report, &s, &fin);
	CHECK_INT(fin, 0);
	CHECK(strstr(json, "\"thread\":\"a\\\"quoted\\\\name\"") != NULL);
	CHECK(strstr(json, "\"p50\":1000") != NULL);
	CHECK(strstr(json, "\"exits_per_injection\":{\"total\":1,\"IRQ\":1}") != NULL);
	CHECK(strstr(json, "\"histogram\":[{\"ge\":512,\"lt\":1024,\"count\":1}]") != NULL);
	free(json);
	summary_free(&s);
}

/*
 * A recorded trace: lr-irqfd, vCPU in WFI, from a lab run (Debian 6.1.192,
 * GICv3). The irqfd's SPI 64 is injected by the writer's thread (125), the
 * vCPU (129) is woken and enters; its timer lines go down meanwhile.
 */
static const char recorded_irqfd_wfi[] =
	"# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n"
	"# foreign=on\n"
	"11926189232\t125\t0\tvgic_pending\t0\t64\t1\t0\n"
	"11928389840\t129\t1\ttimer_irq\t0\t27\t0\t0\n"
	"11928509360\t129\t1\tvgic_pending\t0\t27\t0\t0\n"
	"11928564896\t129\t1\ttimer_irq\t0\t30\t0\t0\n"
	"11928573568\t129\t1\tvgic_pending\t0\t30\t0\t0\n"
	"11928696080\t129\t1\twakeup\t7315904\t1\t1\t0\n"
	"11928773744\t129\t1\tentry\t0x40002968\t0\t0\t0\n"
	"11928917728\t129\t1\texit\t2\t1\t0x40002968\t0\n"
	"11928952592\t129\t1\twfx\t0x40002968\t0\t0\t0\n"
	"11931487472\t125\t0\tvgic_pending\t0\t64\t1\t0\n"
	"11931891600\t129\t1\ttimer_irq\t0\t27\t0\t0\n"
	"11931920304\t129\t1\tvgic_pending\t0\t27\t0\t0\n"
	"11931967744\t129\t1\ttimer_irq\t0\t30\t0\t0\n"
	"11931975408\t129\t1\tvgic_pending\t0\t30\t0\t0\n"
	"11932358304\t129\t1\twakeup\t3365664\t1\t1\t0\n"
	"11932428672\t129\t1\tentry\t0x40002968\t0\t0\t0\n"
	"11932561872\t129\t1\texit\t2\t1\t0x40002968\t0\n"
	"11932594336\t129\t1\twfx\t0x40002968\t0\t0\t0\n";

static char *write_tmp(const char *text)
{
	static char path[] = "/tmp/vqt-unit-XXXXXX";
	int fd;
	FILE *f;

	strcpy(path, "/tmp/vqt-unit-XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void test_replay(void)
{
	char text[sizeof(recorded_irqfd_wfi) + 128], why[256] = "";
	struct summary s;
	struct loss loss;
	bool complete;
	char *path;

	/* Cut short: no trailer. */
	path = write_tmp(recorded_irqfd_wfi);
	CHECK(path != NULL);
	summary_init(&s);
	CHECK_INT(replay_file(path, &s, &loss, &complete, why, sizeof(why)), 0);
	CHECK(!complete);
	CHECK_INT(s.all.injections, 2);
	CHECK_INT(s.nslots, 1);
	CHECK_INT(s.slots[0].all.delivered, 2);
	CHECK_INT(s.slots[0].all.via[VQT_VIA_WAKEUP], 2);
	CHECK_INT(s.slots[0].all.lat.min, 11932428672ull - 11931487472ull);
	CHECK_INT(s.slots[0].all.exit_class[EC_WFX], 2);
	summary_free(&s);
	unlink(path);

	/* With its trailer. */
	snprintf(text, sizeof(text), "%s# lost_ringbuf=2\n# lost_busy=1\n# lost=4\n# events=18\n",
		 recorded_irqfd_wfi);
	path = write_tmp(text);
	summary_init(&s);
	CHECK_INT(replay_file(path, &s, &loss, &complete, why, sizeof(why)), 0);
	CHECK(complete);
	CHECK_INT(loss.ringbuf, 2);
	CHECK_INT(loss.busy, 1);
	CHECK_INT(loss.bad, 1);
	summary_free(&s);
	unlink(path);

	/* A trailer that disagrees with the rows. */
	snprintf(text, sizeof(text), "%s# lost=0\n# events=17\n", recorded_irqfd_wfi);
	path = write_tmp(text);
	summary_init(&s);
	CHECK_INT((long long)replay_file(path, &s, &loss, &complete, why, sizeof(why)), -1);
	CHECK(strstr(why, "18 events, its trailer says 17") != NULL);
	summary_free(&s);
	unlink(path);

	/* A malformed row names its line. */
	path = write_tmp("# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n1\t2\n");
	summary_init(&s);
	CHECK_INT((long long)replay_file(path, &s, &loss, &complete, why, sizeof(why)), -1);
	CHECK_HAS(why, ":2: 2 fields (expected 8: ts_ns tid cpu event a0 a1 a2 a3)");
	summary_free(&s);
	unlink(path);

	/* An argument that is no number names its field. */
	path = write_tmp("# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n1\t2\t3\texit\t0\tz\t0\t0\n");
	summary_init(&s);
	CHECK_INT(replay_file(path, &s, &loss, &complete, why, sizeof(why)), -1);
	CHECK_HAS(why, ":2: field 6 (a1): 'z'");
	summary_free(&s);
	unlink(path);

	/* A trailer count that is no number: its loss is not known, so no guess. */
	path = write_tmp("# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n# lost=some\n# events=0\n");
	summary_init(&s);
	CHECK_INT(replay_file(path, &s, &loss, &complete, why, sizeof(why)), -1);
	CHECK_HAS(why, ":2: bad trailer '# lost=some' (expected '# lost=N')");
	summary_free(&s);
	unlink(path);

	/* No header: not a trace.tsv. */
	path = write_tmp("1\t2\t3\texit\t0\t0\t0\t0\n");
	summary_init(&s);
	CHECK_INT(replay_file(path, &s, &loss, &complete, why, sizeof(why)), -1);
	CHECK_HAS(why, ":1: not the header");
	summary_free(&s);
	unlink(path);

	/* A newer tracer's event is counted as undecodable, as a live record would be. */
	path = write_tmp("# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n"
			 "1\t2\t3\tnosuch\t0\t0\t0\t0\n# lost=0\n# events=1\n");
	summary_init(&s);
	CHECK_INT(replay_file(path, &s, &loss, &complete, why, sizeof(why)), 0);
	CHECK_INT(s.all.bad, 1);
	CHECK_INT(s.all.events, 0);
	summary_free(&s);
	unlink(path);
}


/*
 * The start of a recorded busy lr-irqfd cell (lab, Debian 6.1, GICv3; the
 * bpf-lab run whose recount failed): the vCPU (193) is scheduled out and
 * back, and KVM syncs its timer lines at vcpu_load (timer_irq and
 * vgic_pending of PPIs 27 and 30, level 0: no interrupt); two IRQ exits of
 * the busy guest follow; then bench/'s injector (172) raises SPI 64, the
 * kick, the guest's DONE (an MMIO exit to bench/), and a second interrupt.
 */
#define IRQFD_BUSY_START \
	"# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n" \
	"9009029840\t193\t1\texit\t0\t0\t0x400031f4\t0\n" \
	"9009236576\t193\t1\tsched_switch\t193\t190\t1\t0\n" \
	"9009808976\t190\t1\tsched_switch\t190\t193\t0\t1\n" \
	"9010345328\t193\t1\ttimer_irq\t0\t27\t0\t0\n" \
	"9010701568\t193\t1\tvgic_pending\t0\t27\t0\t0\n" \
	"9010901440\t193\t1\ttimer_irq\t0\t30\t0\t0\n" \
	"9010919840\t193\t1\tvgic_pending\t0\t30\t0\t0\n" \
	"9011285408\t193\t1\tentry\t0x400031f4\t1625820\t0\t0\n" \
	"9015206096\t193\t1\texit\t0\t0\t0x400031f4\t0\n" \
	"9015268128\t193\t1\tentry\t0x400031f4\t66237\t0\t0\n" \
	"9021017024\t193\t1\texit\t0\t0\t0x400031f4\t0\n" \
	"9021183616\t193\t1\tentry\t0x400031f4\t169878\t0\t0\n" \
	"9023795344\t172\t0\tvgic_pending\t0\t64\t1\t0\n"
#define IRQFD_BUSY_KICK \
	"9024333872\t193\t1\texit\t0\t0\t0x400031f4\t0\n"
/* The same vCPU out of the guest already, its exit placed after the injection by the other CPU. */
#define IRQFD_BUSY_OUT \
	"9023790000\t193\t1\texit\t0\t0\t0x400031f4\t0\n"
#define IRQFD_BUSY_REST \
	"9024444608\t193\t1\tentry\t0x400031f4\t119125\t0\t0\n" \
	"9024601328\t193\t1\texit\t2\t36\t0x40002078\t0\n" \
	"9024803712\t193\t1\tmmio\t2\t8\t0x9000030\t0x1\n" \
	"9025237360\t193\t1\tuserspace_exit\t6\t0\t0\t0\n" \
	"9026408672\t193\t1\tentry\t0x40002078\t1819547\t0\t0\n" \
	"9027293920\t172\t0\tvgic_pending\t0\t64\t1\t0\n" \
	"9027522176\t193\t1\texit\t0\t0\t0x400031f4\t0\n" \
	"9027580064\t193\t1\tentry\t0x400031f4\t59642\t0\t0\n" \
	"9027682672\t193\t1\texit\t2\t36\t0x40002078\t0\n" \
	"9027740416\t193\t1\tmmio\t2\t8\t0x9000030\t0x2\n" \
	"9027846032\t193\t1\tuserspace_exit\t6\t0\t0\t0\n" \
	"9028346976\t193\t1\tentry\t0x40002078\t639211\t0\t0\n"

/* bpf/tests/exits_since_injection.awk's count of tid's exits in the trace at path; -1: no count. */
static long long recount_exits(const char *path, unsigned int tid)
{
	char cmd[4200], out[64] = "";
	long long n = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "awk -v tid=%u -f '%s' '%s'", tid, VQT_RECOUNT_AWK, path);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	if (!fgets(out, sizeof(out), p) || sscanf(out, "%lld", &n) != 1)
		n = -1;
	if (pclose(p))
		n = -1;
	return n;
}

/* Trace mode's exits of tid in the trace text, and the lab check's recount of them. */
static void check_first_injection(const char *text, unsigned int tid, long long want_inj,
				  long long want, const char *what)
{
	char why[256] = "";
	struct summary s;
	struct loss loss;
	bool complete;
	char *path = write_tmp(text);
	long long tm = -1, rec;

	CHECK(path != NULL);
	if (!path)
		return;
	summary_init(&s);
	CHECK_INT(replay_file(path, &s, &loss, &complete, why, sizeof(why)), 0);
	/* Level 0 is no injection. */
	CHECKF((long long)s.all.injections == want_inj, "%s: %llu injections, want %lld", what,
	       (unsigned long long)s.all.injections, want_inj);
	for (size_t i = 0; i < s.nslots; i++)
		if (s.slots[i].tid == tid)
			tm = (long long)s.slots[i].all.exits;
	CHECKF(tm == want, "%s: trace mode counts %lld exits, want %lld", what, tm, want);
	/* The check must recount the same span: lab_exits_check.sh's lower bound is exact. */
	rec = recount_exits(path, tid);
	CHECKF(rec == want, "%s: the recount gives %lld exits, want %lld", what, rec, want);
	summary_free(&s);
	unlink(path);
}

/*
 * Where trace mode's exits begin, and so bpf-lab's recount of them: at the
 * first line raised (level 1), by time. Not at the vcpu_load's timer sync
 * (level 0) before it, whose following IRQ exits are no interrupt's cost;
 * the kick after the injection is counted, an exit before it is not, even
 * when the ring buffer placed it after the injection.
 */
static void test_first_injection(void)
{
	/* The kick, the DONE; the second interrupt's kick, its DONE. */
	check_first_injection(IRQFD_BUSY_START IRQFD_BUSY_KICK IRQFD_BUSY_REST, 193, 2, 4,
			      "kicked");
	/* No kick: the next entry takes it. */
	check_first_injection(IRQFD_BUSY_START IRQFD_BUSY_OUT IRQFD_BUSY_REST, 193, 2, 3,
			      "already out");
	/* Lines only synced or lowered: no injection, no exit counted on either side. */
	check_first_injection("# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n"
			      "9010345328\t193\t1\ttimer_irq\t0\t27\t0\t0\n"
			      "9010701568\t193\t1\tvgic_pending\t0\t27\t0\t0\n"
			      "9015206096\t193\t1\texit\t0\t0\t0x400031f4\t0\n"
			      "9015208000\t172\t0\tirq_line\t0\t0\t0\t0\n"
			      "9015209000\t172\t0\tset_irq\t5\t0\t0\t0\n"
			      "9015268128\t193\t1\tentry\t0x400031f4\t66237\t0\t0\n",
			      193, 0, 0, "no injection");
}


/* argv (NULL-terminated) through parse_args(), its usage text kept off the output. */
static int parse(struct opts *o, const char *const *argv)
{
	int argc = 0, err, fd = dup(2), null = open("/dev/null", O_WRONLY);

	while (argv[argc])
		argc++;
	memset(o, 0, sizeof(*o));
	optind = 0;	/* glibc: start over, state and all */
	fflush(stderr);
	dup2(null, 2);
	err = parse_args(argc, (char **)argv, o);
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
	close(null);
	return err;
}

static void test_opts(void)
{
	static const char *const rec[] = { "virqtrace", "--pid", "42", "--out", "t.tsv",
					   "--ringbuf-mb", "8", "--stats", "-v", NULL };
	static const char *const sum[] = { "virqtrace", "--pid", "7", "--summary",
					   "--interval", "0.5", "--json", "x.json", NULL };
	static const char *const rep[] = { "virqtrace", "--replay", "t.tsv", NULL };
	static const char *const bad[][8] = {
		{ "virqtrace", "--out", "t.tsv", NULL },			/* no --pid */
		{ "virqtrace", "--pid", "1", NULL },				/* no output */
		{ "virqtrace", "--pid", "1", "--out", "t", "--ringbuf-mb", NULL },
		{ "virqtrace", "--pid", "1", "--ringbuf-mb", "3", NULL },
		{ "virqtrace", "--pid", "0", "--summary", NULL },
		{ "virqtrace", "--pid", "1", "--out", "t", "--json", NULL },
		{ "virqtrace", "--replay", "t", "--pid", "1", NULL },
		{ "virqtrace", "--pid", "-1", "--out", "t", NULL },
		{ "virqtrace", "--pid", "1", "--summary", "--interval", "0.01" },
		{ "virqtrace", "--pid", "1", "--summary", "--perf-out", "p", NULL },
		{ "virqtrace", "--pid", "0", "--out", "t", "--perf-out", "p", NULL },
	};
	static const char *const perf[] = { "virqtrace", "--pid", "42", "--out", "t.tsv",
					    "--perf-out", "p.tsv", NULL };
	struct opts o;
	size_t i;

	CHECK_INT(parse(&o, rec), 0);
	CHECK_INT(o.pid, 42);
	CHECK_STR(o.out, "t.tsv");
	CHECK_INT(o.ringbuf_mb, 8);
	CHECK(o.stats && o.verbose && !o.summary);
	CHECK_INT(o.ready_fd, -1);
	CHECK_INT(parse(&o, sum), 0);
	CHECK(o.summary && o.interval == 0.5);
	CHECK_STR(o.json, "x.json");
	CHECK_INT(o.ringbuf_mb, VQT_RINGBUF_DEFAULT >> 20);
	CHECK_INT(parse(&o, rep), 0);
	CHECK(o.summary);
	CHECK_STR(o.replay, "t.tsv");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		CHECKF(parse(&o, bad[i]) == -1, "bad[%zu] accepted", i);
	CHECK_INT(parse(&o, perf), 0);
	CHECK_STR(o.perf_out, "p.tsv");
}

/* test_perf_pure.c */
void test_perf_why(void);
void test_perf_rows(void);

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "perf_why", test_perf_why },
	{ "perf_rows", test_perf_rows },
	{ "rows", test_rows },
	{ "opts", test_opts },
	{ "exit_classes", test_exit_classes },
	{ "comm", test_comm },
	{ "proc", test_proc },
	{ "json", test_json },
	{ "lr_line_busy", test_lr_line_busy },
	{ "setup_exits", test_setup_exits },
	{ "out_of_order", test_out_of_order },
	{ "reorder_window", test_reorder_window },
	{ "irqfd_wfi", test_irqfd_wfi },
	{ "msi_set_irq", test_msi_set_irq },
	{ "soft_vi", test_soft_vi },
	{ "known_target", test_known_target },
	{ "guessed_target", test_guessed_target },
	{ "missing", test_missing },
	{ "coalesced", test_coalesced },
	{ "thread_reuse", test_thread_reuse },
	{ "new_threads", test_new_threads },
	{ "interval_reset", test_interval_reset },
	{ "percentiles", test_percentiles },
	{ "histogram", test_histogram },
	{ "reports", test_reports },
	{ "replay", test_replay },
	{ "first_injection", test_first_injection },
};

int main(void)
{
	size_t i;

	if (t_setup(NULL))
		return t_finish("bpf-unit");
	/* The replay tests provoke diagnostics on purpose and check them. */
	diag_set_warn_stream(NULL);
	for (i = 0; i < ARRAY_SIZE(tests); i++)
		tests[i].fn();
	return t_finish("bpf-unit");
}
