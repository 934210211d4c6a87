/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.html's "Host cycles per exit" section: perf kvm stat's table with
 * the host's CPU cycles beside the time, per cell, from summary.json's
 * perf_counts.host_exits_by_class (raw perf.tsv). Every exit of the cell's
 * window with its entry, not only the interrupts' own. Nothing is written
 * for a run without them.
 */
#ifndef VQB_REPORT_HOST_SECTION_H
#define VQB_REPORT_HOST_SECTION_H

#include <stdio.h>

#include "rdir.h"

void section_host_cycles(FILE *f, const struct rdir *rd);

#endif
