// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench: the host-side injector. It runs on the ARM host (or inside the
 * lab), measures cells, and writes a raw run (doc/raw-format.md) that
 * analysis/ turns into results.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cell.h"
#include "hostinfo.h"
#include "inject.h"
#include "rawout.h"
#include "report.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

enum { EXIT_OK = 0, EXIT_MEASURE = 1, EXIT_USAGE = 2, EXIT_NO_TRACE = 3, EXIT_INTERRUPTED = 130 };

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virqbench run --out DIR [options]\n"
		"       virqbench version\n"
		"\n"
		"run: measure one cell and write a raw run into DIR (see doc/raw-format.md)\n"
		"  --out DIR             raw run directory to create (required)\n"
		"  --gic v3              vGIC the guest gets (v3)\n"
		"  --path NAME           injection path: %s (lr-line)\n"
		"  --state busy|wfi      what the target vCPU does between interrupts (busy)\n"
		"  --count N             interrupts to inject, one at a time (1000)\n"
		"  --irq-timeout-ms N    how long the guest may take to answer one (2000)\n"
		"  --ready-timeout-ms N  how long the guest agent may take to start (20000)\n"
		"  --vcpu-cpu N          host CPU for the target vCPU, -1 unpinned (1)\n"
		"  --injector-cpu N      host CPU for the injecting thread, -1 unpinned (0)\n"
		"  --no-trace            measure without virqtrace (no exit counts)\n"
		"  --tracer PATH         virqtrace binary (next to this program)\n"
		"  --agent PATH          guest agent image (guest-agent.bin next to this program)\n"
		"  -q, --quiet           only errors\n",
		inject_names());
}

