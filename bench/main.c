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
#include "paths.h"
#include "probe.h"
#include "rawout.h"
#include "report.h"
#include "timefmt.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

enum { EXIT_OK = 0, EXIT_MEASURE = 1, EXIT_USAGE = 2, EXIT_NO_TRACE = 3, EXIT_INTERRUPTED = 130 };

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virqbench run --out DIR [options]\n"
		"       virqbench list [--vfio-device BDF]\n"
		"       virqbench trace --pid PID [--duration S] [--interval S] [--json FILE] [--stats]\n"
		"       virqbench version\n"
		"\n"
		"run: measure every combination of --path, --state and --gic, one fresh VM\n"
		"each, into the raw run DIR (doc/raw-format.md). A combination this host\n"
		"cannot run is recorded as skipped, with the reason.\n"
		"  --out DIR             raw run directory to create (required)\n"
		"  --path LIST           paths, comma-separated, or all: %s (lr-line)\n"
		"  --state LIST          busy, wfi, or all (busy)\n"
		"  --gic LIST            the guest's vGIC: auto, v2, v3, v3-its, none (auto: the\n"
		"                        host's own for each path, and for vmm-* paths both v3\n"
		"                        and v3-its, a vGICv3 with an ITS (-vgicv3-its: the\n"
		"                        LPI); none is soft-vi's)\n"
		"  --count N             interrupts per cell, one at a time (1000)\n"
		"  --irq-timeout-ms N    how long the guest may take to answer one (10000: a\n"
		"                        busy 2-CPU lab can deschedule a vCPU thread for seconds)\n"
		"  --ready-timeout-ms N  how long the guest agent may take to start (20000)\n"
		"  --vcpu-cpu N          host CPU for the target vCPU, -1 unpinned (1)\n"
		"  --injector-cpu N      host CPU for the injector and an SGI sender (0)\n"
		"  --vfio-device BDF     v4-direct: the PCI device whose MSI is injected\n"
		"                        (default: QEMU's edu device, the lab's)\n"
		"  --trace on|off|both   run virqtrace beside each cell (on); both: each cell\n"
		"                        twice, traced and untraced (-untraced), for tracing's cost\n"
		"  --no-trace            the same as --trace off (no exit counts)\n"
		"  --bpf-stats           record each BPF program's cost (run_cnt, run_time_ns)\n"
		"  --gap-us N            pause between interrupts (0)\n"
		"  --contend             a thread spins on the target vCPU's host CPU all cell\n"
		"                        long (-contended): an overcommitted host; with wfi,\n"
		"                        KVM traps WFI and a GICv4 vLPI takes the doorbell\n"
		"  --rounds N            measure every cell N times (-r1 .. -rN), each round\n"
		"                        over all cells, so slow drift of the host spreads over\n"
		"                        all of them; with --trace both, odd rounds run the\n"
		"                        traced cell first, even ones the untraced (1)\n"
		"  --cell-timeout-s N    wall-clock limit of one cell; a cell past it fails (0: none)\n"
		"  --after-cell CMD      run CMD (sh -c) after each cell, e.g. to save results so far\n"
		"  --fault-hang-after N  fault test: the guest stops answering after N interrupts\n"
		"                        in every cell, as a guest that hangs mid-cell\n"
		"  --tracer PATH         virqtrace binary (next to this program)\n"
		"  --agent PATH          guest agent image (guest-agent.bin next to this program)\n"
		"  -q, --quiet           only errors\n"
		"\n"
		"list: which paths this host can run, and for the others why not and the fix\n"
		"\n"
		"trace: watch any running VMM (QEMU, kvmtool, Firecracker, crosvm, virqbench)\n"
		"without a guest agent: per vCPU, injections, injection-to-entry latency and\n"
		"exits per interrupt by class (bpf/virqtrace --summary)\n",
		path_names());
}

/* Splits a comma list, checking each item against `valid` ("all" expands to it). */
static int parse_list(const char *opt, const char *arg, const char *const *valid, int nvalid,
		      const char **out, int max)
{
	char buf[512], *save, *tok;
	int n = 0;

	if (!strcmp(arg, "all")) {
		for (int i = 0; i < nvalid && n < max; i++)
			out[n++] = valid[i];
		return n;
	}
	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = -1;

		for (int i = 0; i < nvalid; i++)
			if (!strcmp(tok, valid[i]))
				found = i;
		if (found < 0) {
			char list[256] = "";

			for (int i = 0; i < nvalid; i++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 i ? ", " : "", valid[i]);
			report("%s: unknown value '%s' (expected one of: %s, or all)", opt, tok, list);
			return -1;
		}
		if (n < max)
			out[n++] = valid[found];
	}
	if (!n)
		report("%s: empty list", opt);
	return n ? n : -1;
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

