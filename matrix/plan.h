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

#endif
