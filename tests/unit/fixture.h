/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A synthetic raw run whose every number is known, shared by the
 * correlation and end-to-end tests. See fixture.c for the story of each seq.
 */
#ifndef VQB_FIXTURE_H
#define VQB_FIXTURE_H

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

#endif /* VQB_FIXTURE_H */
