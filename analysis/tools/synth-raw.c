// SPDX-License-Identifier: GPL-2.0
/*
 * synth-raw: writes a synthetic raw run (doc/raw-format.md) with one cell
 * of N interrupts, a full trace and plausible latencies, so that
 * virqbench-analyze can be timed without an ARM host. Not a simulator:
 * the numbers only need the shape of real ones (a body and a tail).
 *
 *   synth-raw [-n N] [-c CELL] [-m MUL] DIR
 *
 * -c names the cell (<gic>-<hyp>-<path>-<state>, default v3-vhe-lr-line-busy);
 * run it again with another -c to add cells. -m scales the latencies.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "fsutil.h"
#include "kvout.h"
#include "util.h"

#define CNTFRQ 62500000ull		/* QEMU virt's 62.5 MHz: 16 ns a tick */
#define CNTVOFF 5000000ll
#define T0_CNT 1000000000ll		/* host counter at the first injection */
#define T0_NS 16000000000ll		/* CLOCK_MONOTONIC at T0_CNT */
#define SPACING 10000			/* ticks between injections */
#define TID 4242

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* Host ticks -> monotonic ns at exactly 16 ns a tick. */
static long long ns_of(long long cnt)
{
	return T0_NS + (cnt - T0_CNT) * 16;
}

