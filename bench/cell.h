/* SPDX-License-Identifier: GPL-2.0 */
/* One matrix cell: a fresh VM, one path, one guest state, N interrupts. */
#ifndef BENCH_CELL_H
#define BENCH_CELL_H

#include <signal.h>
#include <stdint.h>

#include "paths.h"
#include "placement.h"

/*
 * --delay POINT:NS, the self-check: an exact busy-wait at one point of the
 * chain, so that the analysis must find NS more in exactly one stage.
 */
enum delay_point {
	DELAY_NONE,
	DELAY_GUEST_ACK,	/* the agent, between t_vector and its IAR read: vector_to_ack */
	DELAY_HOST_INJECT,	/* bench/, between t_inject and the injecting call: the first host stage */
	DELAY_VMM_HANDLER,	/* bench/'s device, between t_handler and t_answer: handler_to_answer */
	DELAY_NR
};

struct cell_opts {
	const char *host_gic;		/* the host's GIC, the cell's `gic` (v2, v3, v4, v4.1) */
	const char *hyp;		/* the host's hyp mode */
	const char *vgic;		/* what the guest gets: v2, v3 or none */
	int vgic_is_default;		/* the host's usual vGIC for this path */
	const char *state;		/* busy or wfi */
	const struct path *path;
	const char *skip_reason;	/* non-NULL: record the cell as skipped, run nothing */
	uint64_t count;			/* measured interrupts, after the warm-up */
	uint32_t warmup;		/* first interrupts: injected, flagged, kept out of statistics */
	enum delay_point delay_point;	/* --delay: where, DELAY_NONE for none */
	uint64_t delay_ns;		/* --delay: how long */
	int irq_timeout_ms;		/* per interrupt: how long the guest may take */
	int ready_timeout_ms;		/* how long the agent may take to start */
	int vcpu_cpu;			/* host CPU of the target vCPU, -1: unpinned */
	int sender_cpu;			/* host CPU of an SGI or vmm-* sender vCPU */
	int injector_cpu;		/* host CPU of the injector (and vmm-ioeventfd's backend) */
	const struct topology *topo;	/* the host's CPUs, and where the cell's threads go: */
	const struct placement *place;	/* placement.c's choice and its reasons */
	int trace;			/* run virqtrace beside the cell */
	int untraced_twin;		/* this is the untraced twin of a traced cell */
	int round, rounds;		/* --rounds: this cell's repetition (1..rounds) */
	int bpf_stats;			/* ask virqtrace for each program's cost */
	int gap_us;			/* pause between one interrupt's EOI and the next */
	int contend;			/* a spinning thread shares the target vCPU's CPU */
	int guest_cycles;		/* a -cycles cell: the vPMU on, PMCCNTR stamped beside CNTVCT */
	uint32_t fault_hang_after;	/* test: the agent stops answering after N, 0 never */
	uint32_t fault_except_after;	/* test: the agent takes a data abort after N, 0 never */
	uint32_t fault_serror_after;	/* test: bench/ raises a virtual SError after N, 0 never */
	uint32_t fault_kill_tracer_after;	/* test: bench/ SIGKILLs the tracer after N, 0 never */
	int cell_timeout_s;		/* wall-clock limit of the whole cell, 0: none */
	const char *tracer_path;
	const char *agent_image;		/* the guest agent's flat image file (guest-agent.bin) */
	const char *vfio_spec;		/* v4-direct: a device kind or PCI address, NULL: the first known */
	const struct vfio_recipe *vfio_trigger;	/* --vfio-trigger, NULL: the device table's */
	const char *device_suffix;	/* "-e1000e" when a run names several devices, else "" */
	const char *run_dir;
};

enum cell_status {
	CELL_OK,
	CELL_TIMEOUT,		/* the guest stopped answering */
	CELL_ERROR,		/* set-up or an ioctl failed */
	CELL_INTERRUPTED,	/* SIGINT/SIGTERM */
	CELL_SKIPPED,		/* the host cannot run it; the reason is recorded */
};

struct cell_result {
	enum cell_status status;
	int trace_failed;
	uint64_t injected;
	uint64_t received;
	char name[256];		/* the cell's directory name */
};

/* Set from a signal handler: finish the current interrupt, keep everything. */
extern volatile sig_atomic_t cell_stop_requested;

int cell_run(const struct cell_opts *opts, struct cell_result *res);
/* "guest-ack", "host-inject", "vmm-handler" (and "none"); DELAY_NR for an unknown name. */
const char *delay_point_name(enum delay_point d);
enum delay_point delay_point_by_name(const char *name);
const char *cell_status_name(enum cell_status s);

#endif
