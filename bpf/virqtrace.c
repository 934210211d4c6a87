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
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "json.h"
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
/* libbpf output kept for a failure report: the tail, where the cause is. */
#define LIBLOG_MAX	(256u << 10)
#define NSEC		1000000000ull

struct opts {
	unsigned int pid;
	const char *out;
	int ready_fd;
	unsigned int ringbuf_mb;
	bool stats;
	bool summary;
	double duration;	/* seconds; 0: until a signal */
	double interval;	/* seconds between summary reports */
	const char *json;
	const char *replay;	/* a trace.tsv to summarize instead of tracing */
};

struct writer {
	FILE *out;
	uint64_t events;
	int err;			/* errno of a failed write */
};

/* What handle_event() feeds. */
struct sink {
	struct writer w;		/* trace.tsv, when w.out */
	struct summary *sum;		/* trace mode, or NULL */
	uint64_t bad;			/* records this build cannot decode */
};

static volatile sig_atomic_t stop;
static bool verbose;

static char liblog[LIBLOG_MAX];
static size_t liblog_len;
static bool liblog_cut;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virqtrace --pid TGID --out FILE [--ready-fd FD] [--stats] [options]\n"
		"       virqtrace --pid PID --summary [--duration S] [--interval S] [--json FILE] [options]\n"
		"       virqtrace --replay TRACE.TSV [--json FILE]\n"
		"       virqtrace -h\n"
		"\n"
		"Records the KVM tracepoints a virtual interrupt passes through (injections:\n"
		"kvm_irq_line, kvm_set_irq, vgic_update_irq_pending, kvm_timer_update_irq; the\n"
		"vCPU: kvm_exit, kvm_entry, kvm_userspace_exit, kvm_vcpu_wakeup, kvm_wfx_arm64,\n"
		"kvm_mmio, kvm_ack_irq, kvm_halt_poll_ns) for one process, until SIGINT or\n"
		"SIGTERM (or --duration).\n"
		"\n"
		"Record mode (bench/): --out writes every event to FILE as trace.tsv\n"
		"(doc/raw-format.md).\n"
		"\n"
		"Trace mode: --summary attaches to any running KVM VMM (QEMU, kvmtool,\n"
		"Firecracker, crosvm, cloud-hypervisor, virqbench) by its PID. It needs no\n"
		"guest agent and changes nothing in the VM. Every interval, and at the end, it\n"
		"prints per vCPU: injections seen, injection -> next guest entry latency\n"
		"(p50/p90/p99/max; a log2 histogram at the end), and exits per injection by\n"
		"exception class. vCPUs are told apart by their thread names.\n"
		"\n"
		"  --pid PID        the VMM process; 0 records every process (--out only)\n"
		"  --out FILE       write trace.tsv to FILE (truncated)\n"
		"  --ready-fd FD    once tracing is on, write \"ready\\n\" to FD and close it\n"
		"  --stats          measure each program's run time (kernel.bpf_stats_enabled,\n"
		"                   on only while virqtrace runs) and report it at the end\n"
		"  --summary        trace mode: per-vCPU reports on stdout\n"
		"  --duration S     stop after S seconds (default: at SIGINT/SIGTERM, or when\n"
		"                   the VMM exits)\n"
		"  --interval S     seconds between reports in trace mode (default 1)\n"
		"  --json FILE      trace mode: also write every report to FILE as JSON\n"
		"  --replay FILE    no tracing: the final trace-mode report of a recorded\n"
		"                   trace.tsv (vCPUs are then named by thread id only)\n"
		"  --ringbuf-mb N   ring buffer size in MiB, a power of two (default %u)\n"
		"  -v, --verbose    show libbpf's messages and a summary at the end\n"
		"  -h, --help       show this help\n"
		"\n"
		"Needs root (or CAP_BPF+CAP_PERFMON; --stats needs CAP_SYS_ADMIN too).\n"
		"Not seen on any kernel: LPIs injected through the ITS (KVM_SIGNAL_MSI, an\n"
		"irqfd's cached MSI translation, GICv4 vLPIs) and guest SGIs: KVM has no\n"
		"tracepoint on those paths.\n"
		"\n"
		"Exit status: 0 stopped cleanly (trailer written); 1 failed while tracing\n"
		"(FILE has no trailer); 2 nothing traced (bad usage, not a KVM process,\n"
		"programs not loaded or attached).\n",
		VQT_RINGBUF_DEFAULT >> 20);
}

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("virqtrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n\n", stderr);
	usage(stderr);
	return -1;
}

