// SPDX-License-Identifier: GPL-2.0
#include <stdbool.h>
#include <stdint.h>

#include "cost_section.h"
#include "html.h"
#include "jread.h"

/* A number member as text with a format, or an en dash when null or absent. */
static void td_num(FILE *f, const struct jval *o, const char *key, const char *fmt,
		   double scale)
{
	const struct jval *v = jr_get(o, key);

	if (!v || v->t != J_NUM) {
		fputs("<td class=\"na\">&ndash;</td>", f);
		return;
	}
	fputs("<td>", f);
	html_escapef(f, fmt, v->num * scale);
	fputs("</td>", f);
}

/* A number member in µs, the ns on hover (its text as the JSON has it). */
static void td_us(FILE *f, const struct jval *o, const char *key)
{
	const struct jval *v = jr_get(o, key);

	html_td_ns(f, v && v->t == J_NUM ? v->s : "");
}

/* The mean change's interval over the rounds, or why there is none. */
static void td_interval(FILE *f, const struct jval *iv)
{
	const struct jval *lo = jr_get(iv, "lo"), *hi = jr_get(iv, "hi");

	if (!lo || !hi || lo->t != J_NUM || hi->t != J_NUM) {
		fputs("<td class=\"na\" title=\"one round: the noise is not known\">&ndash;</td>", f);
		return;
	}
	fprintf(f, "<td>[%+.1f .. %+.1f %%]</td>", lo->num, hi->num);
}

static void cell_rows(FILE *f, const struct jval *cells)
{
	size_t i;

	fputs("<div class=\"scroll\"><table>\n<tr><th>cell</th><th>rounds</th>"
	      "<th>traced p50</th><th>untraced p50</th><th>change</th><th>min</th><th>max</th>"
	      "<th>95% interval</th><th>noise</th><th>BPF per interrupt</th><th>verdict</th></tr>\n", f);
	for (i = 0; i < cells->n; i++) {
		const struct jval *c = cells->v[i];
		const char *verdict = jr_gets(c, "verdict");
		int64_t rounds = 0;

		fputs("<tr><td class=\"mono\">", f);
		html_escape(f, jr_gets(c, "cell"));
		fputs("</td>", f);
		jr_geti(c, "rounds", &rounds);
		fprintf(f, "<td>%lld</td>", (long long)rounds);
		td_us(f, c, "traced_total_p50_ns");
		td_us(f, c, "untraced_total_p50_ns");
		td_num(f, c, "change_pct", "%+.1f %%", 1);
		td_num(f, c, "change_min_pct", "%+.1f %%", 1);
		td_num(f, c, "change_max_pct", "%+.1f %%", 1);
		td_interval(f, jr_get(c, "change_interval_pct"));
		td_num(f, c, "noise_pct", "%.1f %%", 1);
		td_num(f, c, "bpf_ns_per_irq", "%.2f \xc2\xb5s", 1e-3);
		fputs("<td><b>", f);
		html_escape(f, verdict ? verdict : "unknown");
		fputs("</b></td></tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

static void prog_rows(FILE *f, const struct jval *progs)
{
	size_t i;

	fputs("<div class=\"scroll\"><table>\n<tr><th>program (tracepoint)</th><th>runs</th>"
	      "<th>run time (\xc2\xb5s)</th><th>per run</th></tr>\n", f);
	for (i = 0; i < progs->n; i++) {
		const struct jval *p = progs->v[i];

		fputs("<tr><td class=\"mono\">", f);
		html_escape(f, jr_gets(p, "prog"));
		fputs("</td>", f);
		td_num(f, p, "run_cnt", "%.0f", 1);
		td_us(f, p, "run_time_ns");
		td_num(f, p, "ns_per_event", "%.0f ns", 1);
		fputs("</tr>\n", f);
	}
	fputs("</table></div>\n", f);
}

void section_tracing_cost(FILE *f, const struct rdir *rd)
{
	const struct jval *cells = jr_get(rd->summary, "tracing_cost_by_cell");
	const struct jval *progs = jr_get(rd->summary, "bpf_cost");
	bool have_cells = cells && cells->t == J_ARR && cells->n;
	bool have_progs = progs && progs->t == J_ARR && progs->n;

	if (!have_cells && !have_progs)
		return;
	fputs("<h2>Tracing cost</h2>\n", f);
	if (have_cells) {
		fputs("<p>Each cell ran traced and untraced, back to back. <i>change</i> is the "
		      "median over rounds of traced/untraced &minus; 1 for the total latency. "
		      "<i>noise</i> is how far two untraced rounds differ: a change within it "
		      "says nothing. <i>BPF per interrupt</i> is the kernel's count of the "
		      "programs' run time (all CPUs) per interrupt. The verdict is against "
		      "the goal of 3 %: <i>within</i>; <i>over</i> or <i>below</i> (beyond "
		      "both 3 % and the noise); <i>noise</i> (this host cannot tell).</p>\n", f);
		cell_rows(f, cells);
	}
	if (have_progs)
		prog_rows(f, progs);
	if (rd_is_lab(rd))
		fputs("<p class=\"note\">Lab: BPF programs run emulated here, many times slower "
		      "than on an ARM server, and identical rounds differ by more than the "
		      "goal. These figures rank the programs; they do not judge the 3 % goal "
		      "for real hardware.</p>\n", f);
}
