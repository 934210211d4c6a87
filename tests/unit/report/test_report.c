// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "rdir.h"
#include "report.h"
#include "rt.h"
#include "util.h"

#define NO_GNUPLOT "/nonexistent/gnuplot"

static const struct fx_cell cells[] = {
	{ "v3-vhe-lr-line-busy", "v3", "vhe", "lr-line", "busy", NULL, NULL, 300, 0, 1 },
	{ "v3-vhe-lr-line-wfi", "v3", "vhe", "lr-line", "wfi", NULL, NULL, 300, 20000, 2 },
	{ "v3-vhe-sgi-busy", "v3", "vhe", "sgi", "busy", NULL, NULL, 300, 5000, 3 },
	{ "v3-vhe-v4-direct-busy", "v3", "vhe", "v4-direct", "busy", "skipped",
	  "no GICv4 here <needs> \"v4\" & ITS", 0, 0, 4 },
	{ "v3-vhe-vtimer-busy", "v3", "vhe", "vtimer", "busy", "error",
	  "the guest agent failed <code 5>", 0, 0, 5 },
};

static const struct fx_cell multi[] = {
	{ "v2-vhe-lr-line-busy", "v2", "vhe", "lr-line", "busy", NULL, NULL, 100, 0, 1 },
	{ "v3-vhe-lr-line-busy", "v3", "vhe", "lr-line", "busy", NULL, NULL, 100, 3000, 2 },
	{ "v3-vhe-sgi-busy", "v3", "vhe", "sgi", "busy", NULL, NULL, 100, 0, 3 },
};

static bool have_gnuplot(void)
{
	const char *path = getenv("PATH");
	char *copy, *dir, *save = NULL;
	bool found = false;

	if (!path)
		return false;
	copy = xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/gnuplot", dir);

		found = !access(p, X_OK);
		free(p);
	}
	free(copy);
	return found;
}

/* Every p50 of summary.csv is in the page (as the exact ns of its cell). */
static void tables_match(const char *dir, const char *html)
{
	struct csv c;
	size_t r;
	char *p = xasprintf("%s/summary.csv", dir);

	CHECK_INT(csv_load(&c, p), 0);
	for (r = 0; r < c.nrows; r++) {
		static const char *const cols[] = { "p50_ns", "p90_ns", "p99_ns", "p999_ns", "max_ns" };
		size_t k;

		for (k = 0; k < 5; k++) {
			const char *v = csv_get(&c, r, cols[k]);
			char *want;

			if (!*v)
				continue;
			want = xasprintf("title=\"%s ns\"", v);
			CHECK_HAS(html, want);
			free(want);
		}
	}
	csv_free(&c);
	free(p);
}

static bool tmp_left(const char *dir)
{
	char *snap = t_checksums(dir);
	bool left = strstr(snap, ".tmp.") != NULL;

	free(snap);
	return left;
}

/*
 * A run with `trace both`: summary.json's tracing_cost_by_cell and
 * bpf_cost become the "Tracing cost" section; a run without them has none.
 */
static void test_cost_section(void)
{
	static const char cost[] =
		", \"tracing_cost_by_cell\": [{\"cell\": \"v3-vhe-lr-line-busy\", "
		"\"rounds\": 5, \"verdict\": \"noise\", \"traced_total_p50_ns\": 174512, "
		"\"untraced_total_p50_ns\": 156384, \"change_pct\": 7.6, "
		"\"change_min_pct\": -33.2, \"change_max_pct\": 34.9, "
		"\"change_interval_pct\": {\"mean\": 5.0, \"lo\": -20.1, \"hi\": 30.2, \"level\": 0.95}, \"noise_pct\": 8.3, "
		"\"bpf_ns_per_irq\": 39145.0}], "
		"\"bpf_cost\": [{\"prog\": \"exit\", \"cells\": 5, \"run_cnt\": 19742, "
		"\"run_time_ns\": 201142224, \"ns_per_event\": 10188.5}]}\n";
	struct report_opts o = { .gnuplot = NO_GNUPLOT, .quiet = true };
	char *dir = fx_results("rep-cost", multi, 3, "h"), *json, *end, *html;

	json = t_read(dir, "summary.json");
	CHECK(json != NULL);
	if (!json)
		return;
	end = strrchr(json, '}');
	*end = '\0';
	end = xasprintf("%s%s", json, cost);
	t_write(dir, "summary.json", end);
	CHECK_INT(report_build(dir, &o), -2);
	html = t_read(dir, "report.html");
	CHECK_HAS(html, "<h2>Tracing cost</h2>");
	CHECK_HAS(html, "<td class=\"mono\">v3-vhe-lr-line-busy</td><td>5</td>");
	CHECK_HAS(html, "<td>+7.6 %</td><td>-33.2 %</td><td>+34.9 %</td><td>[-20.1 .. +30.2 %]</td><td>8.3 %</td><td>39.15 \xc2\xb5s</td><td><b>noise</b></td>");
	CHECK_HAS(html, "<td class=\"mono\">exit</td><td>19742</td>");
	CHECK_HAS(html, "<td>10188 ns</td>");
	free(html);
	free(end);
	free(json);
	free(dir);
}

