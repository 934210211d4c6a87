/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reads a trace.tsv back into events: trace mode's summary of a recorded
 * trace (virqtrace --replay), and a check of the summary against bench/'s
 * own record of a cell.
 */
#ifndef VQT_TRACE_REPLAY_H
#define VQT_TRACE_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "summary_out.h"
#include "trace_summary.h"
#include "virqtrace.h"

/*
 * Feeds every event of the trace.tsv at path to s (and drains it), its
 * rows read by lib/trace_row.h as analysis/ reads them. The trailer's
 * counts go to loss; *complete is false when the file has no trailer (cut
 * short: its loss is unknown). 0, or -1 with why filled ("FILE:LINE: what").
 */
int replay_file(const char *path, struct summary *s, struct loss *loss,
		bool *complete, char *why, size_t why_size);

#endif /* VQT_TRACE_REPLAY_H */
