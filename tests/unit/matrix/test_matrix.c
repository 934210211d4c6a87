// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the matrix runner: its spec parser, its progress line
 * parser, and (test_files.c, test_runner.c) its file work, children and
 * the runner itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "argv.h"
#include "boot.h"
#include "check.h"
#include "path_catalogue.h"
#include "plan.h"
#include "progress.h"
#include "sched.h"
#include "spec.h"
#include "tests.h"

static void test_good(const char *dir)
{
	char path[512], err[512] = "";
	struct spec s;

	snprintf(path, sizeof(path), "%s/good.spec", dir);
	CHECKF(spec_load(path, &s, err, sizeof(err)) == 0, "good.spec: %s", err);
	CHECKF(s.ngics == 3 && !strcmp(s.gics[2], "4"), "gic list");
	CHECKF(s.nhyps == 2 && !strcmp(s.hyps[1], "nvhe"), "hyp list");
	CHECKF(s.npaths == (int)catalogue_size() && !strcmp(s.paths[0], "soft-vi") &&
	       !strcmp(s.paths[6], "vtimer"),
	       "path all expands to the catalogue's paths in order");
	CHECKF(s.nstates == 2, "states");
	CHECKF(s.count == 500 && s.gap_us == 10 && s.vcpu_cpu == 3 && s.injector_cpu == 2,
	       "numbers");
	CHECKF(s.cell_timeout_s == 60 && s.boot_timeout_s == 600 && s.bpf_stats, "limits");
	CHECKF(!strcmp(s.trace, "both") && s.rounds == 3 && s.contend &&
	       !strcmp(s.guest_cycles, "both") &&
	       spec_cells_per_boot(&s) == (int)catalogue_size() * 2 * (2 * 3 + 1),
	       "trace both doubles the cells, rounds multiply them, guest_cycles both adds a -cycles twin");

	snprintf(path, sizeof(path), "%s/minimal.spec", dir);
	CHECKF(spec_load(path, &s, err, sizeof(err)) == 0, "minimal.spec: %s", err);
	CHECKF(s.npaths == 2 && s.count == 1000 && !strcmp(s.trace, "on") && s.nhyps == 1 &&
	       !strcmp(s.hyps[0], "vhe"), "defaults fill what a spec leaves out");
	CHECKF(spec_cells_per_boot(&s) == 2 && s.rounds == 1 && !strcmp(s.guest_cycles, "off"),
	       "2 paths x 1 state, 1 round, no cycle twins");

	CHECKF(spec_load("/nonexistent/x.spec", &s, err, sizeof(err)) == -1 &&
	       strstr(err, "/nonexistent/x.spec: cannot open: No such file"), "missing file: %s", err);
}

/* Kernels, QEMUs and pKVM multiply the boots, never the cells of a boot. */
static void test_kernels(const char *dir)
{
	char path[512], err[512] = "";
	struct spec s;

	snprintf(path, sizeof(path), "%s/kernels.spec", dir);
	CHECKF(spec_load(path, &s, err, sizeof(err)) == 0, "kernels.spec: %s", err);
	CHECKF(s.nhyps == 3 && !strcmp(s.hyps[2], "protected"), "hyp all has protected");
	CHECKF(s.nkernels == 2 && !strcmp(s.kernels[0], "6.1") && !strcmp(s.kernels[1], "6.12-rt"),
	       "kernel list");
	CHECKF(s.nqemus == 2 && !strcmp(s.qemus[0], "7.2") && !strcmp(s.qemus[1], "10.0"),
	       "qemu all");
	CHECKF(spec_boots(&s) == 2 * 3 * 2 * 2 && spec_cells_per_boot(&s) == 1, "boots");
	{
		struct matrix m = { .build = "b", .id = "id" };
		struct boot b;

		m.spec = s;
		boot_plan(&b, &m, 0);
		CHECKF(!strcmp(b.tag, "v2-vhe-k6.1-qemu7.2") && !strcmp(b.suffix, "-k6.1-qemu7.2"),
		       "first boot: %s", b.tag);
		boot_plan(&b, &m, spec_boots(&s) - 1);
		CHECKF(!strcmp(b.gic, "4") && !strcmp(b.hyp, "protected") &&
		       !strcmp(b.kernel, "6.12-rt") && !strcmp(b.qemu, "10.0") &&
		       !strcmp(b.tag, "v4-protected-k6.12-rt-qemu10.0"), "last boot: %s", b.tag);
		boot_plan(&b, &m, 1);
		CHECKF(!strcmp(b.kernel, "6.1") && !strcmp(b.qemu, "10.0"), "QEMU varies fastest");
	}
	spec_defaults(&s);
	CHECKF(s.nkernels == 1 && !strcmp(s.kernels[0], "6.1") && s.nqemus == 1 &&
	       !strcmp(s.qemus[0], "7.2") && spec_boots(&s) == 1, "defaults: 6.1 on QEMU 7.2");
}

