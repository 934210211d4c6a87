/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A synthetic raw run whose every number is known, shared by the
 * correlation and end-to-end tests. See fixture.c for the story of each seq.
 */
#ifndef VQB_FIXTURE_H
#define VQB_FIXTURE_H

#include "join.h"
#include "raw_run.h"

#define FIX_CELL "v3-vhe-lr-line-busy"

extern const char fix_run_kv[];
extern const char fix_cell_kv[];
extern const char fix_host[];
extern const char fix_guest[];
extern const char fix_trace[];

/* Returns text with the first `from` replaced by `to` (caller frees). */
char *fix_replace(const char *text, const char *from, const char *to);

/* Writes RAW/run.kv and cells/<name>/...; a NULL file is not written. */
void fix_write_run(const char *raw, const char *run_kv);
void fix_write_cell(const char *raw, const char *name, const char *cell_kv,
		    const char *host, const char *guest, const char *trace);

/* A raw run of one cell, written into a fresh directory and joined. */
struct fix_loaded {
	struct run_info ri;
	struct cell_info ci;
	struct cell_join j;
	int ret;		/* 0, or the first load/join failure */
};

void fix_load(struct fix_loaded *l, const char *tag, const char *name, const char *cell_kv,
	      const char *host, const char *guest, const char *trace);
void fix_unload(struct fix_loaded *l);

#endif /* VQB_FIXTURE_H */
