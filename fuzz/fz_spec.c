// SPDX-License-Identifier: GPL-2.0
/* The matrix spec (matrix/spec.c): any text, one message or a spec. */
#include <stdio.h>
#include <stdlib.h>

#include "fz.h"
#include "spec.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	struct spec s;
	FILE *f;

	if (!size)
		return 0;
	f = fmemopen((void *)data, size, "r");
	if (!f)
		return 0;
	spec_defaults(&s);
	if (spec_parse(f, "fuzz.spec", &s, err, sizeof(err)) == 0)
		(void)spec_cells_per_boot(&s);
	fclose(f);
	return 0;
}
