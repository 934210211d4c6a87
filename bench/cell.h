/* SPDX-License-Identifier: GPL-2.0 */
/* One matrix cell: a fresh VM, one path, one guest state, N interrupts. */
#ifndef BENCH_CELL_H
#define BENCH_CELL_H

#include <signal.h>
#include <stdint.h>

#include "inject.h"

struct cell_opts {
	const char *gic;		/* "v3" */
	const char *hyp;		/* the host's hyp mode, a label for results */
	const char *state;		/* "busy" or "wfi" */
	const struct inject_method *method;
	uint64_t count;
	int irq_timeout_ms;		/* per interrupt: how long the guest may take */
	int ready_timeout_ms;		/* how long the agent may take to start */
	int vcpu_cpu;			/* host CPU of the target vCPU, -1: unpinned */
	int injector_cpu;		/* host CPU of the injecting thread, -1: unpinned */
	int trace;			/* run virqtrace beside the cell */
	const char *tracer_path;
	const char *agent_path;
	const char *run_dir;
};

enum cell_status {
	CELL_OK,
	CELL_TIMEOUT,		/* the guest stopped answering */
	CELL_ERROR,		/* set-up or an ioctl failed */
	CELL_INTERRUPTED,	/* SIGINT/SIGTERM */
};

struct cell_result {
	enum cell_status status;
	int trace_failed;
	uint64_t injected;
	uint64_t received;
};

/* Set from a signal handler: finish the current interrupt, keep everything. */
extern volatile sig_atomic_t cell_stop_requested;

int cell_run(const struct cell_opts *opts, struct cell_result *res);
const char *cell_status_name(enum cell_status s);

#endif
