// SPDX-License-Identifier: GPL-2.0
/*
 * The run-against-run judgement (rounds.c, verdicts.c): Student's t, the
 * verdict rules, its false alarms over many A/A trials and its power on a
 * known shift, and compare's --fail-above gate on synthetic runs measured
 * in three rounds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "jread.h"
#include "rounds.h"
#include "rstats.h"
#include "rt.h"
#include "tdist.h"
#include "util.h"
#include "verdicts.h"

static void test_student_t(void)
{
	/* Table values (two-sided 95 % and 99 %). */
	CHECKF(fabs(student_t_quantile(0.975, 4) - 2.7764) < 1e-3, "t(0.975, 4) = %f",
	       student_t_quantile(0.975, 4));
	CHECKF(fabs(student_t_quantile(0.995, 4) - 4.6041) < 1e-3, "t(0.995, 4) = %f",
	       student_t_quantile(0.995, 4));
	CHECKF(fabs(student_t_quantile(0.975, 30) - 2.0423) < 1e-3, "t(0.975, 30) = %f",
	       student_t_quantile(0.975, 30));
	CHECKF(fabs(student_t_quantile(0.975, 1e6) - 1.9600) < 1e-3, "t(0.975, inf) = %f",
	       student_t_quantile(0.975, 1e6));
	CHECK(fabs(student_t_cdf(0, 3) - 0.5) < 1e-12);
	CHECK(fabs(student_t_cdf(-2.7764, 4) - 0.025) < 1e-4);
}

static void test_round_base(void)
{
	char *s;

	s = round_base("v3-vhe-lr-line-busy-r2");
	CHECK_STR(s, "v3-vhe-lr-line-busy");
	free(s);
	s = round_base("v3-vhe-lr-line-busy-contended-r12-untraced");
	CHECK_STR(s, "v3-vhe-lr-line-busy-contended-untraced");
	free(s);
	s = round_base("v3-vhe-lr-irqfd-busy");	/* "-r" of a path name is no round */
	CHECK_STR(s, "v3-vhe-lr-irqfd-busy");
	free(s);
	s = round_base("v3-vhe-lr-line-busy-rx");
	CHECK_STR(s, "v3-vhe-lr-line-busy-rx");
	free(s);
	CHECK_INT(round_of("v3-vhe-lr-line-busy-contended-r12-untraced"), 12);
	CHECK_INT(round_of("v3-vhe-lr-irqfd-busy"), 0);
	CHECK_INT(round_of("v3-vhe-lr-line-busy-rx"), 0);
}

static void test_rules(void)
{
	static const double a[] = { 1000, 1010, 990 }, same[] = { 1005, 995, 1000 };
	static const double far[] = { 2000, 2010, 1990 }, flat[] = { 16, 16, 16 };
	static const double tick[] = { 32, 32, 32 }, half[] = { 24, 24, 24 };
	struct round_judgement j;
	char buf[160];

	rounds_judge(a, 3, same, 3, 0.99, 16, &j);
	CHECK_INT(j.verdict, RV_SAME);
	rounds_judge(a, 3, far, 3, 0.99, 16, &j);
	CHECK_INT(j.verdict, RV_SLOWER);
	CHECK(j.pct_lo > 90 && j.pct_hi < 110 && fabs(j.pct - 100) < 1e-9);
	CHECK(rounds_regressed(&j, 10) && !rounds_regressed(&j, 150));
	rounds_text(&j, buf, sizeof(buf));
	CHECK_HAS(buf, "slower by 100.0 %");
	rounds_judge(far, 3, a, 3, 0.99, 16, &j);
	CHECK_INT(j.verdict, RV_FASTER);
	CHECK(!rounds_regressed(&j, 0));
	/* Rounds that agree exactly: the resolution decides, not a zero-width interval. */
	rounds_judge(flat, 3, half, 3, 0.99, 16, &j);
	CHECK_INT(j.verdict, RV_SAME);
	rounds_judge(flat, 3, tick, 3, 0.99, 16, &j);
	CHECK_INT(j.verdict, RV_SLOWER);
	/* One round: the noise is unknown, nothing judged, nothing gated. */
	rounds_judge(a, 1, far, 3, 0.99, 16, &j);
	CHECK_INT(j.verdict, RV_UNKNOWN);
	CHECK(!rounds_regressed(&j, 0));
	rounds_text(&j, buf, sizeof(buf));
	CHECK_HAS(buf, "noise unknown");
}

