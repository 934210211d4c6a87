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

#include "check.h"
#include "progress.h"
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
	CHECKF(s.npaths == 7 && !strcmp(s.paths[0], "soft-vi") && !strcmp(s.paths[6], "vtimer"),
	       "path all expands to the 7 paths in order");
	CHECKF(s.nstates == 2, "states");
	CHECKF(s.count == 500 && s.gap_us == 10 && s.vcpu_cpu == 3 && s.injector_cpu == 2,
	       "numbers");
	CHECKF(s.cell_timeout_s == 60 && s.boot_timeout_s == 600 && s.bpf_stats, "limits");
	CHECKF(!strcmp(s.trace, "both") && s.rounds == 3 && s.contend &&
	       spec_cells_per_boot(&s) == 7 * 2 * 2 * 3,
	       "trace both doubles the cells, rounds multiply them");

	snprintf(path, sizeof(path), "%s/minimal.spec", dir);
	CHECKF(spec_load(path, &s, err, sizeof(err)) == 0, "minimal.spec: %s", err);
	CHECKF(s.npaths == 2 && s.count == 1000 && !strcmp(s.trace, "on") && s.nhyps == 1 &&
	       !strcmp(s.hyps[0], "vhe"), "defaults fill what a spec leaves out");
	CHECKF(spec_cells_per_boot(&s) == 2 && s.rounds == 1, "2 paths x 1 state, 1 round");

	CHECKF(spec_load("/nonexistent/x.spec", &s, err, sizeof(err)) == -1 &&
	       strstr(err, "/nonexistent/x.spec: cannot open: No such file"), "missing file: %s", err);
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
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/unit/matrix";
	const char *exe = argc > 2 ? argv[2] : "build/host/virqbench-matrix";

	if (t_setup("vqb-matrix-"))
		return t_finish("matrix");
	test_good(dir);
	test_bad(dir);
	test_bad_files();
	test_progress();
	test_files();
	test_runner(exe);
	return t_finish("matrix");
}
