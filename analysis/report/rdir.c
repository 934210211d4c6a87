// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "num.h"
#include "rdir.h"
#include "rfile.h"
#include "stats.h"
#include "util.h"

#define RD_HOW "expected a results directory from virqbench-analyze: meta.json, summary.csv and <cell>.samples.tsv"

/* ---- CSV ---- */

static int read_all(const char *path, char **text, size_t *len)
{
	struct stat st;
	size_t got = 0;
	const char *why;
	int fd = rfile_open(path, &why);

	if (fd < 0)
		return diag_error(path, 0, "%s", why);
	if (fstat(fd, &st)) {
		close(fd);
		return diag_error(path, 0, "cannot stat: %s", strerror(errno));
	}
	*text = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, *text + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			free(*text);
			return diag_error(path, 0, "cannot read: %s",
					  n ? strerror(errno) : "file shrank while read");
		}
		got += (size_t)n;
	}
	close(fd);
	(*text)[got] = '\0';
	*len = got;
	return 0;
}

static void free_fields(char **f, size_t n);

/* One CSV record (RFC 4180 quoting) from *p; fields appended to *f. */
static int csv_record_(const char *name, unsigned long line, const char **p,
		      const char *end, char ***f, size_t *nf)
{
	size_t cap = 0;

	*f = NULL;
	*nf = 0;
	for (;;) {
		char *buf = xmalloc(end - *p + 1), *o = buf;

		if (*p < end && **p == '"') {
			(*p)++;
			for (;;) {
				if (*p >= end) {
					free(buf);
					return diag_error(name, line, "a quoted field has no closing quote");
				}
				if (**p == '"') {
					if (*p + 1 < end && (*p)[1] == '"') {
						*o++ = '"';
						*p += 2;
						continue;
					}
					(*p)++;
					break;
				}
				*o++ = *(*p)++;
			}
			if (*p < end && **p != ',' && **p != '\n') {
				free(buf);
				return diag_error(name, line, "text after a quoted field (expected ',' or the end of the line)");
			}
		} else {
			while (*p < end && **p != ',' && **p != '\n') {
				if (**p == '"') {
					free(buf);
					return diag_error(name, line, "a quote inside an unquoted field");
				}
				*o++ = *(*p)++;
			}
			if (o > buf && o[-1] == '\r' && (*p >= end || **p == '\n'))
				o--;
		}
		*o = '\0';
		*f = grow_array(*f, &cap, *nf + 1, sizeof(**f));
		(*f)[(*nf)++] = buf;
		if (*p < end && **p == ',') {
			(*p)++;
			continue;
		}
		if (*p < end)
			(*p)++;	/* the newline */
		return 0;
	}
}

static int csv_record(const char *name, unsigned long line, const char **p,
		      const char *end, char ***f, size_t *nf)
{
	if (!csv_record_(name, line, p, end, f, nf))
		return 0;
	free_fields(*f, *nf);
	*f = NULL;
	*nf = 0;
	return -1;
}

static void free_fields(char **f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(f[i]);
	free(f);
}

int csv_parse(struct csv *c, const char *name, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned long line = 1;
	size_t cap = 0, lcap = 0;

	memset(c, 0, sizeof(*c));
	c->path = xstrdup(name);
	if (!len)
		return diag_error(name, 0, "empty (expected a header line and one row per cell and stage)");
	if (text[len - 1] != '\n')
		return diag_error(name, 0, "the last line has no newline: the file was cut short");
	if (csv_record(name, line, &p, end, &c->head, &c->ncols))
		return -1;
	while (p < end) {
		char **f;
		size_t nf;

		line++;
		if (*p == '\n') {
			p++;
			continue;
		}
		if (csv_record(name, line, &p, end, &f, &nf))
			return -1;
		if (nf != c->ncols) {
			free_fields(f, nf);
			return diag_error(name, line, "%zu fields (expected %zu, as the header)",
					  nf, c->ncols);
		}
		c->row = grow_array(c->row, &cap, c->nrows + 1, sizeof(*c->row));
		c->line = grow_array(c->line, &lcap, c->nrows + 1, sizeof(*c->line));
		c->line[c->nrows] = line;
		c->row[c->nrows++] = f;
	}
	return 0;
}