static void test_bad(const char *dir)
{
	char path[512], line[1024];
	FILE *cases;
	int n = 0;

	snprintf(path, sizeof(path), "%s/bad.cases", dir);
	cases = fopen(path, "r");
	CHECKF(cases != NULL, "%s", path);
	if (!cases)
		return;
	while (fgets(line, sizeof(line), cases)) {
		char *bar = strchr(line, '|'), text[512], err[512] = "";
		size_t k = 0;
		struct spec s;
		FILE *f;

		if (line[0] == '#' || !bar)
			continue;
		*bar = '\0';
		bar[1 + strcspn(bar + 1, "\n")] = '\0';
		for (char *p = line; *p && k < sizeof(text) - 2; p++) {
			if (p[0] == '\\' && p[1] == 'n') {
				text[k++] = '\n';
				p++;
			} else {
				text[k++] = *p;
			}
		}
		text[k++] = '\n';
		text[k] = '\0';
		f = fmemopen(text, k, "r");
		spec_defaults(&s);
		CHECKF(spec_parse(f, "bad.spec", &s, err, sizeof(err)) == -1, "accepted: %s", line);
		CHECKF(strstr(err, bar + 1) != NULL, "for '%s': got '%s', expected '%s'", line, err,
		       bar + 1);
		fclose(f);
		n++;
	}
	fclose(cases);
	CHECKF(n >= 10, "bad cases read: %d", n);
}

/* Issue 13: a NUL, a directory, an empty file, a FIFO: each its own message. */
static void test_bad_files(void)
{
	char err[512] = "", *dir = t_dir("spec-files"), p[512];
	static const char nul[] = "gic 3\npath lr\0line\n";
	struct spec s;
	FILE *f;

	f = fmemopen((void *)nul, sizeof(nul) - 1, "r");
	CHECK(spec_parse(f, "nul.spec", &s, err, sizeof(err)) == -1);
	CHECK_STR(err, "nul.spec:2: NUL byte in line (expected text)");
	fclose(f);
	f = fmemopen((void *)"# nothing\n\n", strlen("# nothing\n\n"), "r");
	CHECK(spec_parse(f, "empty.spec", &s, err, sizeof(err)) == -1);
	CHECK_HAS(err, "empty.spec:2: no settings (expected at least one 'key value' line");
	fclose(f);
	CHECK(spec_load(dir, &s, err, sizeof(err)) == -1);
	CHECK_HAS(err, "spec-files: a directory, not a regular file (expected a file)");
	snprintf(p, sizeof(p), "%s/fifo.spec", dir);
	CHECK(mkfifo(p, 0666) == 0);
	CHECK(spec_load(p, &s, err, sizeof(err)) == -1);
	CHECK_HAS(err, "fifo.spec: a FIFO, not a regular file");
	f = fmemopen((void *)"gic 3\r\npath lr-line\r\n", strlen("gic 3\r\npath lr-line\r\n"), "r");
	CHECKF(spec_parse(f, "crlf.spec", &s, err, sizeof(err)) == 0, "CRLF spec: %s", err);
	fclose(f);
	free(dir);
}