/* A decimal number in [0, max], nothing else around it. */
static int parse_num(const char *s, unsigned long long max,
		     unsigned long long *val)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*val = v;
	return 0;
}

/* Seconds, a decimal fraction allowed, in (0, max]. */
static int parse_seconds(const char *s, double max, double *val)
{
	char *end;
	double v;

	if (!isdigit((unsigned char)s[0]) && s[0] != '.')
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v <= 0 || v > max)
		return -1;
	*val = v;
	return 0;
}

/* The options that go, or do not go, together. */
static int check_opts(struct opts *o, bool have_pid)
{
	if (o->replay) {
		if (have_pid || o->out || o->ready_fd >= 0 || o->stats ||
		    o->duration > 0)
			return usage_error("--replay takes only --json (and --summary)");
		o->summary = true;
		return 0;
	}
	if (!have_pid)
		return usage_error("--pid is required");
	if (!o->out && !o->summary)
		return usage_error("--out FILE or --summary is required");
	if (o->summary && !o->pid)
		return usage_error("--summary needs the VMM's --pid (not 0)");
	if (o->json && !o->summary)
		return usage_error("--json goes with --summary");
	return 0;
}

enum {
	OPT_PID = 256, OPT_OUT, OPT_READY_FD, OPT_RINGBUF_MB, OPT_STATS,
	OPT_SUMMARY, OPT_DURATION, OPT_INTERVAL, OPT_JSON, OPT_REPLAY,
};
static const struct option longopts[] = {
	{ "pid",	required_argument, NULL, OPT_PID },
	{ "out",	required_argument, NULL, OPT_OUT },
	{ "ready-fd",	required_argument, NULL, OPT_READY_FD },
	{ "ringbuf-mb",	required_argument, NULL, OPT_RINGBUF_MB },
	{ "stats",	no_argument,	   NULL, OPT_STATS },
	{ "summary",	no_argument,	   NULL, OPT_SUMMARY },
	{ "duration",	required_argument, NULL, OPT_DURATION },
	{ "interval",	required_argument, NULL, OPT_INTERVAL },
	{ "json",	required_argument, NULL, OPT_JSON },
	{ "replay",	required_argument, NULL, OPT_REPLAY },
	{ "verbose",	no_argument,	   NULL, 'v' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	unsigned long long v;
	bool have_pid = false;
	int c;

	o->ready_fd = -1;
	o->ringbuf_mb = VQT_RINGBUF_DEFAULT >> 20;
	o->interval = 1.0;
	opterr = 0;	/* one message of ours, then the usage */
	while ((c = getopt_long(argc, argv, ":vh", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_PID:
			if (parse_num(optarg, INT_MAX, &v))
				return usage_error("--pid: not a process id: '%s'", optarg);
			o->pid = (unsigned int)v;
			have_pid = true;
			break;
		case OPT_OUT:
			o->out = optarg;
			break;
		case OPT_READY_FD:
			if (parse_num(optarg, INT_MAX, &v))
				return usage_error("--ready-fd: not a file descriptor: '%s'", optarg);
			if (fcntl((int)v, F_GETFD) < 0)
				return usage_error("--ready-fd: %s is not an open file descriptor", optarg);
			o->ready_fd = (int)v;
			break;
		case OPT_RINGBUF_MB:
			if (parse_num(optarg, 1024, &v) || v == 0 || (v & (v - 1)))
				return usage_error("--ringbuf-mb: want a power of two from 1 to 1024, got '%s'",
						   optarg);
			o->ringbuf_mb = (unsigned int)v;
			break;
		case OPT_STATS:
			o->stats = true;
			break;
		case OPT_SUMMARY:
			o->summary = true;
			break;
		case OPT_DURATION:
			if (parse_seconds(optarg, 366 * 86400.0, &o->duration))
				return usage_error("--duration: want seconds > 0, got '%s'", optarg);
			break;
		case OPT_INTERVAL:
			if (parse_seconds(optarg, 86400.0, &o->interval) || o->interval < 0.1)
				return usage_error("--interval: want seconds from 0.1 to 86400, got '%s'",
						   optarg);
			break;
		case OPT_JSON:
			o->json = optarg;
			break;
		case OPT_REPLAY:
			o->replay = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case ':':
			return usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("unknown option '-%c'", optopt);
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return check_opts(o, have_pid);
}

/* Keeps the tail of libbpf's output, to show it if the load fails. */
static void liblog_put(const char *s, size_t n)
{
	if (n >= LIBLOG_MAX) {
		s += n - LIBLOG_MAX;
		n = LIBLOG_MAX;
		liblog_cut = liblog_cut || liblog_len;
		liblog_len = 0;
	}
	if (liblog_len + n > LIBLOG_MAX) {
		size_t drop = liblog_len + n - LIBLOG_MAX;

		memmove(liblog, liblog + drop, liblog_len - drop);
		liblog_len -= drop;
		liblog_cut = true;
	}
	memcpy(liblog + liblog_len, s, n);
	liblog_len += n;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt,
			va_list ap)
{
	va_list aq;
	char *s;
	int n;

	if (verbose)
		return vfprintf(stderr, fmt, ap);
	if (level > LIBBPF_WARN)
		return 0;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n <= 0)
		return n;
	s = malloc((size_t)n + 1);
	if (!s) {
		static const char oom[] = "(a libbpf message lost: out of memory)\n";

		liblog_put(oom, sizeof(oom) - 1);
		return 0;
	}
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	liblog_put(s, (size_t)n);
	free(s);
	return n;
}

static void liblog_show(void)
{
	if (!liblog_len)
		return;
	if (liblog_cut)
		fputs("(earlier libbpf output dropped)\n", stderr);
	fwrite(liblog, 1, liblog_len, stderr);
	if (liblog[liblog_len - 1] != '\n')
		fputc('\n', stderr);
}

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

/* 1: the tracepoint exists, 0: it does not, -1: cannot tell (no tracefs). */
static int tracepoint_exists(const char *tp)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/events", roots[i]);
		if (access(path, F_OK))
			continue;
		snprintf(path, sizeof(path), "%s/events/kvm/%s", roots[i], tp);
		return access(path, F_OK) == 0;
	}
	return -1;
}

/* The program of every event row, found by its section name. */
static int find_programs(struct bpf_object *obj, struct bpf_program **progs)
{
	struct bpf_program *prog;
	int i;

	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);

		for (i = 0; i < VQT_EV_NR; i++) {
			if (!strncmp(sec, "raw_tp/", 7) &&
			    !strcmp(sec + 7, vqt_events[i].tp))
				break;
		}
		if (i == VQT_EV_NR) {
			fprintf(stderr, "virqtrace: program %s (%s) has no row in the event table\n",
				bpf_program__name(prog), sec);
			return -EINVAL;
		}
		progs[i] = prog;
	}
	for (i = 0; i < VQT_EV_NR; i++) {
		if (!progs[i]) {
			fprintf(stderr, "virqtrace: no program for tracepoint %s\n",
				vqt_events[i].tp);
			return -EINVAL;
		}
	}
	return 0;
}

