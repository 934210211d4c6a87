// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/perf_event.h>

#include <bpf/bpf.h>

#include "perf_count.h"
#include "perf_why.h"
#include "progs.h"
#include "trace_row.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif

/*
 * Reads of a group until two agree, per edge. A thread with an event
 * between every pair of reads for this long is firing faster than a read
 * takes: its edge stays inexact, and perf.tsv says so.
 */
#define EDGE_TRIES	200

static int64_t now_ns(void)
{
	struct timespec ts;

	/* bpf_ktime_get_ns()'s clock, trace.tsv's ts_ns */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int perf_open(struct perf_event_attr *a, pid_t tid, int group)
{
	int fd = (int)syscall(__NR_perf_event_open, a, tid, -1, group, PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/*
 * VIRQTRACE_PERF_DROP_CAPS=1 opens the counters with CAP_PERFMON and
 * CAP_SYS_ADMIN out of the effective set, as a user without them would:
 * the lab's way to see a too-strict kernel.perf_event_paranoid named
 * (tests/lab/perf_test.sh). Everything else keeps its capabilities.
 */
struct caps {
	struct __user_cap_header_struct h;
	struct __user_cap_data_struct d[2];
	bool dropped;
};

static void caps_drop(struct caps *c)
{
	const char *env = getenv("VIRQTRACE_PERF_DROP_CAPS");
	struct __user_cap_data_struct d[2];

	memset(c, 0, sizeof(*c));
	if (!env || strcmp(env, "1"))
		return;
	c->h.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &c->h, c->d))
		return;
	memcpy(d, c->d, sizeof(d));
	d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	d[CAP_PERFMON / 32].effective &= ~(1u << (CAP_PERFMON % 32));
	c->dropped = !syscall(SYS_capset, &c->h, d);
}

static void caps_restore(struct caps *c)
{
	if (c->dropped)
		syscall(SYS_capset, &c->h, c->d);
}

/* events/kvm/<tp>/id under tracefs: perf's config for the tracepoint; -errno. */
static long long tracepoint_id(const char *tp)
{
	const char *root = tracing_root();
	char path[PATH_MAX];
	long long id;
	FILE *f;
	int ok;

	if (!root)
		return -ENOENT;
	snprintf(path, sizeof(path), "%s/events/kvm/%s/id", root, tp);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	ok = fscanf(f, "%lld", &id) == 1;
	fclose(f);
	return ok ? id : -EINVAL;
}

static void add_note(char *buf, size_t size, const char *fmt, const char *a, const char *b)
{
	size_t len = strlen(buf);

	if (len + 3 >= size)
		return;
	if (len)
		len += (size_t)snprintf(buf + len, size - len, "; ");
	snprintf(buf + len, size - len, fmt, a, b);
}

/* The threads of pid now, into tids (at most max); how many. */
static int list_threads(pid_t pid, pid_t *tids, int max)
{
	char path[64];
	struct dirent *d;
	DIR *dir;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((d = readdir(dir)) && n < max) {
		char *end;
		long t = strtol(d->d_name, &end, 10);

		if (*d->d_name != '.' && !*end && t > 0)
			tids[n++] = (pid_t)t;
	}
	closedir(dir);
	return n;
}

/* One thread's group of tracepoint counters; -errno of the first that failed. */
static int open_tracepoints(struct perf_count *pc, struct pc_thread *th, const long long *ids)
{
	for (int e = 0; e < VQT_EV_NR; e++) {
		struct perf_event_attr a;
		int fd;

		if (ids[e] < 0)
			continue;
		memset(&a, 0, sizeof(a));
		a.size = sizeof(a);
		a.type = PERF_TYPE_TRACEPOINT;
		a.config = (uint64_t)ids[e];
		/* Counting from the open on: the edges are reads, not enables. */
		a.read_format = PERF_FORMAT_GROUP;
		fd = perf_open(&a, th->tid, th->lead >= 0 ? th->fd[th->lead] : -1);
		if (fd < 0)
			return fd;
		th->fd[e] = fd;
		if (th->lead < 0)
			th->lead = e;
		pc->counted[e] = true;
	}
	return 0;
}

/*
 * cycles or instructions on one thread, the host only where the PMU can
 * tell (exclude_guest); state says which, or why none. -1: no counter.
 */
static int open_host_counter(pid_t tid, uint64_t config, const char *what, char *state,
			     size_t size, int paranoid)
{
	struct perf_event_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_HARDWARE;
	a.config = config;
	a.exclude_guest = 1;
	a.exclude_hv = 1;
	fd = perf_open(&a, tid, -1);
	if (fd == -EOPNOTSUPP || fd == -EINVAL) {
		/* Between kvm_exit and kvm_entry the CPU is in the host anyway. */
		a.exclude_guest = 0;
		fd = perf_open(&a, tid, -1);
		if (fd >= 0 && !*state)
			snprintf(state, size, "on, guest not excluded: this PMU cannot exclude the guest (the exit-to-entry figures lie in the host all the same)");
	}
	if (fd >= 0) {
		if (!*state)
			snprintf(state, size, "on");
		return fd;
	}
	if (!*state || !strncmp(state, "on", 2)) {
		char why[400];

		perf_why(why, sizeof(why), what, fd, 1, paranoid);
		snprintf(state, size, "off: %s", why);
	}
	return -1;
}

void pc_open(struct perf_count *pc, pid_t pid, const bool *loaded)
{
	pid_t tids[VQT_PERF_THREADS];
	long long ids[VQT_EV_NR];
	int paranoid = perf_paranoid(), n, e, err = 0;
	struct caps caps;

	memset(pc, 0, sizeof(*pc));
	pc->pid = pid;
	pc->state_fd = -1;
	for (e = 0; e < VQT_EV_NR; e++) {
		ids[e] = -ENOENT;
		if (!loaded[e])
			continue;	/* no program, nothing to compare with */
		ids[e] = tracepoint_id(vqt_events[e].tp);
		if (ids[e] < 0)
			add_note(pc->missing, sizeof(pc->missing), "%s: no id in tracefs: %s",
				 vqt_events[e].name, strerror((int)-ids[e]));
	}
	n = list_threads(pid, tids, VQT_PERF_THREADS);
	if (n < 0) {
		snprintf(pc->error, sizeof(pc->error), "/proc/%d/task: %s", (int)pid, strerror(-n));
		return;
	}
	caps_drop(&caps);
	for (int i = 0; i < n; i++) {
		struct pc_thread *th = &pc->th[pc->nth];

		memset(th, 0, sizeof(*th));
		memset(th->fd, 0xff, sizeof(th->fd));	/* all -1 */
		th->tid = tids[i];
		th->lead = -1;
		th->cyc_fd = th->ins_fd = -1;
		err = open_tracepoints(pc, th, ids);
		if (err == -ESRCH) {
			/* Gone meanwhile: nothing of it can be in the window. */
			for (e = 0; e < VQT_EV_NR; e++)
				if (th->fd[e] >= 0)
					close(th->fd[e]);
			err = 0;
			continue;
		}
		pc->nth++;
		if (err)
			break;
		th->cyc_fd = open_host_counter(th->tid, PERF_COUNT_HW_CPU_CYCLES, "cycles",
					       pc->cycles, sizeof(pc->cycles), paranoid);
		if (th->cyc_fd >= 0)
			th->ins_fd = open_host_counter(th->tid, PERF_COUNT_HW_INSTRUCTIONS,
						       "instructions", pc->instr, sizeof(pc->instr),
						       paranoid);
		else if (!*pc->instr)
			snprintf(pc->instr, sizeof(pc->instr), "off: no cycle counter");
	}
	caps_restore(&caps);
	if (err) {
		perf_why(pc->error, sizeof(pc->error), "kvm tracepoint counters", err, 0, paranoid);
		pc_close(pc);
		pc->nth = 0;
	}
}

bool pc_has_host_counters(const struct perf_count *pc)
{
	for (int i = 0; i < pc->nth; i++)
		if (pc->th[i].cyc_fd >= 0)
			return true;
	return false;
}

void pc_fill_maps(struct perf_count *pc, int state_fd, int cycles_fd, int instr_fd)
{
	pc->state_fd = state_fd;
	for (int i = 0; i < pc->nth; i++) {
		struct pc_thread *th = &pc->th[i];
		struct vqt_tid_state st = { .slot = (__u32)i };
		__u32 key = (__u32)th->tid, slot = (__u32)i;

		if (bpf_map_update_elem(state_fd, &key, &st, BPF_ANY) && !*pc->error)
			snprintf(pc->error, sizeof(pc->error), "tid_state map: %s", strerror(errno));
		if (th->cyc_fd >= 0 && bpf_map_update_elem(cycles_fd, &slot, &th->cyc_fd, BPF_ANY))
			snprintf(pc->cycles, sizeof(pc->cycles), "off: host_cycles map: %s",
				 strerror(errno));
		if (th->ins_fd >= 0 && bpf_map_update_elem(instr_fd, &slot, &th->ins_fd, BPF_ANY))
			snprintf(pc->instr, sizeof(pc->instr), "off: host_instr map: %s",
				 strerror(errno));
	}
}

/* The group's counts by event; -1 when the read fails. */
static int read_group(const struct pc_thread *th, uint64_t *v)
{
	uint64_t buf[1 + VQT_EV_NR];
	ssize_t n = read(th->fd[th->lead], buf, sizeof(buf));
	size_t k = 1;

	if (n < (ssize_t)sizeof(uint64_t) || buf[0] > VQT_EV_NR ||
	    (size_t)n < (1 + buf[0]) * sizeof(uint64_t))
		return -1;
	/* PERF_FORMAT_GROUP: the leader, then the members in the order they were opened. */
	for (int e = 0; e < VQT_EV_NR; e++) {
		v[e] = 0;
		if (th->fd[e] >= 0 && k <= buf[0])
			v[e] = buf[k++];
	}
	return 0;
}

static void read_edge(struct perf_count *pc, struct pc_thread *th, int which)
{
	uint64_t a[VQT_EV_NR], b[VQT_EV_NR];
	struct vqt_tid_state st;
	__u32 key = (__u32)th->tid;

	if (th->lead < 0)
		return;
	for (unsigned n = 1; n <= EDGE_TRIES; n++) {
		int64_t t;

		memset(&st, 0, sizeof(st));
		if (read_group(th, a) ||
		    (pc->state_fd >= 0 && bpf_map_lookup_elem(pc->state_fd, &key, &st))) {
			th->read_failed = true;
			return;
		}
		/* Between the two reads: if they agree, nothing of this thread happened here. */
		t = now_ns();
		if (read_group(th, b)) {
			th->read_failed = true;
			return;
		}
		memcpy(th->perf[which], b, sizeof(b));
		memcpy(th->filtered[which], st.filtered, sizeof(st.filtered));
		th->t[which] = t;
		if (!memcmp(a, b, sizeof(a))) {
			th->tries[which] = n;
			return;
		}
	}
	th->tries[which] = 0;	/* never quiet: the last reads stand, inexact */
}

void pc_edge(struct perf_count *pc, int which)
{
	pid_t tids[VQT_PERF_THREADS];
	int n;

	if (which == 0)
		pc->started = true;
	else
		pc->ended = true;
	for (int i = 0; i < pc->nth; i++)
		read_edge(pc, &pc->th[i], which);
	if (which != 1 || !pc->nth)
		return;
	/* A thread made in the window was counted by neither side: name it. */
	n = list_threads(pc->pid, tids, VQT_PERF_THREADS);
	for (int i = 0; i < n; i++) {
		bool known = false;
		char t[16];

		for (int k = 0; k < pc->nth && !known; k++)
			known = pc->th[k].tid == tids[i];
		if (known)
			continue;
		snprintf(t, sizeof(t), "%d", (int)tids[i]);
		add_note(pc->extra_threads, sizeof(pc->extra_threads), "%s%s", t, "");
	}
}

void pc_record(struct perf_count *pc, const struct vqt_event *e)
{
	if (!pc->started || e->type >= VQT_EV_NR)
		return;
	for (int i = 0; i < pc->nth; i++) {
		struct pc_thread *th = &pc->th[i];

		if (th->tid != (pid_t)e->tid)
			continue;
		if ((int64_t)e->ts_ns > th->t[0] && (!th->t[1] || (int64_t)e->ts_ns < th->t[1]))
			th->rows[e->type]++;
		return;
	}
}

int pc_write(const struct perf_count *pc, const char *path)
{
	char *tmp;
	FILE *f;
	int err = 0;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	f = fopen(tmp, "we");
	if (!f) {
		err = -errno;
		free(tmp);
		return err;
	}
	fputs("# tid\tevent\tt_start_ns\tt_end_ns\tperf\trows\tfiltered\texact\n", f);
	if (*pc->error)
		fprintf(f, "# perf_error=%s\n", pc->error);
	if (*pc->missing)
		fprintf(f, "# perf_missing=%s\n", pc->missing);
	fprintf(f, "# host_cycles=%s\n", *pc->cycles ? pc->cycles : "off: no counted thread");
	fprintf(f, "# host_instr=%s\n", *pc->instr ? pc->instr : "off: no counted thread");
	if (*pc->extra_threads)
		fprintf(f, "# new_threads=%s\n", pc->extra_threads);
	for (int i = 0; !*pc->error && i < pc->nth; i++) {
		const struct pc_thread *th = &pc->th[i];
		bool exact = th->tries[0] && th->tries[1] && !th->read_failed;

		for (int e = 0; e < VQT_EV_NR; e++) {
			if (th->fd[e] < 0)
				continue;
			fprintf(f, "%d\t%s\t%" PRId64 "\t%" PRId64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%d\n",
				(int)th->tid, vqt_events[e].name, th->t[0], th->t[1],
				th->perf[1][e] - th->perf[0][e], th->rows[e],
				th->filtered[1][e] - th->filtered[0][e], exact);
		}
	}
	if (!pc->ended && !*pc->error)
		fputs("# perf_error=the trace ended before the window closed\n", f);
	if (fflush(f) || ferror(f))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

void pc_close(struct perf_count *pc)
{
	for (int i = 0; i < pc->nth; i++) {
		struct pc_thread *th = &pc->th[i];

		for (int e = 0; e < VQT_EV_NR; e++)
			if (th->fd[e] >= 0)
				close(th->fd[e]);
		if (th->cyc_fd >= 0)
			close(th->cyc_fd);
		if (th->ins_fd >= 0)
			close(th->ins_fd);
		memset(th->fd, 0xff, sizeof(th->fd));
		th->cyc_fd = th->ins_fd = -1;
	}
}
