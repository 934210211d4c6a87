// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "num.h"
#include "record.h"
#include "trace_replay.h"
#include "trace_row.h"
#include "tsv.h"

/* "key=N" of the trailer (comment c) into *v: 1 taken, 0 another line, -1 bad. */
static int trailer(const struct tsv *t, const char *key, unsigned long long *v)
{
	const char *c = t->comment;
	size_t n = strlen(key);
	uint64_t x;

	if (strncmp(c, key, n) || c[n] != '=')
		return 0;
	if (num_u64(c + n + 1, &x))
		return diag_error(t->path, t->line, "bad trailer '# %s' (expected '# %s=N')",
				  c, key);
	*v = x;
	return 1;
}

/* The trailer's counts out of a `#` line; other comments are not ours. */
static int comment(const struct tsv *t, struct loss *loss, unsigned long long *lost,
		   bool *have_lost, unsigned long long *events, bool *have_events)
{
	unsigned long long v;
	int r;

	if ((r = trailer(t, "lost", &v)) > 0) {
		*lost = v;
		*have_lost = true;
	} else if (!r && (r = trailer(t, "lost_ringbuf", &v)) > 0) {
		loss->ringbuf = v;
	} else if (!r && (r = trailer(t, "lost_busy", &v)) > 0) {
		loss->busy = v;
	} else if (!r && (r = trailer(t, "events", &v)) > 0) {
		*events = v;
		*have_events = true;
	}
	return r < 0 ? -1 : 0;
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
