// SPDX-License-Identifier: GPL-2.0
/*
 * virqtrace: records the KVM tracepoints a virtual interrupt passes through
 * for one process, into trace.tsv (doc/raw-format.md) and/or into a live
 * per-vCPU summary (trace mode), until SIGINT/SIGTERM or --duration.
 *
 * bench/ runs it as a child with --out: it waits for "ready\n" on
 * --ready-fd before injecting, and stops it with SIGINT when the cell is
 * done. A person runs it with --summary against any VMM.
 *
 * Exit status:
 *   0  stopped cleanly; the trace ends with its "# lost=" "# events=" trailer
 *   1  failed while tracing; the trace has no trailer (cut short)
 *   2  no trace: bad usage, not a KVM process, or the programs could not be
 *      loaded or attached
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "json.h"
#include "liblog.h"
#include "opts.h"
#include "perf_count.h"
#include "progs.h"
#include "record.h"
#include "summary_out.h"
#include "task_btf.h"
#include "trace_mode.h"
#include "trace_summary.h"
#include "virqtrace.h"
#include "virqtrace.skel.h"
#include "vmm_proc.h"

/*
 * The reader's cadence. Producers wake it only past a quarter of the ring
 * (wakeup_bytes in virqtrace.bpf.c), so it mostly runs on this timer:
 * rarely enough to stay off the measured CPUs' backs, often enough that
 * a file being written, or trace mode's live report, is never far behind.
 */
#define POLL_MS		100
#define OUT_BUF_SIZE	(1u << 20)
/*
 * After detaching, a program already running on another CPU may still
 * submit a record; give it this long before the last drain.
 */
#define SETTLE_MS	50
#define NSEC		1000000000ull

struct writer {
	FILE *out;
	uint64_t events;
	int err;			/* errno of a failed write */
};

/* What handle_event() feeds. */
struct sink {
	struct writer w;		/* trace.tsv, when w.out */
	struct summary *sum;		/* trace mode, or NULL */
	struct perf_count *pc;		/* --perf-out, or NULL */
	uint64_t bad;			/* records this build cannot decode */
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static int setup_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal ends the ring-buffer wait at once. */
	sa.sa_handler = on_signal;
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -errno;
	/* A reader gone from --ready-fd is an error to report, not a kill. */
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL))
		return -errno;
	return 0;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	/* bpf_ktime_get_ns()'s clock */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * NSEC + (unsigned long long)ts.tv_nsec;
}

static int handle_event(void *ctx, void *data, size_t size)
{
	struct sink *k = ctx;
	const struct vqt_event *e = data;
	struct trace_row row;
	char line[TRACE_ROW_MAX];
	size_t len;

	if (size < sizeof(*e) || e->type >= VQT_EV_NR) {
		k->bad++;
		return 0;
	}
	if (k->sum)
		summary_add(k->sum, e);
	if (!k->w.out)
		return 0;
	vqt_event_to_row(e, &row);
	len = trace_row_format(line, &row);
	if (fwrite(line, 1, len, k->w.out) != len) {
		k->w.err = errno;
		return -EIO;
	}
	k->w.events++;
	if (k->pc)
		pc_record(k->pc, e);
	return 0;
}

static int write_header(FILE *out, const char *missing, const char *foreign_off,
			bool sched)
{
	fputs("# " TRACE_TSV_COLS "\n", out);
	if (*missing)
		fprintf(out, "# missing=%s\n", missing);
	fprintf(out, "# foreign=%s\n", *foreign_off ? "off" : "on");
	/* sched_switch rows of the traced process and of this tracer (on_sched_switch). */
	fprintf(out, "# sched=%s\n", sched ? "on" : "off");
	/* irq_line rows for the CPU lines only (virqtrace.bpf.c, on_irq_line). */
	fputs("# irq_line=cpu\n", out);
	return fflush(out) ? -errno : 0;
}

/*
 * Every page in memory before the first event, and kept there: the ring
 * buffer's data pages (mapped twice, for records that wrap) would each
 * come in the first time the kernel's writes reach it, a page fault on
 * the housekeeping CPU while interrupts are measured, and a step in the
 * tracer's memory at a point no run can predict (the soak saw one of
 * 8.3 MiB). Not fatal: without CAP_IPC_LOCK or under RLIMIT_MEMLOCK it
 * says so and traces on.
 */
