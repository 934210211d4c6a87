// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "rdir.h"
#include "rt.h"
#include "util.h"

static const struct fx_cell one[] = {
	{ "v3-vhe-lr-line-busy", "v3", "vhe", "lr-line", "busy", NULL, NULL, 200, 0, 1 },
};

/* A copy of the fixture with one cell's samples file replaced. */
static char *with_samples(const char *name, const char *text)
{
	char *dir = fx_results(name, one, 1, "host");

	t_write(dir, "v3-vhe-lr-line-busy.samples.tsv", text);
	return dir;
}

/* The fixture's samples with a change: each line through edit(). */
static char *edited(const char *name, char *(*edit)(const char *text))
{
	char *dir = fx_results(name, one, 1, "host");
	char *text = t_read(dir, "v3-vhe-lr-line-busy.samples.tsv");
	char *t = edit(text);

	t_write(dir, "v3-vhe-lr-line-busy.samples.tsv", t);
	free(text);
	free(t);
	return dir;
}

/* Cut in the middle of the last line. */
static char *cut_mid(const char *text)
{
	char *t = xstrdup(text);

	t[strlen(t) - 7] = '\0';
	return t;
}

/* Cut after a complete line: the last three rows gone. */
static char *cut_rows(const char *text)
{
	char *t = xstrdup(text);
	int k;

	for (k = 0; k < 4; k++)
		*strrchr(t, '\n') = '\0';
	strcat(t, "\n");
	return t;
}

/* Row with seq 50 deleted. */
static char *drop_row(const char *text)
{
	char *t = xstrdup(text), *p = strstr(t, "\n50\t"), *e = strchr(p + 1, '\n');

	memmove(p, e, strlen(e) + 1);
	return t;
}

/* A total that is not a number in the row of seq 20. */
static char *bad_number(const char *text)
{
	char *t = xstrdup(text), *p = strstr(t, "\n20\t"), *f = p + 1;
	int k;

	for (k = 0; k < 10; k++)
		f = strchr(f, '\t') + 1;
	memcpy(f, "12x", 3);
	return t;
}

/* One field fewer in the row of seq 3. */
static char *short_row(const char *text)
{
	char *t = xstrdup(text), *p = strstr(t, "\n3\t"), *e = strchr(p + 1, '\n');
	char *last = e;

	while (*last != '\t')
		last--;
	memmove(last, e, strlen(e) + 1);
	return t;
}

static int csv_text(struct csv *c, const char *text)
{
	return csv_parse(c, "s.csv", text, strlen(text));
}

