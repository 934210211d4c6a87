/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What user space knows of each traced tracepoint: its name, its trace.tsv
 * row, and the names of kvm_exit's exception classes. Pure: no libbpf, so
 * the unit tests link it on the build machine.
 */
#ifndef VQT_EVENTS_H
#define VQT_EVENTS_H

/* Exit classes (code and ESR_ELx.EC folded together) are lib/exit_class.h's. */
#include "exit_class.h"
#include <stdbool.h>
#include <stddef.h>

#include "virqtrace.h"

struct vqt_event_desc {
	const char *tp;			/* tracepoint name, in events/kvm/ */
	const char *name;		/* the "event" column of trace.tsv */
	char fmt[VQT_NR_ARGS + 1];	/* per argument: u unsigned, d signed, x hex */
	bool optional;			/* absent: a "# missing=" line, not an error */
};

/* Indexed by enum vqt_event_type; the program is in section raw_tp/<tp>. */
extern const struct vqt_event_desc vqt_events[VQT_EV_NR];

/* The longest trace.tsv row (4 x 20 digits + names) is about 150 bytes. */
#define VQT_ROW_MAX	256

/*
 * Writes e's trace.tsv row, newline included, into buf (VQT_ROW_MAX bytes).
 * Returns its length, or 0 for a record of a type this build does not know.
 */
size_t vqt_format_row(char *buf, const struct vqt_event *e);

#endif /* VQT_EVENTS_H */