static void lock_memory(void)
{
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		fprintf(stderr, "virqtrace: cannot lock its memory (%s): its pages come in during the trace\n",
			strerror(errno));
}

static int signal_ready(int fd)
{
	static const char msg[] = "ready\n";
	size_t done = 0;
	ssize_t n;
	int err = 0;

	while (done < sizeof(msg) - 1) {
		n = write(fd, msg + done, sizeof(msg) - 1 - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		done += (size_t)n;
	}
	if (close(fd) && !err && errno != EINTR)
		err = -errno;
	return err;
}

/* One slot (VQT_CNT_*) of the kernel side's counters, over all CPUs. */
static int count_dropped(struct bpf_map *map, __u32 slot,
			 unsigned long long *sum)
{
	int ncpus = libbpf_num_possible_cpus();
	__u64 *vals;
	int i, err = 0;

	if (ncpus < 0)
		return ncpus;
	vals = calloc((size_t)ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	*sum = 0;
	if (bpf_map_lookup_elem(bpf_map__fd(map), &slot, vals))
		err = -errno;
	for (i = 0; !err && i < ncpus; i++)
		*sum += vals[i];
	free(vals);
	return err;
}

/* The kernel side's loss counters; bad is user space's to fill. */
static int read_losses(struct virqtrace_bpf *skel, struct bpf_program **progs,
		       struct loss *l)
{
	unsigned long long ringbuf = 0, busy = 0;
	int err = count_dropped(skel->maps.dropped, VQT_CNT_RINGBUF_FULL, &ringbuf);

	if (!err)
		err = count_missed(progs, &busy);
	l->ringbuf = ringbuf;
	l->busy = busy;
	if (err)
		fprintf(stderr, "virqtrace: reading the loss counters: %s\n",
			strerror(-err));
	return err;
}

/* Why reading the ring buffer stopped: its fault or the output file's. */
static void report_read_error(const struct writer *w, const char *out, int err)
{
	if (w->err)
		fprintf(stderr, "virqtrace: %s: %s\n", out, strerror(w->err));
	else
		fprintf(stderr, "virqtrace: reading the ring buffer: %s\n",
			strerror(-err));
}

/* Everything one run holds; cleanup() frees what is set. */
struct tracer {
	struct opts o;
	struct virqtrace_bpf *skel;
	struct bpf_program *progs[VQT_EV_NR];
	struct bpf_link *links[VQT_EV_NR];
	struct ring_buffer *rb;
	struct sink sink;
	struct trace_mode tm;
	struct perf_count pc;
	struct loss loss;
	char missing[512], foreign_off[256], comm[VMM_COMM_MAX];
	const char *end_reason;
	char *outbuf;
	bool tracing;		/* past the ready signal: the outputs are real */
	bool read_failed;	/* the ring buffer or trace.tsv failed: no trailer */
	int stats_fd, stats_err;
};

static void load_failed(int err)
{
	liblog_show();
	/* EACCES is the verifier's refusal (its log is above), EPERM a privilege. */
	if (err == -EPERM)
		fprintf(stderr, "virqtrace: BPF programs failed to load: %s: needs root or CAP_BPF+CAP_PERFMON; nothing traced\n",
			strerror(-err));
	else
		fprintf(stderr, "virqtrace: BPF programs failed to load: %s; nothing traced\n",
			strerror(-err));
}

/* The process to trace is there (and for trace mode, runs KVM). */
static int check_target(struct tracer *t)
{
	char msg[512];
	int err;

	if (t->o.summary) {
		err = vmm_check((pid_t)t->o.pid, t->comm, sizeof(t->comm), msg,
				sizeof(msg));
		if (err) {
			fprintf(stderr, "virqtrace: %s\n", msg);
			return err;
		}
		t->sink.sum = &t->tm.sum;
	} else if (t->o.pid && !vmm_alive((pid_t)t->o.pid)) {
		fprintf(stderr, "virqtrace: no process %u; nothing traced\n", t->o.pid);
		return -ESRCH;
	}
	return 0;
}

/*
 * --perf-out's counters, for the programs that will load: before load,
 * since whether kvm_exit/kvm_entry read host counters is rodata.
 */
static void open_perf(struct tracer *t)
{
	bool loaded[VQT_EV_NR];

	for (int i = 0; i < VQT_EV_NR; i++)
		loaded[i] = bpf_program__autoload(t->progs[i]);
	pc_open(&t->pc, (pid_t)t->o.pid, loaded);
	t->skel->rodata->host_counters = pc_has_host_counters(&t->pc);
	t->sink.pc = &t->pc;
	/* perf.tsv says it, and the verdict; bench/ keeps stderr quiet. */
	if (*t->pc.error && t->o.verbose)
		fprintf(stderr, "virqtrace: warning: no perf recount: %s\n", t->pc.error);
}

/* Open, then the knobs that must be set before load (rodata, map sizes, programs). */
static int open_and_set(struct tracer *t)
{
	unsigned int rb_bytes = t->o.ringbuf_mb << 20;
	int err;

	t->skel = virqtrace_bpf__open();
	if (!t->skel) {
		err = -errno;
		load_failed(err);
		return err;
	}
	t->skel->rodata->target_tgid = t->o.pid;
	t->skel->rodata->tracer_tgid = (__u32)getpid();
	/* In record mode trace.tsv's "# foreign=off" says it; bench/ keeps stderr quiet. */
	if (t->o.pid && task_btf_offsets(&t->skel->rodata->ctx_off, t->foreign_off,
					 sizeof(t->foreign_off)) &&
	    (t->o.summary || t->o.verbose))
		fprintf(stderr, "virqtrace: warning: %s\n", t->foreign_off);
	/* Batched wake-ups (see wakeup_bytes); at POLL_MS a quarter is ample. */
	t->skel->rodata->wakeup_bytes = (__u64)rb_bytes / 4;
	err = bpf_map__set_max_entries(t->skel->maps.events, rb_bytes);
	if (!err)
		err = find_programs(t->skel->obj, t->progs);
	if (err) {
		load_failed(err);
		return err;
	}
	/*
	 * sched_switch only into a file (the analysis reads it; trace mode
	 * does not) and only with the task offsets: "# sched=off" says so.
	 */
	if (!t->o.out || !t->o.pid || !t->skel->rodata->ctx_off.task_pid ||
	    !t->skel->rodata->ctx_off.task_tgid)
		bpf_program__set_autoload(t->progs[VQT_EV_SCHED_SWITCH], false);
	/* Its own message: a kernel without a core tracepoint is no load failure. */
	err = plan_programs(t->progs, t->missing, sizeof(t->missing));
	if (!err && t->o.perf_out)
		open_perf(t);
	return err;
}

static int load(struct tracer *t)
{
	int err = virqtrace_bpf__load(t->skel);

	if (err) {
		load_failed(err);
		return err;
	}
	if (t->sink.pc)
		pc_fill_maps(t->sink.pc, bpf_map__fd(t->skel->maps.tid_state),
			     bpf_map__fd(t->skel->maps.tp_counters),
			     bpf_map__fd(t->skel->maps.host_cycles),
			     bpf_map__fd(t->skel->maps.host_instr));
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), handle_event,
				 &t->sink, NULL);
	if (!t->rb) {
		err = -errno;
		fprintf(stderr, "virqtrace: ring buffer: %s; nothing traced\n",
			strerror(-err));
		return err;
	}
	return 0;
}

