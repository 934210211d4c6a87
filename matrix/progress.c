// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "merge.h"
#include "progress.h"

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

double progress_now(const struct progress *p)
{
	return mono() - p->t0;
}

void progress_init(struct progress *p, int total, int show)
{
	memset(p, 0, sizeof(*p));
	p->total = total;
	p->show = show;
	p->t0 = mono();
}

int progress_follow(struct progress *p, const char *log_path, const char *suffix, int boot)
{
	for (int i = 0; i < PROGRESS_MAX_FOLLOW; i++) {
		struct follow *f = &p->fl[i];

		if (f->used)
			continue;
		memset(f, 0, sizeof(*f));
		f->used = 1;
		f->boot = boot;
		snprintf(f->path, sizeof(f->path), "%s", log_path);
		snprintf(f->suffix, sizeof(f->suffix), "%s", suffix);
		/* The log may not exist yet: progress_poll() retries. */
		f->log = fopen(log_path, "r");
		p->running++;
		return i;
	}
	return -1;
}

static struct cell_time *find(struct progress *p, const char *name)
{
	for (int i = p->ncells - 1; i >= 0; i--)
		if (!strcmp(p->cells[i].name, name))
			return &p->cells[i];
	return NULL;
}

static struct cell_time *cell_new(struct progress *p, const char *name)
{
	struct cell_time *c;

	if (p->ncells == PROGRESS_MAX_CELLS)
		return NULL;
	c = &p->cells[p->ncells++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->boot = p->boot;
	c->start = progress_now(p);
	return c;
}

/* bench/ prints "cell NAME: N interrupts" when a cell starts and
 * "cell NAME: STATUS, ..." or "cell NAME: skipped: WHY" when it ends. */
int progress_line(struct progress *p, const char *line)
{
	const char *name = strstr(line, "cell ");
	const char *colon, *rest;
	char cname[96], status[16];
	struct cell_time *c;
	size_t n;

	if (!name || name != line)
		return 0;
	name += 5;
	colon = strstr(name, ": ");
	if (!colon || (size_t)(colon - name) >= sizeof(cname) || strchr(name, ' ') < colon)
		return 0;
	n = colon - name;
	cell_name_suffixed(name, n, p->suffix, cname, sizeof(cname));
	rest = colon + 2;
	c = find(p, cname);
	if (strstr(rest, " interrupts") && rest[0] >= '0' && rest[0] <= '9') {
		cell_new(p, cname);
		return 1;
	}
	n = strcspn(rest, ",:\r\n");
	if (n == 0 || n >= sizeof(status))
		return 0;
	memcpy(status, rest, n);
	status[n] = '\0';
	if (!c)	/* a skipped cell has no start line */
		c = cell_new(p, cname);
	if (!c)
		return 1;
	if (c->end == 0) {
		c->end = progress_now(p);
		if (c->end == 0)
			c->end = 1e-9;
		snprintf(c->status, sizeof(c->status), "%s", status);
		p->done++;
	}
	return 1;
}

static void draw(struct progress *p)
{
	const struct cell_time *cur = p->ncells ? &p->cells[p->ncells - 1] : NULL;
	double t = progress_now(p), eta;
	int measured = 0;
	double spent = 0;

	if (!p->show)
		return;
	for (int i = 0; i < p->ncells; i++)
		if (p->cells[i].end > 0 && strcmp(p->cells[i].status, "skipped")) {
			measured++;
			spent += p->cells[i].end - p->cells[i].start;
		}
	eta = measured ? spent / measured * (p->total - p->done) : -1;
	if (p->running > 1) {
		/* Boots side by side (-j): cells done, the newest one running and how many more. */
		int busy = 0;

		for (int i = 0; i < p->ncells; i++)
			busy += !p->cells[i].end;
		/* They share out what is left. */
		if (eta >= 0)
			eta /= p->running;
		fprintf(stderr, "\r\033[K[%d of %d cells done, %d boots at once] %s", p->done, p->total,
			p->running, cur && !cur->end ? cur->name : "booting");
		if (busy > 1)
			fprintf(stderr, " and %d more", busy - 1);
		fprintf(stderr, "  %.0fs", t);
	} else {
		fprintf(stderr, "\r\033[K[cell %d of %d] %s  %.0fs",
			cur && !cur->end ? p->done + 1 : p->done, p->total, cur ? cur->name : "booting", t);
	}
	if (eta >= 0)
		fprintf(stderr, "  ETA %.0fs", eta);
	fflush(stderr);
}

/* Parses what f's log gained: each whole line as its boot's. */
static void follow_read(struct progress *p, struct follow *f)
{
	char buf[4096];
	size_t n;

	if (!f->log && !(f->log = fopen(f->path, "r")))
		return;
	snprintf(p->suffix, sizeof(p->suffix), "%s", f->suffix);
	p->boot = f->boot;
	clearerr(f->log);
	while ((n = fread(buf, 1, sizeof(buf), f->log)) > 0)
		for (size_t i = 0; i < n; i++) {
			if (buf[i] == '\n' || f->plen == sizeof(f->partial) - 1) {
				f->partial[f->plen] = '\0';
				progress_line(p, f->partial);
				f->plen = 0;
			} else if (buf[i] != '\r') {
				f->partial[f->plen++] = buf[i];
			}
		}
}

void progress_poll(struct progress *p)
{
	for (int i = 0; i < PROGRESS_MAX_FOLLOW; i++)
		if (p->fl[i].used)
			follow_read(p, &p->fl[i]);
	draw(p);
}

void progress_end_boot(struct progress *p, int slot)
{
	struct follow *f;

	if (slot < 0 || slot >= PROGRESS_MAX_FOLLOW || !p->fl[slot].used)
		return;
	f = &p->fl[slot];
	follow_read(p, f);
	if (f->log)
		fclose(f->log);
	memset(f, 0, sizeof(*f));
	p->running--;
	draw(p);
}
