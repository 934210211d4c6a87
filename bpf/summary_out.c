// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <string.h>

#include "summary_out.h"

static const struct vcpu_stats *pick(const struct vcpu_slot *v,
				     const struct tm_interval *r)
{
	return r->final ? &v->all : &v->iv;
}

static const struct vm_counts *pick_vm(const struct summary *s,
				       const struct tm_interval *r)
{
	return r->final ? &s->all : &s->iv;
}

/* A vCPU thread worth a row: it ran the guest or was given an injection. */
static bool shown(const struct vcpu_slot *v, const struct tm_interval *r)
{
	const struct vcpu_stats *st = pick(v, r);

	return st->entries || st->injections;
}

static uint64_t loss_total(const struct loss *l)
{
	return l->ringbuf + l->busy + l->bad;
}

/* The classes of st's exits, most frequent first, as "IRQ 990, WFx 3". */
static void print_classes(FILE *f, const uint64_t *by_class, uint64_t total)
{
	bool done[XC_NR] = { false };
	uint64_t shown_n = 0;
	int k;

	if (!total) {
		fputs("-", f);
		return;
	}
	for (k = 0; k < 4 && shown_n < total; k++) {
		unsigned int best = XC_NR, x;
		char buf[16];

		for (x = 0; x < XC_NR; x++)
			if (!done[x] && by_class[x] &&
			    (best == XC_NR || by_class[x] > by_class[best]))
				best = x;
		if (best == XC_NR)
			break;
		done[best] = true;
		shown_n += by_class[best];
		fprintf(f, "%s%s %" PRIu64, k ? ", " : "",
			exit_class_name(best, buf, sizeof(buf)), by_class[best]);
	}
	if (shown_n < total)
		fprintf(f, ", other %" PRIu64, total - shown_n);
}

/* Bucket b holds [lo, hi); the last one runs to the end of uint64_t. */
static uint64_t bucket_lo(int b)
{
	return b ? (uint64_t)1 << b : 0;
}

static uint64_t bucket_hi(int b)
{
	return b + 1 < 64 ? (uint64_t)1 << (b + 1) : UINT64_MAX;
}

static void print_hist(FILE *f, const struct lat_stats *l)
{
	uint64_t most = 0;
	int b, lo = -1, hi = -1;

	for (b = 0; b < VQT_HIST_BUCKETS; b++) {
		if (!l->hist[b])
			continue;
		if (lo < 0)
			lo = b;
		hi = b;
		if (l->hist[b] > most)
			most = l->hist[b];
	}
	if (lo < 0)
		return;
	fprintf(f, "  %14s %14s %10s\n", ">= ns", "< ns", "count");
	for (b = lo; b <= hi; b++) {
		int bar = (int)(l->hist[b] * 40 / most);

		fprintf(f, "  %14" PRIu64 " %14" PRIu64 " %10" PRIu64 " ",
			bucket_lo(b), bucket_hi(b), l->hist[b]);
		while (bar-- > 0)
			fputc('#', f);
		fputc('\n', f);
	}
}

void summary_print(FILE *f, struct summary *s, const struct tm_interval *r)
{
	const struct vm_counts *vm = pick_vm(s, r);
	size_t i;

	fprintf(f, "%s+%.1f s (%.1f s): %" PRIu64 " injections",
		r->final ? "total at " : "", r->t_s, r->len_s, vm->injections);
	if (vm->foreign)
		fprintf(f, " (%" PRIu64 " by kernel threads or interrupts)",
			vm->foreign);
	if (vm->coalesced)
		fprintf(f, ", %" PRIu64 " more raised while still pending (not counted)",
			vm->coalesced);
	fprintf(f, ", %" PRIu64 " events, lost %" PRIu64 "%s\n", vm->events,
		loss_total(&r->loss),
		loss_total(&r->loss) ? " (counts are incomplete)" : "");
	fprintf(f, "  %-5s %-15s %7s %8s %8s %10s %10s %10s %10s %9s  %s\n", "vcpu",
		"thread", "tid", "inj", "deliv", "p50_ns", "p90_ns", "p99_ns",
		"max_ns", "exits/inj", "exits by class");
	for (i = 0; i < s->nslots; i++) {
		struct vcpu_slot *v = &s->slots[i];
		struct vcpu_stats *st = r->final ? &v->all : &v->iv;
		struct lat_stats *l = &st->lat;
		char idx[12];

		if (!shown(v, r))
			continue;
		if (v->index >= 0)
			snprintf(idx, sizeof(idx), "%d", v->index);
		else
			snprintf(idx, sizeof(idx), "?");
		fprintf(f, "  %-5s %-15.15s %7u %8" PRIu64 " %8" PRIu64
			" %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %10" PRIu64,
			idx, v->name, v->tid, st->injections, st->delivered,
			lat_percentile(l, 50), lat_percentile(l, 90),
			lat_percentile(l, 99), l->max);
		if (st->injections)
			fprintf(f, " %9.2f  ",
				(double)st->exits / (double)st->injections);
		else
			fprintf(f, " %9s  ", "-");
		print_classes(f, st->exit_class, st->exits);
		fputc('\n', f);
	}
	if (!r->final)
		return;

	for (i = 0; i < s->nslots; i++) {
		struct vcpu_slot *v = &s->slots[i];
		const struct vcpu_stats *st = pick(v, r);

		if (!shown(v, r) || !st->delivered)
			continue;
		fprintf(f, "\nvcpu %d (%s, tid %u): injection -> next guest entry, ns\n",
			v->index, v->name, v->tid);
		print_hist(f, &st->lat);
		fprintf(f, "  reached by: an exit after it %" PRIu64 " (",
			st->via[VQT_VIA_EXIT]);
		print_classes(f, st->via_exit, st->via[VQT_VIA_EXIT]);
		fprintf(f, "), a wakeup from halt %" PRIu64
			", already out of the guest %" PRIu64 "\n",
			st->via[VQT_VIA_WAKEUP], st->via[VQT_VIA_OUT]);
		if (st->guessed)
			fprintf(f, "  %" PRIu64 " injections named no vCPU (SPI/MSI): given to the first vCPU to enter after them\n",
				st->guessed);
	}
	if (summary_undelivered(s))
		fprintf(f, "\n%zu injections were never followed by a guest entry of their vCPU\n",
			summary_undelivered(s));
}

