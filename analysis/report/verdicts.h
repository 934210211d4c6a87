/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virqbench-compare's verdicts: each cell of a run measured in rounds
 * (cells <name>-r1 .. -rN, `rounds` in the matrix spec) is one logical
 * cell; per stage, A's round medians against B's (rounds.h) say whether B
 * changed beyond the noise between rounds. A cell measured once is its
 * own logical cell with one round: its verdict is "noise unknown".
 */
#ifndef VQB_REPORT_VERDICTS_H
#define VQB_REPORT_VERDICTS_H

#include <stdbool.h>
#include <stddef.h>

#include "rdir.h"
#include "rounds.h"

struct verdict_stage {
	char *stage;
	struct round_judgement j;
	bool regressed;		/* beyond --fail-above */
	bool untraced_twin;	/* total judged on the <cell>-untraced twin's rounds (trace both) */
};

struct verdict_cell {
	char *base;			/* the cell's name without -r<N> */
	const struct rd_cell *a0;	/* A's first round, for gic/hyp/path/state */
	size_t ns;
	struct verdict_stage *st;
};

struct verdicts {
	size_t n;
	struct verdict_cell *c;
	double fail_above;		/* < 0: no gate */
	size_t slower, faster, same, unknown, regressed;
};

/* "x-r12-untraced" -> "x-untraced"; a name without a round token as it is. */
char *round_base(const char *name);
/* Its round (1..N), or 0 for a cell measured once. */
long round_of(const char *name);

/*
 * Judges every logical cell A and B share (their samples already loaded).
 * level as compare's; fail_above in %, or < 0. Stages whose name is
 * "exits" count in exits (resolution 1), the rest in ns (one counter tick
 * of A's cntfrq_hz, or 1 ns when unknown). A traced cell whose untraced
 * twin (<cell>-untraced, `trace both`) both runs have is judged on the
 * twin's rounds for `total`: the headline without the tracer's cost.
 */
void verdicts_compute(struct rdir *A, struct rdir *B, double level, double fail_above,
		      struct verdicts *v);
void verdicts_free(struct verdicts *v);

#endif /* VQB_REPORT_VERDICTS_H */
