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

#include "args.h"
#include "cell.h"
#include "diag.h"
#include "hostinfo.h"
#include "placement.h"
#include "provenance.h"
#include "paths.h"
#include "probe.h"
#include "rawout.h"
#include "timefmt.h"
#include "virqbench/exit_codes.h"

#ifndef VQB_VERSION
#define VQB_VERSION "unknown"
#endif

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virqbench run --out DIR [options]\n"
		"       virqbench list [--vfio-device DEV] [--vfio-trigger T]\n"
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
		"  --warmup N            first interrupts of each cell, before --count's: measured,\n"
		"                        kept in the samples (flag warmup), left out of every\n"
		"                        statistic (10)\n"
		"  --delay POINT:NS      self-check: busy-wait NS ns at POINT, guest-ack (the agent,\n"
		"                        vector to IAR), host-inject (bench/, t_inject to the\n"
		"                        injection; host-injected paths), vmm-handler (bench/'s\n"
		"                        device, t_handler to t_answer; vmm-*): the analysis must\n"
		"                        find NS more in that stage alone. Recorded in cell.kv\n"
		"  --irq-timeout-ms N    how long the guest may take to answer one (10000: a\n"
		"                        busy 2-CPU lab can deschedule a vCPU thread for seconds)\n"
		"  --ready-timeout-ms N  how long the guest agent may take to start (20000)\n"
		"  --vcpu-cpu N          host CPU for the target vCPU, -1 unpinned (chosen: the\n"
		"                        first isolated CPU, isolcpus or nohz_full, else the last)\n"
		"  --sender-cpu N        host CPU for an sgi or vmm-* sender vCPU (chosen: another\n"
		"                        isolated CPU, else one that is not; never the target's)\n"
		"  --injector-cpu N      host CPU for the injector, and for the sender unless\n"
		"                        --sender-cpu says (chosen: a third CPU, else the sender's)\n"
		"  --numa LIST           same, cross or all: each cell once with the sender and the\n"
		"                        injector on the target's NUMA node (-same-node) and once\n"
		"                        on another (-cross-node); a host of one node refuses it\n"
		"  --vfio-device LIST    v4-direct: the PCI devices whose MSI is injected,\n"
		"                        comma-separated, each a kind (%s)\n"
		"                        or a PCI address; several make one cell each, named\n"
		"                        -KIND (default: the first known device present)\n"
		"  --vfio-trigger T      v4-direct: BAR:OFFSET:VALUE[:ACK_OFFSET:ACK_VALUE], the\n"
		"                        32-bit write that makes the device send its MSI (or\n"
		"                        MSI-X vector 0), for a device of no known kind\n"
		"  --trace on|off|both   run virqtrace beside each cell (on); both: each cell\n"
		"                        twice, traced and untraced (-untraced), for tracing's cost\n"
		"  --no-trace            the same as --trace off (no exit counts)\n"
		"  --bpf-stats           record each BPF program's cost (run_cnt, run_time_ns)\n"
		"  --gap-us N            pause between interrupts (0)\n"
		"  --contend             a thread spins on the target vCPU's host CPU all cell\n"
		"                        long (-contended): an overcommitted host; with wfi,\n"
		"                        KVM traps WFI and a GICv4 vLPI takes the doorbell\n"
		"  --guest-cycles on|off|both  stamp the guest's cycle counter (PMCCNTR_EL0,\n"
		"                        a vPMU) beside CNTVCT: cells named -cycles, with cycle\n"
		"                        figures for the guest-only stages; each stamp is a\n"
		"                        trapped PMU read, an exit, so the model counts them.\n"
		"                        both: each cell of round 1 also as a -cycles twin (off)\n"
		"  --rounds N            measure every cell N times (-r1 .. -rN), each round\n"
		"                        over all cells, so slow drift of the host spreads over\n"
		"                        all of them; with --trace both, odd rounds run the\n"
		"                        traced cell first, even ones the untraced (1)\n"
		"  --cell-timeout-s N    wall-clock limit of one cell; a cell past it fails (0: none)\n"
		"  --after-cell CMD      run CMD (sh -c) after each cell, e.g. to save results so far\n"
		"  --fault-hang-after N  fault test: the guest stops answering after N interrupts\n"
		"                        in every cell, as a guest that hangs mid-cell\n"
		"  --fault-guest-exception-after N\n"
		"                        fault test: the agent takes a data abort handling\n"
		"                        interrupt N+1 of every cell (its ESR/ELR/FAR go to cell.kv)\n"
		"  --fault-guest-serror-after N\n"
		"                        fault test: bench/ makes a virtual SError pending on the\n"
		"                        target vCPU once the agent has answered N interrupts of\n"
		"                        every cell (its ESR/ELR go to cell.kv)\n"
		"  --fault-kill-tracer-after N\n"
		"                        fault test: SIGKILL the tracer after N interrupts of\n"
		"                        every traced cell (the cell fails, the run goes on)\n"
		"  --tracer PATH         virqtrace binary (next to this program)\n"
		"  --agent PATH          guest agent image (guest-agent.bin next to this program)\n"
		"  -q, --quiet           only errors\n"
		"\n"
		"list: which paths this host can run, and for the others why not and the fix\n"
		"\n"
		"trace: watch any running VMM (QEMU, kvmtool, Firecracker, crosvm, virqbench)\n"
		"without a guest agent: per vCPU, injections, injection-to-entry latency and\n"
		"exits per interrupt by class (bpf/virqtrace --summary)\n"
		"\n"
		"Exit status (README.md, Exit status): 0 ok; 1 a cell failed or nothing could\n"
		"be measured; 2 usage; 3 measured, but without a trace; 130 interrupted.\n",
		path_names(), vfio_kind_names());
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