static void test_progress(void)
{
	struct progress p;

	progress_init(&p, 3, 0);
	CHECKF(progress_line(&p, "cell v3-vhe-lr-line-busy: 200 interrupts") == 1, "start line");
	CHECKF(p.ncells == 1 && p.done == 0, "started, not done");
	CHECKF(progress_line(&p, "cell v3-vhe-lr-line-busy: ok, 200 injected, 200 received") == 1,
	       "end line");
	CHECKF(p.done == 1 && !strcmp(p.cells[0].status, "ok") && p.cells[0].end > 0, "done ok");
	CHECKF(progress_line(&p, "cell v3-vhe-v4-direct-busy: skipped: needs a GICv4 host") == 1 &&
	       p.done == 2 && !strcmp(p.cells[1].status, "skipped"), "skipped without a start line");
	CHECKF(progress_line(&p, "cell v3-vhe-sgi-busy: 200 interrupts") == 1 &&
	       progress_line(&p, "cell v3-vhe-sgi-busy: timeout, 7 injected, 6 received, no trace") == 1 &&
	       !strcmp(p.cells[2].status, "timeout"), "timeout");
	CHECKF(progress_line(&p, "agent[vcpu0]: virqbench-agent: ready") == 0, "other lines ignored");
	CHECKF(progress_line(&p, "virqbench: cell v3: something") == 0, "not at line start");
	CHECKF(progress_line(&p, "cell v3-vhe-sgi-busy: ok, again") == 1 && p.done == 3,
	       "a second end line does not count twice");
	/* A second kernel's boot: the same names from bench/, cells of their own. */
	progress_init(&p, 4, 0);
	snprintf(p.suffix, sizeof(p.suffix), "-k6.1");
	progress_line(&p, "cell v3-vhe-lr-line-busy: 30 interrupts");
	progress_line(&p, "cell v3-vhe-lr-line-busy: ok, 30 injected, 30 received");
	snprintf(p.suffix, sizeof(p.suffix), "-k6.12");
	progress_line(&p, "cell v3-vhe-lr-line-busy: 30 interrupts");
	progress_line(&p, "cell v3-vhe-lr-line-busy-untraced: skipped: x");
	CHECKF(p.ncells == 3 && p.done == 2 && !strcmp(p.cells[0].name, "v3-vhe-lr-line-busy-k6.1") &&
	       !strcmp(p.cells[1].name, "v3-vhe-lr-line-busy-k6.12") && p.cells[1].end == 0 &&
	       !strcmp(p.cells[2].name, "v3-vhe-lr-line-busy-k6.12-untraced"),
	       "suffixed as merge names them (%d cells, %s)", p.ncells, p.cells[1].name);
}

/* -j: boots start in plan order, at most N at once, and merge in plan order. */
static void test_sched(void)
{
	struct sched s;

	CHECK(!sched_init(&s, 4, 2));
	CHECK_INT(sched_next_start(&s), 0);
	CHECK_INT(sched_next_start(&s), 1);
	CHECK_INT(sched_next_start(&s), -1);	/* two at once */
	CHECK_INT(sched_next_merge(&s), -1);
	sched_ended(&s, 1);			/* the second ends first ... */
	CHECK_INT(sched_next_merge(&s), -1);	/* ... and waits for the first */
	CHECK_INT(sched_next_start(&s), 2);
	sched_ended(&s, 0);
	CHECK_INT(sched_next_merge(&s), 0);
	CHECK_INT(sched_next_merge(&s), 1);
	CHECK_INT(sched_next_merge(&s), -1);
	CHECK_INT(sched_next_start(&s), 3);
	sched_ended(&s, 3);
	CHECK_INT(sched_next_merge(&s), -1);	/* 2 still runs */
	CHECK(!sched_done(&s));
	sched_ended(&s, 2);
	CHECK_INT(sched_next_merge(&s), 2);
	CHECK_INT(sched_next_merge(&s), 3);
	CHECK(sched_done(&s));
	sched_free(&s);

	/* -j 1: one after another. */
	CHECK(!sched_init(&s, 2, 1));
	CHECK_INT(sched_next_start(&s), 0);
	CHECK_INT(sched_next_start(&s), -1);
	sched_ended(&s, 0);
	CHECK_INT(sched_next_merge(&s), 0);
	CHECK_INT(sched_next_start(&s), 1);
	sched_free(&s);

	/* Ctrl-C: the waiting boots are dropped, the running one still merges. */
	CHECK(!sched_init(&s, 3, 1));
	CHECK_INT(sched_next_start(&s), 0);
	sched_stop(&s);
	CHECK_INT(sched_next_start(&s), -1);
	CHECK(!sched_done(&s));
	sched_ended(&s, 0);
	CHECK_INT(sched_next_merge(&s), 0);
	CHECK_INT(sched_next_merge(&s), -1);
	CHECK(sched_done(&s));
	sched_free(&s);
}

