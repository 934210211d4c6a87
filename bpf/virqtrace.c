// SPDX-License-Identifier: GPL-2.0
/*
 * virqtrace: records the KVM tracepoints a virtual interrupt passes through
 * (kvm_irq_line, kvm_set_irq, vgic_update_irq_pending, kvm_exit, kvm_entry)
 * for one process into trace.tsv (doc/raw-format.md), until SIGINT/SIGTERM.
 *
 * bench/ runs it as a child: it waits for "ready\n" on --ready-fd before
 * injecting, and stops it with SIGTERM when the cell is done.
 *
 * Exit status:
 *   0  stopped cleanly; the trace ends with its "# lost=" "# events=" trailer
 *   1  failed while tracing; the trace has no trailer (cut short)
 *   2  no trace: bad usage, or the programs could not be loaded or attached
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "virqtrace.h"
#include "virqtrace.skel.h"

/*
 * The traced tracepoints, indexed by enum vqt_event_type. The kernel-side
 * program of a row is the one in section "raw_tp/<tp>".
 */
struct vqt_event_desc {
	const char *tp;			/* tracepoint name, in events/kvm/ */
	const char *name;		/* the "event" column of trace.tsv */
	char fmt[VQT_NR_ARGS + 1];	/* per argument: u unsigned, d signed, x hex */
	bool optional;			/* absent: a "# missing=" line, not an error */
};

static const struct vqt_event_desc event_desc[VQT_EV_NR] = {
	[VQT_EV_IRQ_LINE]	= { "kvm_irq_line",		"irq_line",	"uddd", false },
	[VQT_EV_SET_IRQ]	= { "kvm_set_irq",		"set_irq",	"uddu", true },
	[VQT_EV_VGIC_PENDING]	= { "vgic_update_irq_pending",	"vgic_pending",	"uuuu", false },
	[VQT_EV_EXIT]		= { "kvm_exit",			"exit",		"uuxu", false },
	[VQT_EV_ENTRY]		= { "kvm_entry",		"entry",	"xuuu", false },
};

#define POLL_MS		100
#define OUT_BUF_SIZE	(1u << 20)
/*
 * After detaching, a program already running on another CPU may still
 * submit a record; give it this long before the last drain.
 */
#define SETTLE_MS	50
/* libbpf output kept for a failure report: the tail, where the cause is. */
#define LIBLOG_MAX	(256u << 10)

struct opts {
	unsigned int pid;
	const char *out;
	int ready_fd;
	unsigned int ringbuf_mb;
};

struct writer {
	FILE *out;
	unsigned long long events;
	unsigned long long bad;		/* records this build cannot decode */
	int err;			/* errno of a failed write */
};

static volatile sig_atomic_t stop;
static bool verbose;

static char liblog[LIBLOG_MAX];
static size_t liblog_len;
static bool liblog_cut;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virqtrace --pid TGID --out FILE [--ready-fd FD] [--ringbuf-mb N] [-v]\n"
		"       virqtrace -h\n"
		"\n"
		"Records the KVM tracepoints a virtual interrupt passes through (kvm_irq_line,\n"
		"kvm_set_irq, vgic_update_irq_pending, kvm_exit, kvm_entry) into FILE as\n"
		"trace.tsv (doc/raw-format.md), until SIGINT or SIGTERM.\n"
		"\n"
		"  --pid TGID       trace this process only; 0 traces every process\n"
		"  --out FILE       the trace file to write (truncated)\n"
		"  --ready-fd FD    once tracing is on, write \"ready\\n\" to FD and close it\n"
		"  --ringbuf-mb N   ring buffer size in MiB, a power of two (default %u)\n"
		"  -v, --verbose    show libbpf's messages and a summary at the end\n"
		"  -h, --help       show this help\n"
		"\n"
		"Exit status: 0 stopped cleanly (trailer written); 1 failed while tracing\n"
		"(FILE has no trailer); 2 no trace (bad usage, programs not loaded/attached).\n",
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

