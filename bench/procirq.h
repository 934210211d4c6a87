/* SPDX-License-Identifier: GPL-2.0 */
/* Counting one host IRQ in /proc/interrupts' text. */
#ifndef BENCH_PROCIRQ_H
#define BENCH_PROCIRQ_H

#include <stdio.h>

/*
 * The sum of the per-CPU counts on the first line of f (in
 * /proc/interrupts' format) that holds `name` (an action name such as
 * "vfio-msi[0](0000:00:02.0)"); -1 when no line does.
 */
long long procirq_count(FILE *f, const char *name);

#endif
