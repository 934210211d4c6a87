/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virqtrace's BPF programs, one per row of trace_events.h, found by their
 * raw_tp/<tracepoint> sections: planned against the running kernel's
 * tracepoints, attached, detached, and the kernel's own counts of them.
 * Each returns 0 or -errno and says what failed on stderr.
 */
#ifndef VQT_PROGS_H
#define VQT_PROGS_H

#include <stddef.h>
#include <stdio.h>

#include <bpf/libbpf.h>

#include "json.h"

/* tracefs with its events/ (/sys/kernel/tracing, else under debugfs), or NULL. */
const char *tracing_root(void);
/* progs[VQT_EV_NR], by event: every program has a row, every row a program. */
int find_programs(struct bpf_object *obj, struct bpf_program **progs);
/*
 * Before load: an optional tracepoint this kernel lacks is not loaded
 * (added to the comma list missing); a core one is an error.
 */
int plan_programs(struct bpf_program **progs, char *missing, size_t size);
int attach_programs(struct bpf_program **progs, struct bpf_link **links,
		    char *missing, size_t size);
void detach_programs(struct bpf_link **links);
/* Runs the kernel skipped: the program was busy on that CPU. */
int count_missed(struct bpf_program **progs, unsigned long long *sum);
/*
 * --stats: the kernel's account of each loaded program's time, as
 * trace.tsv's "# prog=" lines, a JSON array, a table; each where not NULL.
 */
int write_prog_stats(struct bpf_program **progs, FILE *tsv, struct json *j,
		     FILE *human);

#endif /* VQT_PROGS_H */