static int parse_args(int argc, char **argv, struct opts *o)
{
	enum { OPT_PID = 256, OPT_OUT, OPT_READY_FD, OPT_RINGBUF_MB };
	static const struct option longopts[] = {
		{ "pid",	required_argument, NULL, OPT_PID },
		{ "out",	required_argument, NULL, OPT_OUT },
		{ "ready-fd",	required_argument, NULL, OPT_READY_FD },
		{ "ringbuf-mb",	required_argument, NULL, OPT_RINGBUF_MB },
		{ "verbose",	no_argument,	   NULL, 'v' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long v;
	bool have_pid = false;
	int c;

	o->ready_fd = -1;
	o->ringbuf_mb = VQT_RINGBUF_DEFAULT >> 20;
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
	if (!have_pid)
		return usage_error("--pid is required (0 traces every process)");
	if (!o->out)
		return usage_error("--out is required");
	return 0;
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

/* The program of every event_desc row, found by its section name. */
static int find_programs(struct bpf_object *obj, struct bpf_program **progs)
{
	struct bpf_program *prog;
	int i;

	bpf_object__for_each_program(prog, obj) {
		const char *sec = bpf_program__section_name(prog);

		for (i = 0; i < VQT_EV_NR; i++) {
			if (!strncmp(sec, "raw_tp/", 7) &&
			    !strcmp(sec + 7, event_desc[i].tp))
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
				event_desc[i].tp);
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
		if (tracepoint_exists(event_desc[i].tp) != 0)
			continue;
		if (!event_desc[i].optional) {
			fprintf(stderr, "virqtrace: this kernel has no tracepoint kvm/%s; this run has no trace\n",
				event_desc[i].tp);
			return -ENOENT;
		}
		bpf_program__set_autoload(progs[i], false);
		add_missing(missing, size, event_desc[i].tp);
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
							      event_desc[i].tp);
		if (links[i])
			continue;
		err = -errno;
		if (err == -ENOENT && event_desc[i].optional) {
			add_missing(missing, size, event_desc[i].tp);
			continue;
		}
		liblog_show();
		if (err == -ENOENT)
			fprintf(stderr, "virqtrace: this kernel has no tracepoint kvm/%s; this run has no trace\n",
				event_desc[i].tp);
		else
			fprintf(stderr, "virqtrace: cannot attach to tracepoint kvm/%s: %s; this run has no trace\n",
				event_desc[i].tp, strerror(-err));
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

static char *put_u64(char *p, unsigned long long v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_s64(char *p, long long v)
{
	if (v >= 0)
		return put_u64(p, (unsigned long long)v);
	*p++ = '-';
	return put_u64(p, 0ull - (unsigned long long)v);
}

static char *put_hex(char *p, unsigned long long v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	*p++ = '0';
	*p++ = 'x';
	do {
		tmp[n++] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* One trace.tsv row per record. Hand-formatted: kvm_exit/entry are many. */
static int handle_event(void *ctx, void *data, size_t size)
{
	struct writer *w = ctx;
	const struct vqt_event *e = data;
	const struct vqt_event_desc *d;
	char line[256], *p = line;	/* the longest row is about 150 */
	size_t len;
	int i;

	if (size < sizeof(*e) || e->type >= VQT_EV_NR) {
		w->bad++;
		return 0;
	}
	d = &event_desc[e->type];

	p = put_u64(p, e->ts_ns);
	*p++ = '\t';
	p = put_u64(p, e->tid);
	*p++ = '\t';
	p = put_u64(p, e->cpu);
	*p++ = '\t';
	len = strlen(d->name);
	memcpy(p, d->name, len);
	p += len;
	for (i = 0; i < VQT_NR_ARGS; i++) {
		*p++ = '\t';
		if (d->fmt[i] == 'x')
			p = put_hex(p, e->args[i]);
		else if (d->fmt[i] == 'd')
			p = put_s64(p, (long long)e->args[i]);
		else
			p = put_u64(p, e->args[i]);
	}
	*p++ = '\n';

	len = (size_t)(p - line);
	if (fwrite(line, 1, len, w->out) != len) {
		w->err = errno;
		return -EIO;
	}
	w->events++;
	return 0;
}

static int write_header(FILE *out, const char *missing)
{
	fputs("# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n", out);
	if (*missing)
		fprintf(out, "# missing=%s\n", missing);
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

/* Records the ring buffer had no room for, over all CPUs. */
static int count_dropped(struct bpf_map *map, unsigned long long *sum)
{
	int ncpus = libbpf_num_possible_cpus();
	__u32 zero = 0;
	__u64 *vals;
	int i, err = 0;

	if (ncpus < 0)
		return ncpus;
	vals = calloc((size_t)ncpus, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(map), &zero, vals))
		err = -errno;
	for (i = 0; !err && i < ncpus; i++)
		*sum += vals[i];
	free(vals);
	return err;
}

/*
 * Runs the kernel skipped because the program was already running on that
 * CPU (its tracepoint hit again from an interrupt): lost events as well.
 * Counted before the tgid filter, so this may overstate, never understate.
 */
static int count_missed(struct bpf_program **progs, unsigned long long *sum)
{
	struct bpf_prog_info info;
	__u32 len;
	int i, fd;

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

/* Why reading the ring buffer stopped: its fault or the output file's. */
static void report_read_error(const struct writer *w, const char *out, int err)
{
	if (w->err)
		fprintf(stderr, "virqtrace: %s: %s\n", out, strerror(w->err));
	else
		fprintf(stderr, "virqtrace: reading the ring buffer: %s\n",
			strerror(-err));
}

int main(int argc, char **argv)
{
	struct bpf_program *progs[VQT_EV_NR] = { NULL };
	struct bpf_link *links[VQT_EV_NR] = { NULL };
	struct virqtrace_bpf *skel = NULL;
	struct ring_buffer *rb = NULL;
	struct writer w = { .out = NULL };
	unsigned long long dropped = 0, missed = 0;
	char missing[256] = "";
	char *outbuf = NULL;
	bool tracing = false;
	struct opts o;
	int err, n, ret = 2;

	memset(&o, 0, sizeof(o));
	if (parse_args(argc, argv, &o))
		return 2;
	libbpf_set_print(libbpf_print);
	err = setup_signals();
	if (err) {
		fprintf(stderr, "virqtrace: sigaction: %s\n", strerror(-err));
		return 2;
	}

	skel = virqtrace_bpf__open();
	if (!skel) {
		err = -errno;
		goto load_failed;
	}
	skel->rodata->target_tgid = o.pid;
	err = bpf_map__set_max_entries(skel->maps.events, o.ringbuf_mb << 20);
	if (err)
		goto load_failed;
	err = find_programs(skel->obj, progs);
	if (err)
		goto load_failed;
	err = plan_programs(progs, missing, sizeof(missing));
	if (err)
		goto cleanup;
	err = virqtrace_bpf__load(skel);
	if (err)
		goto load_failed;

	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), handle_event, &w,
			      NULL);
	if (!rb) {
		err = -errno;
		fprintf(stderr, "virqtrace: ring buffer: %s; this run has no trace\n",
			strerror(-err));
		goto cleanup;
	}

	err = attach_programs(progs, links, missing, sizeof(missing));
	if (err)
		goto cleanup;

	outbuf = malloc(OUT_BUF_SIZE);
	w.out = outbuf ? fopen(o.out, "we") : NULL;
	if (!w.out) {
		fprintf(stderr, "virqtrace: %s: %s; this run has no trace\n", o.out,
			strerror(errno));
		goto cleanup;
	}
	setvbuf(w.out, outbuf, _IOFBF, OUT_BUF_SIZE);
	err = write_header(w.out, missing);
	if (err) {
		fprintf(stderr, "virqtrace: %s: %s; this run has no trace\n", o.out,
			strerror(-err));
		goto cleanup;
	}
	if (o.ready_fd >= 0) {
		err = signal_ready(o.ready_fd);
		if (err) {
			fprintf(stderr, "virqtrace: --ready-fd %d: %s; this run has no trace\n",
				o.ready_fd, strerror(-err));
			goto cleanup;
		}
	}
	tracing = true;
	ret = 1;
	if (verbose)
		fprintf(stderr, "virqtrace: tracing tgid %u (0: all), ring buffer %u MiB%s%s\n",
			o.pid, o.ringbuf_mb, *missing ? ", missing: " : "",
			missing);

	while (!stop) {
		err = ring_buffer__poll(rb, POLL_MS);
		if (err < 0 && err != -EINTR) {
			report_read_error(&w, o.out, err);
			goto cleanup;
		}
		/* Idle: let a reader of the live file see everything so far. */
		if (err == 0 && fflush(w.out)) {
			fprintf(stderr, "virqtrace: %s: %s\n", o.out, strerror(errno));
			goto cleanup;
		}
	}

	/* Stop the producers, then take everything they left. */
	detach_programs(links);
	do {
		n = ring_buffer__consume(rb);
		if (n == 0) {
			usleep(SETTLE_MS * 1000);
			n = ring_buffer__consume(rb);
		}
	} while (n > 0);
	if (n < 0) {
		report_read_error(&w, o.out, n);
		goto cleanup;
	}

	err = count_dropped(skel->maps.dropped, &dropped);
	if (!err)
		err = count_missed(progs, &missed);
	if (err) {
		fprintf(stderr, "virqtrace: reading the loss counters: %s\n",
			strerror(-err));
		goto cleanup;
	}
	if (w.bad)
		fprintf(stderr, "virqtrace: %llu records of an unknown type (counted as lost)\n",
			w.bad);

	fprintf(w.out, "# lost=%llu\n# events=%llu\n", dropped + missed + w.bad,
		w.events);
	if (fflush(w.out) || (fsync(fileno(w.out)) && errno != EINVAL) ||
	    ferror(w.out)) {
		fprintf(stderr, "virqtrace: %s: %s\n", o.out, strerror(errno));
		goto cleanup;
	}
	if (verbose)
		fprintf(stderr, "virqtrace: %llu events, %llu lost (ring buffer full %llu, program busy %llu)\n",
			w.events, dropped + missed + w.bad, dropped, missed);
	ret = 0;
	goto cleanup;

load_failed:
	liblog_show();
	fprintf(stderr, "virqtrace: BPF programs failed to load: %s; this run has no trace\n",
		strerror(-err));
cleanup:
	ring_buffer__free(rb);
	detach_programs(links);
	virqtrace_bpf__destroy(skel);
	if (w.out) {
		struct stat st;

		/* No trace at all is better than a header that looks cut short. */
		if (!tracing && !fstat(fileno(w.out), &st) && S_ISREG(st.st_mode))
			unlink(o.out);
		if (fclose(w.out) && ret == 0) {
			fprintf(stderr, "virqtrace: %s: %s\n", o.out, strerror(errno));
			ret = 1;
		}
	}
	free(outbuf);
	return ret;
}
