// SPDX-License-Identifier: GPL-2.0
/*
 * A results directory as virqbench-report and -compare read it
 * (analysis/report/rdir.c): meta.json, summary.csv, summary.json and the
 * first cell's samples file, joined by FZ_SEP. Built three times: fz-rdir
 * reads one directory and every cell's samples; fz-compare (FZ_COMPARE)
 * gives two of them (eight parts) to compare_run(); fz-fleet (FZ_FLEET)
 * gives the two to fleet_run(), which writes its page into the scratch
 * directory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "fleet.h"
#include "fz.h"
#include "rdir.h"

static const char *const files[] = { "meta.json", "summary.csv", "summary.json" };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fz_init();
	fz_mkdir(0, "a");
	fz_mkdir(0, "b");
	return 0;
}

static bool safe_name(const char *s)
{
	return *s && *s != '.' && !strchr(s, '/') && strlen(s) < 200;
}

/* Writes one results directory from 4 parts (missing ones removed). */
static void write_dir(const char *dir, const struct fz_part *part, size_t n)
{
	char path[700];
	struct rdir rd = { 0 };

	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (i < n)
			fz_write(path, part[i].p, part[i].n);
		else
			remove(path);
	}
	/* The samples file is named by meta.json's first cell. */
	if (n > 3 && !rd_open(&rd, dir) && rd.ncells && safe_name(rd.cells[0].name)) {
		snprintf(path, sizeof(path), "%s/%s.samples.tsv", dir, rd.cells[0].name);
		fz_write(path, part[3].p, part[3].n);
	}
	rd_close(&rd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_part part[8];
	size_t n = fz_split(data, size, part, 8);
	char *a = strdup(fz_path(0, "a")), *b = strdup(fz_path(1, "b"));
#if defined(FZ_FLEET)
	const char *runs[2] = { a, b };
	struct fleet_opts o = { fz_path(2, "page"), NULL };

	write_dir(a, part, n < 4 ? n : 4);
	write_dir(b, part + (n > 4 ? 4 : n), n > 4 ? n - 4 : 0);
	(void)fleet_run(runs, 2, &o);
#elif defined(FZ_COMPARE)
	struct compare_opts o;
	FILE *null = fopen("/dev/null", "w");

	write_dir(a, part, n < 4 ? n : 4);
	write_dir(b, part + (n > 4 ? 4 : n), n > 4 ? n - 4 : 0);
	compare_opts_default(&o);
	o.out = NULL;
	o.table = null;
	o.quiet = true;
	o.resamples = 20;
	o.fail_above = 5;
	(void)compare_run(a, b, &o);
	fclose(null);
#else
	struct rdir rd;

	write_dir(a, part, n);
	if (!rd_open(&rd, a)) {
		for (size_t i = 0; i < rd.ncells; i++)
			if (!rd_load_samples(&rd, &rd.cells[i]))
				(void)rd_series(&rd.cells[i], "total");
		(void)rd_run(&rd, "kernel");
		(void)rd_is_lab(&rd);
	}
	rd_close(&rd);
#endif
	free(a);
	free(b);
	return 0;
}
