/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Correlation of one cell: every host.tsv row (an injected seq) is joined
 * with the guest's sample for that seq and with the trace events in its
 * window, and gets a set of flags saying what is known about it. Every seq
 * of host.tsv gets a record; nothing is dropped.
 */
#ifndef VQB_JOIN_H
#define VQB_JOIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "raw_run.h"

/*
 * A host-injected interrupt starts at the host's t_inject, so the first and
 * the last stage span both clocks. A guest-originated one (sgi, vtimer)
 * starts at the guest's t_trigger when guest.tsv has it: all stages are
 * then on the guest's clock.
 */
enum stage {
	ST_INJECT_TO_VECTOR,	/* t_inject (or t_trigger) -> vector entry */
	ST_VECTOR_TO_ACK,	/* guest only */
	ST_ACK_TO_EOI,		/* guest only */
	ST_TOTAL,		/* t_inject (or t_trigger) -> EOI */
	ST_NR
};
extern const char *const stage_names[ST_NR];

/* In the order they are printed. The last ones are notes, not problems. */
enum sample_flag {
	SF_TIMEOUT,		/* host.tsv status timeout */
	SF_INJECT_ERROR,	/* host.tsv status error: not injected */
	SF_NO_GUEST_SAMPLE,	/* injected, the guest has no row for it: lost */
	SF_SEQ_MISMATCH,	/* several guest rows claim this seq, or one claims a failed injection */
	SF_WRONG_INTID,		/* the guest acked another INTID than cell.kv's intid */
	SF_WRONG_VCPU,		/* taken on another vCPU than target_vcpu */
	SF_NEGATIVE_STAGE,	/* a stage < 0: clocks disagree */
	SF_NO_INJECT_EVENT,	/* trace present, no injection event in the window */
	SF_OUT_OF_ORDER,	/* the window's trace rows were out of order; counted after sorting */
	SF_NO_TRACE,		/* no trace covers this interrupt: exits unknown */
	SF_NR
};
#define SF_NOTES ((1u << SF_OUT_OF_ORDER) | (1u << SF_NO_TRACE))
extern const char *const sample_flag_names[SF_NR];

struct sample {
	int32_t guest;	/* index into guest[], -1 if none */
	int32_t exits;	/* exits on the target vCPU in [t_inject, t_ack]; -1 unknown */
	uint32_t flags;	/* 1 << enum sample_flag */
};

struct cell_join {
	const struct cell_info *ci;
	struct host_row *host;
	size_t nr_host;
	struct guest_row *guest;
	size_t nr_guest;
	struct sample *s;	/* nr_host of them, s[seq] */

	bool cross;		/* cntvoff established: cross-domain stages exist */
	bool trig;		/* stages start at the guest's t_trigger */
	bool trigger_missing;	/* guest-originated, but guest.tsv has no t_trigger */
	struct tick_ns ns;
	bool have_trace;	/* trace=on and trace.tsv read */
	struct trace_data trace;
	struct clockfit fit;
	int64_t trace_end;	/* when cut short: host ticks of its last event */
	const char *inject_event;	/* the tracepoint checked per seq, or NULL */
	struct trace_ev *exits, *injects;	/* t in host ticks, sorted */
	size_t nr_exits, nr_injects;
	size_t exit_cur, inject_cur;	/* where the last window started */

	uint64_t injected;	/* host rows with status ok or timeout */
	uint64_t inject_errors;
	uint64_t received;	/* injected with a guest sample */
	uint64_t lost;		/* injected without one */
	uint64_t timeouts;
	uint64_t duplicates;	/* guest rows beyond the first for a seq */
	uint64_t guest_unmatched;	/* guest rows whose seq is not in host.tsv */
	uint64_t exits_known;
	uint64_t ok;		/* samples without problem flags */
	uint64_t flag_count[SF_NR];
};

/* Loads the cell's .tsv files and correlates. 0, or -1 with a diag_error. */
int join_cell(struct cell_join *j, const struct cell_info *ci);
void join_free(struct cell_join *j);

/* Whether the stage needs cntvoff in this cell. */
bool stage_needs_cntvoff(const struct cell_join *j, enum stage st);

/* The stage latency of s[seq] in ns; false when it cannot be known. */
bool sample_stage(const struct cell_join *j, size_t seq, enum stage st,
		  int64_t *ns);
/* The stage's values over all samples that have it, into v; how many. */
size_t join_stage_values(const struct cell_join *j, enum stage st, int64_t *v);
/* Guest stamp in the host counter domain; false without cntvoff or sample. */
bool sample_host_stamp(const struct cell_join *j, size_t seq, int which,
		       int64_t *t);	/* which: 0 vector, 1 ack, 2 eoi, 3 trigger */

/* "ok", or the comma list of flags (notes after "ok" when only notes). */
void sample_flags_str(uint32_t flags, char *buf, size_t size);

#endif /* VQB_JOIN_H */