void test_report(void)
{
	struct report_opts o = { .gnuplot = NO_GNUPLOT, .quiet = true };
	char *dir, *html, *snap, *p;

	test_cost_section();

	/* Measured, skipped and failed cells; a host name that is markup. */
	dir = fx_results("rep", cells, 5, "<script>alert('x')</script> & co");
	t_write(dir, "v3-vhe-lr-line-busy.hist.txt", "# cyclictest-style\n");
	CHECK_INT(report_build(dir, &o), -2);	/* all but the plots */
	CHECK_HAS(diag_last(), "cannot run gnuplot ('" NO_GNUPLOT "')");
	html = t_read(dir, "report.html");
	CHECK(html != NULL);
	if (!html)
		return;
	CHECK_HAS(html, "<!doctype html>");
	CHECK_HAS(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co");
	CHECK_LACKS(html, "<script");
	CHECK_HAS(html, "no GICv4 here &lt;needs&gt; &quot;v4&quot; &amp; ITS");
	CHECK_HAS(html, "the guest agent failed &lt;code 5&gt;");
	CHECK_HAS(html, "Cells not measured");
	CHECK_HAS(html, "<section id=\"verdict\"");
	CHECK_HAS(html, "<h2 id=\"exits\">Exits by reason</h2>");
	CHECK_LACKS(html, "Tracing cost");
	CHECK_HAS(html, "a &lt;note&gt; &amp; more");
	CHECK_HAS(html, "62500000 Hz");
	CHECK_HAS(html, "virqbench run --path all");
	CHECK_LACKS(html, "Emulation:");
	CHECK_HAS(html, "<h3>GIC v3</h3>");
	CHECK_HAS(html, "This run has one GIC version (v3)");
	CHECK_HAS(html, "No stage breakdown plots");
	CHECK_HAS(html, "Some plots are missing");
	CHECK_HAS(html, "Plot not made");
	CHECK_HAS(html, "v3-vhe-lr-line-busy.hist.txt");
	tables_match(dir, html);
	free(html);
	CHECK(t_exists(dir, "report_tail_gic-v3-busy.gp"));
	CHECK(t_exists(dir, "report_tail_gic-v3-busy.dat"));
	CHECK(t_exists(dir, "report_hist_v3-vhe-lr-line-busy.gp"));
	CHECK(t_exists(dir, "report_hist_v3-vhe-sgi-busy.dat"));
	CHECK(!t_exists(dir, "report_hist_v3-vhe-v4-direct-busy.gp"));
	CHECK(!t_exists(dir, "report_tail_gic-v3-busy.png"));
	CHECK(!tmp_left(dir));
	p = t_read(dir, "report_tail_gic-v3-busy.gp");
	CHECK_HAS(p, "index 1 using 1:2 with steps");
	CHECK_HAS(p, "set output outbase.'.svg'");
	CHECK_HAS(p, "set xtics ('0%%' 1, '50%%' 2, '90%%' 10, '99%%' 100");	/* the nines */
	free(p);
	/* A plot of one state: one solid line per path, in the path's colour. */
	p = t_read(dir, "report_tail_gic-v3-wfi.gp");
	CHECK_HAS(p, "with steps lw 2 lc rgb '#d62728' dt 1 title 'lr-line'");
	free(p);

	/* The lab's banner; breakdown plots when they are there; stale plots go. */
	p = t_read(dir, "meta.json");
	{
		char *at = strstr(p, "\"lab\": null"), *np;

		CHECK(at != NULL);
		np = xasprintf("%.*s\"lab\": {\"qemu_machine\": \"virt,gic-version=3\"}%s",
			       (int)(at - p), p, at + strlen("\"lab\": null"));
		t_write(dir, "meta.json", np);
		free(np);
	}
	free(p);
	t_write(dir, "breakdown_v3.png", "not really a png");
	t_write(dir, "report_hist_gone.png", "old");
	t_write(dir, "report_hist_gone.gp", "old");
	CHECK_INT(report_build(dir, &o), -2);
	html = t_read(dir, "report.html");
	CHECK_HAS(html, "Emulation: absolute times mean little; compare ratios and exit counts");
	CHECK_HAS(html, "virt,gic-version=3");
	CHECK_HAS(html, "src=\"breakdown_v3.png\"");
	CHECK_LACKS(html, "No stage breakdown plots");
	free(html);
	CHECK(!t_exists(dir, "report_hist_gone.png"));
	CHECK(!t_exists(dir, "report_hist_gone.gp"));
	CHECK(t_exists(dir, "breakdown_v3.png"));

	/* Bad samples: refused, and the report in place is left as it was. */
	snap = t_checksums(dir);
	t_write(dir, "v3-vhe-sgi-busy.samples.tsv",
		"# seq\tt_inject\ttotal_ns\texits\tflags\n0\t1\t100\t1\tok\n1\t2\t1x0\t1\tok\n");
	free(snap);
	snap = t_checksums(dir);
	CHECK_INT(report_build(dir, &o), -1);
	CHECK_HAS(diag_last(), "v3-vhe-sgi-busy.samples.tsv:3: column 3 (total_ns)");
	p = t_checksums(dir);
	CHECK_STR(p, snap);
	free(p);
	free(snap);

	/* An empty directory, a raw run: one message, nothing written. */
	dir = t_dir("rep-empty");
	CHECK_INT(report_build(dir, &o), -1);
	CHECK_HAS(diag_last(), "empty directory: not a results directory");
	CHECK(!t_exists(dir, "report.html"));
	t_write(dir, "run.kv", "format=1\n");
	CHECK_INT(report_build(dir, &o), -1);
	CHECK_HAS(diag_last(), "raw run");
	CHECK(!t_exists(dir, "report.html"));

	/* Several GIC versions: a plot per GIC and one per path across them. */
	dir = fx_results("rep-multi", multi, 3, "h");
	CHECK_INT(report_build(dir, &o), -2);
	html = t_read(dir, "report.html");
	CHECK_HAS(html, "<h3>GIC v2</h3>");
	CHECK_HAS(html, "<h3>GIC v3</h3>");
	CHECK_HAS(html, "report_tail_path-lr-line.gp");
	CHECK_LACKS(html, "report_tail_path-sgi");	/* one GIC only: no plot */
	free(html);
	CHECK(t_exists(dir, "report_tail_path-lr-line.dat"));
	CHECK(t_exists(dir, "report_tail_gic-v2-busy.gp"));

	/* With gnuplot: every image is there, PNG and SVG. */
	if (have_gnuplot()) {
		struct report_opts og = { .quiet = true };

		CHECK_INT(report_build(dir, &og), 0);
		CHECK(t_exists(dir, "report_tail_gic-v2-busy.png"));
		CHECK(t_exists(dir, "report_tail_gic-v3-busy.svg"));
		CHECK(t_exists(dir, "report_tail_path-lr-line.png"));
		CHECK(t_exists(dir, "report_hist_v3-vhe-sgi-busy.svg"));
		html = t_read(dir, "report.html");
		CHECK_HAS(html, "<img src=\"report_tail_gic-v3-busy.png\"");
		CHECK_LACKS(html, "Plot not made");
		free(html);
		CHECK(!tmp_left(dir));
	} else {
		printf("note: gnuplot not found, its part of test_report skipped\n");
	}
}
