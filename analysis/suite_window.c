// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "join.h"
#include "json.h"
#include "kv.h"
#include "suite_window.h"
#include "util.h"

const char *const suite_role_names[SR_NR] = {
	[SR_INJECTOR] = "injector", [SR_HELPER] = "helper", [SR_TRACER] = "tracer",
	[SR_DEVICE] = "device",
};

/* A vCPU's host CPU from cell.kv; false when it was not pinned (-1) or not said. */
static bool pinned_cpu(const struct cell_info *ci, uint64_t vcpu, uint64_t *cpu)
{
	char key[32];
	int64_t v;

	snprintf(key, sizeof(key), "vcpu%llu_cpu", (unsigned long long)vcpu);
	if (kv_get_i64(&ci->kv, key, &v) != 1 || v < 0)
		return false;
	*cpu = (uint64_t)v;
	return true;
}

static void watch_add(struct suite_watch *w, uint64_t cpu)
{
	unsigned i;

	for (i = 0; i < w->nr; i++)
		if (w->cpu[i] == cpu)
			return;
	w->cpu[w->nr++] = cpu;
}

void suite_watch_init(struct suite_watch *w, const struct cell_info *ci)
{
	uint64_t cpu;

	memset(w, 0, sizeof(*w));
	if (!pinned_cpu(ci, ci->target_vcpu, &cpu)) {
		w->why = "the target vCPU was not pinned (cell.kv vcpu<target>_cpu): the CPU to watch is not known";
		return;
	}
	watch_add(w, cpu);
	if (ci->has_sender && ci->sender_vcpu != ci->target_vcpu) {
		if (!pinned_cpu(ci, ci->sender_vcpu, &cpu)) {
			w->why = "the sender vCPU was not pinned (cell.kv vcpu<sender>_cpu): the CPU to watch is not known";
			return;
		}
		watch_add(w, cpu);
	}
	w->ok = true;
}

/* 1 + enum suite_role of a thread, 0 for one that is not the suite's own. */
static unsigned role_of(const struct cell_info *ci, uint64_t tid, uint64_t who)
{
	uint64_t i, inj, dev;

	if (who == VQT_WHO_TRACER)
		return 1 + SR_TRACER;
	if (who != VQT_WHO_TARGET)
		return 0;
	for (i = 0; i < ci->nr_vcpus; i++)
		if (ci->has_vcpu_tid[i] && ci->vcpu_tid[i] == tid)
			return 0;	/* a vCPU: what is measured, not a disturbance */
	if (kv_get_u64(&ci->kv, "injector_tid", &inj) == 1 && inj == tid)
		return 1 + SR_INJECTOR;
	if (kv_get_u64(&ci->kv, "device_tid", &dev) == 1 && dev == tid)
		return 1 + SR_DEVICE;
	return 1 + SR_HELPER;
}

bool suite_keep(const struct suite_watch *w, const struct cell_info *ci,
		const struct trace_row *r, struct trace_ev *ev)
{
	unsigned slot, prev, next;

	for (slot = 0; slot < w->nr && w->cpu[slot] != r->cpu; slot++)
		;
	if (slot == w->nr)
		return false;
	prev = role_of(ci, r->a[0], r->a[2]);
	next = role_of(ci, r->a[1], r->a[3]);
	if (!prev && !next)
		return false;
	ev->vcpu = (uint8_t)slot;
	ev->xc = (uint8_t)(prev | next << 3);
	return true;
}

static void add_run(struct suite_runs *sr, size_t *cap, unsigned role, int64_t lo, int64_t hi)
{
	if (sr->nr[role] == cap[role]) {
		cap[role] = cap[role] ? 2 * cap[role] : 64;
		sr->iv[role] = xrealloc(sr->iv[role], cap[role] * sizeof(*sr->iv[role]));
	}
	sr->iv[role][sr->nr[role]].lo = lo;
	sr->iv[role][sr->nr[role]].hi = hi;
	sr->nr[role]++;
}

static int cmp_lo(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;	/* lo first */

	return (*x > *y) - (*x < *y);
}

/* Sorted by start, overlaps (two CPUs at once) merged: ends ascend too. */
static void merge(struct suite_runs *sr, unsigned role)
{
	size_t i, n = 0;

	if (!sr->nr[role])
		return;
	qsort(sr->iv[role], sr->nr[role], sizeof(*sr->iv[role]), cmp_lo);
	for (i = 1; i < sr->nr[role]; i++) {
		if (sr->iv[role][i].lo <= sr->iv[role][n].hi) {
			if (sr->iv[role][i].hi > sr->iv[role][n].hi)
				sr->iv[role][n].hi = sr->iv[role][i].hi;
			continue;
		}
		sr->iv[role][++n] = sr->iv[role][i];
	}
	sr->nr[role] = n + 1;
}

