// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "cycles.h"
#include "join.h"
#include "json.h"
#include "kv.h"
#include "util.h"

const char *const cycle_stage_names[CY_NR] = {
	[CY_VECTOR_TO_ACK] = "vector_to_ack", [CY_ACK_TO_EOI] = "ack_to_eoi",
};

static int64_t cycles_ns(int64_t c, uint64_t hz)
{
	__int128 t = (__int128)c * 1000000000;

	return (int64_t)((t + (t < 0 ? -(__int128)(hz / 2) : (__int128)(hz / 2))) / (__int128)hz);
}

/* Each sample's stamps in order, and after the previous sample's: the counter only goes up. */
static void check_order(struct cycle_summary *cy, const struct guest_cycles *g, int64_t *last,
			uint64_t seq)
{
	if (g->c_vector <= g->c_ack && g->c_ack <= g->c_eoi && g->c_vector > *last) {
		*last = g->c_eoi;
		return;
	}
	if (!cy->not_monotonic++)
		cy->first_bad_seq = seq;
	*last = g->c_eoi > *last ? g->c_eoi : *last;
}

void cycles_summarize(struct cycle_summary *cy, const struct cell_join *j)
{
	const struct kv *kv = &j->ci->kv;
	const char *on = kv_get(kv, "guest_cycles");
	int64_t *v[CY_NR] = { NULL }, last = -1;
	size_t n = 0, seq;
	int k;

	memset(cy, 0, sizeof(*cy));
	cy->requested = on != NULL;
	if (!on)
		return;
	if (strcmp(on, "on")) {
		cy->why = kv_get(kv, "guest_cycles_why");
		if (!cy->why)
			cy->why = "cell.kv: guest_cycles is off, and guest_cycles_why does not say why";
		return;
	}
	if (kv_get_u64(kv, "guest_cycle_hz", &cy->hz) != 1 || !cy->hz) {
		cy->why = "cell.kv: guest_cycles=on without a guest_cycle_hz (the agent's calibration)";
		return;
	}
	/* Absent from older raw runs: then not said. */
	if (kv_get_u64(kv, "guest_cycle_stamp_cost", &cy->stamp) != 1)
		cy->stamp = 0;
	for (k = 0; k < CY_NR; k++)
		v[k] = xmalloc((j->nr_host ? j->nr_host : 1) * sizeof(*v[k]));
	for (seq = 0; seq < j->nr_host && j->guest_cyc; seq++) {
		const struct guest_row *row = join_measured(j, seq);
		const struct guest_cycles *g = row ? &j->guest_cyc[row - j->guest] : NULL;

		if (!g || (!g->c_vector && !g->c_ack && !g->c_eoi))
			continue;
		check_order(cy, g, &last, seq);
		if (!join_in_stats(j, seq))
			continue;
		v[CY_VECTOR_TO_ACK][n] = g->c_ack - g->c_vector;
		v[CY_ACK_TO_EOI][n] = g->c_eoi - g->c_ack;
		n++;
	}
	cy->rows = n;
	cy->on = n > 0;
	if (!n)
		cy->why = "guest_cycles=on, but guest.tsv has no cycle stamps (no c_vector, c_ack, c_eoi columns or all 0)";
	for (k = 0; k < CY_NR && n; k++) {
		pct_compute(v[k], n, &cy->cyc[k]);
		cy->ns[k] = (struct pct){
			.n = n, .min = cycles_ns(cy->cyc[k].min, cy->hz),
			.p50 = cycles_ns(cy->cyc[k].p50, cy->hz), .p90 = cycles_ns(cy->cyc[k].p90, cy->hz),
			.p99 = cycles_ns(cy->cyc[k].p99, cy->hz),
			.p999 = cycles_ns(cy->cyc[k].p999, cy->hz),
			.max = cycles_ns(cy->cyc[k].max, cy->hz),
			.mean = cy->cyc[k].mean * 1e9 / (double)cy->hz,
		};
		resolution_of_ticks(&cy->res[k], cy->cyc[k].p50, cy->hz);
	}
	for (k = 0; k < CY_NR; k++)
		free(v[k]);
}

/* min..max in @unit; percentiles null when the sample or the resolution does not support them. */
static void cycle_pct(struct json *j, const struct pct *p, const char *unit, bool below)
{
	static const struct { const char *name; unsigned permille; } pcts[] = {
		{ "p50", 500 }, { "p90", 900 }, { "p99", 990 }, { "p999", 999 },
	};
	const int64_t val[] = { p->p50, p->p90, p->p99, p->p999 };
	char key[32];

	snprintf(key, sizeof(key), "min%s", unit);
	json_kint(j, key, p->min);
	for (size_t i = 0; i < ARRAY_SIZE(pcts); i++) {
		snprintf(key, sizeof(key), "%s%s", pcts[i].name, unit);
		if (!below && pct_supported(p->n, pcts[i].permille))
			json_kint(j, key, val[i]);
		else
			json_knull(j, key);
	}
	snprintf(key, sizeof(key), "max%s", unit);
	json_kint(j, key, p->max);
	snprintf(key, sizeof(key), "mean%s", unit);
	json_kdouble(j, key, p->mean);
}

void cycles_json(struct json *j, const struct cycle_summary *cy)
{
	char buf[96];

	if (!cy->requested) {
		json_null(j);
		return;
	}
	json_begin_object(j);
	json_kbool(j, "on", cy->on);
	if (!cy->on) {
		json_kstr(j, "why", cy->why);
		json_end_object(j);
		return;
	}
	json_kuint(j, "hz", cy->hz);
	json_kstr(j, "counter", "PMCCNTR_EL0 through KVM's vPMU: guest cycles only (the host's time between two stamps is not counted); each stamp a trapped read");
	/*
	 * Each stage spans one stamp's own cost (the end of one trapped read,
	 * the start of the next). Said, not subtracted: under emulation it
	 * varies by thousands of cycles from one read to the next.
	 */
	json_kuint(j, "stamp_cycles", cy->stamp);
	json_kuint(j, "count", cy->rows);
	json_kbool(j, "monotonic", !cy->not_monotonic);
	json_kuint(j, "not_monotonic", cy->not_monotonic);
	if (cy->not_monotonic)
		json_kuint(j, "first_not_monotonic_seq", cy->first_bad_seq);
	json_key(j, "stages");
	json_begin_object(j);
	for (int k = 0; k < CY_NR; k++) {
		const struct resolution *r = &cy->res[k];

		json_key(j, cycle_stage_names[k]);
		json_begin_object(j);
		json_kdouble(j, "resolution_ns", r->period_ns);
		json_kint(j, "p50_ticks", r->p50_ticks);
		json_kbool(j, "below_resolution", r->below);
		if (r->below)
			json_kstr(j, "note", resolution_text(r, "cycles", buf, sizeof(buf)));
		cycle_pct(j, &cy->cyc[k], "_cycles", r->below);

		cycle_pct(j, &cy->ns[k], "_ns", r->below);
		json_end_object(j);
	}
	json_end_object(j);
	json_end_object(j);
}
