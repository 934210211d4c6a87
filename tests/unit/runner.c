// SPDX-License-Identifier: GPL-2.0
/* The analysis unit tests' main(): the checks themselves are in check.c. */
#include "diag.h"
#include "test.h"

int main(void)
{
	if (t_setup("vqb-unit-"))
		return t_finish(NULL);
	/* The tests provoke warnings on purpose; they check them, not print them. */
	diag_set_warn_stream(NULL);

	test_num();
	test_kv();
	test_kvout();
	test_diag();
	test_gnuplot();
	test_tsv();
	test_stats();
	test_json();
	test_fmt();
	test_clock();
	test_join();
	test_join_more();
	test_suite_window();
	test_marks();
	test_breakdown();
	test_trace_extras();
	test_trace_row();
	test_e2e();
	test_selfcheck();
	test_robust();
	test_scale();
	test_cycles();
	test_perf_counts();

	return t_finish(NULL);
}
