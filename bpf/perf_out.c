// SPDX-License-Identifier: GPL-2.0
/* perf.tsv (doc/raw-format.md): what perf_count.c gathered, written out. */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "perf_count.h"
#include "trace_row.h"

/*
 * One thread and tracepoint: perf's count, the programs' rows and
 * left-out hits, their hits, and whether the window's edges were found.
 */
static void write_row(FILE *f, const struct pc_thread *th, int e)
{
	const struct vqt_tp_window *w = &th->st.w[e];
	uint64_t perf = 0, rows = 0, filtered = 0, seen = 0;
	int exact = th->have_st && !w->read_errors;

	if (w->hits) {
		int64_t in = pc_rows_in(&th->rows[e], w->ts_first, w->ts_last);

		perf = w->perf_last - w->perf_first;
		seen = w->hits - 1;
		filtered = w->filtered;
		if (in < 0)
			exact = 0;
		else
			rows = (uint64_t)in;
	} else {
		/* No hit to read at: perf's own count from here must be 0 too. */
		perf = th->user[1][e] - th->user[0][e];
	}
	fprintf(f, "%d\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%d\n", (int)th->tid,
		vqt_events[e].name, perf, rows, filtered, seen, exact);
}

int pc_write(const struct perf_count *pc, const char *path)
{
	char *tmp;
	FILE *f;
	int err = 0;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	f = fopen(tmp, "we");
	if (!f) {
		err = -errno;
		free(tmp);
		return err;
	}
	fputs("# tid\tevent\tperf\trows\tfiltered\tseen\texact\n", f);
	if (!*pc->error && !pc->closed)
		fputs("# perf_error=the trace ended before the recount's window closed\n", f);
	else if (*pc->error)
		fprintf(f, "# perf_error=%s\n", pc->error);
	if (*pc->missing)
		fprintf(f, "# perf_missing=%s\n", pc->missing);
	fprintf(f, "# host_cycles=%s\n", *pc->cycles ? pc->cycles :
		*pc->error ? "off: no counters (perf_error)" : "off: no counted thread");
	fprintf(f, "# host_instr=%s\n", *pc->instr ? pc->instr :
		*pc->error ? "off: no counters (perf_error)" : "off: no counted thread");
	if (*pc->extra_threads)
		fprintf(f, "# new_threads=%s\n", pc->extra_threads);
	for (int i = 0; !*pc->error && pc->closed && i < pc->nth; i++)
		for (int e = 0; e < VQT_EV_NR; e++)
			if (pc->th[i].fd[e] >= 0)
				write_row(f, &pc->th[i], e);
	/* The second table: the host's cycles per exit, by class, in the same window. */
	fputs("# tid\tclass\texits\tcycles\tcycles_min\tcycles_max\tinstr\tns\n", f);
	for (int i = 0; !*pc->error && pc->closed && i < pc->nth; i++) {
		for (unsigned c = 0; c < XC_NR; c++) {
			const struct pc_xc *x = &pc->th[i].xc[c];
			char name[16];

			if (!x->n)
				continue;
			fprintf(f, "%d\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\n",
				(int)pc->th[i].tid, exit_class_name(c, name, sizeof(name)), x->n, x->cycles,
				x->cycles_min, x->cycles_max, x->instr, x->ns);
		}
	}
	if (fflush(f) || ferror(f))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}
