// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rounds.h"

/*
 * The regularized incomplete beta I_x(a, b) by its continued fraction
 * (modified Lentz), on the side of x where it converges fast.
 */
static double beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1), h;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		double m2 = 2.0 * m, num, del;

		num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
		d = 1 + num * d;
		c = 1 + num / c;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + num * d;
		c = 1 + num / c;
		d = fabs(d) < tiny ? 1 / tiny : 1 / d;
		c = fabs(c) < tiny ? tiny : c;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 1e-14)
			break;
	}
	return h;
}

static double inc_beta(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * beta_cf(a, b, x) / a;
	return 1 - front * beta_cf(b, a, 1 - x) / b;
}

double student_t_cdf(double t, double df)
{
	double tail = 0.5 * inc_beta(df / 2, 0.5, df / (df + t * t));

	return t >= 0 ? 1 - tail : tail;
}

double student_t_quantile(double q, double df)
{
	double lo = -1e6, hi = 1e6;

	/* The CDF is monotone: bisection to far below any use's precision. */
	for (int i = 0; i < 200 && hi - lo > 1e-12 * (1 + fabs(lo)); i++) {
		double mid = (lo + hi) / 2;

		if (student_t_cdf(mid, df) < q)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

static void mean_var(const double *v, size_t k, double *mean, double *var)
{
	double s = 0, ss = 0;

	for (size_t i = 0; i < k; i++)
		s += v[i];
	*mean = s / (double)k;
	for (size_t i = 0; i < k; i++)
		ss += (v[i] - *mean) * (v[i] - *mean);
	*var = k > 1 ? ss / (double)(k - 1) : 0;
}

static double spread_pct(const double *v, size_t k, double mean)
{
	double lo = v[0], hi = v[0];

	for (size_t i = 1; i < k; i++) {
		lo = v[i] < lo ? v[i] : lo;
		hi = v[i] > hi ? v[i] : hi;
	}
	return mean != 0 ? 100.0 * (hi - lo) / fabs(mean) : 0;
}

void rounds_judge(const double *a, size_t ka, const double *b, size_t kb, double level,
		  double resolution, struct round_judgement *out)
{
	double va, vb, sa, sb, se, t;

	memset(out, 0, sizeof(*out));
	out->ka = ka;
	out->kb = kb;
	if (!ka || !kb)
		return;
	mean_var(a, ka, &out->mean_a, &va);
	mean_var(b, kb, &out->mean_b, &vb);
	out->diff = out->mean_b - out->mean_a;
	out->lo = out->hi = out->diff;
	out->has_pct = out->mean_a != 0;
	if (out->has_pct)
		out->pct = out->pct_lo = out->pct_hi = 100.0 * out->diff / fabs(out->mean_a);
	if (ka < 2 || kb < 2)
		return;	/* RV_UNKNOWN */
	out->noise_pct = fmax(spread_pct(a, ka, out->mean_a), spread_pct(b, kb, out->mean_b));
	sa = va / (double)ka;
	sb = vb / (double)kb;
	se = sqrt(sa + sb);
	if (se > 0) {
		out->df = (sa + sb) * (sa + sb) /
			  (sa * sa / (double)(ka - 1) + sb * sb / (double)(kb - 1));
		t = student_t_quantile(1 - (1 - level) / 2, out->df);
		out->lo = out->diff - t * se;
		out->hi = out->diff + t * se;
	}
	if (out->has_pct) {
		out->pct_lo = 100.0 * out->lo / fabs(out->mean_a);
		out->pct_hi = 100.0 * out->hi / fabs(out->mean_a);
	}
	if (fabs(out->diff) < resolution || (out->lo <= 0 && out->hi >= 0))
		out->verdict = RV_SAME;
	else
		out->verdict = out->diff > 0 ? RV_SLOWER : RV_FASTER;
}

bool rounds_regressed(const struct round_judgement *j, double pct)
{
	return j->verdict == RV_SLOWER && j->has_pct && j->pct_lo > pct;
}

void rounds_text(const struct round_judgement *j, char *buf, size_t size)
{
	switch (j->verdict) {
	case RV_UNKNOWN:
		snprintf(buf, size, "noise unknown (%zu and %zu rounds; 2 or more each judge a change)",
			 j->ka, j->kb);
		return;
	case RV_SAME:
		snprintf(buf, size, "no difference the noise can resolve");
		return;
	case RV_SLOWER:
	case RV_FASTER:
		if (j->has_pct)
			snprintf(buf, size, "%s by %.1f %% [%+.1f .. %+.1f %%]",
				 j->verdict == RV_SLOWER ? "slower" : "faster", fabs(j->pct),
				 j->pct_lo, j->pct_hi);
		else
			snprintf(buf, size, "%s by %.0f [%+.0f .. %+.0f]",
				 j->verdict == RV_SLOWER ? "slower" : "faster", fabs(j->diff), j->lo,
				 j->hi);
		return;
	}
	buf[0] = '\0';
}