static void add_missing(char *missing, size_t size, const char *tp)
{
	size_t len = strlen(missing);

	snprintf(missing + len, size - len, "%s%s", len ? "," : "", tp);
}

/*
 * Before load: an optional tracepoint this kernel lacks is not loaded; a
 * core one is an error. Without tracefs to ask, attach() finds out instead.
 */
static int plan_programs(struct bpf_program **progs, char *missing,
			 size_t size)
{
	int i;

	for (i = 0; i < VQT_EV_NR; i++) {
		if (tracepoint_exists(vqt_events[i].tp) != 0)
			continue;
		if (!vqt_events[i].optional) {
			fprintf(stderr, "virqtrace: this kernel has no tracepoint kvm/%s; nothing traced\n",
				vqt_events[i].tp);
			return -ENOENT;
		}
		bpf_program__set_autoload(progs[i], false);
		add_missing(missing, size, vqt_events[i].tp);
	}
	return 0;
}

static int attach_programs(struct bpf_program **progs, struct bpf_link **links,
			   char *missing, size_t size)
{
	int i, err;

	for (i = 0; i < VQT_EV_NR; i++) {
		if (!bpf_program__autoload(progs[i]))
			continue;
		links[i] = bpf_program__attach_raw_tracepoint(progs[i],
							      vqt_events[i].tp);
		if (links[i])
			continue;
		err = -errno;
		if (err == -ENOENT && vqt_events[i].optional) {
			add_missing(missing, size, vqt_events[i].tp);
			continue;
		}
		liblog_show();
		if (err == -ENOENT)
			fprintf(stderr, "virqtrace: this kernel has no tracepoint kvm/%s; nothing traced\n",
				vqt_events[i].tp);
		else if (err == -EPERM)
			fprintf(stderr, "virqtrace: cannot attach to tracepoint kvm/%s: %s: needs root or CAP_BPF+CAP_PERFMON\n",
				vqt_events[i].tp, strerror(-err));
		else
			fprintf(stderr, "virqtrace: cannot attach to tracepoint kvm/%s: %s; nothing traced\n",
				vqt_events[i].tp, strerror(-err));
		return err;
	}
	return 0;
}

