/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loads a raw run as doc/raw-format.md defines it: run.kv, lab.kv, and per
 * cell cell.kv, host.tsv, guest.tsv, trace.tsv. Checks the contract (format
 * version, headers, field counts, numbers, seq order) and reports the first
 * violation with its file and line. It does not interpret the data: that is
 * join.c's job.
 */
#ifndef VQB_RAW_RUN_H
#define VQB_RAW_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "kv.h"

#define RAW_FORMAT_VERSION 1

struct run_info {
	char *dir;
	struct kv run;
	struct kv lab;
	bool has_lab;
	uint64_t cntfrq;
	bool has_interrupted, interrupted;
	bool has_exit_code;
	int64_t exit_code;
	char **cells;		/* cell names, sorted */
	size_t nr_cells;
};

enum trace_mode { TRACE_OFF, TRACE_ON, TRACE_FAILED };

struct cell_info {
	char *name;
	char *dir;
	struct kv kv;
	const char *gic, *hyp, *path, *state;
	const char *vgic;			/* may be NULL */
	const char *status, *error;		/* error may be NULL */
	bool skipped;				/* status=skipped: nothing was measured */
	const char *skip_reason;		/* may be NULL */
	bool guest_originated;			/* sgi, vtimer: the guest raises it */
	enum trace_mode trace;
	const char *trace_error;		/* may be NULL */
	uint64_t count_requested, count_injected;
	uint64_t target_vcpu;
	bool has_intid;
	uint64_t intid;
	bool has_target_tid;
	uint64_t target_tid;			/* vcpu<target_vcpu>_tid */
	uint64_t cntfrq;
	bool cntvoff_ok;
	int64_t cntvoff;
	uint64_t cntvoff_err;
	bool has_calib;
	struct calib_point calib_start, calib_end;
	bool has_spurious;
	uint64_t spurious;
};

enum host_status { HOST_OK, HOST_TIMEOUT, HOST_ERROR };

/* seq is the row's index: the loader checks that seq runs 0, 1, 2, ... */
struct host_row {
	int64_t t_inject;
	int64_t t_seen;		/* 0: never seen */
	uint8_t status;		/* enum host_status */
};

struct guest_row {
	uint64_t seq;
	int64_t t_vector, t_ack, t_eoi;	/* guest counter */
	int64_t t_trigger;	/* guest counter; 0: none (host-injected path, or no column) */
	uint32_t vcpu, intid;
};

enum ev_kind {
	EV_IRQ_LINE,
	EV_SET_IRQ,
	EV_VGIC_PENDING,
	EV_EXIT,
	EV_ENTRY,
	EV_OTHER,	/* a tracepoint this reader does not use; counted only */
	EV_NR
};
extern const char *const ev_kind_names[EV_NR];

/* One trace.tsv row, as the keep() filter sees it. */
struct trace_row {
	int64_t ts_ns;
	uint64_t tid, cpu;
	enum ev_kind kind;
	uint64_t a[4];
};

/*
 * What is kept of a row: a trace holds millions, most of them not needed.
 * t is ts_ns as read; join.c converts it in place to host counter ticks.
 */
struct trace_ev {
	int64_t t;
	uint8_t kind;
	uint8_t ooo;	/* its ts was below an earlier row's: the file is not sorted here */
};

struct trace_data {
	struct trace_ev *ev;
	size_t nr, cap;
	uint64_t rows;
	uint64_t per_kind[EV_NR];
	bool has_lost, has_events;	/* the trailer lines */
	uint64_t lost, events;
	uint64_t ooo_rows;
	unsigned long first_ooo_line;
	int64_t min_ts, max_ts;		/* over all rows */
	bool cut_short;			/* no trailer, or a partial last line */
};

typedef bool (*trace_keep_fn)(const struct trace_row *r, void *ctx);

int run_open(struct run_info *ri, const char *dir);
void run_free(struct run_info *ri);

int cell_info_load(struct cell_info *ci, const struct run_info *ri,
		   const char *name);
void cell_info_free(struct cell_info *ci);

/* Each returns 0, or -1 with a diag_error() naming file and line. */
int host_load(const char *path, struct host_row **rows, size_t *n);
/* *has_trigger: the file has the t_trigger column (see GUEST_COLS_TRIGGER). */
int guest_load(const char *path, struct guest_row **rows, size_t *n,
	       bool *has_trigger);
/*
 * args_kinds: a bit (1 << enum ev_kind) for each kind whose a0..a3 keep()
 * needs; the arguments of other rows are checked but not converted (0).
 */
int trace_load(const char *path, trace_keep_fn keep, void *ctx,
	       unsigned args_kinds, struct trace_data *td);
void trace_free(struct trace_data *td);

#endif /* VQB_RAW_RUN_H */
