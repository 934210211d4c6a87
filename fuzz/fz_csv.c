// SPDX-License-Identifier: GPL-2.0
/* summary.csv as the report reads it (analysis/report/rdir.c's CSV reader). */
#include "fz.h"
#include "rdir.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv c;

	if (csv_parse(&c, "summary.csv", (const char *)data, size) == 0) {
		for (size_t r = 0; r < c.nrows; r++) {
			(void)csv_get(&c, r, "cell");
			(void)csv_get(&c, r, "p99_ns");
		}
		(void)csv_col(&c, "stage");
	}
	csv_free(&c);
	return 0;
}
