/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace mode's reports: a table per interval and a final one with
 * histograms, as text for a person and as JSON for a program.
 */
#ifndef VQT_SUMMARY_OUT_H
#define VQT_SUMMARY_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "json.h"
#include "trace_summary.h"

/* Events the tracer knows it did not see (all of them, or one interval's). */
struct loss {
	uint64_t ringbuf;	/* no room in the ring buffer */
	uint64_t busy;		/* program busy on that CPU (any process) */
	uint64_t bad;		/* records this build cannot decode */
};

/*
 * What one trace-mode report covers: final selects the since-start counts
 * (->all) and adds the histograms and what is still undelivered; else the
 * interval's (->iv). t_s is the time since tracing began, len_s the
 * interval's length.
 */
struct tm_interval {
	bool final;
	double t_s, len_s;
	struct loss loss;
};

void summary_print(FILE *f, struct summary *s, const struct tm_interval *r);
void summary_json(struct json *j, struct summary *s,
		  const struct tm_interval *r);

#endif /* VQT_SUMMARY_OUT_H */
