// SPDX-License-Identifier: GPL-2.0
/*
 * virqbench-fleet (fleet.c): every host's verdict on one page, each path
 * across hosts with its rounds together, what differs between the hosts;
 * refusals (not a results directory, one host twice, mixed formats, an
 * OUTDIR in a run or someone else's) write nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fleet.h"
#include "rt.h"
#include "util.h"

static const struct fx_cell cells_a[] = {
	{ "v3-vhe-lr-line-busy-r1", "v3", "vhe", "lr-line", "busy", NULL, NULL, 100, 0, 1 },
	{ "v3-vhe-lr-line-busy-r2", "v3", "vhe", "lr-line", "busy", NULL, NULL, 100, 0, 2 },
	{ "v3-vhe-lr-line-busy-r3", "v3", "vhe", "lr-line", "busy", NULL, NULL, 100, 0, 3 },
};
static const struct fx_cell cells_b[] = {
	{ "v4-vhe-lr-line-busy", "v4", "vhe", "lr-line", "busy", NULL, NULL, 100, 0, 1 },
	{ "v4-vhe-v4-direct-busy", "v4", "vhe", "v4-direct", "busy", NULL, NULL, 100, 0, 2 },
};

/* summary.json of host A: lr-line in three rounds (medians 2000, 4000, 3000 ns). */
static const char summary_a[] =
	"{\"format_version\": 1, \"generator\": \"virqbench-analyze\", \"cells\": ["
	"{\"name\": \"v3-vhe-lr-line-busy-r1\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"lr-line\", \"state\": \"busy\","
	" \"status\": \"ok\", \"skipped\": false, \"counts\": {\"injected\": 100, \"received\": 100, \"lost\": 0},"
	" \"stages\": {\"total\": {\"available\": true, \"count\": 100, \"p50_ns\": 2000, \"p99_ns\": 9000}},"
	" \"exits_p50\": 1, \"exits_expected\": 1, \"exits_match\": true, \"exits_caused\": {\"available\": true, \"p50\": 1}},"
	"{\"name\": \"v3-vhe-lr-line-busy-r2\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"lr-line\", \"state\": \"busy\","
	" \"status\": \"ok\", \"skipped\": false, \"counts\": {\"injected\": 100, \"received\": 100, \"lost\": 0},"
	" \"stages\": {\"total\": {\"available\": true, \"count\": 100, \"p50_ns\": 4000, \"p99_ns\": 9500}},"
	" \"exits_p50\": 1, \"exits_expected\": 1, \"exits_match\": true, \"exits_caused\": {\"available\": true, \"p50\": 1}},"
	"{\"name\": \"v3-vhe-lr-line-busy-r3\", \"gic\": \"v3\", \"hyp\": \"vhe\", \"path\": \"lr-line\", \"state\": \"busy\","
	" \"status\": \"ok\", \"skipped\": false, \"counts\": {\"injected\": 100, \"received\": 100, \"lost\": 0},"
	" \"stages\": {\"total\": {\"available\": true, \"count\": 100, \"p50_ns\": 3000, \"p99_ns\": 9900}},"
	" \"exits_p50\": 1, \"exits_expected\": 1, \"exits_match\": true, \"exits_caused\": {\"available\": true, \"p50\": 1}}"
	"]}";