void suite_runs_build(struct suite_runs *sr, const struct trace_ev *ev, size_t n,
		      int64_t t_first, int64_t t_last)
{
	/* Per watched CPU: since when, and which role, the suite thread on it runs. */
	int64_t since[SUITE_WATCH_MAX];
	unsigned on[SUITE_WATCH_MAX] = { 0 }, r;
	size_t cap[SR_NR] = { 0 }, i;
	bool seen[SUITE_WATCH_MAX] = { false };

	memset(sr, 0, sizeof(*sr));
	for (i = 0; i < n; i++) {
		unsigned slot = ev[i].vcpu, prev = ev[i].xc & 7, next = ev[i].xc >> 3 & 7;

		if (slot >= SUITE_WATCH_MAX)
			continue;
		/* prev stops here: since its switch in, or since the trace began. */
		if (prev)
			add_run(sr, cap, prev - 1, on[slot] == prev ? since[slot] :
				seen[slot] ? ev[i].t : t_first, ev[i].t);
		on[slot] = next;
		since[slot] = ev[i].t;
		seen[slot] = true;
	}
	for (i = 0; i < SUITE_WATCH_MAX; i++)
		if (on[i])
			add_run(sr, cap, on[i] - 1, since[i], t_last);
	for (r = 0; r < SR_NR; r++)
		merge(sr, r);
}

unsigned suite_runs_in(const struct suite_runs *sr, int64_t lo, int64_t hi)
{
	unsigned r, mask = 0;

	for (r = 0; r < SR_NR; r++) {
		size_t a = 0, b = sr->nr[r];

		/* The first run that ends at or after lo (ends ascend once merged). */
		while (a < b) {
			size_t m = a + (b - a) / 2;

			if (sr->iv[r][m].hi < lo)
				a = m + 1;
			else
				b = m;
		}
		if (a < sr->nr[r] && sr->iv[r][a].lo <= hi)
			mask |= 1u << r;
	}
	return mask;
}

void suite_runs_free(struct suite_runs *sr)
{
	unsigned r;

	for (r = 0; r < SR_NR; r++)
		free(sr->iv[r]);
	memset(sr, 0, sizeof(*sr));
}

void suite_share_of(struct suite_share *sh, const struct cell_join *j)
{
	size_t i;
	unsigned r;

	memset(sh, 0, sizeof(*sh));
	sh->watch = j->watch;
	sh->available = j->suite_ok;
	sh->why = j->suite_ok ? NULL : j->suite_why;
	if (!sh->available)
		return;
	for (i = 0; i < j->nr_host; i++) {
		int8_t m = j->s[i].suite;

		if (m < 0 || j->host[i].status == HOST_ERROR || !join_in_stats(j, i))
			continue;
		sh->windows++;
		sh->any += (m & SR_DISTURB) != 0;
		for (r = 0; r < SR_NR; r++)
			sh->role[r] += !!(m & 1 << r);
	}
}

double suite_share_pct(const struct suite_share *sh)
{
	return sh->available && sh->windows ? 100.0 * (double)sh->any / (double)sh->windows : -1;
}

void suite_share_json(struct json *jw, const struct suite_share *sh)
{
	unsigned i;

	json_key(jw, "suite_in_window");
	json_begin_object(jw);
	json_kstr(jw, "definition", SUITE_WINDOW_DEFINITION);
	json_kbool(jw, "available", sh->available);
	if (!sh->available) {
		json_kstr(jw, "reason", sh->why);
		json_end_object(jw);
		return;
	}
	json_key(jw, "cpus");
	json_begin_array(jw);
	for (i = 0; i < sh->watch.nr; i++)
		json_uint(jw, sh->watch.cpu[i]);
	json_end_array(jw);
	json_kuint(jw, "windows", sh->windows);
	json_kuint(jw, "with_suite_thread", sh->any);
	json_key(jw, "percent");
	if (sh->windows)
		json_double(jw, suite_share_pct(sh));
	else
		json_null(jw);
	json_key(jw, "by_role");
	json_begin_object(jw);
	for (i = 0; i < SR_NR; i++)
		json_kuint(jw, suite_role_names[i], sh->role[i]);
	json_end_object(jw);
	json_end_object(jw);
}

void suite_share_text(char *buf, size_t size, const struct suite_share *sh)
{
	size_t len;
	unsigned i;

	if (!sh->available) {
		snprintf(buf, size, "n/a: %s", sh->why ? sh->why : "unknown");
		return;
	}
	if (!sh->windows) {
		snprintf(buf, size, "n/a: no interrupt with a known window");
		return;
	}
	len = (size_t)snprintf(buf, size, "%llu of %llu (%.1f %%; ", (unsigned long long)sh->any,
			       (unsigned long long)sh->windows, suite_share_pct(sh));
	for (i = 0; i < SR_NR && len < size; i++)
		if (i != SR_DEVICE || sh->role[i])
			len += (size_t)snprintf(buf + len, size - len, "%s%s %llu%s",
						i ? ", " : "", suite_role_names[i],
						(unsigned long long)sh->role[i],
						i == SR_DEVICE ? " (the path's own, not counted)" : "");
	for (i = 0; i < sh->watch.nr && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%llu", i ? "," : "; CPU ",
					(unsigned long long)sh->watch.cpu[i]);
	if (len < size)
		snprintf(buf + len, size - len, ")");
}
