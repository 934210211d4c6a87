// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "plots.h"
#include "util.h"

#define CDF_POINTS 2000
#define CDF_TAIL 1000

size_t cdf_block(FILE *f, const int64_t *v, size_t n)
{
	size_t i, first = 0, step;

	while (first < n && v[first] <= 0)
		first++;
	if (first == n)
		return first;
	fputs("# us\tfraction\n", f);
	/* From 0 at the first plotted value, so the step rises there. */
	fprintf(f, "%.4f\t%.7f\n", (double)v[first] / 1000, (double)first / (double)n);
	step = n > 2 * CDF_POINTS ? n / CDF_POINTS : 1;
	for (i = first; i < n; i++) {
		bool tail = n - i <= CDF_TAIL;

		/* The last of a run of equal values carries its step's height. */
		if (i + 1 < n && v[i + 1] == v[i])
			continue;
		if (!tail && step > 1 && (i - first) % step && i + 1 != n)
			continue;
		fprintf(f, "%.4f\t%.7f\n", (double)v[i] / 1000, (double)(i + 1) / (double)n);
	}
	return first;
}

size_t tail_block(FILE *f, const int64_t *v, size_t n)
{
	size_t i, first = 0, step;

	while (first < n && v[first] <= 0)
		first++;
	if (first == n)
		return first;
	fputs("# nines_x\tus  (x = 1 / (1 - fraction of interrupts below); HdrHistogram's percentile axis)\n", f);
	step = n > 2 * CDF_POINTS ? n / CDF_POINTS : 1;
	for (i = first; i < n; i++) {
		bool tail = n - i <= CDF_TAIL;

		/* The first of a run of equal values: the percentile it is reached at. */
		if (i > first && v[i - 1] == v[i] && i + 1 != n)
			continue;
		if (!tail && step > 1 && (i - first) % step && i + 1 != n)
			continue;
		fprintf(f, "%.6g\t%.4f\n", (double)n / (double)(n - i), (double)v[i] / 1000);
	}
	return first;
}

char *file_part(const char *s)
{
	char *d = xstrdup(*s ? s : "_"), *p;

	for (p = d; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	if (d[0] == '.')
		d[0] = '_';
	return d;
}

int hist_log_bin(int64_t v)
{
	int k = (int)floor(log10((double)v) * HIST_PER_DECADE + 1e-9);

	/* log10 rounding at an exact edge: the edge belongs to its bin. */
	if (hist_log_edge(k + 1) <= (double)v)
		k++;
	else if (hist_log_edge(k) > (double)v)
		k--;
	return k;
}

double hist_log_edge(int k)
{
	return pow(10.0, (double)k / HIST_PER_DECADE);
}
