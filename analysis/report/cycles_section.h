/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.html's "Guest cycles" section, from summary.json's guest_cycles
 * of the -cycles cells (bench --guest-cycles): per cell the guest-only
 * stages in cycles and in ns through the calibrated rate, or why the cell
 * has none. Nothing is written for a run without -cycles cells.
 */
#ifndef VQB_REPORT_CYCLES_SECTION_H
#define VQB_REPORT_CYCLES_SECTION_H

#include <stdbool.h>
#include <stdio.h>

#include "rdir.h"

/* A -cycles twin, by name: left out of the latency plots (its stages hold the stamps' traps). */
bool cycles_twin(const char *cell_name);
void section_guest_cycles(FILE *f, const struct rdir *rd);

#endif
