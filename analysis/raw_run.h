/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loads a raw run as doc/raw-format.md defines it: run.kv, lab.kv, and per
 * cell cell.kv, host.tsv, guest.tsv, trace.tsv. Checks the contract (format
 * version, headers, field counts, numbers, seq order) and reports the first
 * violation with its file and line (trace.tsv: trace_load.c). It does not
 * interpret the data: that is join.c's job. The calibration verdict (may
 * the trace be set against the counter?) is made here, from cell.kv alone.
 */
#ifndef VQB_RAW_RUN_H
#define VQB_RAW_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "kv.h"
#include "trace_note.h"
#include "trace_row.h"
#include "tsv.h"

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
	/* An analysis option, not raw data: set before the cells are loaded. */
	bool has_calib_tol;
	uint64_t calib_tol_ns;	/* --calib-tolerance-ns */
};

enum trace_mode { TRACE_OFF, TRACE_ON, TRACE_FAILED };

/*
 * Whether stages that mix the trace's ns with the counter can be trusted:
 * the calibration places a trace event on the counter's time line to
 * within err_ns (the wider of the two points' half-brackets). That must not
 * exceed the counter's own resolution, unless the user accepts more.
 */
struct calib_verdict {
	bool known;		/* the cell has calibration points */
	uint64_t err_ns;	/* max(calib_start_err_ns, calib_end_err_ns) */
	double resolution_ns;	/* 1e9 / cntfrq */
	bool has_tol;
	uint64_t tol_ns;
	bool ok;		/* err_ns <= resolution, or <= tol_ns when given */
	bool fallback;		/* the points coincide: nominal cntfrq */
	double ppm;		/* the points' implied rate against cntfrq */
	char reason[192];	/* why refused, or what the stages carry */
};

#define MAX_VCPUS 64

struct cell_info {
	char *name;
	char *dir;
	struct kv kv;
	const char *gic, *hyp, *path, *state;
	const char *vgic;			/* may be NULL */
	const char *device_kind, *device;	/* v4-direct: bench/vfio_devices.c's kind, PCI address */
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
	/* Every vCPU thread of the cell: exits are counted on all of them. */
	uint64_t nr_vcpus;			/* nr_vcpus, else target_vcpu + 1 */
	uint64_t vcpu_tid[MAX_VCPUS];
	bool has_vcpu_tid[MAX_VCPUS];
	bool has_sender;
	uint64_t sender_vcpu;			/* sgi */
	uint64_t cntfrq;
	bool cntvoff_ok;
	int64_t cntvoff;
	uint64_t cntvoff_err;
	bool has_calib;
	struct calib_point calib_start, calib_end;
	struct calib_verdict calib_v;
	bool has_spurious;
	uint64_t spurious;
	bool has_device_host_irqs;
	uint64_t device_host_irqs;		/* v4-direct */
	bool has_wfi;
	uint64_t wfi_asleep, wfi_not_trapped;	/* wfi cells */
	bool untraced_twin;			/* <name>-untraced, trace=off */
	bool cycles_twin;			/* <name>-cycles: guest_cycles in cell.kv (bench --guest-cycles) */
	bool contended;				/* a thread spun on the vCPU's CPU */
	uint64_t fault_hang_after;		/* a fault test's knob, 0: none */
	uint64_t warmup;			/* the first `warmup` seqs: flagged, out of statistics */
	const char *delay_point;		/* self-check (bench --delay), NULL: none */
	uint64_t delay_ns;
	bool has_round;
	uint64_t round, rounds;			/* bench/ --rounds: <name>-r<round> */
};

/*
 * Whether the overview plots (cdf_total, the breakdown bars) draw this
 * cell: one curve or bar a path, so round 1 stands for its rounds (the
 * report and summary.csv have every round), and a -cycles twin is left out
 * (its CNTVCT stages hold the PMU stamps' trap round trips).
 */
bool cell_in_overview(const struct cell_info *ci);
/*
 * What a cell's name adds after gic-hyp-path-state, less its round (-rN):
 * "+v3-its" for -vgicv3-its (a vGIC other than the host's usual one), the
 * rest as it is ("-cycles"), "" for none. For the overview's labels, where
 * round 1 stands for its rounds; malloc'd.
 */
char *cell_variant_label(const struct cell_info *ci);

enum host_status { HOST_OK, HOST_TIMEOUT, HOST_ERROR };