/* Where the run's threads go, for each --numa mode: placement.c's choice. */
struct run_place {
	struct topology topo;
	enum numa_mode modes[NUMA_NR];
	struct placement p[NUMA_NR];
	int n;
};

static int write_run_kv(const char *dir, const char *cmd, const char *start,
			const struct hostinfo *hi, const struct run_place *pl, const char *devices,
			int finished, int interrupted, int exit_code, const char *stopped)
{
	char path[4200], end[64];
	struct kv_out kv;
	int r;

	kvo_init(&kv);
	kvo_set(&kv, "format", "1");
	kvo_set(&kv, "tool_version", "%s", VQB_VERSION);
	kvo_set(&kv, "command", "%s", cmd);
	kvo_set(&kv, "start_utc", "%s", start);
	hostinfo_to_kv(hi, &kv);
	provenance_to_kv(&kv, "");
	placement_run_kv(&pl->topo, pl->p, pl->n, &kv);
	/* v4-direct's devices as found: kind, PCI address, vendor:device, or why none. */
	kvo_set(&kv, "v4_devices", "%s", devices);
	/* Until the run ends, run.kv says it has not: a killed run reads as interrupted. */
	if (finished) {
		utc_now(end, sizeof(end));
		kvo_set(&kv, "end_utc", "%s", end);
		kvo_set(&kv, "exit_code", "%d", exit_code);
	}
	kvo_set(&kv, "interrupted", "%d", interrupted || !finished);
	if (stopped && *stopped)
		kvo_set(&kv, "stopped", "%s", stopped);
	snprintf(path, sizeof(path), "%s/run.kv", dir);
	r = write_kv(&kv, path);
	kvo_free(&kv);
	return r;
}

static const char *const all_states[] = { "busy", "wfi" };
static const char *const all_vgics[] = { "auto", "v2", "v3", "v3-its", "none" };

/* The device table, and which of its kinds this host has free for v4-direct. */
static void list_devices(const struct vfio_recipe *trigger)
{
	const struct vfio_device_kind *k;
	char label[96], why[512];

	printf("v4-direct devices (--vfio-device KIND, or a PCI address with --vfio-trigger):\n");
	for (int i = 0; (k = vfio_kind_at(i)); i++) {
		int ok = probe_device(k->kind, trigger, label, sizeof(label), why, sizeof(why));

		printf("  %-7s %s: %s\n          %s; tested: %s\n", k->kind, k->what,
		       ok ? label : "none free here", k->recipe.how, k->tested);
	}
}

/* Where `run` would put its threads here, and why; what would make it unsteady. */
static void list_placement(void)
{
	static struct topology topo;
	const struct placement_req rq = { .target = PL_AUTO, .sender = PL_AUTO, .injector = PL_AUTO };
	struct placement p;
	char err[1024];

	if (topology_read(&topo, "", err, sizeof(err)) ||
	    placement_choose(&topo, &rq, &p, err, sizeof(err))) {
		printf("placement: %s\n", err);
		return;
	}
	printf("placement: %s\n", p.reason);
	printf("NUMA: %d node%s%s\n", topo.nnodes, topo.nnodes == 1 ? "" : "s",
	       topo.nnodes > 1 ? " (run --numa same,cross compares them)" : " (--numa needs two)");
	if (*p.warning)
		printf("placement warning: %s\n", p.warning);
}

