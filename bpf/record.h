/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ring buffer's record (struct vqt_event) as a trace.tsv row and back:
 * the rows themselves are lib/trace_row.h's, shared with analysis/. A
 * row carries no flags: a replayed event is never VQT_F_FOREIGN.
 */
#ifndef VQT_RECORD_H
#define VQT_RECORD_H

#include <string.h>

#include "trace_row.h"
#include "virqtrace.h"

static inline void vqt_event_to_row(const struct vqt_event *e,
				    struct trace_row *r)
{
	int i;

	r->ts_ns = (int64_t)e->ts_ns;
	r->tid = e->tid;
	r->cpu = e->cpu;
	r->kind = e->type;
	for (i = 0; i < VQT_NR_ARGS; i++)
		r->a[i] = e->args[i];
}

static inline void vqt_event_from_row(const struct trace_row *r,
				      struct vqt_event *e)
{
	int i;

	memset(e, 0, sizeof(*e));
	e->ts_ns = (__u64)r->ts_ns;
	e->tid = (__u32)r->tid;
	e->cpu = (__u32)r->cpu;
	e->type = r->kind;
	for (i = 0; i < VQT_NR_ARGS; i++)
		e->args[i] = r->a[i];
}

#endif /* VQT_RECORD_H */
