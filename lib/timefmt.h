/* SPDX-License-Identifier: GPL-2.0 */
/* Wall-clock stamps as every results file spells them. */
#ifndef VQB_TIMEFMT_H
#define VQB_TIMEFMT_H

#include <stddef.h>
#include <time.h>

/* ISO 8601 in UTC, "2026-12-02T07:32:51Z": the form meta.json and run.kv use. */
#define UTC_STAMP_LEN 21
void utc_stamp(time_t t, char *buf, size_t size);
/* The same for now. */
void utc_now(char *buf, size_t size);
/* "20261202-073251": a run id's part, sortable and safe in a path. */
void utc_id(time_t t, char *buf, size_t size);

#endif /* VQB_TIMEFMT_H */
