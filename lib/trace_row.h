/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trace.tsv's rows (doc/raw-format.md), written and read by one table:
 * include/virqbench/trace_events.h. virqtrace writes them; its --replay and
 * analysis/ read them, through the same parser and so the same rules and
 * messages.
 */
#ifndef VQB_TRACE_ROW_H
#define VQB_TRACE_ROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <virqbench/trace_events.h>

#include "tsv.h"

/* The header line's columns ("# " before them). */
#define TRACE_TSV_COLS "ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3"

/* What the table says of one event, by enum vqt_event_type. */
struct vqt_event_desc {
	const char *tp;			/* tracepoint name, in events/<system>/ */
	const char *system;		/* "kvm", "sched" */
	const char *name;		/* the "event" column of trace.tsv */
	const char *arg[VQT_NR_ARGS];	/* "" where unused */
	char fmt[VQT_NR_ARGS + 1];	/* per argument: u unsigned, d signed, x hex */
	bool optional;			/* absent: a "# missing=" line, not an error */
	uint8_t name_len;
};
extern const struct vqt_event_desc vqt_events[VQT_EV_NR];

/* One trace.tsv row. */
struct trace_row {
	int64_t ts_ns;		/* below 2^63, so differences fit int64 */
	uint64_t tid, cpu;
	unsigned kind;		/* enum vqt_event_type; VQT_EV_NR: a name not in the table */
	uint64_t a[VQT_NR_ARGS];	/* a negative argument as its two's complement */
};

/* The longest row (3 numbers, a name, 4 x 20 digits, tabs) is about 150 bytes. */
#define TRACE_ROW_MAX	256

/*
 * Writes r's row, newline included, into buf (TRACE_ROW_MAX bytes). By
 * hand: kvm_exit and kvm_entry come by the hundred thousand a second, and
 * printf would be most of the tracer's time. Returns its length, or 0 for
 * a kind not in the table.
 */
size_t trace_row_format(char *buf, const struct trace_row *r);

/*
 * Parses t's current data line (tsv_next() returned TSV_DATA) into r. The
 * arguments of the kinds in args (bit 1 << kind; bit VQT_EV_NR for names
 * not in the table) are converted, the others' only checked and left 0: a
 * trace holds millions of rows, most of whose arguments nobody reads.
 * A name not in the table is kind VQT_EV_NR, not an error: a newer tracer
 * may add events. 0, or -1 with a diag_error() naming file, line and field.
 */
int trace_row_parse(struct tsv *t, uint32_t args, struct trace_row *r);
#define TRACE_ARGS_ALL	UINT32_MAX
/*
 * The same for a line from tsv_next_line(): the usual row is read from
 * the line (tsv_line_fields()), anything else split and parsed as above,
 * so the rows, values and messages are the same.
 */
int trace_row_scan(struct tsv *t, uint32_t args, struct trace_row *r);

/*
 * The fields a reader uses, kind by kind: a trace holds millions of rows,
 * and of most only the time and a field or two are read (an exit's tid
 * and exit code, an injection's arguments). The others are checked as
 * trace_row_parse() checks them, with the same messages, but not
 * converted: left 0. f[kind] is a set of TR_TID, TR_CPU and TR_A0 << i
 * (argument i); f[VQT_EV_NR] for names not in the table.
 */
enum { TR_TID = 1, TR_CPU = 2, TR_A0 = 4 };
#define TR_ARGS (0xfu * TR_A0)
struct trace_want {
	uint8_t f[VQT_EV_NR + 1];
};
/* What trace_row_parse(args) converts: tid and cpu always, the arguments of the kinds in args. */
void trace_want_of_args(struct trace_want *w, uint32_t args);
int trace_row_parse_want(struct tsv *t, const struct trace_want *w, struct trace_row *r);
int trace_row_scan_want(struct tsv *t, const struct trace_want *w, struct trace_row *r);

/* The kind of a tsv name, VQT_EV_NR if none. */
unsigned trace_kind_of(const char *name, size_t len);

#endif /* VQB_TRACE_ROW_H */