/* Host B: lr-line on GICv4, v4-direct skipped, and 3 interrupts lost. */
static const char summary_b[] =
	"{\"format_version\": 1, \"generator\": \"virqbench-analyze\", \"cells\": ["
	"{\"name\": \"v4-vhe-lr-line-busy\", \"gic\": \"v4\", \"hyp\": \"vhe\", \"path\": \"lr-line\", \"state\": \"busy\","
	" \"status\": \"ok\", \"skipped\": false, \"counts\": {\"injected\": 100, \"received\": 97, \"lost\": 3},"
	" \"stages\": {\"total\": {\"available\": true, \"count\": 97, \"p50_ns\": 7000, \"p99_ns\": null}},"
	" \"exits_p50\": 2, \"exits_expected\": 1, \"exits_match\": false, \"exits_caused\": {\"available\": true, \"p50\": 2}},"
	"{\"name\": \"v4-vhe-v4-direct-busy\", \"gic\": \"v4\", \"hyp\": \"vhe\", \"path\": \"v4-direct\", \"state\": \"busy\","
	" \"status\": \"skipped\", \"skipped\": true, \"skip_reason\": \"no <vfio> device\","
	" \"counts\": {\"injected\": 0, \"received\": 0, \"lost\": 0}}"
	"]}";

/* Replaces the first `from` in DIR/name by `to`; the test fails when there is none. */
static void edit(const char *dir, const char *name, const char *from, const char *to)
{
	char *t = t_read(dir, name), *p = t ? strstr(t, from) : NULL, *u;

	CHECKF(p != NULL, "%s/%s has no '%s' to replace", dir, name, from);
	if (!p) {
		free(t);
		return;
	}
	u = xasprintf("%.*s%s%s", (int)(p - t), t, to, p + strlen(from));
	t_write(dir, name, u);
	free(u);
	free(t);
}

static char *host_run(const char *name, const struct fx_cell *c, size_t n, const char *host,
		      const char *summary, const char *kernel)
{
	char *dir = fx_results(name, c, n, host);

	t_write(dir, "summary.json", summary);
	edit(dir, "meta.json", "\"generator\"", "\"format_version\": 1, \"generator\"");
	edit(dir, "meta.json", "\"6.1.0\"", kernel);
	return dir;
}

static int run2(const char *a, const char *b, const char *out, FILE *text)
{
	const char *runs[] = { a, b };
	struct fleet_opts o = { out, text };

	return fleet_run(runs, 2, &o);
}

