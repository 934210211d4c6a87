/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per interrupt, finds the trace events that mark its way (stages.h) in a
 * cell's event streams: sorted arrays of kept trace events, one per use.
 * Pure: the streams and the interrupt's window in, marks out, so that the
 * unit tests can feed it recorded event streams.
 *
 * Each mark is the first event of its kind at or after the previous mark,
 * within [start - slack, vector + slack]; slack covers the calibration's
 * error in placing the guest's and host's stamps on the trace's clock.
 */
#ifndef VQB_MARKS_H
#define VQB_MARKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "paths.h"
#include "raw_run.h"
#include "stages.h"

enum trace_stream_id {
	TS_EXIT_TARGET,	/* kvm_exit on the target vCPU's thread */
	TS_EXIT_OTHER,	/* kvm_exit on the cell's other vCPU threads (vcpu set) */
	TS_ENTRY,	/* kvm_entry on the target's thread */
	TS_WAKEUP,	/* kvm_vcpu_wakeup on the target's thread */
	TS_UEXIT,	/* kvm_userspace_exit on the target's thread (soft-vi) */
	TS_QUEUED,	/* the path's injection event, for this cell's interrupt */
	TS_INJECT,	/* the event checked per injection (no_inject_event) */
	TS_SCHED,	/* sched_switch with a suite thread on a watched CPU (suite_window.h) */
	TS_NR
};

struct stream_cur {
	const struct trace_ev *ev;
	size_t nr;
	size_t cur;	/* where the last search ended: searches mostly move forward */
};

/* First index with ev[i].t >= t, starting from the cursor. */
size_t stream_seek(struct stream_cur *c, int64_t t);

struct mark_ctx {
	const struct path_desc *pd;	/* as the cell takes it: path_desc_for_cell() */
	struct stream_cur s[TS_NR];
	unsigned sender;	/* sgi, vmm-*: the sender's vCPU index */
	int64_t slack;		/* ns */
};

/*
 * One interrupt's window, in trace ns. vmm-*: answer is bench/'s t_answer
 * (INT64_MIN: none); the injection and the target's exit or wake-up are
 * searched after it, not after the trap, so that a host interrupt on the
 * target while bench/ handled the doorbell does not pass for the kick.
 */
struct mark_window {
	int64_t start, vector, ack;
	int64_t answer;
};

struct mark_result {
	uint8_t route;		/* enum route */
	uint8_t found;		/* MB(mark) for each trace mark found */
	bool incomplete;	/* a mark the route needs is missing */
	int64_t t[MK_NR];	/* trace ns of each found trace mark */
	bool has_uirq;
	int64_t uirq_ns;	/* soft-vi: IAR read exit -> entry after user space */
	uint32_t entry_cycles;	/* MK_ENTRY's host cycles since its exit; 0: none */
};

void assign_marks(struct mark_ctx *mc, const struct mark_window *w,
		  struct mark_result *r);

#endif /* VQB_MARKS_H */