/* Attaches every loaded program, and turns the run-time stats on if asked. */
static int attach(struct tracer *t)
{
	int err = attach_programs(t->progs, t->links, t->missing, sizeof(t->missing));

	if (err)
		return err;
	if (*t->missing && (t->o.summary || t->o.verbose))
		fprintf(stderr, "virqtrace: this kernel lacks the optional tracepoints %s: their events are not seen\n",
			t->missing);
	if (t->o.stats) {
		/* An fd, not the sysctl: the kernel turns it off when we go. */
		t->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
		if (t->stats_fd < 0) {
			t->stats_err = errno;
			fprintf(stderr, "virqtrace: --stats: cannot enable kernel.bpf_stats_enabled: %s%s; tracing without it\n",
				strerror(t->stats_err),
				t->stats_err == EPERM ? " (needs CAP_SYS_ADMIN)" : "");
		}
	}
	return 0;
}

/* trace.tsv, truncated, with its header lines. */
static int open_trace_file(struct tracer *t)
{
	FILE *f;
	int err;

	t->outbuf = malloc(OUT_BUF_SIZE);
	f = t->outbuf ? fopen(t->o.out, "we") : NULL;
	if (!f) {
		fprintf(stderr, "virqtrace: %s: %s; nothing traced\n", t->o.out,
			strerror(errno));
		return -1;
	}
	t->sink.w.out = f;
	setvbuf(f, t->outbuf, _IOFBF, OUT_BUF_SIZE);
	err = write_header(f, t->missing, t->foreign_off,
			   t->links[VQT_EV_SCHED_SWITCH] != NULL);
	if (!err && t->stats_err)
		fprintf(f, "# stats_error=%s\n", strerror(t->stats_err));
	if (err) {
		fprintf(stderr, "virqtrace: %s: %s; nothing traced\n", t->o.out,
			strerror(-err));
		return err;
	}
	return 0;
}

