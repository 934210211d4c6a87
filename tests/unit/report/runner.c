// SPDX-License-Identifier: GPL-2.0
/* The report tools' tests' main(): the checks themselves are in ../check.c. */
#include "rt.h"

int main(void)
{
	if (t_setup("virqbench-report-tests."))
		return t_finish("report");
	test_html();
	test_jread();
	test_rstats();
	test_rdir();
	test_report();
	test_compare();
	test_rounds();
	test_findings();
	test_cycles_section();
	test_perf_verdict();
	test_atomic();
	test_fleet();
	return t_finish("report");
}