static int parse_int(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		report("%s: '%s' is not a whole number from %ld to %ld", opt, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* Quotes argv the way a shell would read it back. */
static void command_line(int argc, char **argv, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < argc && n < size; i++) {
		const char *a = argv[i];
		int plain = *a != '\0';

		for (const char *p = a; *p; p++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%", *p))
				plain = 0;
		n += snprintf(buf + n, size - n, "%s", i ? " " : "");
		if (plain) {
			n += snprintf(buf + n, size - n, "%s", a);
			continue;
		}
		n += snprintf(buf + n, size - n, "'");
		for (const char *p = a; *p && n < size; p++)
			n += snprintf(buf + n, size - n, *p == '\'' ? "'\\''" : "%c", *p);
		n += snprintf(buf + n, size - n, "'");
	}
}

static void utc_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* A file that ships next to this binary. */
static void beside_self(const char *name, char *buf, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0) {
		snprintf(buf, size, "%s", name);
		return;
	}
	self[n] = '\0';
	snprintf(buf, size, "%s/%s", dirname(self), name);
}

static void on_stop_signal(int sig)
{
	(void)sig;
	cell_stop_requested = 1;
}

static int write_run_kv(const char *dir, const char *cmd, const char *start,
			const struct hostinfo *hi, int finished, int interrupted, int exit_code)
{
	char path[4200], end[64];
	struct kv kv;
	int r;

	kv_init(&kv);
	kv_set(&kv, "format", "1");
	kv_set(&kv, "tool_version", "%s", VQB_VERSION);
	kv_set(&kv, "command", "%s", cmd);
	kv_set(&kv, "start_utc", "%s", start);
	hostinfo_to_kv(hi, &kv);
	/* Until the run ends, run.kv says it has not: a killed run reads as interrupted. */
	if (finished) {
		utc_now(end, sizeof(end));
		kv_set(&kv, "end_utc", "%s", end);
		kv_set(&kv, "exit_code", "%d", exit_code);
	}
	kv_set(&kv, "interrupted", "%d", interrupted || !finished);
	snprintf(path, sizeof(path), "%s/run.kv", dir);
	r = kv_write(&kv, path);
	kv_free(&kv);
	return r;
}

static int cmd_run(int argc, char **argv, const char *cmdline)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "gic", required_argument, NULL, 'g' },
		{ "path", required_argument, NULL, 'p' },
		{ "state", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "irq-timeout-ms", required_argument, NULL, 'T' },
		{ "ready-timeout-ms", required_argument, NULL, 'R' },
		{ "vcpu-cpu", required_argument, NULL, 'V' },
		{ "injector-cpu", required_argument, NULL, 'I' },
		{ "no-trace", no_argument, NULL, 'N' },
		{ "tracer", required_argument, NULL, 't' },
		{ "agent", required_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cell_opts o = {
		.gic = "v3", .state = "busy", .count = 1000, .irq_timeout_ms = 2000,
		.ready_timeout_ms = 20000, .vcpu_cpu = 1, .injector_cpu = 0, .trace = 1,
	};
	char tracer[PATH_MAX], agent[PATH_MAX], start[64];
	const char *out = NULL, *path = "lr-line";
	struct sigaction sa = { .sa_handler = on_stop_signal };
	struct cell_result res;
	struct hostinfo hi;
	int c, r, exit_code;
	long v;

	beside_self("virqtrace", tracer, sizeof(tracer));
	beside_self("guest-agent.bin", agent, sizeof(agent));
	o.tracer_path = tracer;
	o.agent_path = agent;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'g': o.gic = optarg; break;
		case 'p': path = optarg; break;
		case 's': o.state = optarg; break;
		case 'n':
			if (parse_int("--count", optarg, 1, 100000000, &v))
				return EXIT_USAGE;
			o.count = v;
			break;
		case 'T':
			if (parse_int("--irq-timeout-ms", optarg, 1, 3600000, &v))
				return EXIT_USAGE;
			o.irq_timeout_ms = v;
			break;
		case 'R':
			if (parse_int("--ready-timeout-ms", optarg, 1, 3600000, &v))
				return EXIT_USAGE;
			o.ready_timeout_ms = v;
			break;
		case 'V':
			if (parse_int("--vcpu-cpu", optarg, -1, 4095, &v))
				return EXIT_USAGE;
			o.vcpu_cpu = v;
			break;
		case 'I':
			if (parse_int("--injector-cpu", optarg, -1, 4095, &v))
				return EXIT_USAGE;
			o.injector_cpu = v;
			break;
		case 'N': o.trace = 0; break;
		case 't': o.tracer_path = optarg; break;
		case 'a': o.agent_path = optarg; break;
		case 'q': report_quiet = 1; break;
		case 'h': usage(stdout); return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		report("run: unexpected argument '%s' (options only; see 'virqbench run --help')",
		       argv[optind]);
		return EXIT_USAGE;
	}
	if (!out) {
		report("run: --out DIR is required (where the raw run is written)");
		return EXIT_USAGE;
	}
	o.method = inject_find(path);
	if (!o.method) {
		report("run: unknown path '%s' (expected one of: %s)", path, inject_names());
		return EXIT_USAGE;
	}
	if (strcmp(o.gic, "v3")) {
		report("run: unknown or unsupported --gic '%s' (expected: v3)", o.gic);
		return EXIT_USAGE;
	}
	if (strcmp(o.state, "busy") && strcmp(o.state, "wfi")) {
		report("run: unknown --state '%s' (expected busy or wfi)", o.state);
		return EXIT_USAGE;
	}
	if (access(o.agent_path, R_OK)) {
		report("run: guest agent %s: %s (build it with 'make', or pass --agent)",
		       o.agent_path, strerror(errno));
		return EXIT_USAGE;
	}
	if (o.trace && access(o.tracer_path, X_OK)) {
		report("run: tracer %s: %s (build it with 'make', pass --tracer, or --no-trace)",
		       o.tracer_path, strerror(errno));
		return EXIT_USAGE;
	}
	/* Probe /dev/kvm before creating anything, for one clear message. */
	r = kvm_open();
	if (r < 0)
		return EXIT_MEASURE;
	close(r);

	if (mkdir_p(out))
		return EXIT_MEASURE;
	hostinfo_probe(&hi);
	o.hyp = hi.hyp;
	o.run_dir = out;
	utc_now(start, sizeof(start));
	if (write_run_kv(out, cmdline, start, &hi, 0, 0, 0))
		return EXIT_MEASURE;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	cell_run(&o, &res);
	if (res.status == CELL_INTERRUPTED)
		exit_code = EXIT_INTERRUPTED;
	else if (res.status != CELL_OK)
		exit_code = EXIT_MEASURE;
	else if (res.trace_failed)
		exit_code = EXIT_NO_TRACE;
	else
		exit_code = EXIT_OK;
	write_run_kv(out, cmdline, start, &hi, 1, res.status == CELL_INTERRUPTED, exit_code);
	if (exit_code == EXIT_NO_TRACE)
		report("the run completed WITHOUT a trace: exits per interrupt are not known");
	info("raw run written to %s", out);
	return exit_code;
}

int main(int argc, char **argv)
{
	char cmdline[8192];

	command_line(argc, argv, cmdline, sizeof(cmdline));
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "version")) {
		printf("virqbench %s\n", VQB_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1, cmdline);
	report("unknown command '%s' (expected: run, version)", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