/* The outputs, then "ready": from here on what is traced is kept. */
static int start(struct tracer *t)
{
	int err;

	if (t->o.out && open_trace_file(t))
		return -1;
	if (t->o.summary) {
		struct trace_meta meta = {
			.comm = t->comm, .interval_s = t->o.interval,
			.duration_s = t->o.duration, .missing = t->missing,
			.foreign_off = t->foreign_off,
		};

		tm_scan_threads(&t->tm, now_ns());
		if (t->o.json) {
			err = tm_json_open(&t->tm, t->o.json, &meta);
			if (err) {
				fprintf(stderr, "virqtrace: %s.tmp: %s; nothing traced\n",
					t->o.json, strerror(-err));
				return err;
			}
		}
	}
	lock_memory();
	/* The recount's window opens with the trace's, before bench/ injects. */
	if (t->sink.pc)
		pc_window(t->sink.pc, true, &t->skel->bss->recount_open);
	if (t->o.ready_fd >= 0) {
		err = signal_ready(t->o.ready_fd);
		if (err) {
			fprintf(stderr, "virqtrace: --ready-fd %d: %s; nothing traced\n",
				t->o.ready_fd, strerror(-err));
			return err;
		}
	}
	t->tracing = true;
	t->tm.t0 = t->tm.last_report = now_ns();	/* reports count from here */
	if (t->o.verbose)
		fprintf(stderr, "virqtrace: tracing tgid %u (0: all), ring buffer %u MiB%s%s\n",
			t->o.pid, t->o.ringbuf_mb, *t->missing ? ", missing: " : "",
			t->missing);
	if (t->o.summary)
		printf("virqtrace: tracing pid %u (%s); a report every %.1f s%s\n",
		       t->o.pid, t->comm, t->o.interval,
		       t->o.duration > 0 ? "" : ", Ctrl-C to stop");
	return 0;
}

/*
 * Trace mode's interval report, when due: 1 reported (and *gone when the
 * VMM has exited), 0 not yet, with *timeout cut to wait no longer than it.
 */
static int interval_due(struct tracer *t, unsigned long long now, int *timeout,
			bool *gone)
{
	unsigned long long next = t->tm.last_report +
				  (unsigned long long)(t->o.interval * 1e9);

	if (now < next) {
		if ((next - now) / 1000000 < (unsigned long long)*timeout)
			*timeout = (int)((next - now) / 1000000) + 1;
		return 0;
	}
	if (summary_new_threads(&t->tm.sum) || t->tm.sum.unknown_tid)
		tm_scan_threads(&t->tm, now_ns());
	summary_advance(&t->tm.sum);
	read_losses(t->skel, t->progs, &t->loss);
	t->loss.bad = t->sink.bad;
	tm_report(&t->tm, &t->loss, false, now);
	*gone = !vmm_alive((pid_t)t->o.pid);
	return 1;
}

