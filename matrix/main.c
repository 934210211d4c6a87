// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench-matrix: runs a matrix spec from start to finish. In the lab it
 * boots one emulated server per (GIC, hyp mode) and runs every cell of the
 * spec in it; on an arm64 host with /dev/kvm it runs once, natively. It
 * merges the raw runs, analyses them into results/<id>/ (written as
 * <id>.tmp, renamed when complete), builds the report, and prints the wall
 * time per cell and in total. Ctrl-C keeps every finished cell and marks
 * the run interrupted; a cell past its time limit fails, the matrix goes on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"
#include "spec.h"
#include "timefmt.h"

static volatile sig_atomic_t stop_requested;
static pid_t child_pid;

static void on_signal(int sig)
{
	stop_requested = 1;
	/* lab/run.sh traps it, stops the lab and brings out the finished cells. */
	if (child_pid > 0)
		kill(child_pid, sig);
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: virqbench-matrix [-q] [--results DIR] [--id ID] [--build DIR] [--cache DIR]\n"
		"                        [--dry-run] SPEC\n"
		"Runs the matrix SPEC (doc/matrix-spec.md; matrix/default.spec is make bench's)\n"
		"and writes results/ID/ with its report. -q: no progress line.\n");
}

static int is_native(void)
{
	struct utsname u;

	return !uname(&u) && !strcmp(u.machine, "aarch64") && !access("/dev/kvm", W_OK);
}

/* The virqbench run arguments a spec stands for. */
static int run_args(const struct spec *s, char **argv, int max, char bufs[][256])
{
	int n = 0, b = 0;

#define ARG(...) do { snprintf(bufs[b], 256, __VA_ARGS__); argv[n++] = bufs[b++]; } while (0)
	ARG("run");
	ARG("--path");
	bufs[b][0] = '\0';
	for (int i = 0; i < s->npaths; i++)
		snprintf(bufs[b] + strlen(bufs[b]), 256 - strlen(bufs[b]), "%s%s", i ? "," : "", s->paths[i]);
	argv[n++] = bufs[b++];
	ARG("--state");
	bufs[b][0] = '\0';
	for (int i = 0; i < s->nstates; i++)
		snprintf(bufs[b] + strlen(bufs[b]), 256 - strlen(bufs[b]), "%s%s", i ? "," : "", s->states[i]);
	argv[n++] = bufs[b++];
	ARG("--count"); ARG("%ld", s->count);
	ARG("--gap-us"); ARG("%ld", s->gap_us);
	ARG("--trace"); ARG("%s", s->trace);
	ARG("--vcpu-cpu"); ARG("%ld", s->vcpu_cpu);
	ARG("--injector-cpu"); ARG("%ld", s->injector_cpu);
	ARG("--cell-timeout-s"); ARG("%ld", s->cell_timeout_s);
	if (s->bpf_stats)
		ARG("--bpf-stats");
	ARG("--rounds"); ARG("%ld", s->rounds);
	if (s->contend)
		ARG("--contend");
#undef ARG
	argv[n] = NULL;
	return n < max ? n : -1;
}

