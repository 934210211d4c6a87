// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "liblog.h"
#include "progs.h"
#include "trace_row.h"

const char *tracing_root(void)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		snprintf(path, sizeof(path), "%s/events", roots[i]);
		if (!access(path, F_OK))
			return roots[i];
	}
	return NULL;
}

/* 1: the tracepoint exists, 0: it does not, -1: cannot tell (no tracefs). */
static int tracepoint_exists(const char *system, const char *tp)
{
	const char *root = tracing_root();
	char path[PATH_MAX];

	if (!root)
		return -1;
	snprintf(path, sizeof(path), "%s/events/%s/%s", root, system, tp);
	return access(path, F_OK) == 0;
}

/* The program of every event row, found by its section name. */
int find_programs(struct bpf_object *obj, struct bpf_program **progs)
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
int plan_programs(struct bpf_program **progs, char *missing,
			 size_t size)
{
	int i;

	for (i = 0; i < VQT_EV_NR; i++) {
		if (tracepoint_exists(vqt_events[i].system, vqt_events[i].tp) != 0)
			continue;
		if (!vqt_events[i].optional) {
			fprintf(stderr, "virqtrace: this kernel has no tracepoint %s/%s; nothing traced\n",
				vqt_events[i].system, vqt_events[i].tp);
			return -ENOENT;
		}
		bpf_program__set_autoload(progs[i], false);
		add_missing(missing, size, vqt_events[i].tp);
	}
	return 0;
}

int attach_programs(struct bpf_program **progs, struct bpf_link **links,
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
			fprintf(stderr, "virqtrace: this kernel has no tracepoint %s/%s; nothing traced\n",
				vqt_events[i].system, vqt_events[i].tp);
		else if (err == -EPERM)
			fprintf(stderr, "virqtrace: cannot attach to tracepoint %s/%s: %s: needs root or CAP_BPF+CAP_PERFMON\n",
				vqt_events[i].system, vqt_events[i].tp, strerror(-err));
		else
			fprintf(stderr, "virqtrace: cannot attach to tracepoint %s/%s: %s; nothing traced\n",
				vqt_events[i].system, vqt_events[i].tp, strerror(-err));
		return err;
	}
	return 0;
}

void detach_programs(struct bpf_link **links)
{
	int i;

	for (i = 0; i < VQT_EV_NR; i++) {
		bpf_link__destroy(links[i]);
		links[i] = NULL;
	}
}

/*
 * Runs the kernel skipped because the program was already running on that
 * CPU (its tracepoint hit again from an interrupt): lost events as well.
 * The kernel counts them before our program, so before the process
 * filter: they may be another process's, and are an upper bound.
 */
/* The kernel's record of one program: 1, 0 when it is not loaded, or -errno. */
static int prog_info(struct bpf_program *prog, struct bpf_prog_info *info)
{
	__u32 len = sizeof(*info);
	int fd = bpf_program__fd(prog);

	if (fd < 0)
		return 0;
	memset(info, 0, sizeof(*info));
	return bpf_obj_get_info_by_fd(fd, info, &len) ? -errno : 1;
}

int count_missed(struct bpf_program **progs, unsigned long long *sum)
{
	struct bpf_prog_info info;
	int i, r;

	*sum = 0;
	for (i = 0; i < VQT_EV_NR; i++) {
		r = prog_info(progs[i], &info);
		if (r < 0)
			return r;
		if (r)
			*sum += info.recursion_misses;
	}
	return 0;
}

/*
 * The kernel's own account of the time our programs took (--stats), per
 * loaded program: trace.tsv's "# prog=<event> run_cnt=N run_time_ns=N"
 * lines, a JSON array, a table for a person; each where not NULL.
 */
int write_prog_stats(struct bpf_program **progs, FILE *tsv,
			    struct json *j, FILE *human)
{
	struct bpf_prog_info info;
	int i, r;

	if (j) {
		json_key(j, "prog_stats");
		json_begin_array(j);
	}
	if (human)
		fprintf(human, "\nBPF program cost (kernel.bpf_stats_enabled):\n  %-16s %12s %14s %10s\n",
			"event", "runs", "run_time_ns", "ns/run");
	for (i = 0; i < VQT_EV_NR; i++) {
		r = prog_info(progs[i], &info);
		if (r < 0)
			return r;
		if (!r)
			continue;
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
