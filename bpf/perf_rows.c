// SPDX-License-Identifier: GPL-2.0
/* perf_count.h's row accounting: pure, so that its edge cases are unit-tested. */
#include "perf_count.h"

void pc_rows_add(struct pc_rows *r, uint64_t ts)
{
	if (r->n < PC_EDGE_ROWS)
		r->early[r->n] = ts;
	r->late[r->n % PC_EDGE_ROWS] = ts;
	r->n++;
}

/* One thread's rows come in time order (one ring buffer, reserved in order). */
int64_t pc_rows_in(const struct pc_rows *r, uint64_t ts_first, uint64_t ts_last)
{
	uint64_t kept = r->n < PC_EDGE_ROWS ? r->n : PC_EDGE_ROWS, before = 0, after = 0;

	if (r->n <= PC_EDGE_ROWS) {
		int64_t in = 0;

		for (uint64_t i = 0; i < kept; i++)
			in += r->early[i] > ts_first && r->early[i] <= ts_last;
		return in;
	}
	while (before < kept && r->early[before] <= ts_first)
		before++;
	for (uint64_t i = 0; i < kept; i++)
		after += r->late[i] > ts_last;
	/* Every kept edge row outside: more may be, beyond what is kept. */
	if (before == kept || after == kept)
		return -1;
	return (int64_t)(r->n - before - after);
}