/* seq is the row's index: the loader checks that seq runs 0, 1, 2, ... */
struct host_row {
	int64_t t_inject;
	int64_t t_seen;		/* 0: never seen */
	uint8_t status;		/* enum host_status */
};

/*
 * A vmm-* cell's own stamps (host.tsv's t_handler, t_answer), apart from
 * its rows as guest_cycles are: most cells have no such columns, and a
 * million rows would carry their 16 bytes of zeros (pages to fault in).
 */
struct host_stamps {
	int64_t t_handler;	/* bench/'s device has the doorbell; 0: none */
	int64_t t_answer;	/* just before its irqfd write; 0: none */
};

struct guest_row {
	uint64_t seq;
	int64_t t_vector, t_ack, t_eoi;	/* guest counter */
	int64_t t_trigger;	/* guest counter; 0: none (host-injected path, or no column) */
	uint32_t vcpu, intid;
};

/*
 * A -cycles cell's guest cycle counter stamps (guest.tsv's c_vector,
 * c_ack, c_eoi), apart from its rows: most cells have none, and a
 * million rows would carry their 24 bytes of zeros (pages the kernel
 * must fault in and zero).
 */
struct guest_cycles {
	int64_t c_vector, c_ack, c_eoi;	/* 0: none */
};

/*
 * A trace.tsv row's event: the table's enum vqt_event_type under
 * analysis's names (EV_EXIT is VQT_EV_EXIT), and EV_OTHER for a name the
 * table lacks (a newer tracer's event), counted only.
 */
#define EV_KIND_(id, ...) EV_##id = VQT_EV_##id,
enum ev_kind {
	VQT_EVENTS(EV_KIND_)
	EV_OTHER = VQT_EV_NR,
	EV_NR
};
#undef EV_KIND_
/* The tsv names, and "other". */
extern const char *const ev_kind_names[EV_NR];

/* keep() sees each row as lib/trace_row.h's struct trace_row. */

/*
 * What is kept of a row: a trace holds millions, most of them not needed.
 * t is ts_ns (CLOCK_MONOTONIC) as read. The small fields are keep()'s to
 * fill; the loader sets ooo.
 */
struct trace_ev {
	int64_t t;
	uint8_t kind;
	uint8_t ooo;	/* its ts was below an earlier row's: the file is not sorted here */
	uint8_t vcpu;	/* the cell's vCPU index of the thread, when keep() says */
	uint8_t xc;	/* exit class (exit_class.h), for exits */
	uint32_t cycles;	/* entries: the host's cycles since the thread's exit (a1), saturated */
};
_Static_assert(sizeof(struct trace_ev) == 16, "a trace holds millions: keep it 16 bytes");

/* keep() sorts each kept row into one of these streams, by its use. */
#define TRACE_STREAMS 8

struct trace_stream {
	struct trace_ev *ev;
	size_t nr, cap;
};

/* `# prog=<event> run_cnt=N run_time_ns=N` (virqtrace --stats) */
struct prog_stat {
	char name[TRACE_PROG_NAME_MAX];
	uint64_t run_cnt, run_time_ns;
};
#define MAX_PROG_STATS 32

struct trace_data {
	struct trace_stream s[TRACE_STREAMS];
	uint64_t rows;
	uint64_t per_kind[EV_NR];
	bool has_lost, has_events;	/* the trailer lines */
	uint64_t lost, events;
	bool has_lost_ringbuf, has_lost_busy;
	uint64_t lost_ringbuf, lost_busy;
	struct prog_stat prog[MAX_PROG_STATS];
	size_t nr_prog;
	char *missing;			/* `# missing=` list, or NULL */
	char *stats_error;		/* `# stats_error=`, or NULL */
	int foreign;			/* `# foreign=`: 1 on, 0 off, -1 not said */
	int sched;			/* `# sched=`: 1 on, 0 off, -1 not said (older tracer) */
	bool irq_line_cpu_only;		/* `# irq_line=cpu`: no SPI/PPI irq_line rows */
	uint64_t ooo_rows;
	unsigned long first_ooo_line;
	int64_t min_ts, max_ts;		/* over all rows */
	bool cut_short;			/* no trailer, or a partial last line */
};

/*
 * Returns the stream (0 .. TRACE_STREAMS-1) the row goes to, or -1 to drop
 * it; may fill ev's vcpu and xc.
 */
