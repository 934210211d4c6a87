/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --dry-run's plan: every cell the matrix would make, boot by boot, the
 * ones the lab's GIC cannot run with the reason (the path catalogue's need
 * against the boot's GIC: lib/path_catalogue.h), and a time estimate.
 */
#ifndef MATRIX_PLAN_H
#define MATRIX_PLAN_H

#include <stdio.h>

#include "matrix.h"

void plan_print(FILE *f, const struct matrix *m);

/*
 * The cells the matrix will make, skipped ones included: per boot, path
 * and state, one for each vGIC bench/'s "auto" runs the path with there
 * (a path taking an SPI or an LPI runs without and with an ITS on a lab
 * GICv3/v4 boot), times the rounds and the untraced twins. Natively the
 * host decides; the count then assumes one vGIC a path.
 */
int plan_cells(const struct matrix *m);

#endif
