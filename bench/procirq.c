// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "procirq.h"

long long procirq_count(FILE *f, const char *name)
{
	char line[4096];

	while (fgets(line, sizeof(line), f)) {
		long long total = 0;
		char *p;

		if (!strstr(line, name))
			continue;
		/* "  NN:  c0  c1 ... chip hwirq type name": sum the per-CPU columns. */
		p = strchr(line, ':');
		while (p) {
			char *end;
			long long v = strtoll(p + 1, &end, 10);

			if (end == p + 1)
				break;
			total += v;
			p = end;
		}
		return total;
	}
	return -1;
}