/* --dry-run: every cell, the ones the lab's GIC cannot run with the reason, an estimate. */
static void test_plan(void)
{
	static const char spec[] = "gic 2 3 4\npath lr-line lr-msi v4-direct\nstate busy wfi\ncount 100\n";
	static struct matrix m;
	char err[256], *out = NULL;
	size_t len = 0;
	FILE *f = fmemopen((void *)spec, sizeof(spec) - 1, "r"), *o;

	memset(&m, 0, sizeof(m));
	spec_defaults(&m.spec);
	CHECKF(!spec_parse(f, "plan.spec", &m.spec, err, sizeof(err)), "spec: %s", err);
	fclose(f);
	m.nboots = 3;
	snprintf(m.out, sizeof(m.out), "results/x");
	o = open_memstream(&out, &len);
	plan_print(o, &m);
	fclose(o);
	CHECK_HAS(out, "v2-vhe-lr-line-busy                                  measure");
	CHECK_HAS(out, "v2-vhe-lr-msi-wfi                                    skip     needs a vGICv3 with an ITS (LPIs): a GICv2 host has none");
	CHECK_HAS(out, "v3-vhe-v4-direct-busy                                skip     needs a GICv4 host with direct injection: this lab boot is GICv3");
	CHECK_HAS(out, "v4-vhe-v4-direct-wfi                                 measure");
	/* 3 boots x 25 s, 12 cells x (2 s + (10 warm-up + 100) x 12 ms) */
	CHECK_HAS(out, "plan: 12 cells to measure, 6 to skip, in 3 boots; estimated 115 s");
	CHECK_INT(plan_cells(&m), 18);
	free(out);
	/* A path taking an SPI or an LPI runs twice on a GICv3/v4 boot, with and without an ITS. */
	{
		static const char vspec[] = "gic 2 3\npath vmm-mmio\nstate busy\nrounds 2\n";

		f = fmemopen((void *)vspec, sizeof(vspec) - 1, "r");
		memset(&m, 0, sizeof(m));
		spec_defaults(&m.spec);
		CHECKF(!spec_parse(f, "plan.spec", &m.spec, err, sizeof(err)), "spec: %s", err);
		fclose(f);
		m.nboots = 2;
		CHECK_INT(plan_cells(&m), (1 + 2) * 2);
		out = NULL;
		o = open_memstream(&out, &len);
		plan_print(o, &m);
		fclose(o);
		CHECK_HAS(out, "v3-vhe-vmm-mmio-busy-vgicv3-its (x2)");
		CHECK_LACKS(out, "v2-vhe-vmm-mmio-busy-vgicv3-its");
		free(out);
		/* Natively the host's GIC is unknown to the plan: the ITS variant is counted, an upper bound. */
		m.native = 1;
		m.nboots = 1;
		CHECK_INT(plan_cells(&m), 2 * 2);
		out = NULL;
		o = open_memstream(&out, &len);
		plan_print(o, &m);
		fclose(o);
		CHECK_HAS(out, "<host>-vmm-mmio-busy-vgicv3-its (GICv3/v4 hosts) (x2)");
		CHECK_HAS(out, "<host>-vmm-mmio-busy (x2)");
		free(out);
	}
}

