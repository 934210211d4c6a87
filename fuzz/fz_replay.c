// SPDX-License-Identifier: GPL-2.0
/* A trace.tsv replayed into trace mode's summary (bpf/trace_replay.c, trace_summary.c). */
#include <stdlib.h>
#include <string.h>

#include "fz.h"
#include "trace_replay.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = fz_path(0, "trace.tsv");
	struct summary s;
	struct loss loss;
	bool complete;
	char why[512];

	/* every row through the one parser (lib/trace_row.c), as --replay reads them */
	fz_write(p, data, size);
	summary_init(&s);
	(void)summary_set_thread(&s, 4242, 0, "vcpu0");
	(void)replay_file(p, &s, &loss, &complete, why, sizeof(why));
	summary_free(&s);
	return 0;
}