int csv_load(struct csv *c, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int r;

	memset(c, 0, sizeof(*c));
	if (read_all(path, &text, &len))
		return -1;
	r = csv_parse(c, path, text, len);
	free(text);
	return r;
}

void csv_free(struct csv *c)
{
	size_t r;

	for (r = 0; r < c->nrows; r++)
		free_fields(c->row[r], c->ncols);
	free_fields(c->head, c->ncols);
	free(c->row);
	free(c->line);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

int csv_col(const struct csv *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->ncols; i++)
		if (!strcmp(c->head[i], name))
			return (int)i;
	return -1;
}

const char *csv_get(const struct csv *c, size_t r, const char *name)
{
	int i = csv_col(c, name);

	return i < 0 || r >= c->nrows ? "" : c->row[r][i];
}

/* ---- the directory ---- */

static bool has_file(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

static int dir_state(const char *dir)
{
	struct stat st;
	struct dirent *d;
	bool empty = true;
	DIR *dh;

	if (stat(dir, &st))
		return diag_error(dir, 0, "%s (" RD_HOW ")", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return diag_error(dir, 0, "not a directory (" RD_HOW ")");
	dh = opendir(dir);
	if (!dh)
		return diag_error(dir, 0, "cannot open: %s", strerror(errno));
	while ((d = readdir(dh)))
		if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
			empty = false;
	closedir(dh);
	if (empty)
		return diag_error(dir, 0, "empty directory: not a results directory (" RD_HOW ")");
	if (has_file(dir, "run.kv") && !has_file(dir, "meta.json"))
		return diag_error(dir, 0, "holds run.kv: that is a raw run, not its results; analyse it first: virqbench-analyze %s OUT_DIR",
				  dir);
	if (!has_file(dir, "meta.json"))
		return diag_error(dir, 0, "no meta.json: not a results directory (" RD_HOW ")");
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void add_cell(struct rdir *rd, size_t *cap, const char *name)
{
	struct rd_cell *c;

	rd->cells = grow_array(rd->cells, cap, rd->ncells + 1, sizeof(*rd->cells));
	c = &rd->cells[rd->ncells++];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(name);
}

/* "v3-vhe-lr-line-busy" when meta.json lacks the parts: from summary.csv. */
static void fill_from_csv(struct rdir *rd, struct rd_cell *c)
{
	size_t r;

	for (r = 0; r < rd->csv.nrows; r++) {
		if (strcmp(csv_get(&rd->csv, r, "cell"), c->name))
			continue;
		if (!c->gic)
			c->gic = xstrdup(csv_get(&rd->csv, r, "gic"));
		if (!c->hyp)
			c->hyp = xstrdup(csv_get(&rd->csv, r, "hyp"));
		if (!c->path)
			c->path = xstrdup(csv_get(&rd->csv, r, "path"));
		if (!c->state)
			c->state = xstrdup(csv_get(&rd->csv, r, "state"));
		if (!c->vgic && csv_col(&rd->csv, "vgic") >= 0)
			c->vgic = xstrdup(csv_get(&rd->csv, r, "vgic"));
		return;
	}
}

static int load_cells(struct rdir *rd)
{
	const struct jval *cells = jr_get(rd->meta, "cells");
	size_t cap = 0, i, r;
	char *mp = xasprintf("%s/meta.json", rd->dir);

	if (!cells || cells->t != J_ARR) {
		diag_error(mp, 0, "no \"cells\" array (" RD_HOW ")");
		free(mp);
		return -1;
	}
	for (i = 0; i < cells->n; i++) {
		const struct jval *m = cells->v[i];
		const char *name = jr_gets(m, "name");
		struct rd_cell *c;

		if (!name || !*name || strchr(name, '/')) {
			diag_error(mp, 0, "cell %zu has no usable \"name\"", i);
			free(mp);
			return -1;
		}
		add_cell(rd, &cap, name);
		c = &rd->cells[rd->ncells - 1];
		c->gic = dup_or_null(jr_gets(m, "gic"));
		c->hyp = dup_or_null(jr_gets(m, "hyp"));
		c->path = dup_or_null(jr_gets(m, "path"));
		c->state = dup_or_null(jr_gets(m, "state"));
		c->vgic = dup_or_null(jr_gets(m, "vgic"));
		c->status = xstrdup(jr_gets(m, "status") ? jr_gets(m, "status") : "ok");
		c->guest_originated = jr_gettrue(m, "guest_originated");
		if (jr_gets(m, "skip_reason"))
			c->reason = xstrdup(jr_gets(m, "skip_reason"));
		else if (jr_gets(m, "error"))
			c->reason = xstrdup(jr_gets(m, "error"));
	}
	free(mp);
	/* A summary.csv cell that meta.json does not name is still a cell. */
	for (r = 0; r < rd->csv.nrows; r++) {
		const char *name = csv_get(&rd->csv, r, "cell");

		if (*name && !strchr(name, '/') && !rd_find(rd, name)) {
			add_cell(rd, &cap, name);
			rd->cells[rd->ncells - 1].status = xstrdup("ok");
		}
	}
	for (i = 0; i < rd->ncells; i++) {
		struct rd_cell *c = &rd->cells[i];

		fill_from_csv(rd, c);
		if (!c->gic)
			c->gic = xstrdup("");
		if (!c->hyp)
			c->hyp = xstrdup("");
		if (!c->path)
			c->path = xstrdup("");
		if (!c->state)
			c->state = xstrdup("");
	}
	return 0;
}

int rd_open(struct rdir *rd, const char *dir)
{
	static const char *const need[] = {
		"cell", "stage", "count", "lost", "p50_ns", "p90_ns", "p99_ns",
		"p999_ns", "max_ns",
	};
	const char *gen;
	char *p;
	size_t i;

	memset(rd, 0, sizeof(*rd));
	rd->dir = xstrdup(dir);
	if (dir_state(dir))
		goto fail;
	p = xasprintf("%s/meta.json", dir);
	rd->meta = jr_load(p);
	if (rd->meta && (rd->meta->t != J_OBJ ||
			 !(gen = jr_gets(rd->meta, "generator")) ||
			 strcmp(gen, "virqbench-analyze"))) {
		diag_error(p, 0, "not written by virqbench-analyze (no \"generator\": \"virqbench-analyze\"; " RD_HOW ")");
		free(p);
		goto fail;
	}
	free(p);
	if (!rd->meta)
		goto fail;
	p = xasprintf("%s/summary.csv", dir);
	if (access(p, F_OK)) {
		diag_error(dir, 0, "no summary.csv: an analysis that stopped half-way? (" RD_HOW "; run virqbench-analyze again)");
		free(p);
		goto fail;
	}
	if (csv_load(&rd->csv, p)) {
		free(p);
		goto fail;
	}
	for (i = 0; i < ARRAY_SIZE(need); i++) {
		if (csv_col(&rd->csv, need[i]) < 0) {
			diag_error(p, 1, "no column \"%s\" in the header (expected virqbench-analyze's summary.csv)",
				   need[i]);
			free(p);
			goto fail;
		}
	}
	free(p);
	p = xasprintf("%s/summary.json", dir);
	if (!access(p, F_OK)) {
		rd->summary = jr_load(p);
		if (!rd->summary) {
			free(p);
			goto fail;
		}
	}
	free(p);
	if (load_cells(rd))
		goto fail;
	return 0;
fail:
	rd_close(rd);
	return -1;
}

static void free_cell(struct rd_cell *c)
{
	size_t i;

	for (i = 0; i < c->nseries; i++) {
		free(c->series[i].name);
		free(c->series[i].v);
	}
	free(c->series);
	free(c->name);
	free(c->gic);
	free(c->hyp);
	free(c->path);
	free(c->state);
	free(c->vgic);
	free(c->status);
	free(c->reason);
}

void rd_close(struct rdir *rd)
{
	size_t i;

	for (i = 0; i < rd->ncells; i++)
		free_cell(&rd->cells[i]);
	free(rd->cells);
	jr_free(rd->meta);
	jr_free(rd->summary);
	csv_free(&rd->csv);
	free(rd->dir);
	memset(rd, 0, sizeof(*rd));
}

struct rd_cell *rd_find(struct rdir *rd, const char *name)
{
	size_t i;

	for (i = 0; i < rd->ncells; i++)
		if (!strcmp(rd->cells[i].name, name))
			return &rd->cells[i];
	return NULL;
}

const struct rd_series *rd_series(const struct rd_cell *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nseries; i++)
		if (!strcmp(c->series[i].name, name))
			return c->series[i].n ? &c->series[i] : NULL;
	return NULL;
}

const char *rd_run(const struct rdir *rd, const char *key)
{
	const struct jval *v = jr_get(jr_get(rd->meta, "run"), key);

	if (!v)
		v = jr_get(jr_get(rd->meta, "run_kv"), key);
	if (!v)
		return NULL;
	switch (v->t) {
	case J_STR:
	case J_NUM:
		return v->s;
	case J_BOOL:
		return v->b ? "true" : "false";
	default:
		return NULL;
	}
}

bool rd_is_lab(const struct rdir *rd)
{
	const struct jval *l = jr_get(rd->meta, "lab");

	return l && l->t == J_OBJ;
}

const char *const rd_fact_run[] = {
	"host_gic", "hyp_mode", "hostname", "uname_release", "uname_version", "kernel_cmdline",
	"cntfrq_hz", "halt_poll_ns", "tool_version", NULL,
};
const char *const rd_fact_prov[] = {
	"matrix_host", "cpu_model", "midr", "ncpus", "cpufreq_governor", "cpufreq_cur_khz",
	"cpufreq_max_khz", "smt", "vulnerabilities", "preempt_model", "isolcpus", "nohz_full",
	"kvm_gicv4", "numa_nodes", "placement", NULL,
};
const char *const rd_fact_boot[] = { "qemu_version", "qemu_machine", "qemu_cpu", "kernel", NULL };

char *rd_boots(const struct rdir *rd, const char *key)
{
	const struct jval *b = jr_get(rd->meta, "boots");
	char *t = NULL;
	size_t i;

	for (i = 0; b && b->t == J_ARR && i < b->n; i++) {
		const char *v = jr_gets(b->v[i], key), *tag = jr_gets(b->v[i], "tag");
		char *u = xasprintf("%s%s%s=%s", t ? t : "", t ? "; " : "", tag ? tag : "?",
				    v ? v : "?");

		free(t);
		t = u;
	}
	return t;
}

/* summary.csv has a row with a count for the cell: it was measured. */
static bool rd_csv_has(const struct rdir *rd, const char *cell)
{
	size_t r;

	for (r = 0; r < rd->csv.nrows; r++) {
		const char *cnt = csv_get(&rd->csv, r, "count");

		if (!strcmp(csv_get(&rd->csv, r, "cell"), cell) && *cnt && strcmp(cnt, "0"))
			return true;
	}
	return false;
}

/* ---- samples ---- */

enum col_kind { COL_SEQ, COL_STAMP, COL_STAGE, COL_EXITS, COL_FLAGS, COL_OTHER };

struct sfile {
	const char *path;
	FILE *f;
	char *line;
	size_t cap;
	unsigned long lineno;
};

/* Next line without its newline; 1, 0 at the end, -1 when cut short. */
static int next_line(struct sfile *s, size_t *len)
{
	ssize_t n = getline(&s->line, &s->cap, s->f);

	if (n < 0) {
		if (ferror(s->f))
			return diag_error(s->path, s->lineno, "cannot read: %s",
					  strerror(errno));
		return 0;
	}
	s->lineno++;
	if (!n || s->line[n - 1] != '\n')
		return diag_error(s->path, s->lineno,
				  "the last line has no newline: the file was cut short (expected complete rows; analyse the raw run again)");
	s->line[--n] = '\0';
	*len = (size_t)n;
	return 1;
}

static char *strndup_x(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static size_t split_tabs(char *s, char **f, size_t *fl, size_t max)
{
	size_t n = 0;

	for (;;) {
		char *t = strchr(s, '\t');

		if (n < max) {
			f[n] = s;
			fl[n] = t ? (size_t)(t - s) : strlen(s);
		}
		n++;
		if (!t)
			return n;
		*t = '\0';
		s = t + 1;
	}
}

#define RD_MAX_COLS 64

struct scols {
	size_t n;
	char *name[RD_MAX_COLS];
	enum col_kind kind[RD_MAX_COLS];
	int series[RD_MAX_COLS];	/* index into the cell's series, or -1 */
	char *header;			/* for messages */
};

static int parse_header(struct sfile *s, char *text, struct scols *sc,
			struct rd_cell *c)
{
	char *f[RD_MAX_COLS];
	size_t fl[RD_MAX_COLS], i, n, cap = 0;
	bool have_seq = false;

	sc->header = xstrdup(text);
	n = split_tabs(text, f, fl, RD_MAX_COLS);
	if (n > RD_MAX_COLS)
		return diag_error(s->path, s->lineno, "%zu columns in the header (expected at most %d)",
				  n, RD_MAX_COLS);
	sc->n = n;
	for (i = 0; i < n; i++) {
		const char *nm = f[i];
		size_t l = fl[i];

		sc->name[i] = xstrdup(nm);
		sc->series[i] = -1;
		if (!l)
			return diag_error(s->path, s->lineno, "column %zu of the header has no name", i + 1);
		if (!strcmp(nm, "seq")) {
			sc->kind[i] = COL_SEQ;
			have_seq = i == 0;
		} else if (!strcmp(nm, "exits")) {
			sc->kind[i] = COL_EXITS;
		} else if (!strcmp(nm, "flags")) {
			sc->kind[i] = COL_FLAGS;
		} else if (l > 3 && !strcmp(nm + l - 3, "_ns")) {
			sc->kind[i] = COL_STAGE;
		} else if (!strncmp(nm, "t_", 2)) {
			sc->kind[i] = COL_STAMP;
		} else {
			sc->kind[i] = COL_OTHER;
		}
	}
	if (!have_seq)
		return diag_error(s->path, s->lineno, "the header does not start with seq (expected \"# seq<TAB>t_inject...\")");
	/* Stages in file order, then exits: the series a reader compares. */
	for (i = 0; i < n; i++) {
		if (sc->kind[i] != COL_STAGE)
			continue;
		c->series = grow_array(c->series, &cap, c->nseries + 1, sizeof(*c->series));
		memset(&c->series[c->nseries], 0, sizeof(*c->series));
		c->series[c->nseries].name = strndup_x(sc->name[i], strlen(sc->name[i]) - 3);
		sc->series[i] = (int)c->nseries++;
	}
	for (i = 0; i < n; i++) {
		if (sc->kind[i] != COL_EXITS)
			continue;
		c->series = grow_array(c->series, &cap, c->nseries + 1, sizeof(*c->series));
		memset(&c->series[c->nseries], 0, sizeof(*c->series));
		c->series[c->nseries].name = xstrdup("exits");
		sc->series[i] = (int)c->nseries++;
	}
	return 0;
}

static void free_cols(struct scols *sc)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		free(sc->name[i]);
	free(sc->header);
}

static int bad_field(struct sfile *s, const struct scols *sc, size_t i,
		     const char *text, const char *what)
{
	char shown[48];

	snprintf(shown, sizeof(shown), "%s", text);
	return diag_error(s->path, s->lineno, "column %zu (%s): \"%s%s\" is not %s",
			  i + 1, sc->name[i], shown, strlen(text) >= sizeof(shown) ? "..." : "",
			  what);
}

/* Whether the comma list `flags` names `flag`. */
static bool flags_have(const char *flags, const char *flag)
{
	size_t l = strlen(flag);

	for (const char *p = flags; (p = strstr(p, flag)); p += l)
		if ((p == flags || p[-1] == ',') && (p[l] == ',' || !p[l]))
			return true;
	return false;
}

static int parse_row(struct sfile *s, const struct scols *sc, struct rd_cell *c,
		     size_t *scap, size_t len)
{
	char *f[RD_MAX_COLS];
	size_t fl[RD_MAX_COLS], n, i;
	bool warm = false;

	if (memchr(s->line, '\0', len))
		return diag_error(s->path, s->lineno, "a NUL byte in the line (expected text)");
	n = split_tabs(s->line, f, fl, RD_MAX_COLS);
	if (n != sc->n)
		return diag_error(s->path, s->lineno, "%zu fields (expected %zu: %s)",
				  n, sc->n, sc->header);
	/* A warm-up row (flag warmup) is in the file and in no statistic, as in summary.csv's. */
	for (i = 0; i < n; i++)
		if (sc->kind[i] == COL_FLAGS && flags_have(f[i], "warmup"))
			warm = true;
	for (i = 0; i < n; i++) {
		uint64_t u;
		int64_t v;
		int k;

		switch (sc->kind[i]) {
		case COL_SEQ:
			if (num_u64n(f[i], fl[i], &u))
				return bad_field(s, sc, i, f[i], "an unsigned decimal number");
			if (u != c->nrows)
				return diag_error(s->path, s->lineno,
						  "seq %llu where %zu was expected (rows count up from 0: a line is missing or doubled)",
						  (unsigned long long)u, c->nrows);
			break;
		case COL_STAMP:
			if (strcmp(f[i], "-") && num_u64n(f[i], fl[i], &u))
				return bad_field(s, sc, i, f[i], "a counter value or '-'");
			break;
		case COL_STAGE:
		case COL_EXITS:
			if (!strcmp(f[i], "-"))
				break;
			if (sc->kind[i] == COL_EXITS ? num_u64n(f[i], fl[i], &u) || u > INT64_MAX
						     : num_i64n(f[i], fl[i], &v))
				return bad_field(s, sc, i, f[i],
						 sc->kind[i] == COL_EXITS ? "an exit count or '-'"
									  : "a latency in ns or '-'");
			if (sc->kind[i] == COL_EXITS)
				v = (int64_t)u;
			if (warm)
				break;
			k = sc->series[i];
			c->series[k].v = grow_array(c->series[k].v, &scap[k],
						    c->series[k].n + 1, sizeof(int64_t));
			c->series[k].v[c->series[k].n++] = v;
			break;
		case COL_FLAGS:
			if (!fl[i])
				return bad_field(s, sc, i, f[i], "a flag list (ok, timeout, ...)");
			break;
		case COL_OTHER:
			break;
		}
	}
	c->nrows++;
	return 0;
}

/* Values per stage must be summary.csv's count, else the two disagree. */
static int check_counts(struct rdir *rd, struct rd_cell *c, const struct sfile *s)
{
	size_t r, k;

	/* The row count first: the plainest sign of a file cut at a line end. */
	if (rd->summary) {
		const struct jval *cells = jr_get(rd->summary, "cells");
		int64_t rows;

		for (k = 0; cells && k < cells->n; k++) {
			const struct jval *m = cells->v[k];
			const char *nm = jr_gets(m, "name");

			if (!nm || strcmp(nm, c->name))
				continue;
			if (jr_geti(jr_get(m, "counts"), "host_rows", &rows) &&
			    (uint64_t)rows != c->nrows)
				return diag_error(s->path, s->lineno,
						  "ends after %zu rows; summary.json counts %lld host rows for %s: the samples file was cut short or changed (run virqbench-analyze again)",
						  c->nrows, (long long)rows, c->name);
		}
	}
	for (r = 0; r < rd->csv.nrows; r++) {
		const char *stage = csv_get(&rd->csv, r, "stage");
		const char *cnt = csv_get(&rd->csv, r, "count");
		uint64_t want;
		size_t have = 0;
		bool found = false;

		if (strcmp(csv_get(&rd->csv, r, "cell"), c->name))
			continue;
		for (k = 0; k < c->nseries; k++) {
			if (!strcmp(c->series[k].name, stage)) {
				have = c->series[k].n;
				found = true;
			}
		}
		if (!found || !*cnt)
			continue;	/* a stage the samples do not carry (trace-only) */
		if (num_u64(cnt, &want))
			return diag_error(rd->csv.path, rd->csv.line[r], "count \"%s\" is not a number", cnt);
		if (want != have)
			return diag_error(s->path, s->lineno,
					  "%zu rows, %zu %s values; %s line %lu counts %llu: the samples file was cut short or changed, or summary.csv is from another analysis (run virqbench-analyze again)",
					  c->nrows, have, stage, rd->csv.path, rd->csv.line[r],
					  (unsigned long long)want);
	}
	return 0;
}

int rd_load_samples(struct rdir *rd, struct rd_cell *c)
{
	struct sfile s = { 0 };
	struct scols sc = { 0 };
	size_t scap[RD_MAX_COLS] = { 0 }, len = 0, k;
	bool header = false;
	const char *why;
	char *path;
	int r, ret = -1;

	if (c->loaded)
		return 0;
	path = xasprintf("%s/%s.samples.tsv", rd->dir, c->name);
	s.path = path;
	s.f = rfile_fopen(path, &why);
	if (!s.f) {
		int e = errno;

		free(path);
		if (e == ENOENT && (!strcmp(c->status, "skipped") || !rd_csv_has(rd, c->name))) {
			c->loaded = true;	/* nothing was measured: no file */
			return 0;
		}
		return diag_error(rd->dir, 0, "%s.samples.tsv: %s (expected one samples file per measured cell)",
				  c->name, why);
	}
	while ((r = next_line(&s, &len)) > 0) {
		if (s.line[0] == '#') {
			if (!header && !strncmp(s.line, "# seq\t", 6)) {
				if (parse_header(&s, s.line + 2, &sc, c))
					goto out;
				header = true;
			}
			continue;
		}
		if (!header) {
			diag_error(path, s.lineno, "a data row before the header (expected \"# seq<TAB>t_inject...\")");
			goto out;
		}
		if (parse_row(&s, &sc, c, scap, len))
			goto out;
	}
	if (r < 0)
		goto out;
	if (!header) {
		diag_error(path, s.lineno, "%s (expected the header line \"# seq<TAB>t_inject...\")",
			   s.lineno ? "no header line" : "empty");
		goto out;
	}
	if (check_counts(rd, c, &s))
		goto out;
	for (k = 0; k < c->nseries; k++)
		sort_i64(c->series[k].v, c->series[k].n);
	c->has_samples = true;
	c->loaded = true;
	ret = 0;
out:
	if (ret) {
		for (k = 0; k < c->nseries; k++) {
			free(c->series[k].name);
			free(c->series[k].v);
		}
		free(c->series);
		c->series = NULL;
		c->nseries = 0;
		c->nrows = 0;
	}
	free_cols(&sc);
	free(s.line);
	fclose(s.f);
	free(path);
	return ret;
}
