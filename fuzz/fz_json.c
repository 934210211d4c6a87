// SPDX-License-Identifier: GPL-2.0
/* The report's JSON reader (analysis/report/jread.c), and a walk of what it built. */
#include "fz.h"
#include "jread.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_init();
	return 0;
}

static void walk(const struct jval *v, int depth)
{
	int64_t i;

	if (!v || depth > 64)
		return;
	(void)jr_str(v);
	if (v->t == J_OBJ) {
		(void)jr_gets(v, "generator");
		(void)jr_geti(v, "count", &i);
		(void)jr_gettrue(v, "interrupted");
	}
	for (size_t k = 0; (v->t == J_ARR || v->t == J_OBJ) && k < v->n; k++)
		walk(jr_at(v, k) ? jr_at(v, k) : v->v[k], depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jval *v = jr_parse("fuzz.json", (const char *)data, size);

	walk(v, 0);
	jr_free(v);
	return 0;
}