/*
 * Round medians as a host makes them: a common level, a run-to-run shift
 * per round (the noise that matters, 8 %), a little sampling noise, and a
 * change added on top (a delay: it adds no noise of its own).
 */
static void draw_rounds(struct rng *r, double *m, size_t k, double level, double change)
{
	for (size_t i = 0; i < k; i++)
		m[i] = level * (1 + 0.08 * rng_normal(r) + 0.005 * rng_normal(r)) + change;
}

static void test_false_alarms_and_power(void)
{
	const unsigned trials = 4000;
	unsigned alarms = 0, found = 0, found_big = 0, found_huge = 0;
	struct rng r;
	double a[3], b[3];
	struct round_judgement j;

	rng_seed(&r, 7);
	for (unsigned t = 0; t < trials; t++) {
		draw_rounds(&r, a, 3, 10000, 0);
		draw_rounds(&r, b, 3, 10000, 0);
		rounds_judge(a, 3, b, 3, 0.99, 16, &j);
		alarms += j.verdict == RV_SLOWER || j.verdict == RV_FASTER;
	}
	/* At most the nominal 1 %, with room for the trials' own noise. */
	CHECKF(alarms <= trials / 100 + trials / 200, "A/A false alarms: %u of %u", alarms, trials);
	for (unsigned t = 0; t < trials; t++) {
		draw_rounds(&r, a, 3, 10000, 0);
		draw_rounds(&r, b, 3, 10000, 3000);	/* +30 % */
		rounds_judge(a, 3, b, 3, 0.99, 16, &j);
		found += j.verdict == RV_SLOWER;
		draw_rounds(&r, b, 3, 10000, 6000);	/* +60 % */
		rounds_judge(a, 3, b, 3, 0.99, 16, &j);
		found_big += j.verdict == RV_SLOWER;
		draw_rounds(&r, b, 3, 10000, 100000);	/* +1000 %: a delay on a short stage */
		rounds_judge(a, 3, b, 3, 0.99, 16, &j);
		found_huge += j.verdict == RV_SLOWER;
	}
	/*
	 * Three rounds with 8 % round-to-round noise at 99 %: a change of
	 * four round sigmas is found about two times in five, eight sigmas
	 * nearly always. Three rounds estimate the noise poorly; more rounds
	 * buy power, which is the honest answer.
	 */
	CHECKF(found >= trials * 35 / 100, "power at +30 %%: %u of %u", found, trials);
	CHECKF(found_big >= trials * 90 / 100, "power at +60 %%: %u of %u", found_big, trials);
	CHECKF(found_huge >= trials * 995 / 1000, "power at +1000 %%: %u of %u", found_huge, trials);
}

static struct compare_opts gate_opts(double fail_above)
{
	struct compare_opts o;

	compare_opts_default(&o);
	o.table = NULL;
	o.quiet = true;
	o.gnuplot = "/nonexistent/gnuplot";
	o.fail_above = fail_above;
	return o;
}

#define ROUNDS(shift, s1, s2, s3) {						\
	{ "v3-vhe-lr-line-busy-r1", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift, s1 }, \
	{ "v3-vhe-lr-line-busy-r2", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift, s2 }, \
	{ "v3-vhe-lr-line-busy-r3", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift, s3 }, \
}

