// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "record.h"
#include "trace_note.h"
#include "trace_replay.h"
#include "trace_row.h"
#include "tsv.h"

/* The trailer's counts out of a `#` line (lib/trace_note.h). */
static int comment(const struct tsv *t, struct loss *loss, unsigned long long *lost,
		   bool *have_lost, unsigned long long *events, bool *have_events)
{
	struct trace_note n;

	if (trace_note_parse(t, &n))
		return -1;
	if (n.kind == TN_LOST) {
		*lost = n.n;
		*have_lost = true;
	} else if (n.kind == TN_LOST_RINGBUF) {
		loss->ringbuf = n.n;
	} else if (n.kind == TN_LOST_BUSY) {
		loss->busy = n.n;
	} else if (n.kind == TN_EVENTS) {
		*events = n.n;
		*have_events = true;
	}
	return 0;
}

int replay_file(const char *path, struct summary *s, struct loss *loss,
		bool *complete, char *why, size_t why_size)
{
	unsigned long long lost = 0, events = 0;
	bool have_lost = false, have_events = false;
	unsigned long n = 0;
	struct tsv t;
	int k, ret = -1;

	memset(loss, 0, sizeof(*loss));
	*complete = false;
	if (tsv_open(&t, path)) {
		snprintf(why, why_size, "%s", diag_last());
		return -1;
	}
	/* A file cut short is told by its missing trailer, not a warning. */
	t.quiet = true;
	if (tsv_header(&t, TRACE_TSV_COLS))
		goto out;
	while ((k = tsv_next(&t)) != TSV_EOF) {
		struct trace_row row;
		struct vqt_event e;

		if (k == TSV_ERROR)
			goto out;
		if (k == TSV_COMMENT) {
			if (comment(&t, loss, &lost, &have_lost, &events, &have_events))
				goto out;
			continue;
		}
		if (trace_row_parse(&t, TRACE_ARGS_ALL, &row))
			goto out;
		/* A name not in the table: counted by the summary as undecodable. */
		vqt_event_from_row(&row, &e);
		summary_add(s, &e);
		/* Keep the reorder buffer small on a long trace. */
		if (++n % 4096 == 0)
			summary_advance(s);
	}
	ret = 0;
out:
	if (ret)
		snprintf(why, why_size, "%s", diag_last());
	tsv_close(&t);
	summary_drain(s);
	*complete = have_lost && have_events;
	/* The rest of lost: records the tracer could not decode. */
	if (have_lost && lost > loss->ringbuf + loss->busy)
		loss->bad = lost - loss->ringbuf - loss->busy;
	if (!ret && have_events && events != n) {
		snprintf(why, why_size, "%s: %lu events, its trailer says %llu",
			 path, n, events);
		ret = -1;
	}
	return ret;
}