/* Runs argv with stdout into `out` (up to size), stderr into err_path; polls progress. */
static int run_child(char **argv, const char *err_path, char *out, size_t size, struct progress *pr)
{
	int pfd[2], status = 0;
	size_t got = 0;

	if (pipe(pfd))
		return -1;
	child_pid = fork();
	if (child_pid < 0)
		return -1;
	if (child_pid == 0) {
		int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		setpgid(0, 0);	/* our signal handler forwards Ctrl-C itself */
		dup2(pfd[1], 1);
		if (fd >= 0)
			dup2(fd, 2);
		close(pfd[0]);
		execvp(argv[0], argv);
		fprintf(stderr, "virqbench-matrix: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pfd[1]);
	fcntl(pfd[0], F_SETFL, O_NONBLOCK);
	for (;;) {
		ssize_t n = size - 1 > got ? read(pfd[0], out + got, size - 1 - got) : 0;
		pid_t r;

		if (n > 0)
			got += n;
		r = waitpid(child_pid, &status, WNOHANG);
		if (r == child_pid)
			break;
		progress_poll(pr);
		usleep(200000);
	}
	for (ssize_t n; size - 1 > got && (n = read(pfd[0], out + got, size - 1 - got)) > 0;)
		got += n;
	close(pfd[0]);
	child_pid = 0;
	out[got] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "results", required_argument, NULL, 'r' },
		{ "id", required_argument, NULL, 'i' },
		{ "build", required_argument, NULL, 'b' },
		{ "cache", required_argument, NULL, 'c' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *results = "results", *build = "build", *cache = "cache", *id = NULL;
	char idbuf[64], err[512], start[64], end[64], merged[PATH_MAX], out[PATH_MAX],
		tmp[PATH_MAX], cmdline[4096] = "";
	int quiet = 0, dry = 0, c, native, nboots, total, boots_ok = 0, any_fail = 0;
	struct sigaction sa = { .sa_handler = on_signal };
	struct progress pr;
	struct spec s;
	struct stat st;

	while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': results = optarg; break;
		case 'i': id = optarg; break;
		case 'b': build = optarg; break;
		case 'c': cache = optarg; break;
		case 'n': dry = 1; break;
		case 'q': quiet = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "virqbench-matrix: expected one SPEC file\n");
		usage(stderr);
		return 2;
	}
	if (spec_load(argv[optind], &s, err, sizeof(err))) {
		fprintf(stderr, "virqbench-matrix: %s\n", err);
		return 2;
	}
	for (int i = 0; i < argc; i++)
		snprintf(cmdline + strlen(cmdline), sizeof(cmdline) - strlen(cmdline), "%s%s",
			 i ? " " : "", argv[i]);
	native = is_native();
	nboots = native ? 1 : s.ngics * s.nhyps;
	total = nboots * spec_cells_per_boot(&s);
	if (!id) {
		utc_id(time(NULL), idbuf, sizeof(idbuf));
		id = idbuf;
	}
	snprintf(out, sizeof(out), "%s/%s", results, id);
	snprintf(tmp, sizeof(tmp), "%s/%s.tmp", results, id);
	if (!stat(out, &st)) {
		fprintf(stderr, "virqbench-matrix: %s exists; not overwriting it (choose another --id)\n", out);
		return 2;
	}
	fprintf(stderr, "matrix %s: %d boot%s, %d cells%s\n", argv[optind], nboots,
		nboots == 1 ? "" : "s", total,
		native ? " (native: GIC and hyp mode are this host's own)" : " (lab)");
	if (dry)
		return 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	progress_init(&pr, total, !quiet && isatty(2));
	utc_now(start, sizeof(start));
	snprintf(merged, sizeof(merged), "%s/raw/%s", build, id);
	sh("rm -rf '%s' && mkdir -p '%s/cells' '%s/boots' '%s'", merged, merged, merged, results);

	for (int b = 0; b < nboots && !stop_requested; b++) {
		const char *gic = s.gics[b / s.nhyps], *hyp = s.hyps[b % s.nhyps];
		char *args[64], bufs[48][256], *full[96], work[1024], log[PATH_MAX], raw[PATH_MAX],
			tagbuf[64], bootgic[16], boothyp[16];
		int n = 0, rc;

		snprintf(tagbuf, sizeof(tagbuf), native ? "native" : "v%s-%s", gic, hyp);
		snprintf(bootgic, sizeof(bootgic), "%s", gic);
		snprintf(boothyp, sizeof(boothyp), "%s", hyp);
		snprintf(work, sizeof(work), "%s/lab/%s-%s", build, id, tagbuf);
		sh("mkdir -p '%s'", work);
		if (run_args(&s, args, 64, bufs) < 0)
			return 2;
		if (native) {
			static char exe[PATH_MAX], outopt[PATH_MAX];

			snprintf(exe, sizeof(exe), "%s/arm64/virqbench", build);
			snprintf(outopt, sizeof(outopt), "%s/raw", work);
			full[n++] = exe;
			for (int i = 0; args[i]; i++)
				full[n++] = args[i];
			full[n++] = "--out";
			full[n++] = outopt;
			snprintf(log, sizeof(log), "%s/virqbench.log", work);
		} else {
			static char to[16], ao[PATH_MAX];

			snprintf(to, sizeof(to), "%ld", s.boot_timeout_s);
			snprintf(ao, sizeof(ao), "%s/arm64", build);
			full[n++] = "sh";
			full[n++] = "lab/run.sh";
			full[n++] = "--gic";
			full[n++] = bootgic;
			full[n++] = "--hyp";
			full[n++] = boothyp;
			full[n++] = "--work";
			full[n++] = work;
			full[n++] = "--timeout";
			full[n++] = to;
			full[n++] = "--arm-out";
			full[n++] = ao;
			full[n++] = "--cache";
			full[n++] = (char *)cache;
			full[n++] = "--";
			for (int i = 0; args[i]; i++)
				full[n++] = args[i];
			snprintf(log, sizeof(log), "%s/console.log", work);
		}
		full[n] = NULL;
		unlink(log);
		progress_follow(&pr, log);
		{
			char errlog[PATH_MAX + 16];

			snprintf(errlog, sizeof(errlog), "%s.err", work);
			rc = run_child(full, native ? log : errlog, raw, sizeof(raw), &pr);
			progress_end_boot(&pr);
			if (pr.show)
				fputc('\n', stderr);
			if (native)
				snprintf(raw, sizeof(raw), "%s/raw", work);
			if (rc && rc != 1 && rc != 3 && rc != 130 && rc != 91) {
				fprintf(stderr, "matrix: boot %s failed (exit %d); see %s\n", tagbuf, rc,
					errlog);
				any_fail = 1;
				continue;
			}
		}
		if (stat(raw, &st) || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "matrix: boot %s brought out no raw run\n", tagbuf);
			any_fail = 1;
			continue;
		}
		any_fail |= rc != 0 && rc != 130;
		boots_ok++;
		sh("cp -a '%s'/cells/. '%s/cells/' && cp '%s/run.kv' '%s/boots/%s.run.kv' && "
		   "{ [ ! -f '%s/lab.kv' ] || cp '%s/lab.kv' '%s/boots/%s.lab.kv'; } && "
		   "{ [ -f '%s/run.kv' ] || cp '%s/run.kv' '%s/run.kv'; } && "
		   "{ [ -f '%s/lab.kv' ] || [ ! -f '%s/lab.kv' ] || cp '%s/lab.kv' '%s/lab.kv'; }",
		   raw, merged, raw, merged, tagbuf, raw, raw, merged, tagbuf, merged, raw, merged,
		   merged, raw, raw, merged);
	}
	utc_now(end, sizeof(end));
	if (!boots_ok) {
		fprintf(stderr, "matrix: nothing was measured\n");
		return 1;
	}
	/* One run.kv for the merged run: the matrix's command and times, every boot's GIC/hyp. */
	sh("cd '%s' && gics=$(sed -n 's/^host_gic=//p' boots/*.run.kv | sort -u | paste -sd, -) && "
	   "hyps=$(sed -n 's/^hyp_mode=//p' boots/*.run.kv | sort -u | paste -sd, -) && "
	   "grep -v -E '^(command|start_utc|end_utc|host_gic|hyp_mode|interrupted|exit_code)=' run.kv > run.kv.tmp && "
	   "printf 'command=%%s\\nstart_utc=%s\\nend_utc=%s\\nhost_gic=%%s\\nhyp_mode=%%s\\ninterrupted=%d\\nexit_code=%d\\n' "
	   "\"$VQB_MATRIX_CMD\" \"$gics\" \"$hyps\" >> run.kv.tmp && mv run.kv.tmp run.kv",
	   merged, start, end, (int)stop_requested, stop_requested ? 130 : any_fail);
	{
		char cmd[3 * PATH_MAX + 64];
		int arc;

		setenv("VQB_MATRIX_CMD", cmdline, 1);
		sh("rm -rf '%s'", tmp);
		/* Lab brackets span several counter ticks under TCG: accept them, recorded. */
		snprintf(cmd, sizeof(cmd), "'%s/host/virqbench-analyze' -q %s '%s' '%s'", build,
			 native ? "" : "--calib-tolerance-ns 500", merged, tmp);
		arc = system(cmd);
		if (arc && WEXITSTATUS(arc) != 3) {
			fprintf(stderr, "matrix: the analysis failed; the raw run is %s\n", merged);
			return 1;
		}
		/* The report is optional until analysis/report is built. */
		snprintf(cmd, sizeof(cmd),
			 "[ ! -x '%s/host/virqbench-report' ] || '%s/host/virqbench-report' '%s' >/dev/null",
			 build, build, tmp);
		if (system(cmd))
			fprintf(stderr, "matrix: the report could not be built\n");
		if (rename(tmp, out)) {
			fprintf(stderr, "matrix: cannot rename %s to %s: %s\n", tmp, out, strerror(errno));
			return 1;
		}
	}
	printf("%-44s %-12s %8s\n", "cell", "status", "wall s");
	for (int i = 0; i < pr.ncells; i++)
		printf("%-44s %-12s %8.1f\n", pr.cells[i].name,
		       pr.cells[i].end ? pr.cells[i].status : "unfinished",
		       (pr.cells[i].end ? pr.cells[i].end : progress_now(&pr)) - pr.cells[i].start);
	printf("total wall time: %.1f s for %d cells in %d boot%s%s\n", progress_now(&pr), pr.ncells,
	       nboots, nboots == 1 ? "" : "s", stop_requested ? " (interrupted)" : "");
	printf("report: %s\n", out);
	return stop_requested ? 130 : any_fail;
}
