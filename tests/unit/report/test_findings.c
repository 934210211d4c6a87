// SPDX-License-Identifier: GPL-2.0
/* The verdict (findings.c): its counts, withheld percentiles, exits against the model. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "jread.h"
#include "rt.h"
#include "util.h"

static const char summary[] =
	"{\"format_version\": 1, \"cells\": ["
	/* measured, exits match, p99 withheld (n too small) */
	"{\"name\": \"v3-vhe-lr-line-busy\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"lr-line\", "
	" \"state\": \"busy\", \"status\": \"ok\", \"skipped\": false,"
	" \"counts\": {\"injected\": 50, \"received\": 50, \"lost\": 0},"
	" \"flags\": {\"ok\": 50, \"timeout\": 0, \"no_trace\": 3},"
	" \"stages\": {\"total\": {\"available\": true, \"count\": 50, \"p50_ns\": 2000, \"p99_ns\": null,"
	"   \"n_too_small\": {\"p99\": 100, \"p999\": 1000}, \"p50_ci_ns\": [1900, 2100], \"p99_ci_ns\": null}},"
	" \"exits_p50\": 2, \"exits_expected\": 1, \"exits_match\": true,"
	" \"exits_caused\": {\"available\": true, \"p50\": 1}},"
	/* measured, exits differ, a timeout, 2 lost; wfi not trapped */
	"{\"name\": \"v4-vhe-v4-direct-wfi\", \"gic\": \"v4\", \"hyp\": \"vhe\", \"path\": \"v4-direct\","
	" \"state\": \"wfi\", \"status\": \"ok\", \"skipped\": false, \"finding\": \"exits differ <here>\","
	" \"counts\": {\"injected\": 200, \"received\": 198, \"lost\": 2, \"trace_lost\": 7},"
	" \"flags\": {\"ok\": 197, \"timeout\": 2},"
	" \"stages\": {\"total\": {\"available\": true, \"count\": 198, \"p50_ns\": 300000, \"p99_ns\": 900000,"
	"   \"p50_ci_ns\": [290000, 310000], \"p99_ci_ns\": [800000, null]}},"
	" \"exits_p50\": 1, \"exits_expected\": 0, \"exits_match\": false,"
	" \"exits_caused\": {\"available\": true, \"p50\": 1},"
	" \"device_host_irqs\": 0, \"direct_injection_proven\": true, \"wfi_not_trapped\": 197},"
	/* skipped */
	"{\"name\": \"v2-vhe-lr-msi-busy\", \"gic\": \"v2\", \"hyp\": \"vhe\", \"path\": \"lr-msi\","
	" \"state\": \"busy\", \"status\": \"skipped\", \"skipped\": true, \"skip_reason\": \"no ITS\","
	" \"counts\": {\"injected\": 0, \"received\": 0, \"lost\": 0}},"
	/* failed: nothing reached the guest */
	"{\"name\": \"v3-vhe-vtimer-busy\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"vtimer\","
	" \"state\": \"busy\", \"status\": \"error\", \"skipped\": false, \"error\": \"agent failed\","
	" \"counts\": {\"injected\": 10, \"received\": 0, \"lost\": 10}}"
	"]}";

/* Two -cycles cells: one stamped and monotonic, one without a vPMU. */
static const char summary_cycles[] =
	"{\"format_version\": 1, \"cells\": ["
	"{\"name\": \"v3-vhe-lr-line-busy-cycles\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"lr-line\","
	" \"state\": \"busy\", \"status\": \"ok\", \"skipped\": false,"
	" \"counts\": {\"injected\": 10, \"received\": 10, \"lost\": 0},"
	" \"guest_cycles\": {\"on\": true, \"hz\": 1000000000, \"monotonic\": true}},"
	"{\"name\": \"v3-vhe-sgi-busy-cycles\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"sgi\","
	" \"state\": \"busy\", \"status\": \"ok\", \"skipped\": false,"
	" \"counts\": {\"injected\": 10, \"received\": 10, \"lost\": 0},"
	" \"guest_cycles\": {\"on\": false, \"why\": \"no vPMU: <KVM_CAP_ARM_PMU_V3>\"}},"
	"{\"name\": \"v3-vhe-sgi-busy\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"sgi\","
	" \"state\": \"busy\", \"status\": \"ok\", \"skipped\": false,"
	" \"counts\": {\"injected\": 10, \"received\": 10, \"lost\": 0}, \"guest_cycles\": null}"
	"]}";