void test_rdir(void)
{
	struct rdir rd;
	struct csv c;
	struct rd_cell *cell;
	const struct rd_series *s;
	char *dir, *p;
	size_t i;

	/* CSV: quoting, field counts, a cut last line. */
	CHECK_INT(csv_text(&c, "a,b,c\n1,\"x,\"\"y\"\"\",3\n\n4,,6\n"), 0);
	CHECK_INT(c.nrows, 2);
	CHECK_STR(csv_get(&c, 0, "b"), "x,\"y\"");
	CHECK_STR(csv_get(&c, 1, "b"), "");
	CHECK_STR(csv_get(&c, 1, "c"), "6");
	CHECK_STR(csv_get(&c, 1, "nope"), "");
	CHECK_INT(c.line[1], 4);
	csv_free(&c);
	CHECK_INT(csv_text(&c, "a,b\n1,2,3\n"), -1);
	CHECK_HAS(diag_last(), "s.csv:2: 3 fields (expected 2");
	csv_free(&c);
	CHECK_INT(csv_text(&c, "a,b\n1,2"), -1);
	CHECK_HAS(diag_last(), "cut short");
	csv_free(&c);
	CHECK_INT(csv_text(&c, "a,b\n1,\"2\n"), -1);
	CHECK_HAS(diag_last(), "s.csv:2: a quoted field has no closing quote");
	csv_free(&c);

	/* A good directory. */
	dir = fx_results("rd-good", one, 1, "host");
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd.ncells, 1);
	cell = rd_find(&rd, "v3-vhe-lr-line-busy");
	CHECK(cell != NULL);
	CHECK_INT(rd_load_samples(&rd, cell), 0);
	CHECK_INT(cell->nrows, 200);
	CHECK_INT(cell->nseries, 5);
	CHECK_STR(cell->series[0].name, "inject_to_vector");
	CHECK_STR(cell->series[3].name, "total");
	CHECK_STR(cell->series[4].name, "exits");
	s = rd_series(cell, "total");
	CHECK(s && s->n == 200);
	for (i = 1; s && i < s->n; i++)
		if (s->v[i] < s->v[i - 1])
			break;
	CHECK_INT(i, 200);
	CHECK_STR(rd_run(&rd, "hostname"), "host");
	CHECK_STR(rd_run(&rd, "cntfrq_hz"), "62500000");
	CHECK_STR(rd_run(&rd, "interrupted"), "false");
	CHECK(!rd_is_lab(&rd));
	rd_close(&rd);

	/* The older layout (no t_trigger) and a column added later. */
	p = xstrdup("# seq\tt_inject\tt_seen\tt_vector\tt_ack\tt_eoi\tinject_to_vector_ns\tvector_to_ack_ns\tack_to_eoi_ns\ttotal_ns\texits\tflags\tnew_stage_ns\n");
	dir = fx_results("rd-old", one, 1, "host");
	{
		char *text = t_read(dir, "v3-vhe-lr-line-busy.samples.tsv"), *q, *out = xstrdup(p);

		/* Rows: drop column 4 (t_trigger, '-'), add a new stage. */
		for (q = strstr(text, "\n0\t") + 1; *q; ) {
			char *e = strchr(q, '\n'), *t3 = q, *row;
			int k;

			for (k = 0; k < 3; k++)
				t3 = strchr(t3, '\t') + 1;
			row = xasprintf("%s%.*s%.*s\t7\n", out, (int)(t3 - q), q,
					(int)(e - strchr(t3, '\t') - 1), strchr(t3, '\t') + 1);
			free(out);
			out = row;
			q = e + 1;
		}
		t_write(dir, "v3-vhe-lr-line-busy.samples.tsv", out);
		free(text);
		free(out);
	}
	free(p);
	CHECK_INT(rd_open(&rd, dir), 0);
	cell = rd_find(&rd, "v3-vhe-lr-line-busy");
	CHECK_INT(rd_load_samples(&rd, cell), 0);
	CHECK(rd_series(cell, "new_stage") && rd_series(cell, "new_stage")->n == 200);
	CHECK(rd_series(cell, "total") && rd_series(cell, "total")->n == 200);
	rd_close(&rd);

	/* Malformed and truncated samples: the file and the line. */
	dir = edited("rd-cut", cut_mid);
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "v3-vhe-lr-line-busy.samples.tsv:203: the last line has no newline: the file was cut short");
	rd_close(&rd);

	dir = edited("rd-rows", cut_rows);
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "samples.tsv:200: ends after 197 rows; summary.json counts 200 host rows");
	rd_close(&rd);
	/* Without summary.json, summary.csv's counts tell. */
	p = xasprintf("%s/summary.json", dir);
	unlink(p);
	free(p);
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "197 rows, 197 inject_to_vector values; ");
	CHECK_HAS(diag_last(), "summary.csv line 2 counts 200");
	rd_close(&rd);

	dir = edited("rd-drop", drop_row);
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "samples.tsv:54: seq 51 where 50 was expected");
	rd_close(&rd);

	dir = edited("rd-num", bad_number);
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "samples.tsv:24: column 11 (total_ns): \"12x");
	CHECK_HAS(diag_last(), "is not a latency in ns or '-'");
	rd_close(&rd);

	dir = edited("rd-short", short_row);
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "samples.tsv:7: 12 fields (expected 13");
	rd_close(&rd);

	dir = with_samples("rd-empty-file", "");
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "samples.tsv: empty");
	rd_close(&rd);

	dir = with_samples("rd-nohdr", "0\t1\t2\n");
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "samples.tsv:1: a data row before the header");
	rd_close(&rd);

	dir = fx_results("rd-missing", one, 1, "host");
	p = xasprintf("%s/v3-vhe-lr-line-busy.samples.tsv", dir);
	unlink(p);
	free(p);
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd_load_samples(&rd, &rd.cells[0]), -1);
	CHECK_HAS(diag_last(), "v3-vhe-lr-line-busy.samples.tsv: cannot open");
	rd_close(&rd);

	/* What a directory is when it is not a results directory. */
	CHECK_INT(rd_open(&rd, "/nonexistent/results"), -1);
	CHECK_HAS(diag_last(), "/nonexistent/results: No such file or directory");
	dir = t_dir("rd-emptydir");
	CHECK_INT(rd_open(&rd, dir), -1);
	CHECK_HAS(diag_last(), "empty directory: not a results directory");
	t_write(dir, "run.kv", "format=1\n");
	CHECK_INT(rd_open(&rd, dir), -1);
	CHECK_HAS(diag_last(), "that is a raw run");
	CHECK_HAS(diag_last(), "virqbench-analyze");
	p = xasprintf("%s/run.kv", dir);
	CHECK_INT(rd_open(&rd, p), -1);
	CHECK_HAS(diag_last(), "not a directory");
	unlink(p);
	free(p);
	t_write(dir, "notes.txt", "x\n");
	CHECK_INT(rd_open(&rd, dir), -1);
	CHECK_HAS(diag_last(), "no meta.json: not a results directory");
	t_write(dir, "meta.json", "{\"generator\": \"something else\"}\n");
	CHECK_INT(rd_open(&rd, dir), -1);
	CHECK_HAS(diag_last(), "meta.json: not written by virqbench-analyze");
	t_write(dir, "meta.json", "{\"generator\": \"virqbench-analyze\",\n\"cells\": [}\n");
	CHECK_INT(rd_open(&rd, dir), -1);
	CHECK_HAS(diag_last(), "meta.json:2: column 11: bad JSON");
	t_write(dir, "meta.json", "{\"generator\": \"virqbench-analyze\", \"cells\": []}\n");
	CHECK_INT(rd_open(&rd, dir), -1);
	CHECK_HAS(diag_last(), "no summary.csv");
	t_write(dir, "summary.csv", "gic,hyp,path,state,stage,count\n");
	CHECK_INT(rd_open(&rd, dir), -1);
	CHECK_HAS(diag_last(), "summary.csv:1: no column \"cell\"");
	t_write(dir, "summary.csv", "cell,stage,count,lost,p50_ns,p90_ns,p99_ns,p999_ns,max_ns\n");
	CHECK_INT(rd_open(&rd, dir), 0);
	CHECK_INT(rd.ncells, 0);
	rd_close(&rd);
}
