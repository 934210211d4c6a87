/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Run-against-run judgement with the rounds as the evidence, as Go's
 * benchstat treats runs: what varies between two runs of the same thing is
 * the run (boot, placement, the host's other work), not the interrupt, so
 * a change is real only when it stands out against how much a cell's
 * median moves from round to round.
 *
 * Each side gives one median per round. The change is the difference of
 * the mean round medians, its interval Welch's t interval (each side's
 * own round-to-round variance, Welch-Satterthwaite degrees of freedom) at
 * the given level; the relative change and its interval divide by A's
 * mean (A's own uncertainty is in the interval's width, not in the
 * divisor). A change within the stage's resolution (one counter tick, one
 * exit) is never called a difference, whatever the rounds say: two sides
 * whose rounds agree exactly otherwise give a zero-width interval.
 * With fewer than two rounds on a side the noise is unknown and nothing
 * is judged.
 */
#ifndef VQB_REPORT_ROUNDS_H
#define VQB_REPORT_ROUNDS_H

#include <stdbool.h>
#include <stddef.h>

enum round_verdict {
	RV_UNKNOWN,	/* a side has fewer than 2 rounds: the noise is not known */
	RV_SAME,	/* no difference the noise (or the resolution) can resolve */
	RV_SLOWER,	/* B above A: the interval is above 0 */
	RV_FASTER,	/* B below A */
};

struct round_judgement {
	enum round_verdict verdict;
	size_t ka, kb;			/* rounds on each side */
	double mean_a, mean_b;		/* mean of the round medians */
	double diff, lo, hi;		/* B - A and its interval, in the stage's unit */
	double df;			/* Welch-Satterthwaite */
	bool has_pct;			/* mean_a is not 0 */
	double pct, pct_lo, pct_hi;	/* the same in % of mean_a */
	double noise_pct;		/* the larger side's round-to-round spread, % of its mean */
};

/*
 * a[ka] and b[kb]: the round medians of one cell and stage; level: 0.99
 * for a 99 % interval; resolution: the smallest difference the stage can
 * show (ns of a counter tick, or 1 for counts).
 */
void rounds_judge(const double *a, size_t ka, const double *b, size_t kb, double level,
		  double resolution, struct round_judgement *out);

/*
 * A regression beyond a threshold: B slower than A by more than pct
 * percent even at the low end of the interval.
 */
bool rounds_regressed(const struct round_judgement *j, double pct);

/* "slower by 12.3 % [+4.1 .. +20.5 %]", "no difference the noise can resolve", ... */
void rounds_text(const struct round_judgement *j, char *buf, size_t size);

#endif /* VQB_REPORT_ROUNDS_H */
