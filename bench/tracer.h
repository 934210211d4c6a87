/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs bpf/'s virqtrace beside a cell. bench/ only starts and stops it and
 * never reads what it writes: trace.tsv is analysis/'s to parse.
 */
#ifndef BENCH_TRACER_H
#define BENCH_TRACER_H

#include <sys/types.h>

struct tracer {
	pid_t pid;
	char error[512];
};

/*
 * Starts tracing this process into out_path, and perf's recount of it into
 * perf_path when not NULL (bpf/perf_count.h); returns once all programs
 * are attached.
 */
int tracer_start(struct tracer *t, const char *tracer_path, const char *out_path,
		 const char *perf_path, int stats, int timeout_ms);
/* Stops it and waits for its trailer; 0 if it exited cleanly. */
int tracer_stop(struct tracer *t, int timeout_ms);
/*
 * Without waiting: 0 while it runs; -EIO once it has died (killed, or
 * exited on its own error), with error saying how, and pid 0. A cell asks
 * after each interrupt: a tracer gone mid-cell must not go unnoticed.
 */
int tracer_poll(struct tracer *t);
/* --fault-kill-tracer-after: SIGKILL, as the OOM killer or `kill -9` would. */
void tracer_kill(struct tracer *t);

#endif
