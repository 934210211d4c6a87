/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.html's "Tracing cost" section, from summary.json's
 * tracing_cost_by_cell and bpf_cost (a run with `trace both`). Nothing is
 * written for a run without them.
 */
#ifndef VQB_REPORT_COST_SECTION_H
#define VQB_REPORT_COST_SECTION_H

#include <stdio.h>

#include "rdir.h"

void section_tracing_cost(FILE *f, const struct rdir *rd);

#endif