/* vfio_device: a dimension of v4-direct's cells alone, named by device; igb needs QEMU 10.0. */
static void test_devices(void)
{
	static const char spec[] = "gic 4\nqemu 10.0\npath lr-msi v4-direct\nstate busy wfi\n"
				   "vfio_device e1000e igb 0000:00:05.0\n";
	static struct matrix m;
	char err[256], buf[256], *out = NULL;
	size_t len = 0;
	FILE *f = fmemopen((void *)spec, sizeof(spec) - 1, "r"), *o;
	struct argv_buf a = { .n = 0 };

	memset(&m, 0, sizeof(m));
	spec_defaults(&m.spec);
	CHECKF(!spec_parse(f, "dev.spec", &m.spec, err, sizeof(err)), "spec: %s", err);
	fclose(f);
	CHECK_INT(m.spec.ndevices, 3);
	m.nboots = 1;
	/* lr-msi: 2 states x (no ITS? it is an LPI path: one vGIC); v4-direct: 2 states x 3 devices */
	CHECK_INT(plan_cells(&m), 2 + 2 * 3);
	o = open_memstream(&out, &len);
	plan_print(o, &m);
	fclose(o);
	CHECK_HAS(out, "v4-vhe-v4-direct-busy-e1000e ");
	CHECK_HAS(out, "v4-vhe-v4-direct-wfi-igb ");
	CHECK_HAS(out, "v4-vhe-v4-direct-busy-0000-00-05.0 ");
	CHECK_HAS(out, "v4-vhe-lr-msi-busy ");
	CHECK_LACKS(out, "lr-msi-busy-e1000e");
	free(out);
	CHECK(!spec_lab_refusal(&m.spec, buf, sizeof(buf)));
	argv_run_args(&a, &m.spec);
	CHECK_STR(a.v[a.n - 1], "e1000e,igb,0000:00:05.0");
	CHECK_STR(a.v[a.n - 2], "--vfio-device");
	argv_free(&a);
	CHECK_STR(spec_lab_device("igbvf"), "igbvf");
	CHECK(!spec_lab_device("ixgbe"));	/* QEMU has no model of it */
	CHECK(!spec_lab_device("0000:00:05.0"));

	/* igb on QEMU 7.2 (the default): not possible, and the fix named */
	f = fmemopen((void *)"path v4-direct\nvfio_device edu igb\n", 35, "r");
	spec_defaults(&m.spec);
	CHECKF(!spec_parse(f, "dev.spec", &m.spec, err, sizeof(err)), "spec: %s", err);
	fclose(f);
	CHECK(spec_lab_refusal(&m.spec, buf, sizeof(buf)) == buf);
	CHECK_HAS(buf, "vfio_device igb: QEMU 7.2 has no igb model");
	CHECK_HAS(buf, "add 'qemu 10.0'");
	/* igb and its VF in one boot: the PF carries the VF (interface up), never taken */
	f = fmemopen((void *)"qemu 10.0\nvfio_device igbvf igb\n", 32, "r");
	spec_defaults(&m.spec);
	CHECKF(!spec_parse(f, "dev.spec", &m.spec, err, sizeof(err)), "spec: %s", err);
	fclose(f);
	CHECK(spec_lab_refusal(&m.spec, buf, sizeof(buf)) == buf);
	CHECK_HAS(buf, "measure igb and igbvf in separate specs");
	/* one device: cell names as they were */
	f = fmemopen((void *)"gic 4\npath v4-direct\nvfio_device e1000e\n", 40, "r");
	spec_defaults(&m.spec);
	CHECKF(!spec_parse(f, "dev.spec", &m.spec, err, sizeof(err)), "spec: %s", err);
	fclose(f);
	CHECK(!spec_lab_refusal(&m.spec, buf, sizeof(buf)));
	out = NULL;
	o = open_memstream(&out, &len);
	plan_print(o, &m);
	fclose(o);
	CHECK_HAS(out, "v4-vhe-v4-direct-busy ");
	CHECK_LACKS(out, "-e1000e");
	free(out);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/unit/matrix";
	const char *exe = argc > 2 ? argv[2] : "build/host/virqbench-matrix";

	if (t_setup("vqb-matrix-"))
		return t_finish("matrix");
	test_good(dir);
	test_kernels(dir);
	test_bad(dir);
	test_bad_files();
	test_progress();
	test_sched();
	test_plan();
	test_devices();
	test_files();
	test_runner(exe);
	return t_finish("matrix");
}