/* Until a signal, --duration, the VMM's end or a failure; -1: trace.tsv failed. */
static int poll_events(struct tracer *t)
{
	while (!stop) {
		unsigned long long now = now_ns();
		int timeout = POLL_MS, err;
		bool gone = false;

		if (t->o.duration > 0 &&
		    now - t->tm.t0 >= (unsigned long long)(t->o.duration * 1e9)) {
			t->end_reason = "duration";
			break;
		}
		if (t->o.summary && interval_due(t, now, &timeout, &gone)) {
			if (!gone)
				continue;
			t->end_reason = "vmm_exited";
			printf("virqtrace: process %u has exited\n", t->o.pid);
			break;
		}
		/* Woken only past the watermark: take what the timeout left too. */
		err = ring_buffer__poll(t->rb, timeout);
		if (err >= 0)
			err = ring_buffer__consume(t->rb);
		if (err < 0 && err != -EINTR) {
			/* trace.tsv stays without trailer; the summary says so. */
			report_read_error(&t->sink.w, t->o.out, err);
			t->end_reason = "error";
			t->read_failed = true;
			break;
		}
		if (t->o.summary) {
			/* Name new vCPU threads while they are still there to ask. */
			if (summary_new_threads(&t->tm.sum))
				tm_scan_threads(&t->tm, now_ns());
			summary_advance(&t->tm.sum);
		}
		/*
		 * Every cycle, not only when idle: a reader of the live file,
		 * and what a tracer killed mid-cell leaves (bench/ keeps it),
		 * are at most POLL_MS behind; a busy trace would otherwise sit
		 * in OUT_BUF_SIZE of buffer until it fills.
		 */
		if (t->sink.w.out && fflush(t->sink.w.out)) {
			fprintf(stderr, "virqtrace: %s: %s\n", t->o.out, strerror(errno));
			return -1;
		}
	}
	return 0;
}

/* Stop the producers, then take everything they left. */
static void drain(struct tracer *t)
{
	int n;

	detach_programs(t->links);
	do {
		n = t->read_failed ? 0 : ring_buffer__consume(t->rb);
		if (n == 0 && !t->read_failed) {
			usleep(SETTLE_MS * 1000);
			n = ring_buffer__consume(t->rb);
		}
	} while (n > 0);
	if (n < 0) {
		report_read_error(&t->sink.w, t->o.out, n);
		t->end_reason = "error";
		t->read_failed = true;
	}
}

/* Trace mode's last report, on stdout and into the JSON file; 0 or -1. */
static int final_report(struct tracer *t)
{
	struct trace_mode *tm = &t->tm;

	if (summary_new_threads(&tm->sum))
		tm_scan_threads(tm, now_ns());
	summary_drain(&tm->sum);
	t->loss.bad = t->sink.bad;
	tm_report(tm, &t->loss, true, now_ns());
	if (t->stats_fd >= 0)
		write_prog_stats(t->progs, NULL, NULL, stdout);
	if (tm->json_f && t->stats_fd >= 0 &&
	    write_prog_stats(t->progs, NULL, &tm->json, NULL))
		fprintf(stderr, "virqtrace: reading program stats: %s\n",
			strerror(errno));
	if (tm->json_f && tm_json_close(tm, t->end_reason))
		return -1;
	return 0;
}

/* trace.tsv's trailer (doc/raw-format.md), in its order, and to disk; 0 or -1. */
static int write_trailer(struct tracer *t)
{
	FILE *f = t->sink.w.out;
	unsigned long long repeats = 0;

	if (t->stats_fd >= 0 &&
	    write_prog_stats(t->progs, f, NULL, t->o.verbose ? stderr : NULL))
		fprintf(stderr, "virqtrace: reading program stats: %s\n",
			strerror(errno));
	fprintf(f, "# lost_ringbuf=%" PRIu64 "\n# lost_busy=%" PRIu64 "\n",
		t->loss.ringbuf, t->loss.busy);
	if (!count_dropped(t->skel->maps.dropped, VQT_CNT_REPEATED_LOW, &repeats))
		fprintf(f, "# repeated_low=%llu\n", repeats);
	fprintf(f, "# lost=%" PRIu64 "\n# events=%" PRIu64 "\n",
		t->loss.ringbuf + t->loss.busy + t->sink.bad, t->sink.w.events);
	if (fflush(f) || (fsync(fileno(f)) && errno != EINVAL) || ferror(f)) {
		fprintf(stderr, "virqtrace: %s: %s\n", t->o.out, strerror(errno));
		return -1;
	}
	return 0;
}