static void json_classes(struct json *j, const uint64_t *by_class,
			 uint64_t total, double div)
{
	unsigned int x;

	json_begin_object(j);
	if (div > 0)
		json_kdouble(j, "total", (double)total / div);
	else
		json_kuint(j, "total", total);
	for (x = 0; x < XC_NR; x++) {
		char buf[16];
		const char *name;

		if (!by_class[x])
			continue;
		name = exit_class_name(x, buf, sizeof(buf));
		if (div > 0)
			json_kdouble(j, name, (double)by_class[x] / div);
		else
			json_kuint(j, name, by_class[x]);
	}
	json_end_object(j);
}

static void json_latency(struct json *j, struct lat_stats *l, bool hist)
{
	int b;

	json_begin_object(j);
	json_kuint(j, "count", l->count);
	if (l->count) {
		json_kuint(j, "min", l->min);
		json_kuint(j, "p50", lat_percentile(l, 50));
		json_kuint(j, "p90", lat_percentile(l, 90));
		json_kuint(j, "p99", lat_percentile(l, 99));
		json_kuint(j, "max", l->max);
		json_kdouble(j, "mean", (double)l->sum / (double)l->count);
	}
	if (hist) {
		/* log2 buckets [ge, lt), the empty ones left out */
		json_key(j, "histogram");
		json_begin_array(j);
		for (b = 0; b < VQT_HIST_BUCKETS; b++) {
			if (!l->hist[b])
				continue;
			json_begin_object(j);
			json_kuint(j, "ge", bucket_lo(b));
			json_kuint(j, "lt", bucket_hi(b));
			json_kuint(j, "count", l->hist[b]);
			json_end_object(j);
		}
		json_end_array(j);
	}
	json_end_object(j);
}

static void json_vcpu(struct json *j, struct vcpu_slot *v,
		      const struct tm_interval *r)
{
	struct vcpu_stats *st = r->final ? &v->all : &v->iv;

	json_begin_object(j);
	json_key(j, "vcpu");
	if (v->index >= 0)
		json_int(j, v->index);
	else
		json_null(j);
	json_kuint(j, "tid", v->tid);
	json_kstr(j, "thread", v->name);
	json_kuint(j, "injections", st->injections);
	json_kuint(j, "target_guessed", st->guessed);
	json_kuint(j, "delivered", st->delivered);
	if (r->final)
		json_kuint(j, "undelivered", v->npend);
	json_key(j, "latency_ns");
	json_latency(j, &st->lat, r->final);

	json_key(j, "reached_by");
	json_begin_object(j);
	json_key(j, "exit");
	json_classes(j, st->via_exit, st->via[VQT_VIA_EXIT], 0);
	json_kuint(j, "wakeup", st->via[VQT_VIA_WAKEUP]);
	json_kuint(j, "already_out", st->via[VQT_VIA_OUT]);
	json_end_object(j);

	json_key(j, "exits");
	json_classes(j, st->exit_class, st->exits, 0);
	json_key(j, "exits_per_injection");
	if (st->injections)
		json_classes(j, st->exit_class, st->exits,
			     (double)st->injections);
	else
		json_null(j);
	json_kuint(j, "entries", st->entries);
	json_kuint(j, "wakeups", st->wakeups);
	json_kuint(j, "userspace_exits", st->userspace_exits);
	json_kuint(j, "mmio", st->mmio);
	json_kuint(j, "wfx", st->wfx);
	json_end_object(j);
}

void summary_json(struct json *j, struct summary *s,
		  const struct tm_interval *r)
{
	const struct vm_counts *vm = pick_vm(s, r);
	size_t i;

	json_begin_object(j);
	json_kdouble(j, "t_s", r->t_s);
	json_kdouble(j, "length_s", r->len_s);
	json_kuint(j, "events", vm->events);
	json_kuint(j, "injections", vm->injections);
	json_kuint(j, "foreign_injections", vm->foreign);
	json_kuint(j, "coalesced", vm->coalesced);
	json_kuint(j, "late_events", vm->late);
	json_key(j, "lost");
	json_begin_object(j);
	json_kuint(j, "total", loss_total(&r->loss));
	json_kuint(j, "ringbuf", r->loss.ringbuf);
	json_kuint(j, "busy", r->loss.busy);
	json_kuint(j, "undecodable", r->loss.bad);
	json_end_object(j);
	json_kbool(j, "complete", !loss_total(&r->loss));
	if (r->final)
		json_kuint(j, "unattributed_undelivered", s->nunatt);
	json_key(j, "vcpus");
	json_begin_array(j);
	for (i = 0; i < s->nslots; i++)
		if (shown(&s->slots[i], r))
			json_vcpu(j, &s->slots[i], r);
	json_end_array(j);
	json_end_object(j);
}