static int cmd_list(int argc, char **argv)
{
	struct vfio_recipe trig_buf, *trigger = NULL;
	const char *vfio = NULL;
	struct host_caps caps;
	char why[512];

	for (int i = 1; i < argc; i += 2) {
		if (i + 1 < argc && !strcmp(argv[i], "--vfio-device"))
			vfio = argv[i + 1];
		else if (i + 1 < argc && !strcmp(argv[i], "--vfio-trigger")) {
			if (vfio_trigger_parse(argv[i + 1], &trig_buf, why, sizeof(why))) {
				diag_say("list: %s", why);
				return EXIT_USAGE;
			}
			trigger = &trig_buf;
		} else {
			diag_say("list: unexpected argument '%s' (expected: [--vfio-device DEV] "
				 "[--vfio-trigger T])", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (probe_host(&caps, vfio, trigger))
		return EXIT_MEASURE;
	printf("host: GIC %s, hyp %s, GICv4 direct injection %s, %d CPUs\n", caps.hi.gic,
	       caps.hi.hyp, caps.hi.gicv4_kvm, caps.nr_cpus);
	printf("KVM offers: vGICv3 %s, vGICv2 %s, vITS %s\n", caps.vgic_v3 ? "yes" : "no",
	       caps.vgic_v2 ? "yes" : "no", caps.its ? "yes" : "no");
	list_placement();
	for (int i = 0; path_at(i); i++) {
		const struct path *p = path_at(i);
		const char *vgics[] = { "none", "v2", "v3", "v3-its" };

		for (int g = 0; g < 4; g++) {
			int ok = probe_path(&caps, p, vgics[g], why, sizeof(why));

			/* Show every vGIC a path can use, and why the default one cannot. */
			if (!ok && strcmp(vgics[g], probe_default_vgic(&caps, p)))
				continue;
			printf("  %-10s vgic %-4s  %s%s%s%s\n", p->pi->name, vgics[g], ok ? "runs" : "cannot: ",
			       ok ? "" : why, ok && p->takes_device ? ", with " : "",
			       ok && p->takes_device ? caps.device_label : "");
		}
	}
	list_devices(trigger);
	return EXIT_OK;
}

/* Trace mode is virqtrace's; this only finds it and hands the arguments over. */
static int cmd_trace(int argc, char **argv)
{
	char tracer[PATH_MAX];
	char *args[64];
	int n = 0;

	if (argc > 60) {
		diag_say("trace: too many arguments");
		return EXIT_USAGE;
	}
	beside_self("virqtrace", tracer, sizeof(tracer));
	args[n++] = "virqtrace";
	args[n++] = "--summary";
	for (int i = 1; i < argc; i++)
		args[n++] = argv[i];
	args[n] = NULL;
	execv(tracer, args);
	diag_say("trace: cannot run %s: %s (build it with 'make')", tracer, strerror(errno));
	return EXIT_MEASURE;
}

/* Everything `virqbench run` was asked for, once its options are read. */
struct run_plan {
	struct cell_opts o;
	const char *out, *after_cell;
	const char *path_arg, *state_arg, *gic_arg, *numa_arg;
	const char *paths[16], *states[2], *vgics[5];
	int npaths, nstates, nvgics;
	/* --vfio-device's list; none: the first known device present */
	char devices_buf[512];
	const char *devices[8];
	char device_suffix[8][48];
	int ndevices;
	struct vfio_recipe trigger;
	int trace_both;			/* --trace both: every cell traced and untraced */
	int cycles_twin;		/* --guest-cycles both: a -cycles twin in round 1 */
	char tracer[PATH_MAX], agent[PATH_MAX];
};

/* What the cells came to; run_verdict() turns it into the exit status. */
struct run_tally {
	int measured, any_failed, any_no_trace, interrupted;
	char full[512];		/* the raw run's disk filled: why the run stopped early */
};

/* Returned by run_parse() when the run goes on. */
#define RUN_GO (-1)

static void run_defaults(struct run_plan *rp)
{
	memset(rp, 0, sizeof(*rp));
	rp->o = (struct cell_opts){
		.count = 1000, .warmup = 10, .irq_timeout_ms = 10000, .ready_timeout_ms = 20000,
		.vcpu_cpu = PL_AUTO, .sender_cpu = PL_AUTO, .injector_cpu = PL_AUTO, .trace = 1,
		.rounds = 1,
	};
	rp->path_arg = catalogue_by_id(VQB_PATH_DEFAULT)->name;
	rp->state_arg = "busy";
	rp->gic_arg = "auto";
	beside_self("virqtrace", rp->tracer, sizeof(rp->tracer));
	beside_self("guest-agent.bin", rp->agent, sizeof(rp->agent));
	rp->o.tracer_path = rp->tracer;
	rp->o.agent_image = rp->agent;
}

/* --delay POINT:NS */
static int run_delay_opt(struct cell_opts *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char point[32];
	long v;

	if (!colon || (size_t)(colon - arg) >= sizeof(point)) {
		diag_say("--delay: '%s' is not POINT:NS (e.g. guest-ack:50000)", arg);
		return -1;
	}
	snprintf(point, sizeof(point), "%.*s", (int)(colon - arg), arg);
	o->delay_point = delay_point_by_name(point);
	if (o->delay_point == DELAY_NR || o->delay_point == DELAY_NONE) {
		diag_say("--delay: unknown point '%s' (expected guest-ack, host-inject or vmm-handler)",
		       point);
		return -1;
	}
	if (parse_int("--delay's NS", colon + 1, 1, 1000000000, &v))
		return -1;
	o->delay_ns = (uint64_t)v;
	return 0;
}

static int run_trace_opt(struct run_plan *rp, const char *arg)
{
	if (!strcmp(arg, "on") || !strcmp(arg, "off")) {
		rp->o.trace = !strcmp(arg, "on");
		return 0;
	}
	if (!strcmp(arg, "both")) {
		rp->o.trace = 1;
		rp->trace_both = 1;
		return 0;
	}
	diag_say("--trace: unknown value '%s' (expected on, off or both)", arg);
	return -1;
}

/*
 * --vfio-device LIST: kinds or PCI addresses, each once. With several, each
 * device's cells carry it in their name (-e1000e), so that none collide.
 */
static int run_devices_opt(struct run_plan *rp, const char *arg)
{
	char *save, *tok;

	snprintf(rp->devices_buf, sizeof(rp->devices_buf), "%s", arg);
	rp->ndevices = 0;
	for (tok = strtok_r(rp->devices_buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!vfio_kind_by_name(tok) && !vfio_is_pci_address(tok)) {
			diag_say("--vfio-device: '%s' is neither a device kind (%s) nor a PCI address "
				 "(0000:00:02.0)", tok, vfio_kind_names());
			return -1;
		}
		for (int i = 0; i < rp->ndevices; i++)
			if (!strcmp(rp->devices[i], tok)) {
				diag_say("--vfio-device: '%s' is named twice", tok);
				return -1;
			}
		if (rp->ndevices == 8) {
			diag_say("--vfio-device: at most 8 devices");
			return -1;
		}
		rp->devices[rp->ndevices++] = tok;
	}
	if (!rp->ndevices) {
		diag_say("--vfio-device: empty list");
		return -1;
	}
	for (int i = 0; i < rp->ndevices; i++) {
		char *p = rp->device_suffix[i];

		snprintf(p, sizeof(rp->device_suffix[i]), "-%s", rp->devices[i]);
		for (; *p; p++)
			if (*p == ':')
				*p = '-';
	}
	return 0;
}

static int run_trigger_opt(struct run_plan *rp, const char *arg)
{
	char why[256];

	if (vfio_trigger_parse(arg, &rp->trigger, why, sizeof(why))) {
		diag_say("%s", why);
		return -1;
	}
	rp->o.vfio_trigger = &rp->trigger;
	return 0;
}

/* --guest-cycles on|off|both */
static int run_cycles_opt(struct run_plan *rp, const char *arg)
{
	rp->o.guest_cycles = !strcmp(arg, "on");
	rp->cycles_twin = !strcmp(arg, "both");
	if (rp->o.guest_cycles || rp->cycles_twin || !strcmp(arg, "off"))
		return 0;
	diag_say("--guest-cycles: unknown value '%s' (expected on, off or both)", arg);
	return -1;
}

/* One option of `run`: 0, or -1 after reporting a bad value. */
static int run_option(struct run_plan *rp, int c, const char *arg)
{
	struct cell_opts *o = &rp->o;
	long v = 0;
	int r = 0;

	/* A value that does not parse leaves v 0; the run stops before using it. */
	switch (c) {
	case 'o': rp->out = arg; break;
	case 'g': rp->gic_arg = arg; break;
	case 'p': rp->path_arg = arg; break;
	case 's': rp->state_arg = arg; break;
	case 'n': r = parse_int("--count", arg, 1, 100000000, &v); o->count = v; break;
	case 'W': r = parse_int("--warmup", arg, 0, 100000, &v); o->warmup = (uint32_t)v; break;
	case 'Y': r = run_delay_opt(o, arg); break;
	case 'T': r = parse_int("--irq-timeout-ms", arg, 1, 3600000, &v); o->irq_timeout_ms = v; break;
	case 'R': r = parse_int("--ready-timeout-ms", arg, 1, 3600000, &v); o->ready_timeout_ms = v; break;
	case 'V': r = parse_int("--vcpu-cpu", arg, -1, 4095, &v); o->vcpu_cpu = v; break;
	case 'I': r = parse_int("--injector-cpu", arg, -1, 4095, &v); o->injector_cpu = v; break;
	case 'U': r = parse_int("--sender-cpu", arg, -1, 4095, &v); o->sender_cpu = v; break;
	case 'M': rp->numa_arg = arg; break;
	case 'G': r = parse_int("--gap-us", arg, 0, 10000000, &v); o->gap_us = v; break;
	case 'r': r = parse_int("--rounds", arg, 1, 1000, &v); o->rounds = v; break;
	case 'F': r = parse_int("--fault-hang-after", arg, 1, 100000000, &v); o->fault_hang_after = v; break;
	case 'E': r = parse_int("--fault-guest-exception-after", arg, 1, 100000000, &v); o->fault_except_after = v; break;
	case 'B': r = parse_int("--fault-guest-serror-after", arg, 1, 100000000, &v); o->fault_serror_after = v; break;
	case 'K': r = parse_int("--fault-kill-tracer-after", arg, 1, 100000000, &v); o->fault_kill_tracer_after = v; break;
	case 'L': r = parse_int("--cell-timeout-s", arg, 0, 86400, &v); o->cell_timeout_s = v; break;
	case 'X': r = run_trace_opt(rp, arg); break;
	case 'D': r = run_devices_opt(rp, arg); break;
	case 'Z': r = run_trigger_opt(rp, arg); break;
	case 'N': o->trace = 0; break;
	case 'S': o->bpf_stats = 1; break;
	case 'A': rp->after_cell = arg; break;
	case 'C': o->contend = 1; break;
	case 'P': r = run_cycles_opt(rp, arg); break;
	case 't': o->tracer_path = arg; break;
	case 'a': o->agent_image = arg; break;
	case 'q': diag_quiet = 1; break;
	default: usage(stderr); return -1;
	}
	return r;
}

/* Reads run's options into rp: RUN_GO, or the status to exit with. */
static int run_parse(struct run_plan *rp, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "gic", required_argument, NULL, 'g' },
		{ "path", required_argument, NULL, 'p' },
		{ "state", required_argument, NULL, 's' },
		{ "count", required_argument, NULL, 'n' },
		{ "warmup", required_argument, NULL, 'W' },
		{ "delay", required_argument, NULL, 'Y' },
		{ "irq-timeout-ms", required_argument, NULL, 'T' },
		{ "ready-timeout-ms", required_argument, NULL, 'R' },
		{ "vcpu-cpu", required_argument, NULL, 'V' },
		{ "injector-cpu", required_argument, NULL, 'I' },
		{ "sender-cpu", required_argument, NULL, 'U' },
		{ "numa", required_argument, NULL, 'M' },
		{ "vfio-device", required_argument, NULL, 'D' },
		{ "vfio-trigger", required_argument, NULL, 'Z' },
		{ "no-trace", no_argument, NULL, 'N' },
		{ "trace", required_argument, NULL, 'X' },
		{ "bpf-stats", no_argument, NULL, 'S' },
		{ "gap-us", required_argument, NULL, 'G' },
		{ "rounds", required_argument, NULL, 'r' },
		{ "contend", no_argument, NULL, 'C' },
		{ "guest-cycles", required_argument, NULL, 'P' },
		{ "fault-hang-after", required_argument, NULL, 'F' },
		{ "fault-guest-exception-after", required_argument, NULL, 'E' },
		{ "fault-guest-serror-after", required_argument, NULL, 'B' },
		{ "fault-kill-tracer-after", required_argument, NULL, 'K' },
		{ "cell-timeout-s", required_argument, NULL, 'L' },
		{ "after-cell", required_argument, NULL, 'A' },
		{ "tracer", required_argument, NULL, 't' },
		{ "agent", required_argument, NULL, 'a' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return EXIT_OK;
		}
		if (run_option(rp, c, optarg))
			return EXIT_USAGE;
	}
	if (optind < argc) {
		diag_say("run: unexpected argument '%s' (options only; see 'virqbench run --help')",
		       argv[optind]);
		return EXIT_USAGE;
	}
	if (!rp->out) {
		diag_say("run: --out DIR is required (where the raw run is written)");
		return EXIT_USAGE;
	}
	return RUN_GO;
}

/* The lists named, and the programs a run needs, before anything is measured. */
static int run_check(struct run_plan *rp)
{
	const char *path_valid[16];
	int npath_valid = 0;

	for (int i = 0; path_at(i) && npath_valid < 16; i++)
		path_valid[npath_valid++] = path_at(i)->pi->name;
	rp->npaths = parse_list("--path", rp->path_arg, path_valid, npath_valid, rp->paths, 16);
	rp->nstates = parse_list("--state", rp->state_arg, all_states, 2, rp->states, 2);
	rp->nvgics = parse_list("--gic", rp->gic_arg, all_vgics, 5, rp->vgics, 5);
	if (rp->npaths < 0 || rp->nstates < 0 || rp->nvgics < 0)
		return -1;
	if (access(rp->o.agent_image, R_OK)) {
		diag_say("run: guest agent %s: %s (build it with 'make', or pass --agent)",
		       rp->o.agent_image, strerror(errno));
		return -1;
	}
	if (rp->o.trace && access(rp->o.tracer_path, X_OK)) {
		diag_say("run: tracer %s: %s (build it with 'make', pass --tracer, or --no-trace)",
		       rp->o.tracer_path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Where the threads go (placement.c), for each --numa mode: said once for
 * the run, its warnings too. 0, or -1 after the message (a CPU named that
 * is not there, --numa on a host of one node).
 */
static int run_place(struct run_plan *rp, struct run_place *pl)
{
	static const char *const numa_valid[] = { "same", "cross" };
	const struct cell_opts *o = &rp->o;
	struct placement_req rq = { .target = o->vcpu_cpu, .sender = o->sender_cpu,
				    .injector = o->injector_cpu };
	char err[1024], warn[2048];

	if (topology_read(&pl->topo, "", err, sizeof(err))) {
		diag_say("%s", err);
		return -1;
	}
	pl->n = 1;
	pl->modes[0] = NUMA_ANY;
	if (rp->numa_arg) {
		const char *names[NUMA_NR];
		int n = parse_list("--numa", rp->numa_arg, numa_valid, 2, names, NUMA_NR);

		if (n < 0)
			return -1;
		for (int i = 0; i < n; i++)
			pl->modes[i] = numa_mode_by_name(names[i]);
		pl->n = n;
	}
	if (placement_choose_all(&pl->topo, &rq, pl->modes, pl->n, pl->p, err, sizeof(err))) {
		diag_say("%s", err);
		return -1;
	}
	for (int i = 0; i < pl->n; i++)
		diag_info("placement%s%s: %s", pl->n > 1 ? " " : "",
			  pl->n > 1 ? numa_mode_name(pl->modes[i]) : "", pl->p[i].reason);
	placement_warnings(pl->p, pl->n, warn, sizeof(warn));
	if (*warn)
		diag_say("placement: warning: %s", warn);
	return 0;
}

/*
 * The vGICs one path runs with: "auto" is what the host offers it (v3 and
 * v3-its both for a path that takes an SPI or an LPI), and a vGIC named
 * twice, or by "auto" and by name, runs once.
 */
static int path_vgics(const struct run_plan *rp, const struct host_caps *caps,
		      const struct path *p, const char **out, int max)
{
	int n = 0;

	for (int gi = 0; gi < rp->nvgics; gi++) {
		const char *add[2] = { rp->vgics[gi] };
		int nadd = strcmp(rp->vgics[gi], "auto") ? 1 : probe_auto_vgics(caps, p, add);

		for (int a = 0; a < nadd; a++) {
			int dup = 0;

			for (int k = 0; k < n; k++)
				dup |= !strcmp(out[k], add[a]);
			if (!dup && n < max)
				out[n++] = add[a];
		}
	}
	return n;
}

/* The si-th cell of one path, vGIC and round: its state, traced or not. */
static void run_one_cell(struct run_plan *rp, const struct host_caps *caps,
			 const struct run_place *pl, int ni, const struct path *p, const char *vgic,
			 int si, int r, int dev, struct run_tally *t)
{
	char label[96];
	const char *dflt = probe_default_vgic(caps, p);
	struct cell_opts *o = &rp->o;
	struct cell_result res;
	char why[512];

	/*
	 * --trace both: each state traced and untraced, back to back, the
	 * traced one first in odd rounds and last in even ones.
	 */
	o->untraced_twin = rp->trace_both && (si + r + 1) % 2;
	if (rp->trace_both)
		o->trace = !o->untraced_twin;
	o->round = r;
	o->topo = &pl->topo;
	/* The cell's name says its NUMA placement only when the run asks for one. */
	o->place = &pl->p[ni];
	o->vcpu_cpu = o->place->target;
	o->sender_cpu = o->place->sender;
	o->injector_cpu = o->place->injector;
	o->path = p;
	o->vgic = vgic;
	o->vgic_is_default = !strcmp(vgic, dflt);
	o->state = rp->states[rp->trace_both ? si / 2 : si];
	o->vfio_spec = rp->ndevices ? rp->devices[dev] : NULL;
	o->device_suffix = rp->ndevices > 1 && p->takes_device ? rp->device_suffix[dev] : "";
	if (p->takes_device) {
		/* Each device of the list on its own: probe_host() saw the first alone. */
		static struct host_caps c;

		c = *caps;
		c.device = probe_device(o->vfio_spec, o->vfio_trigger, label, sizeof(label), c.device_why,
					sizeof(c.device_why));
		o->skip_reason = probe_path(&c, p, vgic, why, sizeof(why)) ? NULL : why;
	} else {
		o->skip_reason = probe_path(caps, p, vgic, why, sizeof(why)) ? NULL : why;
	}
	if (o->skip_reason)
		diag_say("%s with vGIC %s (%s): skipped: %s", p->pi->name, vgic, o->state, o->skip_reason);
	cell_run(o, &res);
	/* --guest-cycles both: the twin right after, on the same host state. */
	if (rp->cycles_twin && r == 1 && !o->untraced_twin && res.status != CELL_INTERRUPTED) {
		struct cell_result twin;

		space_reserve_take(rp->out);	/* if it fails, the check after the hook stops the run */
		o->guest_cycles = 1;
		cell_run(o, &twin);
		o->guest_cycles = 0;
		t->measured += twin.status != CELL_SKIPPED;
		t->any_failed |= twin.status != CELL_OK && twin.status != CELL_SKIPPED;
		t->any_no_trace |= twin.trace_failed;
		if (twin.status == CELL_INTERRUPTED)
			res.status = CELL_INTERRUPTED;
	}
	t->measured += res.status != CELL_SKIPPED;
	/* A hook may save what is measured so far (the lab does). */
	if (rp->after_cell && system(rp->after_cell))
		diag_say("--after-cell command failed: %s", rp->after_cell);
	t->interrupted = res.status == CELL_INTERRUPTED;
	/*
	 * The cell gave its space reserve back for its own record; without
	 * room for another, the next cell could not record how it ended.
	 */
	if (!t->interrupted && space_reserve_take(rp->out)) {
		snprintf(t->full, sizeof(t->full),
			 "the file system of %s has less than %d KiB free after cell %s: the run stops, the cells after it are not run",
			 rp->out, SPACE_RESERVE_BYTES / 1024, res.name);
		diag_say("%s", t->full);
	}
	t->any_failed |= res.status != CELL_OK && res.status != CELL_SKIPPED;
	t->any_no_trace |= res.trace_failed;
}

/* Rounds outermost, so that slow drift of the host spreads over every cell. */
static void run_cells(struct run_plan *rp, const struct host_caps *caps,
		      const struct run_place *pl, struct run_tally *t)
{
	int per_vgic = rp->nstates * (rp->trace_both + 1);

	for (int r = 1; r <= rp->o.rounds && !t->interrupted && !*t->full; r++) {
		for (int pi = 0; pi < rp->npaths && !t->interrupted && !*t->full; pi++) {
			const struct path *p = path_by_name(rp->paths[pi]);
			const char *vgics[8];
			int nv = path_vgics(rp, caps, p, vgics, 8);
			int ndev = p->takes_device && rp->ndevices > 1 ? rp->ndevices : 1;

			for (int d = 0; d < ndev && !t->interrupted && !*t->full; d++)
				for (int gi = 0; gi < nv && !t->interrupted && !*t->full; gi++)
					for (int ni = 0; ni < pl->n && !t->interrupted && !*t->full; ni++)
						for (int si = 0; si < per_vgic && !t->interrupted && !*t->full;
						     si++)
							run_one_cell(rp, caps, pl, ni, p, vgics[gi], si, r,
								     d, t);
		}
	}
}

static int run_verdict(const struct run_tally *t)
{
	if (t->interrupted)
		return EXIT_INTERRUPTED;
	if (*t->full)
		return EXIT_MEASURE;	/* cells asked for were not run */
	if (!t->measured) {
		diag_say("nothing was measured: this host can run none of the requested cells");
		return EXIT_MEASURE;
	}
	if (t->any_failed)
		return EXIT_MEASURE;
	return t->any_no_trace ? EXIT_NO_TRACE : EXIT_OK;
}

/* "e1000e 0000:00:03.0 8086:10d3; igb ...": each device named, or the one picked. */
static void run_devices_label(const struct run_plan *rp, const struct host_caps *caps,
			      char *buf, size_t size)
{
	char label[96], why[512];
	size_t n = 0;

	buf[0] = '\0';
	if (!rp->ndevices) {
		snprintf(buf, size, "%s", caps->device ? caps->device_label : "none");
		return;
	}
	for (int i = 0; i < rp->ndevices && n < size; i++) {
		int ok = probe_device(rp->devices[i], rp->o.vfio_trigger, label, sizeof(label), why,
				      sizeof(why));

		n += snprintf(buf + n, size - n, "%s%s", i ? "; " : "", ok ? label : rp->devices[i]);
		if (!ok && n < size)
			n += snprintf(buf + n, size - n, " (none)");
	}
}

/* parse -> check -> probe the host -> run.kv "unfinished" -> cells -> run.kv final. */
static int cmd_run(int argc, char **argv, const char *cmdline)
{
	struct sigaction sa = { .sa_handler = on_stop_signal };
	static struct run_place place;	/* large (the topology): not on the stack */
	struct run_tally tally = { 0 };
	struct host_caps caps;
	struct run_plan rp;
	char start[64], devices[1024];
	int rc;

	run_defaults(&rp);
	rc = run_parse(&rp, argc, argv);
	if (rc != RUN_GO)
		return rc;
	if (run_check(&rp) || run_place(&rp, &place))
		return EXIT_USAGE;
	if (probe_host(&caps, rp.ndevices ? rp.devices[0] : NULL, rp.o.vfio_trigger) ||
	    make_dir(rp.out))
		return EXIT_MEASURE;
	rp.o.host_gic = caps.hi.gic;
	rp.o.hyp = caps.hi.hyp;
	rp.o.run_dir = rp.out;
	utc_now(start, sizeof(start));
	run_devices_label(&rp, &caps, devices, sizeof(devices));
	if (write_run_kv(rp.out, cmdline, start, &caps.hi, &place, devices, 0, 0, 0, NULL))
		return EXIT_MEASURE;
	rc = space_reserve_take(rp.out);
	if (rc) {
		errno = -rc;
		diag_say_errno("%s: cannot hold back %d KiB for the cells' records (a disk that fills mid-cell still takes them)",
			       rp.out, SPACE_RESERVE_BYTES / 1024);
		return EXIT_MEASURE;
	}

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	run_cells(&rp, &caps, &place, &tally);
	rc = run_verdict(&tally);
	space_reserve_give_back();
	write_run_kv(rp.out, cmdline, start, &caps.hi, &place, devices, 1, tally.interrupted, rc,
		     tally.full);
	if (rc == EXIT_NO_TRACE)
		diag_say("the run completed WITHOUT a trace: exits per interrupt are not known");
	diag_info("raw run written to %s", rp.out);
	return rc;
}

int main(int argc, char **argv)
{
	char cmdline[8192];

	diag_set_prog("virqbench");
	command_line(argc, argv, cmdline, sizeof(cmdline));
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("virqbench %s\n", VQB_VERSION);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1, cmdline);
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "trace"))
		return cmd_trace(argc - 1, argv + 1);
	diag_say("unknown command '%s' (expected: run, list, trace, version)", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
