// SPDX-License-Identifier: GPL-2.0
/* The verdict's perf recount (perf_verdict.c): agree, differ with both numbers, off with why. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "jread.h"
#include "rt.h"
#include "util.h"

#define CELL(name, perf) \
	"{\"name\": \"" name "\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"lr-line\"," \
	" \"state\": \"busy\", \"status\": \"ok\", \"skipped\": false," \
	" \"counts\": {\"injected\": 10, \"received\": 10, \"lost\": 0}, " perf "}"

static const char summary[] =
	"{\"format_version\": 1, \"cells\": ["
	CELL("v3-vhe-lr-line-busy", "\"perf_counts\": {\"status\": \"on\", \"agree\": true, \"events\": ["
	     "{\"event\": \"exit\", \"perf\": 60, \"bpf\": 60, \"agree\": true}]}") ","
	CELL("v3-vhe-lr-line-wfi", "\"perf_counts\": {\"status\": \"on\", \"agree\": false, \"events\": ["
	     "{\"event\": \"exit\", \"perf\": 60, \"bpf\": 59, \"agree\": false},"
	     "{\"event\": \"entry\", \"perf\": 60, \"bpf\": 60, \"agree\": true}]}") ","
	CELL("v3-vhe-soft-vi-busy", "\"perf_counts\": {\"status\": \"off\", \"why\": \"perf_event_paranoid too strict\"}") ","
	/* a run from before the recount: nothing said either way */
	CELL("v3-vhe-soft-vi-wfi", "\"traced\": true")
	"]}";

void test_perf_verdict(void)
{
	struct jval *j = jr_parse("summary.json", summary, strlen(summary));
	char *dir = t_dir("perf-verdict"), *path = xasprintf("%s/v.txt", dir), *out;
	struct findings f;
	FILE *fp;

	CHECK(j != NULL);
	if (!j)
		return;
	CHECK_INT(findings_make(&f, j), 0);
	CHECK_INT(f.perf_agree, 1);
	CHECK_INT(f.perf_differ, 1);
	CHECK_INT(f.perf_off, 1);
	CHECK_INT(f.cell[3].perf, PV_NONE);
	CHECK_STR(f.cell[1].perf_diff, "exit: perf 60, bpf 59");
	CHECK_INT(f.flagged, 1);

	fp = fopen(path, "w");
	findings_print(fp, &f);
	fclose(fp);
	out = t_read(dir, "v.txt");
	CHECK_HAS(out, "  perf recount: BPF's event counts equal perf_event_open's in 1 of 2 traced cells (some differ");
	CHECK_HAS(out, "  perf recount off in 1 cell: perf_event_paranoid too strict\n");
	CHECK_HAS(out, "flagged: v3-vhe-lr-line-wfi: BPF's counts differ from perf's: exit: perf 60, bpf 59\n");
	CHECK_LACKS(out, "flagged: v3-vhe-lr-line-busy");
	free(out);

	fp = fopen(path, "w");
	findings_html(fp, &f);
	fclose(fp);
	out = t_read(dir, "v.txt");
	CHECK_HAS(out, "class=\"verdict bad\"");
	CHECK_HAS(out, "<b class=\"n-perf-agree\">1</b> of 2 traced cells");
	CHECK_HAS(out, "BPF&#39;s counts differ from perf&#39;s: exit: perf 60, bpf 59");
	free(out);
	findings_free(&f);
	jr_free(j);
	free(path);
	free(dir);
}
