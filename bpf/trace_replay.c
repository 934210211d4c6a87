// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "rfile.h"
#include "trace_replay.h"

/* A field up to the next tab or line end: decimal, -decimal or 0xhex. */
static int parse_field(const char **p, bool last, unsigned long long *v)
{
	const char *s = *p;
	char *end;
	int base = 10;

	if (s[0] == '0' && s[1] == 'x') {
		base = 16;
		s += 2;
	}
	if (!((*s >= '0' && *s <= '9') || (base == 16 && *s) ||
	      (*s == '-' && base == 10)))
		return -1;
	errno = 0;
	if (*s == '-')
		*v = (unsigned long long)strtoll(s, &end, 10);
	else
		*v = strtoull(s, &end, base);
	if (errno || end == s)
		return -1;
	if (last ? (*end && *end != '\n' && *end != '\r') : *end != '\t')
		return -1;
	*p = *end ? end + 1 : end;
	return 0;
}

int vqt_parse_row(const char *line, struct vqt_event *e)
{
	unsigned long long ts, tid, cpu;
	const char *p = line, *name;
	size_t len;
	int i, type = -1;

	if (*p == '#' || *p == '\n' || *p == '\0')
		return 0;
	memset(e, 0, sizeof(*e));
	if (parse_field(&p, false, &ts) || parse_field(&p, false, &tid) ||
	    parse_field(&p, false, &cpu))
		return -1;
	name = p;
	len = strcspn(p, "\t");
	if (p[len] != '\t')
		return -1;
	for (i = 0; i < VQT_EV_NR; i++)
		if (strlen(vqt_events[i].name) == len &&
		    !strncmp(vqt_events[i].name, name, len))
			type = i;
	if (type < 0)
		return -1;
	p += len + 1;
	for (i = 0; i < VQT_NR_ARGS; i++) {
		unsigned long long a;

		if (parse_field(&p, i == VQT_NR_ARGS - 1, &a))
			return -1;
		e->args[i] = a;
	}
	e->ts_ns = ts;
	e->tid = (__u32)tid;
	e->cpu = (__u32)cpu;
	e->type = (__u32)type;
	return 1;
}

/* "# key=N" of the trailer into *v. */
static bool trailer(const char *line, const char *key, unsigned long long *v)
{
	size_t n = strlen(key);
	char *end;

	if (strncmp(line, "# ", 2) || strncmp(line + 2, key, n) ||
	    line[2 + n] != '=')
		return false;
	*v = strtoull(line + 3 + n, &end, 10);
	return true;
}

int replay_file(const char *path, struct summary *s, struct loss *loss,
		bool *complete, char *why, size_t why_size)
{
	unsigned long long lost = 0, events = 0, v;
	bool have_lost = false, have_events = false;
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0, n = 0;
	const char *err;
	FILE *f = rfile_fopen(path, &err);
	int ret = 0;

	memset(loss, 0, sizeof(*loss));
	if (!f) {
		snprintf(why, why_size, "%s: %s", path, err);
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		struct vqt_event e;
		int r = vqt_parse_row(line, &e);

		lineno++;
		if (r < 0) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(why, why_size, "%s:%lu: not a trace.tsv row: '%.80s'",
				 path, lineno, line);
			ret = -1;
			break;
		}
		if (r == 0) {
			if (trailer(line, "lost", &v)) {
				lost = v;
				have_lost = true;
			} else if (trailer(line, "lost_ringbuf", &v)) {
				loss->ringbuf = v;
			} else if (trailer(line, "lost_busy", &v)) {
				loss->busy = v;
			} else if (trailer(line, "events", &v)) {
				events = v;
				have_events = true;
			}
			continue;
		}
		if (summary_add(s, &e)) {
			snprintf(why, why_size, "%s: out of memory", path);
			ret = -1;
			break;
		}
		/* Keep the reorder buffer small on a long trace. */
		if (++n % 4096 == 0)
			summary_advance(s);
	}
	if (!ret && ferror(f)) {
		snprintf(why, why_size, "%s: %s", path, strerror(errno));
		ret = -1;
	}
	free(line);
	fclose(f);
	summary_drain(s);
	*complete = have_lost && have_events;
	/* The rest of lost: records the tracer could not decode. */
	if (have_lost && lost > loss->ringbuf + loss->busy)
		loss->bad = lost - loss->ringbuf - loss->busy;
	if (!ret && have_events && events != n) {
		snprintf(why, why_size, "%s: %lu events, its trailer says %llu",
			 path, n, events);
		ret = -1;
	}
	return ret;
}
