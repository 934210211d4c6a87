// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "opts.h"
#include "virqtrace.h"


#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

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
		"  --perf-out FILE  with --out: recount the traced events with perf_event_open\n"
		"                   per thread of --pid, and read host cycles/instructions at\n"
		"                   kvm_exit/kvm_entry; FILE is perf.tsv (doc/raw-format.md)\n"
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
		if (have_pid || o->out || o->ready_fd >= 0 || o->stats || o->perf_out ||
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
	if (o->perf_out && (!o->out || !o->pid))
		return usage_error("--perf-out goes with --out and a --pid other than 0");
	if (o->json && !o->summary)
		return usage_error("--json goes with --summary");
	return 0;
}

enum {
	OPT_PID = 256, OPT_OUT, OPT_READY_FD, OPT_RINGBUF_MB, OPT_STATS,
	OPT_SUMMARY, OPT_DURATION, OPT_INTERVAL, OPT_JSON, OPT_REPLAY, OPT_PERF_OUT,
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
	{ "perf-out",	required_argument, NULL, OPT_PERF_OUT },
	{ "verbose",	no_argument,	   NULL, 'v' },
	{ "help",	no_argument,	   NULL, 'h' },
	{ "version",	no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

int parse_args(int argc, char **argv, struct opts *o)
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
		case OPT_PERF_OUT:
			o->perf_out = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("virqtrace %s\n", VQB_VERSION);
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
