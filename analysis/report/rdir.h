/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A results directory as virqbench-analyze wrote it (analysis/README.md),
 * read back: meta.json (run facts, cells and why some were not measured),
 * summary.csv (the percentile table), summary.json when there, and each
 * cell's samples.tsv. Nothing here writes.
 *
 * A samples file is checked as it is read: its header names the columns
 * (every `*_ns` column is a stage), each row has as many fields, seq counts
 * up from 0 (a lost or doubled line shows), numbers are numbers or '-', the
 * last line ends with a newline (else the file was cut short), and the
 * number of values per stage is the count summary.csv gives (a file cut at
 * a line boundary, or a summary from another analysis, shows here).
 */
#ifndef VQB_REPORT_RDIR_H
#define VQB_REPORT_RDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "jread.h"

/* A CSV file: header names and rows of fields, all text. */
struct csv {
	char *path;
	size_t ncols, nrows;
	char **head;
	char ***row;		/* row[r][c] */
	unsigned long *line;	/* line number of row r */
};

int csv_load(struct csv *c, const char *path);
/* Parses text as if it were the file `name`. 0, or -1 with diag_error(). */
int csv_parse(struct csv *c, const char *name, const char *text, size_t len);
void csv_free(struct csv *c);
/* Column index of name, or -1. */
int csv_col(const struct csv *c, const char *name);
/* Field of row r in column name; "" when there is no such column. */
const char *csv_get(const struct csv *c, size_t r, const char *name);

/* One stage (or exits) of one cell: its known values, sorted. */
struct rd_series {
	char *name;		/* "total", "inject_to_vector", ..., "exits" */
	int64_t *v;
	size_t n;
};

struct rd_cell {
	char *name, *gic, *hyp, *path, *state, *vgic;
	char *status;		/* "ok", "error", "skipped", ... from meta.json */
	char *reason;		/* skip_reason or error, or NULL */
	bool guest_originated;
	/* Filled by rd_load_samples(). */
	bool loaded;
	bool has_samples;	/* a samples file was there */
	size_t nrows;
	size_t nseries;
	struct rd_series *series;	/* stages in file order, then exits */
};

struct rdir {
	char *dir;
	struct jval *meta;
	struct jval *summary;	/* summary.json, or NULL when absent */
	struct csv csv;
	size_t ncells;
	struct rd_cell *cells;
};

/*
 * Opens DIR as a results directory: meta.json by virqbench-analyze and
 * summary.csv must be there. 0, or -1 with diag_error() saying what DIR is
 * instead (missing, empty, a raw run, something else).
 */
int rd_open(struct rdir *rd, const char *dir);
void rd_close(struct rdir *rd);

/* Loads (once) the cell's samples file. 0, or -1 with diag_error(). */
int rd_load_samples(struct rdir *rd, struct rd_cell *c);

/* The series of that name, or NULL (also when it has no values). */
const struct rd_series *rd_series(const struct rd_cell *c, const char *name);
struct rd_cell *rd_find(struct rdir *rd, const char *name);

/* meta.json "run" member key as text (numbers and booleans too), or NULL. */
const char *rd_run(const struct rdir *rd, const char *key);
/* The run was in the lab (meta.json "lab" is an object). */
bool rd_is_lab(const struct rdir *rd);

/*
 * What changes the numbers (doc/results-format.md), the facts that compare
 * and fleet set side by side, NULL-terminated: meta.json "run" keys
 * (rd_run), "provenance" keys, and each lab boot's keys (rd_boots).
 */
extern const char *const rd_fact_run[];
extern const char *const rd_fact_prov[];
extern const char *const rd_fact_boot[];
/* Every boot's key in boot order, "v3-vhe=...; v4-vhe=..." (caller frees), or NULL. */
char *rd_boots(const struct rdir *rd, const char *key);

#endif /* VQB_REPORT_RDIR_H */
