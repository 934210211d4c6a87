// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rounds.h"
#include "tdist.h"

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
