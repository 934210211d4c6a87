// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static uint64_t now_ns(void)
{
	struct timespec ts;

	/* bpf_ktime_get_ns()'s clock, trace.tsv's ts_ns */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
}

/* A counter of one thread, on whichever CPU it runs, in group (-1: its own): its fd, or -errno. */
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

/* One thread's tracepoint counters; -errno of the first that failed. */
/*
 * One thread's tracepoint counters, one group: read_user() reads them all
 * in one read, which interrupts a running vCPU once (an exit of its own),
 * not once per tracepoint.
 */
static int open_tracepoints(struct pc_thread *th, const long long *ids)
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
		a.read_format = PERF_FORMAT_GROUP;
		/* Counting from the open on: the window's edges are the programs' reads. */
		fd = perf_open(&a, th->tid, th->lead >= 0 ? th->fd[th->lead] : -1);
		if (fd < 0)
			return fd;
		th->fd[e] = fd;
		if (th->lead < 0)
			th->lead = e;
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

		perf_why(why, sizeof(why), what, fd, perf_has_pmu(), paranoid);
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
		/*
		 * sched_switch is kept only for the suite's own threads on watched
		 * CPUs (suite_window): not a per-VMM-thread count perf could match.
		 */
		if (strcmp(vqt_events[e].system, "kvm"))
			continue;
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
		err = open_tracepoints(th, ids);
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
	} else if (!pc->nth) {
		snprintf(pc->error, sizeof(pc->error), "process %d has no thread to count", (int)pid);
	}
}

bool pc_has_host_counters(const struct perf_count *pc)
{
	for (int i = 0; i < pc->nth; i++)
		if (pc->th[i].cyc_fd >= 0)
			return true;
	return false;
}

void pc_fill_maps(struct perf_count *pc, int state_fd, int tp_fd, int cycles_fd, int instr_fd)
{
	pc->state_fd = state_fd;
	for (int i = 0; i < pc->nth && !*pc->error; i++) {
		struct pc_thread *th = &pc->th[i];
		struct vqt_tid_state st = { .slot = (__u32)i };
		__u32 key = (__u32)th->tid, slot = (__u32)i;

		if (bpf_map_update_elem(state_fd, &key, &st, BPF_ANY))
			snprintf(pc->error, sizeof(pc->error), "tid_state map: %s", strerror(errno));
		for (int e = 0; e < VQT_EV_NR && !*pc->error; e++) {
			__u32 k = slot * VQT_EV_NR + (__u32)e;

			if (th->fd[e] >= 0 && bpf_map_update_elem(tp_fd, &k, &th->fd[e], BPF_ANY))
				snprintf(pc->error, sizeof(pc->error), "tp_counters map: %s",
					 strerror(errno));
		}
		if (th->cyc_fd >= 0 && bpf_map_update_elem(cycles_fd, &slot, &th->cyc_fd, BPF_ANY))
			snprintf(pc->cycles, sizeof(pc->cycles), "off: host_cycles map: %s",
				 strerror(errno));
		if (th->ins_fd >= 0 && bpf_map_update_elem(instr_fd, &slot, &th->ins_fd, BPF_ANY))
			snprintf(pc->instr, sizeof(pc->instr), "off: host_instr map: %s",
				 strerror(errno));
	}
}

/*
 * Each counter's value now, read from here: only for a tracepoint without
 * a hit in the window, whose count must then be 0. Read inside the window
 * (after it opens, before it closes): a hit between the two reads is one
 * the programs should have seen.
 */
static void read_user(struct perf_count *pc, int which)
{
	for (int i = 0; i < pc->nth; i++) {
		struct pc_thread *th = &pc->th[i];
		uint64_t buf[1 + VQT_EV_NR];
		ssize_t n;
		size_t k = 1;

		if (th->lead < 0)
			continue;
		/* PERF_FORMAT_GROUP: nr, then the leader and the members in the order opened. */
		n = read(th->fd[th->lead], buf, sizeof(buf));
		if (n < (ssize_t)sizeof(buf[0]) || buf[0] > VQT_EV_NR ||
		    (size_t)n < (1 + buf[0]) * sizeof(buf[0]))
			continue;
		for (int e = 0; e < VQT_EV_NR; e++)
			if (th->fd[e] >= 0 && k <= buf[0])
				th->user[which][e] = buf[k++];
	}
}

void pc_window(struct perf_count *pc, bool open, volatile __u32 *flag)
{
	pid_t tids[VQT_PERF_THREADS];
	int n;

	if (*pc->error || !pc->nth)
		return;
	if (open) {
		pc->t_open = now_ns();
		*flag = 1;
		pc->opened = true;
		read_user(pc, 0);
		return;
	}
	read_user(pc, 1);
	*flag = 0;
	pc->t_close = now_ns();
	pc->closed = true;
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

/* An exit and its entry: the entry's a1, a2 are the host's cycles and instructions between. */
static void host_exit(struct pc_thread *th, const struct vqt_event *e)
{
	struct pc_xc *x;

	if (e->type == VQT_EV_EXIT) {
		th->exit_ts = e->ts_ns;
		th->exit_xc = exit_class(e->args[0], e->args[1]);
		return;
	}
	if (!th->exit_ts || th->exit_xc >= XC_NR)
		return;
	x = &th->xc[th->exit_xc];
	if (!x->n || e->args[1] < x->cycles_min)
		x->cycles_min = e->args[1];
	if (e->args[1] > x->cycles_max)
		x->cycles_max = e->args[1];
	x->n++;
	x->cycles += e->args[1];
	x->instr += e->args[2];
	x->ns += e->ts_ns - th->exit_ts;
	th->exit_ts = 0;
}

void pc_record(struct perf_count *pc, const struct vqt_event *e)
{
	/* Also after the window closed: its last rows may still be in the ring buffer. */
	if (!pc->opened || e->type >= VQT_EV_NR || e->ts_ns < pc->t_open)
		return;
	for (int i = 0; i < pc->nth; i++) {
		if (pc->th[i].tid == (pid_t)e->tid) {
			pc_rows_add(&pc->th[i].rows[e->type], e->ts_ns);
			if ((e->type == VQT_EV_EXIT || e->type == VQT_EV_ENTRY) &&
			    (!pc->t_close || e->ts_ns < pc->t_close))
				host_exit(&pc->th[i], e);
			return;
		}
	}
}

void pc_collect(struct perf_count *pc)
{
	for (int i = 0; pc->state_fd >= 0 && i < pc->nth; i++) {
		__u32 key = (__u32)pc->th[i].tid;

		pc->th[i].have_st = !bpf_map_lookup_elem(pc->state_fd, &key, &pc->th[i].st);
	}
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