static const char *const all_states[] = { "busy", "wfi" };
static const char *const all_vgics[] = { "auto", "v2", "v3", "v3-its", "none" };

static int cmd_list(int argc, char **argv)
{
	const char *vfio = NULL;
	struct host_caps caps;
	char why[512];

	if (argc == 3 && !strcmp(argv[1], "--vfio-device"))
		vfio = argv[2];
	else if (argc != 1) {
		report("list: unexpected argument '%s' (expected: [--vfio-device BDF])", argv[1]);
		return EXIT_USAGE;
	}
	if (probe_host(&caps, vfio))
		return EXIT_MEASURE;
	printf("host: GIC %s, hyp %s, GICv4 direct injection %s, %d CPUs\n", caps.hi.gic,
	       caps.hi.hyp, caps.hi.gicv4_kvm, caps.nr_cpus);
	printf("KVM offers: vGICv3 %s, vGICv2 %s, vITS %s\n", caps.vgic_v3 ? "yes" : "no",
	       caps.vgic_v2 ? "yes" : "no", caps.its ? "yes" : "no");
	for (int i = 0; path_at(i); i++) {
		const struct path *p = path_at(i);
		const char *vgics[] = { "none", "v2", "v3", "v3-its" };

		for (int g = 0; g < 4; g++) {
			int ok = probe_path(&caps, p, vgics[g], why, sizeof(why));

			/* Show every vGIC a path can use, and why the default one cannot. */
			if (!ok && strcmp(vgics[g], probe_default_vgic(&caps, p)))
				continue;
			printf("  %-10s vgic %-4s  %s%s\n", p->pi->name, vgics[g], ok ? "runs" : "cannot: ",
			       ok ? "" : why);
		}
	}
	return EXIT_OK;
}