void test_fleet(void)
{
	char *a = host_run("fleet-a", cells_a, 3, "altra <1>", summary_a, "\"6.1.0-27-arm64\"");
	char *b = host_run("fleet-b", cells_b, 2, "grace", summary_b, "\"6.12.9-arm64\"");
	char *out = t_path("fleet-out"), *html, *json, *txt, *snap, *tdir = t_dir("fleet-text");
	char *tpath = xasprintf("%s/fleet.txt", tdir);
	FILE *tf = fopen(tpath, "w");

	CHECK_INT(run2(a, b, out, tf), 0);
	fclose(tf);
	txt = t_read(tdir, "fleet.txt");
	CHECK_HAS(txt, "fleet: 2 hosts");
	CHECK_HAS(txt, "altra <1> (");
	CHECK_HAS(txt, "3 cells measured, 0 skipped, 0 failed; 0 of 300 interrupts lost");
	CHECK_HAS(txt, "grace (");
	CHECK_HAS(txt, "1 cell measured, 1 skipped, 0 failed; 3 of 100 interrupts lost");
	CHECK_HAS(txt, "uname_release: altra <1> 6.1.0-27-arm64; grace 6.12.9-arm64");
	CHECK_HAS(txt, "host_gic: altra <1> v3; grace v4");

	html = t_read(out, "fleet.html");
	/* Every host's verdict, good and bad, with the host's name escaped. */
	CHECK_HAS(html, "<section class=\"verdict host good\">\n<h3>altra &lt;1&gt;</h3>");
	CHECK_HAS(html, "<section class=\"verdict host bad\">\n<h3>grace</h3>");
	CHECK_HAS(html, "3 of 100 interrupts lost");
	CHECK_HAS(html, "flagged: <span class=\"mono\">v4-vhe-lr-line-busy</span>: exits caused 2 against the model&#39;s 1");
	/* One row per path and state, one column per host and GIC: rounds as one (median 3000 ns). */
	CHECK_HAS(html, "<td class=\"l cell\">lr-line-busy</td>");
	CHECK_HAS(html, "<td class=\"l cell\">v4-direct-busy</td>");
	CHECK_LACKS(html, "lr-line-busy-r2</td>");
	CHECK_HAS(html, "<th>v3 vhe</th><th class=\"hostcol\">v4 vhe</th>");
	CHECK_HAS(html, ">3.00 <span class=\"muted\">/ 9.50</span>");
	CHECK_HAS(html, "exits 1/1 ok · 3 rounds");
	CHECK_HAS(html, "7.00 <span class=\"muted\">/ n too small</span>");
	CHECK_HAS(html, "exits 2/1 !");
	CHECK_HAS(html, "title=\"no &lt;vfio&gt; device\">skipped</td>");
	/* What differs, and what does not. */
	CHECK_HAS(html, "<h2>What differs between hosts</h2>");
	CHECK_HAS(html, "<td class=\"l mono\">uname_release</td><td class=\"l wrap\">6.1.0-27-arm64</td><td class=\"l wrap\">6.12.9-arm64</td>");
	CHECK_HAS(html, "The same on every host: ");
	CHECK_HAS(html, "<td class=\"l mono\">hyp_mode</td><td class=\"l wrap\">vhe</td>");
	CHECK_LACKS(html, "<td class=\"l mono\">hyp_mode</td><td class=\"l wrap\">vhe</td><td");
	json = t_read(out, "fleet.json");
	CHECK_HAS(json, "\"generator\": \"virqbench-fleet\"");
	CHECK_HAS(json, "\"host\": \"grace\"");
	CHECK_HAS(json, "\"p50_ns\": 3000");
	CHECK_HAS(json, "\"lost\": 3");
	free(html);
	free(json);
	free(txt);

	/* An earlier fleet's OUTDIR is rewritten. */
	CHECK_INT(run2(a, b, out, NULL), 0);

	/* Refusals: one message each, nothing written. */
	snap = t_checksums(out);
	CHECK_INT(run2(a, a, out, NULL), -1);
	CHECK_HAS(diag_last(), "a second run of host altra <1>");
	CHECK_HAS(diag_last(), "virqbench compare");
	edit(b, "meta.json", "\"format_version\": 1, ", "");
	CHECK_INT(run2(a, b, out, NULL), -1);
	CHECK_HAS(diag_last(), "no format_version (older than doc/results-format.md's format 1), but");
	CHECK_HAS(diag_last(), "a fleet page reads runs of one results format");
	edit(b, "meta.json", "\"generator\"", "\"format_version\": 2, \"generator\"");
	CHECK_INT(run2(a, b, out, NULL), -1);
	CHECK_HAS(diag_last(), "results format 2 is newer than this virqbench-fleet reads (1)");
	{
		char *empty = t_dir("fleet-empty");

		CHECK_INT(run2(a, empty, out, NULL), -1);
		CHECK_HAS(diag_last(), "not a results directory");
		free(empty);
	}
	{
		char *s2 = t_checksums(out);

		CHECK_STR(s2, snap);
		free(s2);
	}
	edit(b, "meta.json", "\"format_version\": 2, ", "\"format_version\": 1, ");
	{
		char *in = xasprintf("%s/fleet", a), *foreign = t_dir("fleet-foreign");

		CHECK_INT(run2(a, b, in, NULL), -1);
		CHECK_HAS(diag_last(), "fleet writes nothing into the runs it reads");
		CHECK(!t_exists(a, "fleet"));
		t_write(foreign, "mine.txt", "x");
		CHECK_INT(run2(a, b, foreign, NULL), -1);
		CHECK_HAS(diag_last(), "not an earlier fleet's");
		CHECK(!t_exists(foreign, "fleet.html"));
		free(in);
		free(foreign);
	}
	free(snap);
	free(tpath);
	free(tdir);
	free(out);
	free(a);
	free(b);
}
