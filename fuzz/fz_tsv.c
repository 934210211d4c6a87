// SPDX-License-Identifier: GPL-2.0
/*
 * host.tsv, guest.tsv, trace.tsv and perf.tsv through their loaders
 * (raw_run.c, trace_load.c, perf_counts.c): built four times, as fz-host,
 * fz-guest, fz-trace and fz-perf, by FZ_TSV (1, 2, 3, 4).
 */
#include <stdlib.h>

#include "fz.h"
#include "perf_counts.h"
#include "raw_run.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_init();
#if FZ_TSV == 3
	/* two threads and a small split: the two-halves path runs too */
	unsetenv("VIRQBENCH_THREADS");
	trace_split_min = 4096;
#endif
	return 0;
}

#if FZ_TSV == 3
/* Every row kept, spread over the streams by kind: all of the loader runs. */
static int keep_all(const struct trace_row *r, struct trace_ev *ev, void *ctx)
{
	ev->vcpu = r->cpu & 7;
	return r->kind == EV_OTHER ? -1 : (int)(r->kind % TRACE_STREAMS);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = fz_path(0, FZ_TSV == 4 ? "perf.tsv" : "in.tsv");

	fz_write(p, data, size);
#if FZ_TSV == 4
	{
		struct perf_counts pc;

		perf_counts_load(&pc, fz_dir());
		perf_counts_free(&pc);
	}
#elif FZ_TSV == 1
	{
		struct host_row *rows;
		size_t n;

		if (!host_load(p, &rows, &n))
			free(rows);
	}
#elif FZ_TSV == 2
	{
		struct guest_row *rows;
		size_t n;
		bool trig;

		if (!guest_load(p, &rows, &n, &trig))
			free(rows);
	}
#else
	{
		struct trace_data td = { 0 };

		trace_load(p, keep_all, NULL, ~0u, &td);
		trace_free(&td);
	}
#endif
	return 0;
}