static FILE *create(const char *dir, const char *name)
{
	char p[4096];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	f = fopen(p, "w");
	if (!f) {
		fprintf(stderr, "synth-raw: %s: %s\n", p, strerror(errno));
		exit(1);
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static void mkdirs(const char *dir)
{
	const char *failed;
	int r = mkdir_p(dir, &failed);

	if (r) {
		fprintf(stderr, "synth-raw: %s: %s\n", failed, strerror(-r));
		exit(1);
	}
}

/* What every synthetic run and cell says the same. */
static const char *const run_kv[][2] = {
	{ "format", "1" }, { "tool_version", "synth-raw" },
	{ "start_utc", "2024-01-01T00:00:00Z" }, { "end_utc", "2024-01-01T00:00:16Z" },
	{ "hostname", "synthetic" }, { "uname_release", "6.1.0-synthetic" },
	{ "uname_version", "#1 SMP" }, { "uname_machine", "aarch64" },
	{ "kernel_cmdline", "console=ttyAMA0 kvm-arm.mode=vhe" }, { "host_gic", "v3" },
	{ "hyp_mode", "vhe" }, { "halt_poll_ns", "0" }, { "interrupted", "0" }, { "exit_code", "0" },
};
static const char *const cell_kv[][2] = {
	{ "intid", "33" }, { "target_vcpu", "0" }, { "nr_vcpus", "1" }, { "vcpu0_cpu", "1" },
	{ "injector_tid", "4243" }, { "injector_cpu", "0" }, { "cntvoff_err", "2" },
	{ "cntvoff_ok", "1" }, { "calib_start_err_ns", "8" }, { "calib_end_err_ns", "8" },
	{ "trace", "on" }, { "status", "ok" }, { "timeout_ms", "100" }, { "spurious", "0" },
};

static void set_all(struct kv_out *o, const char *const kv[][2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		kvo_set(o, kv[i][0], "%s", kv[i][1]);
}

/* Through lib/kvout, as bench/ writes them: the same refusals, the same format. */
static void write_kv(struct kv_out *o, const char *dir, const char *name)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	if (kvo_write(o, p)) {
		fprintf(stderr, "synth-raw: %s\n", diag_last());
		exit(1);
	}
	kvo_free(o);
}

int main(int argc, char *argv[])
{
	const char *cell = "v3-vhe-lr-line-busy";
	unsigned long long n = 1000000, i, mul = 1;
	char cdir[4096], gic[64], hyp[64], path[128], state[64];
	const char *a, *b, *z;
	struct kv_out kv;
	FILE *h, *g, *t;
	long long end;
	int c;

	while ((c = getopt(argc, argv, "n:c:m:")) != -1) {
		if (c == 'n')
			n = strtoull(optarg, NULL, 10);
		else if (c == 'c')
			cell = optarg;
		else if (c == 'm')
			mul = strtoull(optarg, NULL, 10);
		else
			goto usage;
	}
	if (argc - optind != 1 || !n || !mul)
		goto usage;
	/* <gic>-<hyp>-<path>-<state>: the path may hold '-' itself. */
	a = strchr(cell, '-');
	b = a ? strchr(a + 1, '-') : NULL;
	z = strrchr(cell, '-');
	if (!b || z <= b || strlen(cell) >= 60)
		goto usage;
	snprintf(gic, sizeof(gic), "%.*s", (int)(a - cell), cell);
	snprintf(hyp, sizeof(hyp), "%.*s", (int)(b - a - 1), a + 1);
	snprintf(path, sizeof(path), "%.*s", (int)(z - b - 1), b + 1);
	snprintf(state, sizeof(state), "%s", z + 1);
	mkdirs(argv[optind]);
	snprintf(cdir, sizeof(cdir), "%s/cells/%s", argv[optind], cell);
	mkdirs(cdir);

	end = T0_CNT + (long long)n * SPACING;
	kvo_init(&kv);
	set_all(&kv, run_kv, ARRAY_SIZE(run_kv));
	kvo_set(&kv, "command", "synth-raw -n %llu", n);
	kvo_set_u64(&kv, "cntfrq", CNTFRQ);
	write_kv(&kv, argv[optind], "run.kv");

	set_all(&kv, cell_kv, ARRAY_SIZE(cell_kv));
	kvo_set(&kv, "gic", "%s", gic);
	kvo_set(&kv, "hyp", "%s", hyp);
	kvo_set(&kv, "path", "%s", path);
	kvo_set(&kv, "state", "%s", state);
	kvo_set_u64(&kv, "count_requested", n);
	kvo_set_u64(&kv, "count_injected", n);
	kvo_set(&kv, "vcpu0_tid", "%d", TID);
	kvo_set_u64(&kv, "cntfrq", CNTFRQ);
	kvo_set_i64(&kv, "cntvoff", CNTVOFF);
	kvo_set_i64(&kv, "calib_start_ns", ns_of(T0_CNT - 100));
	kvo_set_i64(&kv, "calib_start_cnt", T0_CNT - 100);
	kvo_set_i64(&kv, "calib_end_ns", ns_of(end));
	kvo_set_i64(&kv, "calib_end_cnt", end);
	write_kv(&kv, cdir, "cell.kv");

	h = create(cdir, "host.tsv");
	g = create(cdir, "guest.tsv");
	t = create(cdir, "trace.tsv");
	fputs("# seq\tt_inject\tt_seen\tstatus\n", h);
	fputs("# seq\tvcpu\tintid\tt_vector\tt_ack\tt_eoi\n", g);
	fputs("# ts_ns\ttid\tcpu\tevent\ta0\ta1\ta2\ta3\n", t);
	for (i = 0; i < n; i++) {
		long long inj = T0_CNT + (long long)i * SPACING;
		/* A body of 3-9 us and, one in a hundred, a tail to ~50 us. */
		long long lat = (190 + next() % 380 + (next() % 100 == 0 ? next() % 3000 : 0)) * (long long)mul;
		long long vec = inj + lat, ack = vec + 2 + next() % 4, eoi = ack + 1 + next() % 3;

		if (lat > SPACING - 20)
			lat = SPACING - 20, vec = inj + lat, ack = vec + 2, eoi = ack + 1;
		fprintf(h, "%llu\t%lld\t%lld\tok\n", i, inj, eoi + 30);
		fprintf(g, "%llu\t0\t33\t%lld\t%lld\t%lld\n", i, vec - CNTVOFF,
			ack - CNTVOFF, eoi - CNTVOFF);
		fprintf(t, "%lld\t4243\t0\tirq_line\t1\t0\t33\t1\n", ns_of(inj + 3));
		fprintf(t, "%lld\t4243\t0\tvgic_pending\t0\t33\t1\t0\n", ns_of(inj + 5));
		fprintf(t, "%lld\t%d\t1\texit\t1\t0\t0x40001234\t0\n", ns_of(inj + 8), TID);
		fprintf(t, "%lld\t%d\t1\tentry\t0x40001234\t0\t0\t0\n", ns_of(inj + 12), TID);
	}
	fprintf(t, "# lost=0\n# events=%llu\n", 4 * n);
	if (fclose(h) || fclose(g) || fclose(t)) {
		perror("synth-raw: write");
		return 1;
	}
	printf("synth-raw: %llu interrupts, %llu trace events in %s\n", n, 4 * n,
	       argv[optind]);
	return 0;
usage:
	fputs("usage: synth-raw [-n N] [-c GIC-HYP-PATH-STATE] [-m MUL] DIR\n", stderr);
	return 2;
}