static void detach_programs(struct bpf_link **links)
{
	int i;

	for (i = 0; i < VQT_EV_NR; i++) {
		bpf_link__destroy(links[i]);
		links[i] = NULL;
	}
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
	return 0;
}

static int write_header(FILE *out, const char *missing, const char *foreign_off)
{
	fputs("# " TRACE_TSV_COLS "\n", out);
	if (*missing)
		fprintf(out, "# missing=%s\n", missing);
	fprintf(out, "# foreign=%s\n", *foreign_off ? "off" : "on");
	/* irq_line rows for the CPU lines only (virqtrace.bpf.c, on_irq_line). */
	fputs("# irq_line=cpu\n", out);
	return fflush(out) ? -errno : 0;
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

/*
 * Runs the kernel skipped because the program was already running on that
 * CPU (its tracepoint hit again from an interrupt): lost events as well.
 * The kernel counts them before our program, so before the process
 * filter: they may be another process's, and are an upper bound.
 */
static int count_missed(struct bpf_program **progs, unsigned long long *sum)
{
	struct bpf_prog_info info;
	__u32 len;
	int i, fd;

	*sum = 0;
	for (i = 0; i < VQT_EV_NR; i++) {
		fd = bpf_program__fd(progs[i]);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			return -errno;
		*sum += info.recursion_misses;
	}
	return 0;
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

/*
 * The kernel's own account of the time our programs took (--stats), per
 * loaded program: trace.tsv's "# prog=<event> run_cnt=N run_time_ns=N"
 * lines, a JSON array, a table for a person; each where not NULL.
 */
static int write_prog_stats(struct bpf_program **progs, FILE *tsv,
			    struct json *j, FILE *human)
{
	struct bpf_prog_info info;
	__u32 len;
	int i, fd;

	if (j) {
		json_key(j, "prog_stats");
		json_begin_array(j);
	}
	if (human)
		fprintf(human, "\nBPF program cost (kernel.bpf_stats_enabled):\n  %-16s %12s %14s %10s\n",
			"event", "runs", "run_time_ns", "ns/run");
	for (i = 0; i < VQT_EV_NR; i++) {
		fd = bpf_program__fd(progs[i]);
		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		len = sizeof(info);
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			return -errno;
		if (tsv)
			fprintf(tsv, "# prog=%s run_cnt=%llu run_time_ns=%llu\n",
				vqt_events[i].name,
				(unsigned long long)info.run_cnt,
				(unsigned long long)info.run_time_ns);
		if (j) {
			json_begin_object(j);
			json_kstr(j, "event", vqt_events[i].name);
			json_kuint(j, "run_cnt", info.run_cnt);
			json_kuint(j, "run_time_ns", info.run_time_ns);
			json_end_object(j);
		}
		if (human && info.run_cnt)
			fprintf(human, "  %-16s %12llu %14llu %10.0f\n",
				vqt_events[i].name, (unsigned long long)info.run_cnt,
				(unsigned long long)info.run_time_ns,
				(double)info.run_time_ns / (double)info.run_cnt);
		else if (human)
			fprintf(human, "  %-16s %12d %14d %10s\n",
				vqt_events[i].name, 0, 0, "-");
	}
	if (j)
		json_end_array(j);
	return 0;
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
	/* In record mode trace.tsv's "# foreign=off" says it; bench/ keeps stderr quiet. */
	if (t->o.pid && task_btf_offsets(&t->skel->rodata->ctx_off, t->foreign_off,
					 sizeof(t->foreign_off)) &&
	    (t->o.summary || verbose))
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
	/* Its own message: a kernel without a core tracepoint is no load failure. */
	return plan_programs(t->progs, t->missing, sizeof(t->missing));
}

static int load(struct tracer *t)
{
	int err = virqtrace_bpf__load(t->skel);

	if (err) {
		load_failed(err);
		return err;
	}
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
	if (*t->missing && (t->o.summary || verbose))
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
	err = write_header(f, t->missing, t->foreign_off);
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
	if (verbose)
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
		/* Idle: let a reader of the live file see everything so far. */
		if (err == 0 && t->sink.w.out && fflush(t->sink.w.out)) {
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
	    write_prog_stats(t->progs, f, NULL, verbose ? stderr : NULL))
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

/* After the poll: drain, count the losses, end both outputs. 0, or -1 (exit 1). */
static int finish(struct tracer *t)
{
	drain(t);
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
	if (verbose)
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
	libbpf_set_print(libbpf_print);
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