static void test_findings_cycles(void)
{
	struct jval *j = jr_parse("summary.json", summary_cycles, strlen(summary_cycles));
	struct findings f;
	char *path, *out;
	FILE *fp;

	CHECK(j != NULL);
	if (!j)
		return;
	CHECK_INT(findings_make(&f, j), 0);
	CHECK_INT(f.cycles_asked, 2);
	CHECK_INT(f.cycles_on, 1);
	CHECK_INT(f.cycles_monotonic, 1);
	CHECK_STR(f.cycles_off_why, "no vPMU: <KVM_CAP_ARM_PMU_V3>");
	CHECK_STR(f.cell[0].path_label, "lr-line cycles");
	CHECK_STR(f.cell[2].path_label, "sgi");
	path = xasprintf("%s/verdict.txt", t_dir("findings-cycles"));
	fp = fopen(path, "w");
	findings_print(fp, &f);
	fclose(fp);
	out = t_read(t_dir("findings-cycles"), "verdict.txt");
	CHECK_HAS(out, "guest cycle stamps in 1 of 2 -cycles cells, monotonic in 1; without: no vPMU: <KVM_CAP_ARM_PMU_V3>");
	free(out);
	fp = fopen(path, "w");
	findings_html(fp, &f);
	fclose(fp);
	out = t_read(t_dir("findings-cycles"), "verdict.txt");
	CHECK_HAS(out, "<b class=\"n-cycles\">1</b> of 2 -cycles cells, monotonic in 1; without: no vPMU: &lt;KVM_CAP_ARM_PMU_V3&gt;");
	free(out);
	free(path);
	findings_free(&f);
	jr_free(j);
}

void test_findings(void)
{
	struct jval *j = jr_parse("summary.json", summary, strlen(summary));
	struct findings f;
	char *path, *out;
	FILE *fp;

	CHECK(j != NULL);
	if (!j)
		return;
	CHECK_INT(findings_make(&f, j), 0);
	CHECK_INT(f.ncells, 4);
	CHECK_INT(f.measured, 2);
	CHECK_INT(f.skipped, 1);
	CHECK_INT(f.failed, 1);
	CHECK_INT(f.injected, 260);
	CHECK_INT(f.lost, 12);
	CHECK_INT(f.exits_match, 1);
	CHECK_INT(f.exits_differ, 1);
	CHECK_INT(f.direct_asked, 1);
	CHECK_INT(f.direct_proven, 1);
	CHECK_INT(f.wfi_cells, 1);
	CHECK_INT(f.wfi_untrapped, 197);
	CHECK(!f.cell[0].p99.has && f.cell[0].p99_needs == 100);
	CHECK(f.cell[0].caused.has && f.cell[0].caused.v == 1 && f.cell[0].all.v == 2);
	CHECK_STR(f.cell[0].flags, "");		/* no_trace is a note, not a fault */
	CHECK_STR(f.cell[1].flags, "timeout 2, trace lost 7 events");
	CHECK(f.cell[1].p99_ci && f.cell[1].p99_lo.v == 800000 && !f.cell[1].p99_hi.has);

	path = xasprintf("%s/verdict.txt", t_dir("findings"));
	fp = fopen(path, "w");
	findings_print(fp, &f);
	fclose(fp);
	out = t_read(t_dir("findings"), "verdict.txt");
	CHECK_HAS(out, "verdict: 2 cells measured, 1 skipped, 1 failed; 12 of 260 interrupts lost; "
		       "exits caused match the model in 1 of 2 measured cells (some differ");
	CHECK_HAS(out, "n too small");
	CHECK_HAS(out, "1/1 ok");
	CHECK_HAS(out, "1/0 !");
	CHECK_HAS(out, "max+");
	CHECK_HAS(out, "flagged: v4-vhe-v4-direct-wfi: exits differ <here>");
	CHECK_HAS(out, "failed: v3-vhe-vtimer-busy: agent failed");
	CHECK_HAS(out, "skipped: v2-vhe-lr-msi-busy: no ITS");
	free(out);

	fp = fopen(path, "w");
	findings_html(fp, &f);
	fclose(fp);
	out = t_read(t_dir("findings"), "verdict.txt");
	CHECK_HAS(out, "<section id=\"verdict\" class=\"verdict bad\">");
	CHECK_HAS(out, "<b class=\"n-measured\">2</b> measured");
	CHECK_HAS(out, "<b class=\"n-skipped\">1</b> skipped");
	CHECK_HAS(out, "<b class=\"n-failed\">1</b> failed");
	CHECK_HAS(out, "<b class=\"n-lost\">12</b> of 260");
	CHECK_HAS(out, "exits differ &lt;here&gt;");
	CHECK_HAS(out, "title=\"p99 needs 100 samples, this cell has 50\">n too small</td>");
	free(out);
	free(path);
	findings_free(&f);
	jr_free(j);

	/* No summary.json: nothing known, nothing judged. */
	CHECK_INT(findings_make(&f, NULL), 0);
	CHECK_INT(f.ncells, 0);
	findings_free(&f);
	test_findings_cycles();
}
