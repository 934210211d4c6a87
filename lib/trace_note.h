/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.tsv's `#` lines besides the column header: the header notes and
 * the trailer virqtrace writes (doc/raw-format.md), read for virqtrace
 * --replay and for the analysis by this one parser. Numbers are strict: a
 * reader that guessed would report a loss it does not know.
 */
#ifndef VQB_TRACE_NOTE_H
#define VQB_TRACE_NOTE_H

#include <stdint.h>

#include "tsv.h"

enum trace_note_kind {
	TN_COMMENT,		/* none of ours: a comment */
	TN_FOREIGN,		/* header: foreign=on|off -> .foreign 1, 0 (-1 neither) */
	TN_IRQ_LINE_CPU,	/* header: irq_line=cpu */
	TN_SCHED,		/* header: sched=on|off -> .foreign 1, 0 (-1 neither) */
	TN_MISSING,		/* header: missing=<tracepoint,...> -> .text */
	TN_STATS_ERROR,		/* header: stats_error=<text> -> .text */
	TN_PROG,		/* trailer: prog=<event> run_cnt=N run_time_ns=N */
	TN_LOST_RINGBUF,	/* trailer: lost_ringbuf=N -> .n */
	TN_LOST_BUSY,		/* trailer: lost_busy=N -> .n */
	TN_LOST,		/* trailer: lost=N -> .n */
	TN_EVENTS,		/* trailer: events=N -> .n; the last line of a clean end */
};

#define TRACE_PROG_NAME_MAX	24

struct trace_note {
	enum trace_note_kind kind;
	uint64_t n;
	const char *text;	/* in t's line: valid until the next tsv_next() */
	int foreign;		/* foreign=, or sched= */
	char prog[TRACE_PROG_NAME_MAX];
	uint64_t run_cnt, run_time_ns;
};

/*
 * t's current comment line (tsv_next() returned TSV_COMMENT) into n. 0, or
 * -1 with a diag_error() naming file and line for one of ours that is
 * malformed.
 */
int trace_note_parse(const struct tsv *t, struct trace_note *n);

#endif /* VQB_TRACE_NOTE_H */
