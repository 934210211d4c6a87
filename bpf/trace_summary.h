/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace mode's aggregation: from the stream of struct vqt_event of one VM,
 * per vCPU: injections, injection -> next guest entry latency, how each
 * injection reached its vCPU, and exits by class. A pure function of the
 * events (no BPF, no /proc), so the unit tests feed it recorded streams.
 *
 * What counts as one injection (each is counted once):
 *   - vgic_update_irq_pending level=1 (every in-kernel vGIC injection),
 *     merged with the kvm_irq_line, kvm_set_irq or kvm_timer_update_irq
 *     (level=1) that led to it: the same thread on the same CPU, within
 *     VQT_MERGE_NS, before any other event of that thread;
 *   - a kvm_irq_line, kvm_set_irq or kvm_timer_update_irq (level=1) that no
 *     vgic_update_irq_pending follows: KVM_IRQ_LINE without a vGIC (the
 *     HCR_EL2.VI line), or an irqfd routed to an MSI.
 * An injection of an interrupt already waiting for its vCPU to enter the
 * guest (same intid, same vCPU or both unnamed) is coalesced, not counted:
 * a pending interrupt cannot be pending twice, and the guest takes it once.
 * KVM re-raises a level line this way, e.g. the vtimer's on every host timer
 * interrupt while its vCPU is out of the guest.
 *
 * Its target vCPU is the one the event names (kvm_irq_line's vcpu_idx for
 * CPU and PPI lines, the vcpu_id of a private interrupt, the timer's vCPU);
 * for an SPI or MSI the event does not say, and the injection is given to
 * the first vCPU of the VM to enter the guest after it ("guessed" when the
 * VM has more than one vCPU thread).
 */
#ifndef VQT_TRACE_SUMMARY_H
#define VQT_TRACE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exit_class.h"
#include "virqtrace.h"

/* How far behind the newest event the stream is held back for reordering. */
#define VQT_REORDER_NS		(10ull * 1000 * 1000)
/*
 * A vgic_update_irq_pending this close after its cause is the same
 * injection. They are a few calls apart; an interrupt in between stretched
 * that to 2 ms under emulation (the lab), so the bound is loose: it only
 * keeps a cause whose vGIC event was lost from pairing with a much later one.
 */
#define VQT_MERGE_NS		(100ull * 1000 * 1000)
#define VQT_HIST_BUCKETS	64	/* bucket k: [2^k, 2^(k+1)) ns; 0 holds 0 too */

struct lat_stats {
	uint64_t count;
	uint64_t min, max, sum;
	uint64_t hist[VQT_HIST_BUCKETS];
	uint64_t *samples;		/* every latency, for exact percentiles */
	size_t cap;
};

/* How the delivering entry was reached, by the injection's vCPU. */
enum vqt_via {
	VQT_VIA_EXIT,		/* an exit after the injection (the kick): by class in via_exit */
	VQT_VIA_WAKEUP,		/* woken from a halt (WFI) after the injection */
	VQT_VIA_OUT,		/* already out of the guest: the next entry took it */
	VQT_VIA_NR
};

/* An injection waiting for its vCPU's next entry. */
struct pending {
	uint64_t ts;
	int64_t line;		/* intid, or another key of its line (see .c) */
};

struct vcpu_stats {
	uint64_t injections;	/* given to this vCPU */
	uint64_t guessed;	/* ... by the first-entry rule, with several vCPUs */
	uint64_t delivered;	/* ... and taken into the guest: the latency samples */
	uint64_t via[VQT_VIA_NR];
	uint64_t via_exit[XC_NR];
	uint64_t exits;
	uint64_t exit_class[XC_NR];
	uint64_t entries, wakeups, userspace_exits, mmio, wfx;
	struct lat_stats lat;
};

struct vcpu_slot {
	uint32_t tid;
	int index;		/* vCPU index, -1 when the thread's name does not say */
	char name[32];		/* thread name (comm), or "tid N" */
	bool gone;		/* the thread has ended: its index may be reused */
	uint64_t gone_ts;	/* ... as of this scan (event clock); alive before */
	uint64_t last_ts;	/* its latest event */
	/*
	 * Its exits count from its first delivered injection on (that
	 * injection's kick included): a vCPU's set-up, before any interrupt
	 * reached it (bench/ makes a VM per cell), is no interrupt's cost,
	 * and exits per injection would carry it.
	 */
	bool counting;
	unsigned int gen;	/* scan that last saw the thread */
	struct vcpu_stats iv;	/* this interval */
	struct vcpu_stats all;	/* since the start */

	/* Since the last entry, for the next delivery's "via". */
	bool exited;
	uint64_t exit_ts;
	unsigned int exit_xc;
	bool woke;
	uint64_t wake_ts;

	/* Injections aimed at this vCPU, not yet taken in, in time order. */
	struct pending *pend;
	size_t npend, cappend;
};

/* An injection event waiting for its vgic_update_irq_pending. */
struct open_source {
	uint32_t tid, cpu;
	uint64_t ts;
	int64_t intid;		/* the vGIC intid it should raise; -1: any */
	bool used;
};

#define VQT_OPEN_MAX	16

struct vm_counts {
	uint64_t injections;	/* all, counted once each */
	uint64_t foreign;	/* ... made by a kernel thread or in interrupt context */
	uint64_t coalesced;	/* raised again while still pending: not counted */
	uint64_t events;	/* events taken in */
	uint64_t late;		/* arrived after newer ones had been processed */
	uint64_t bad;		/* of a type this build does not know */
};

struct summary {
	struct vcpu_slot *slots;
	size_t nslots, capslots;
	bool unknown_tid;	/* a vCPU thread appeared that has no name yet */
	unsigned int gen;	/* thread scans so far */
	uint64_t scan_ts;	/* when the current scan began (event clock) */

	/* Injections with no known target, not yet taken in by any vCPU. */
	struct pending *unatt;
	size_t nunatt, capunatt;

	struct open_source open[VQT_OPEN_MAX];

	/* The reorder buffer: events not yet processed. */
	struct vqt_event *buf;
	size_t nbuf, capbuf;
	uint64_t first_ts;	/* oldest event seen */
	uint64_t newest_ts;	/* newest event seen */
	uint64_t done_ts;	/* newest event processed */

	struct vm_counts iv, all;
};

void summary_init(struct summary *s);
void summary_free(struct summary *s);

/*
 * Names a thread; creates its slot if needed. Call before or during. A
 * full scan of the VMM's threads is summary_scan_begin(), set_thread for
 * each vCPU thread, summary_scan_end(): a slot not named in it is gone, and
 * a VM made later by the same process (bench/ makes one per cell) may give
 * its vCPU index to a new thread. now is the scan's time on the events'
 * clock (CLOCK_MONOTONIC): events are read up to a poll period late, and a
 * thread gone now was alive for the events before, so its index is its own
 * up to then.
 */
void summary_set_thread(struct summary *s, uint32_t tid, int index,
			const char *name);
void summary_scan_begin(struct summary *s, uint64_t now);
void summary_scan_end(struct summary *s);

/* Takes one event (copied). Out of memory ends the program (lib/util.h). */
void summary_add(struct summary *s, const struct vqt_event *e);

/*
 * Processes, in timestamp order, the held events older than
 * newest - VQT_REORDER_NS (summary_advance) or all of them (summary_drain).
 */
void summary_advance(struct summary *s);
void summary_drain(struct summary *s);

/*
 * A thread of the VMM that ran a vCPU (entry, exit, ...) in the held
 * events but has no slot yet: time to scan the VMM's threads, before
 * summary_advance() needs its name.
 */
bool summary_new_threads(const struct summary *s);

/* Starts a new interval: zeroes every ->iv. */
void summary_interval_reset(struct summary *s);

/* Injections held for a vCPU, or for none, not yet taken in. */
size_t summary_undelivered(const struct summary *s);

/*
 * Percentile p (0..100) of l's samples by nearest rank: the smallest sample
 * with at least p% of them at or below it. 0 when there is none. Sorts the
 * samples in place.
 */
uint64_t lat_percentile(struct lat_stats *l, double p);

#endif /* VQT_TRACE_SUMMARY_H */
