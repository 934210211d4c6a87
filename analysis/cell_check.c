// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "cell_check.h"
#include "diag.h"
#include "util.h"

int cell_check_count(const struct cell_join *j)
{
	const struct cell_info *ci = j->ci;
	const struct kv_entry *e = kv_find(&ci->kv, "count_injected");
	char *host;
	int r;

	/* bench/ counts either every row or the rows that were injected. */
	if (ci->count_injected == j->nr_host || ci->count_injected == j->injected)
		return 0;
	host = xasprintf("%s/host.tsv", ci->dir);
	r = diag_error(ci->kv.path, e ? e->line : 0,
		       "count_injected=%llu but %s has %zu rows, %llu of them injected (expected one of those counts)",
		       (unsigned long long)ci->count_injected, host, j->nr_host,
		       (unsigned long long)j->injected);
	free(host);
	return r;
}

/* The first such sample is found while classifying (join_classify()): no pass of its own. */
int cell_check_stamps(const struct cell_join *j)
{
	size_t i = j->saturated_at;
	const struct guest_row *g;
	char *host;
	int r;

	if (!j->saturated)
		return 0;
	g = join_measured(j, i);
	host = xasprintf("%s/host.tsv", j->ci->dir);
	r = diag_error(host, 0,
		       "seq %zu: t_inject %lld against guest.tsv's t_vector %lld, t_ack %lld, t_eoi %lld (cntvoff %lld): %s does not fit in 64 bits (expected stamps of one run's counters)",
		       j->seq0 + i, (long long)j->host[i].t_inject,
		       (long long)g->t_vector, (long long)g->t_ack,
		       (long long)g->t_eoi, (long long)j->ci->cntvoff,
		       stage_names[j->saturated_stage]);
	free(host);
	return r;
}

int cell_check(const struct cell_join *j)
{
	if (j->ci->skipped)
		return 0;
	return cell_check_count(j) || cell_check_stamps(j) ? -1 : 0;
}