/* Trace mode is virqtrace's; this only finds it and hands the arguments over. */
static int cmd_trace(int argc, char **argv)
{
	char tracer[PATH_MAX];
	char *args[64];
	int n = 0;

	if (argc > 60) {
		report("trace: too many arguments");
		return EXIT_USAGE;
	}
	beside_self("virqtrace", tracer, sizeof(tracer));
	args[n++] = "virqtrace";
	args[n++] = "--summary";
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	execv(tracer, args);
	report("trace: cannot run %s: %s (build it with 'make')", tracer, strerror(errno));
	return EXIT_MEASURE;
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
		{ "vfio-device", required_argument, NULL, 'D' },
		{ "no-trace", no_argument, NULL, 'N' },
		{ "trace", required_argument, NULL, 'X' },
		{ "bpf-stats", no_argument, NULL, 'S' },
		{ "gap-us", required_argument, NULL, 'G' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "contend", no_argument, NULL, 'C' },
		{ "fault-hang-after", required_argument, NULL, 'F' },
		{ "cell-timeout-s", required_argument, NULL, 'L' },
		{ "after-cell", required_argument, NULL, 'A' },
		{ "tracer", required_argument, NULL, 't' },
		{ "agent", required_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct cell_opts o = {
		.count = 1000, .irq_timeout_ms = 10000, .ready_timeout_ms = 20000,
		.vcpu_cpu = 1, .injector_cpu = 0, .trace = 1, .rounds = 1,
	};
	const char *path_arg = catalogue_by_id(VQB_PATH_DEFAULT)->name, *state_arg = "busy", *gic_arg = "auto", *out = NULL;
	const char *after_cell = NULL;
	const char *paths[16], *states[2], *vgics[5], *path_valid[16];
	char tracer[PATH_MAX], agent[PATH_MAX], start[64], why[512];
	struct sigaction sa = { .sa_handler = on_stop_signal };
	int npaths, nstates, nvgics, npath_valid = 0, c, exit_code = EXIT_OK;
	int any_failed = 0, any_no_trace = 0, interrupted = 0, measured = 0, trace_both = 0;
	struct host_caps caps;
	long v;

	beside_self("virqtrace", tracer, sizeof(tracer));
	beside_self("guest-agent.bin", agent, sizeof(agent));
	o.tracer_path = tracer;
	o.agent_path = agent;
	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'g': gic_arg = optarg; break;
		case 'p': path_arg = optarg; break;
		case 's': state_arg = optarg; break;
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
		case 'D': o.vfio_spec = optarg; break;
		case 'N': o.trace = 0; break;
		case 'X':
			if (!strcmp(optarg, "on") || !strcmp(optarg, "off")) {
				o.trace = !strcmp(optarg, "on");
			} else if (!strcmp(optarg, "both")) {
				o.trace = 1;
				trace_both = 1;
			} else {
				report("--trace: unknown value '%s' (expected on, off or both)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S': o.bpf_stats = 1; break;
		case 'A': after_cell = optarg; break;
		case 'G':
			if (parse_int("--gap-us", optarg, 0, 10000000, &v))
				return EXIT_USAGE;
			o.gap_us = v;
			break;
		case 'r':
			if (parse_int("--rounds", optarg, 1, 1000, &v))
				return EXIT_USAGE;
			o.rounds = v;
			break;
		case 'C': o.contend = 1; break;
		case 'F':
			if (parse_int("--fault-hang-after", optarg, 1, 100000000, &v))
				return EXIT_USAGE;
			o.fault_hang_after = (uint32_t)v;
			break;
		case 'L':
			if (parse_int("--cell-timeout-s", optarg, 0, 86400, &v))
				return EXIT_USAGE;
			o.cell_timeout_s = v;
			break;
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
	for (int i = 0; path_at(i); i++)
		path_valid[npath_valid++] = path_at(i)->pi->name;
	npaths = parse_list("--path", path_arg, path_valid, npath_valid, paths, 16);
	nstates = parse_list("--state", state_arg, all_states, 2, states, 2);
	nvgics = parse_list("--gic", gic_arg, all_vgics, 5, vgics, 5);
	if (npaths < 0 || nstates < 0 || nvgics < 0)
		return EXIT_USAGE;
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
	if (probe_host(&caps, o.vfio_spec))
		return EXIT_MEASURE;
	if (make_dir(out))
		return EXIT_MEASURE;
	o.host_gic = caps.hi.gic;
	o.hyp = caps.hi.hyp;
	o.run_dir = out;
	utc_now(start, sizeof(start));
	if (write_run_kv(out, cmdline, start, &caps.hi, 0, 0, 0))
		return EXIT_MEASURE;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	for (int r = 1; r <= o.rounds && !interrupted; r++) {
		for (int pi = 0; pi < npaths && !interrupted; pi++) {
			const struct path *p = path_by_name(paths[pi]);
			const char *dflt = probe_default_vgic(&caps, p), *run_vgics[8];
			int nrun = 0;

			/* "auto" plus an explicit vGIC it already runs would be one cell twice. */
			for (int gi = 0; gi < nvgics; gi++) {
				const char *add[2] = { vgics[gi] };
				int nadd = strcmp(vgics[gi], "auto") ? 1 : probe_auto_vgics(&caps, p, add);

				for (int a = 0; a < nadd; a++) {
					int dup = 0;

					for (int k = 0; k < nrun; k++)
						dup |= !strcmp(run_vgics[k], add[a]);
					if (!dup && nrun < 8)
						run_vgics[nrun++] = add[a];
				}
			}
			for (int gi = 0; gi < nrun && !interrupted; gi++) {
				const char *vgic = run_vgics[gi];

				for (int si = 0; si < nstates * (trace_both + 1) && !interrupted; si++) {
					struct cell_result res;

					/*
					 * --trace both: each state traced and untraced, back to back,
					 * the traced one first in odd rounds and last in even ones.
					 */
					o.untraced_twin = trace_both && (si + r + 1) % 2;
					if (trace_both)
						o.trace = !o.untraced_twin;
					o.round = r;
					o.path = p;
					o.vgic = vgic;
					o.vgic_is_default = !strcmp(vgic, dflt);
					o.state = states[trace_both ? si / 2 : si];
					o.skip_reason = probe_path(&caps, p, vgic, why, sizeof(why)) ? NULL : why;
					if (o.skip_reason)
						report("%s with vGIC %s (%s): skipped: %s", p->pi->name, vgic,
						       o.state, why);
					cell_run(&o, &res);
					measured += res.status != CELL_SKIPPED;
					/* A hook may save what is measured so far (the lab does). */
					if (after_cell && system(after_cell))
						report("--after-cell command failed: %s", after_cell);
					interrupted = res.status == CELL_INTERRUPTED;
					any_failed |= res.status != CELL_OK && res.status != CELL_SKIPPED;
					any_no_trace |= res.trace_failed;
				}
			}
		}
	}
	if (interrupted)
		exit_code = EXIT_INTERRUPTED;
	else if (!measured) {
		report("nothing was measured: this host can run none of the requested cells");
		exit_code = EXIT_MEASURE;
	} else if (any_failed)
		exit_code = EXIT_MEASURE;
	else if (any_no_trace)
		exit_code = EXIT_NO_TRACE;
	write_run_kv(out, cmdline, start, &caps.hi, 1, interrupted, exit_code);
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
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "trace"))
		return cmd_trace(argc - 1, argv + 1);
	report("unknown command '%s' (expected: run, list, trace, version)", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