/* perf.tsv, once the drain has counted the window's last rows. */
static int write_perf(struct tracer *t)
{
	int err = pc_write(t->sink.pc, t->o.perf_out);

	if (err)
		fprintf(stderr, "virqtrace: %s: %s\n", t->o.perf_out, strerror(-err));
	return err ? -1 : 0;
}

/* After the poll: drain, count the losses, end both outputs. 0, or -1 (exit 1). */
static int finish(struct tracer *t)
{
	/* The recount's window closes while the programs still run. */
	if (t->sink.pc)
		pc_window(t->sink.pc, false, &t->skel->bss->recount_open);
	drain(t);
	if (t->sink.pc) {
		pc_collect(t->sink.pc);
		if (write_perf(t))
			return -1;
	}
	if (read_losses(t->skel, t->progs, &t->loss))
		return -1;
	if (t->sink.bad)
		fprintf(stderr, "virqtrace: %" PRIu64 " records of an unknown type (counted as lost)\n",
			t->sink.bad);
	if (t->o.summary && final_report(t))
		return -1;
	if (t->read_failed)
		return -1;	/* trace.tsv has no trailer */
	if (t->sink.w.out && write_trailer(t))
		return -1;
	if (t->o.verbose)
		fprintf(stderr, "virqtrace: %" PRIu64 " events written, %" PRIu64 " lost (ring buffer full %" PRIu64
			", program busy %" PRIu64 ")\n",
			t->sink.w.events, t->loss.ringbuf + t->loss.busy + t->sink.bad,
			t->loss.ringbuf, t->loss.busy);
	return 0;
}

/* Frees all; returns ret, or 1 when trace.tsv cannot be closed after a clean run. */
static int cleanup(struct tracer *t, int ret)
{
	FILE *f = t->sink.w.out;

	ring_buffer__free(t->rb);
	detach_programs(t->links);
	pc_close(&t->pc);
	virqtrace_bpf__destroy(t->skel);
	if (t->stats_fd >= 0)
		close(t->stats_fd);
	tm_free(&t->tm);
	if (f) {
		struct stat st;

		/* No trace at all is better than a header that looks cut short. */
		if (!t->tracing && !fstat(fileno(f), &st) && S_ISREG(st.st_mode))
			unlink(t->o.out);
		if (fclose(f) && ret == 0) {
			fprintf(stderr, "virqtrace: %s: %s\n", t->o.out, strerror(errno));
			ret = 1;
		}
	}
	free(t->outbuf);
	return ret;
}

/*
 * libbpf-tools' shape: open and set the rodata, load, attach, start the
 * outputs, poll, finish; one cleanup whatever step failed.
 */
int main(int argc, char **argv)
{
	static struct tracer t = { .stats_fd = -1, .end_reason = "signal" };
	int err, ret = 2;

	if (parse_args(argc, argv, &t.o))
		return 2;
	if (t.o.replay)
		return tm_replay(t.o.replay, t.o.json);
	tm_init(&t.tm, t.o.pid, now_ns());
	liblog_setup(t.o.verbose);
	err = setup_signals();
	if (err) {
		fprintf(stderr, "virqtrace: sigaction: %s\n", strerror(-err));
		goto out;
	}
	/* Exit status 2 up to here: nothing traced. */
	if (check_target(&t) || open_and_set(&t) || load(&t) || attach(&t) ||
	    start(&t))
		goto out;
	ret = 1;
	if (poll_events(&t) || finish(&t))
		goto out;
	ret = 0;
out:
	return cleanup(&t, ret);
}
