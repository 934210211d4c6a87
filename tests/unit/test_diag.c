// SPDX-License-Identifier: GPL-2.0
/* diag.c: messages carry the name of the program that prints them. */
#include <stdlib.h>

#include "diag.h"
#include "test.h"

void test_diag(void)
{
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	CHECK_STR(diag_prog(), "virqbench-analyze");	/* the default */
	diag_set_warn_stream(m);
	diag_set_prog("virqbench-report");
	diag_warn("cell.kv", 3, "odd %s", "value");
	diag_set_prog("virqbench-analyze");
	diag_warn(NULL, 0, "second");
	diag_set_warn_stream(NULL);
	fclose(m);
	CHECK_STR(s, "virqbench-report: warning: cell.kv:3: odd value\n"
		  "virqbench-analyze: warning: second\n");
	CHECK_STR(diag_last_warning(), "second");
	/* errors are kept, not printed: main adds the prefix */
	CHECK_INT(diag_error("f", 0, "bad"), -1);
	CHECK_STR(diag_last(), "f: bad");
	free(s);
}