static void test_gate(void)
{
	static const struct fx_cell a[] = ROUNDS(0, 1, 2, 3), aa[] = ROUNDS(0, 11, 12, 13);
	static const struct fx_cell delayed[] = ROUNDS(50000, 21, 22, 23);
	char *da = fx_results("rounds-a", a, 3, "h"), *daa = fx_results("rounds-aa", aa, 3, "h");
	char *dd = fx_results("rounds-d", delayed, 3, "h"), *p;
	struct compare_opts o = gate_opts(10);
	struct jval *j;
	const struct jval *cells, *st;
	int same_elsewhere = 1, found = 0;

	/* A/A: different draws of the same thing pass the gate. */
	CHECK_INT(compare_run(da, daa, &o), 0);
	/* 50 us more in inject_to_vector: the gate trips, exactly there and in total. */
	o.out = t_path("rounds-out");
	CHECK_INT(compare_run(da, dd, &o), -3);
	p = xasprintf("%s/compare.json", o.out);
	j = jr_load(p);
	free(p);
	cells = jr_get(jr_get(j, "verdicts"), "cells");
	CHECK(cells && cells->n == 1);
	CHECK_STR(cells && cells->n ? jr_gets(cells->v[0], "cell") : NULL, "v3-vhe-lr-line-busy");
	st = cells && cells->n ? jr_get(cells->v[0], "stages") : NULL;
	for (size_t k = 0; st && k < st->n; k++) {
		const char *name = jr_gets(st->v[k], "stage"), *v = jr_gets(st->v[k], "verdict");
		bool moved = !strcmp(name, "inject_to_vector") || !strcmp(name, "total");

		if (moved) {
			found += v && !strcmp(v, "slower") && jr_gettrue(st->v[k], "regressed");
		} else {
			same_elsewhere &= v && !strcmp(v, "same");
		}
	}
	CHECK_INT(found, 2);
	CHECK(same_elsewhere);
	jr_free(j);
	/* Without a gate the same comparison is only written. */
	o = gate_opts(-1);
	CHECK_INT(compare_run(da, dd, &o), 0);
	free(da);
	free(daa);
	free(dd);
}

#define TWINS(shift_traced, shift_untraced, s) {					\
	{ "v3-vhe-lr-line-busy-r1", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift_traced, s + 1 }, \
	{ "v3-vhe-lr-line-busy-r1-untraced", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift_untraced, s + 2 }, \
	{ "v3-vhe-lr-line-busy-r2", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift_traced, s + 3 }, \
	{ "v3-vhe-lr-line-busy-r2-untraced", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift_untraced, s + 4 }, \
	{ "v3-vhe-lr-line-busy-r3", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift_traced, s + 5 }, \
	{ "v3-vhe-lr-line-busy-r3-untraced", "v3", "vhe", "lr-line", "busy", NULL, NULL, 400, shift_untraced, s + 6 }, \
}

/* trace both: the traced cell's total is judged on its untraced twin's rounds. */
static void test_twin_total(void)
{
	static const struct fx_cell a[] = TWINS(0, 0, 30), b[] = TWINS(0, 50000, 40);
	char *da = fx_results("twins-a", a, 6, "h"), *db = fx_results("twins-b", b, 6, "h"), *p;
	struct compare_opts o = gate_opts(10);
	const struct jval *cells, *st;
	struct jval *j;
	int checked = 0;

	o.out = t_path("twins-out");
	CHECK_INT(compare_run(da, db, &o), -3);
	p = xasprintf("%s/compare.json", o.out);
	j = jr_load(p);
	free(p);
	cells = jr_get(jr_get(j, "verdicts"), "cells");
	for (size_t c = 0; cells && c < cells->n; c++) {
		if (strcmp(jr_gets(cells->v[c], "cell"), "v3-vhe-lr-line-busy"))
			continue;
		st = jr_get(cells->v[c], "stages");
		for (size_t k = 0; st && k < st->n; k++) {
			const char *name = jr_gets(st->v[k], "stage"), *v = jr_gets(st->v[k], "verdict");

			if (!strcmp(name, "total")) {
				CHECKF(v && !strcmp(v, "slower"), "traced cell's total: %s (expected the untraced twin's: slower)", v);
				checked++;
			} else if (!strcmp(name, "inject_to_vector")) {
				CHECKF(v && !strcmp(v, "same"), "traced cell's inject_to_vector: %s (its own: same)", v);
				checked++;
			}
		}
	}
	CHECK_INT(checked, 2);
	jr_free(j);
	free(da);
	free(db);
}

void test_rounds(void)
{
	test_twin_total();
	test_student_t();
	test_round_base();
	test_rules();
	test_false_alarms_and_power();
	test_gate();
}
