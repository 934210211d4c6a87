// SPDX-License-Identifier: GPL-2.0
/* report.html's "Guest cycles" section (cycles_section.c) and which cells are -cycles twins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cycles_section.h"
#include "jread.h"
#include "rt.h"
#include "util.h"

static const char summary[] =
	"{\"cells\": ["
	"{\"name\": \"v3-vhe-lr-line-busy-cycles\", \"skipped\": false,"
	" \"guest_cycles\": {\"on\": true, \"hz\": 1002799432, \"stamp_cycles\": 4649, \"monotonic\": true,"
	"  \"stages\": {\"vector_to_ack\": {\"resolution_ns\": 0.997, \"p50_cycles\": 7347, \"p99_cycles\": 22540,"
	"   \"max_cycles\": 59097, \"p50_ns\": 7326, \"p99_ns\": 22477},"
	"  \"ack_to_eoi\": {\"resolution_ns\": 0.997, \"below_resolution\": true, \"note\": \"below resolution (3 cycles)\","
	"   \"p50_cycles\": null, \"p99_cycles\": null, \"max_cycles\": 9, \"p50_ns\": null, \"p99_ns\": null}}}},"
	"{\"name\": \"v3-vhe-sgi-busy-cycles-r1\", \"skipped\": false,"
	" \"guest_cycles\": {\"on\": false, \"why\": \"no vPMU: <cap>\"}},"
	"{\"name\": \"v3-vhe-sgi-busy\", \"skipped\": false, \"guest_cycles\": null}"
	"]}";

void test_cycles_section(void)
{
	struct rdir rd;
	char *path, *out;
	FILE *fp;

	CHECK(cycles_twin("v3-vhe-lr-line-busy-cycles"));
	CHECK(cycles_twin("v3-vhe-lr-line-busy-cycles-r1"));
	CHECK(cycles_twin("v3-vhe-lr-line-busy-cycles-r1-untraced"));
	CHECK(!cycles_twin("v3-vhe-lr-line-busy"));
	CHECK(!cycles_twin("v3-vhe-lr-line-busy-cyclesx"));
	CHECK(!cycles_twin(NULL));

	memset(&rd, 0, sizeof(rd));
	rd.summary = jr_parse("summary.json", summary, strlen(summary));
	CHECK(rd.summary != NULL);
	if (!rd.summary)
		return;
	path = xasprintf("%s/section.html", t_dir("cycles-section"));
	fp = fopen(path, "w");
	section_guest_cycles(fp, &rd);
	fclose(fp);
	out = t_read(t_dir("cycles-section"), "section.html");
	CHECK_HAS(out, "<h2 id=\"cycles\">Guest cycles</h2>");
	CHECK_HAS(out, "v3-vhe-lr-line-busy-cycles</td><td class=\"l\">vector_to_ack (stamp 4649)</td><td>7347</td><td>22540</td><td>59097</td><td>7326</td><td>22477</td><td>1002799432</td><td title=\"0.997\">0.997</td>");
	/* Below resolution: no percentiles, the note says why. */
	CHECK_HAS(out, "ack_to_eoi (stamp 4649)</td><td>\xe2\x80\x93</td><td>\xe2\x80\x93</td><td>9</td>");
	CHECK_HAS(out, "below resolution (3 cycles)");
	CHECK_HAS(out, "no cycle stamps: no vPMU: &lt;cap&gt;");
	CHECK_LACKS(out, "v3-vhe-sgi-busy<");
	free(out);

	/* A run without -cycles cells: no section at all. */
	jr_free(rd.summary);
	rd.summary = jr_parse("summary.json", "{\"cells\": [{\"name\": \"x\", \"guest_cycles\": null}]}", 48);
	fp = fopen(path, "w");
	section_guest_cycles(fp, &rd);
	fclose(fp);
	out = t_read(t_dir("cycles-section"), "section.html");
	CHECK_STR(out, "");
	free(out);
	free(path);
	jr_free(rd.summary);
}
