// SPDX-License-Identifier: GPL-2.0
/*
 * A whole raw cell, as analyze() takes it: cell.kv, host.tsv, guest.tsv
 * and trace.tsv (joined by FZ_SEP) under a fixed run.kv, through the
 * loader, the join, the cross-file checks, the summary and every writer.
 */
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "cell_check.h"
#include "fz.h"
#include "join.h"
#include "raw_run.h"
#include "summary.h"
#include "write_results.h"

#define CELL "v3-vhe-lr-line-busy"

static const char run_kv[] = "format=1\ncntfrq=62500000\nhost_gic=v3\nhyp_mode=vhe\n";
static const char *const files[] = { "cell.kv", "host.tsv", "guest.tsv", "trace.tsv" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_init();
	fz_mkdir(0, "raw/cells/" CELL);
	fz_write(fz_path(0, "raw/run.kv"), run_kv, strlen(run_kv));
	fz_mkdir(0, "out");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_part part[4];
	size_t n = fz_split(data, size, part, 4), i;
	char path[600], *out;
	struct run_info ri;
	struct cell_info ci;
	struct cell_join j;
	struct cell_summary cs;

	for (i = 0; i < 4; i++) {
		snprintf(path, sizeof(path), "%s/raw/cells/" CELL "/%s", fz_dir(), files[i]);
		if (i < n)
			fz_write(path, part[i].p, part[i].n);
		else
			remove(path);
	}
	if (run_open(&ri, fz_path(0, "raw"))) {
		run_free(&ri);
		return 0;
	}
	out = strdup(fz_path(1, "out"));
	if (!cell_info_load(&ci, &ri, CELL)) {
		if (!join_cell(&j, &ci) && !cell_check(&j)) {
			summarize_cell(&cs, &j);
			if (!ci.skipped) {
				write_samples(out, &j);
				write_hist(out, &cs);
			}
			write_meta(out, &ri, &ci, 1, 0, NULL, HIST_DEFAULT_WIDTH_NS);
			write_summary_csv(out, &cs, 1);
			write_summary_json(out, &ri, &cs, 1, HIST_DEFAULT_WIDTH_NS);
			write_breakdown_csv(out, &cs, 1);
			cell_summary_free(&cs);
		}
		join_free(&j);
	}
	cell_info_free(&ci);
	run_free(&ri);
	free(out);
	return 0;
}