typedef int (*trace_keep_fn)(const struct trace_row *r, struct trace_ev *ev,
			     void *ctx);

int run_open(struct run_info *ri, const char *dir);
void run_free(struct run_info *ri);

int cell_info_load(struct cell_info *ci, const struct run_info *ri,
		   const char *name);
void cell_info_free(struct cell_info *ci);

/* Each returns 0, or -1 with a diag_error() naming file and line. */
int host_load(const char *path, struct host_row **rows, size_t *n);
/* The same, and the rows' stamps into *stamps: NULL when host.tsv has no such columns. */
int host_load_stamps(const char *path, struct host_row **rows, size_t *n,
		     struct host_stamps **stamps);
/* *has_trigger: the file has the t_trigger column (see GUEST_COLS_TRIGGER). */
int guest_load(const char *path, struct guest_row **rows, size_t *n,
	       bool *has_trigger);
/* The same, and *cycles: one a row when the file has the cycle columns, else NULL. */
int guest_load_cycles(const char *path, struct guest_row **rows, size_t *n,
		      bool *has_trigger, struct guest_cycles **cycles);
/*
 * The same one row at a time (join_stream.c): next() returns 1 with a
 * row, 0 at the end, -1 with a diag_error; the same checks and messages.
 */
struct host_reader {
	struct tsv t;
	bool open;
	int h;			/* which header */
	unsigned nf;
	bool has_stamps;	/* t_handler, t_answer columns (nf 6) */
	struct host_stamps st;	/* the last row's (0 without the columns) */
	uint64_t n;		/* rows read: the next seq */
	int64_t prev_inject;
};
int host_reader_open(struct host_reader *r, const char *path);
int host_reader_next(struct host_reader *r, struct host_row *row);
void host_reader_close(struct host_reader *r);
struct guest_reader {
	struct tsv t;
	bool open, has_trigger;
	int h;			/* 2: the cycle columns */
	unsigned nf;
	struct guest_cycles cyc;	/* the last row's (0 without the columns) */
};
int guest_reader_open(struct guest_reader *r, const char *path, bool *has_trigger);
int guest_reader_next(struct guest_reader *r, struct guest_row *row);
void guest_reader_close(struct guest_reader *r);
/*
 * args_kinds: a bit (1 << enum ev_kind) for each kind whose a0..a3 keep()
 * needs; the arguments of other rows are checked but not converted (0).
 * keep() may run on two threads at once (the two halves of a large file):
 * it must only read ctx. Each stream keeps the file's order.
 */
int trace_load(const char *path, trace_keep_fn keep, void *ctx,
	       unsigned args_kinds, struct trace_data *td);
/* The same, the fields keep() reads given kind by kind (lib/trace_row.h). */
int trace_load_want(const char *path, trace_keep_fn keep, void *ctx,
		    const struct trace_want *want, struct trace_data *td);
/*
 * trace_load() one kept row at a time, in the file's order, for a join
 * that keeps only a window of events (join_stream.c). The counts and the
 * trailer go into td as trace_load() would put them; td->cut_short is
 * known once next() has returned 0.
 */
struct trace_reader {
	struct tsv t;
	bool open, eof;
	trace_keep_fn keep;
	void *ctx;
	struct trace_want want;
	struct trace_data *td;
	int primed;		/* 1: ev/stream hold the first kept row, not yet returned */
	struct trace_ev ev;
	int stream;
};
/* Reads the header and any `#` lines before the first kept row. 0 or -1. */
int trace_reader_open(struct trace_reader *r, const char *path, trace_keep_fn keep,
		      void *ctx, const struct trace_want *want, struct trace_data *td);
/* 1: *e kept into *stream; 0: end of file; -1: error (diag_error). */
int trace_reader_next(struct trace_reader *r, struct trace_ev *e, int *stream);
void trace_reader_close(struct trace_reader *r);

/* Files this large (bytes) are read as two halves at once; tests lower it. */
extern size_t trace_split_min;
/* The kept events only; the counts and trailer stay. */
void trace_free_events(struct trace_data *td);
/* The same, each stream's array handed to sc (its pages serve the summary's columns). */
struct scratch;
void trace_give_events(struct trace_data *td, struct scratch *sc);
void trace_free(struct trace_data *td);

#endif /* VQB_RAW_RUN_H */
