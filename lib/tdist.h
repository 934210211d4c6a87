/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Student's t distribution, for intervals from a few rounds: a run's
 * rounds are few (3 by default), so the normal's 1.96 would claim far
 * more than they show.
 */
#ifndef VQB_TDIST_H
#define VQB_TDIST_H

/* The q-quantile of Student's t with df degrees of freedom (df > 0, 0 < q < 1). */
double student_t_quantile(double q, double df);
/* Its distribution function. */
double student_t_cdf(double t, double df);

#endif /* VQB_TDIST_H */
