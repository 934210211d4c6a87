// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "diag.h"
#include "num.h"
#include "trace_note.h"
#include "util.h"

#define PROG_FORM "'# prog=<event> run_cnt=N run_time_ns=N'"

/* "name=N" at *c: the number, and *c moved past it and one space. */
static int take_num(const char **c, const char *name, uint64_t *v)
{
	size_t n = strlen(name), k;

	if (strncmp(*c, name, n) || (*c)[n] != '=')
		return -1;
	*c += n + 1;
	for (k = 0; (*c)[k] && (*c)[k] != ' '; k++)
		;
	if (num_u64n(*c, k, v))
		return -1;
	*c += k;
	if (**c == ' ')
		(*c)++;
	return 0;
}

static int prog(const struct tsv *t, const char *c, struct trace_note *n)
{
	size_t k;

	for (k = 0; c[k] && c[k] != ' '; k++)
		;
	if (!k || k >= sizeof(n->prog))
		goto bad;
	memcpy(n->prog, c, k);
	n->prog[k] = '\0';
	c += k;
	if (*c == ' ')
		c++;
	if (take_num(&c, "run_cnt", &n->run_cnt) ||
	    take_num(&c, "run_time_ns", &n->run_time_ns))
		goto bad;
	n->kind = TN_PROG;
	return 0;
bad:
	return diag_error(t->path, t->line, "bad trailer '# %s' (expected " PROG_FORM ")",
			  t->comment);
}

int trace_note_parse(const struct tsv *t, struct trace_note *n)
{
	static const struct {
		const char *key;
		enum trace_note_kind kind;
	} nums[] = {
		{ "lost=", TN_LOST },
		{ "events=", TN_EVENTS },
		{ "lost_ringbuf=", TN_LOST_RINGBUF },
		{ "lost_busy=", TN_LOST_BUSY },
	};
	const char *c = t->comment;
	size_t i;

	memset(n, 0, sizeof(*n));
	if (!strncmp(c, "prog=", 5))
		return prog(t, c + 5, n);
	if (!strncmp(c, "foreign=", 8)) {
		n->kind = TN_FOREIGN;
		n->foreign = !strcmp(c + 8, "on") ? 1 : !strcmp(c + 8, "off") ? 0 : -1;
		return 0;
	}
	if (!strncmp(c, "sched=", 6)) {
		n->kind = TN_SCHED;
		n->foreign = !strcmp(c + 6, "on") ? 1 : !strcmp(c + 6, "off") ? 0 : -1;
		return 0;
	}
	if (!strcmp(c, "irq_line=cpu")) {
		n->kind = TN_IRQ_LINE_CPU;
		return 0;
	}
	if (!strncmp(c, "missing=", 8) || !strncmp(c, "stats_error=", 12)) {
		n->kind = c[0] == 'm' ? TN_MISSING : TN_STATS_ERROR;
		n->text = strchr(c, '=') + 1;
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(nums); i++) {
		size_t len = strlen(nums[i].key);

		if (strncmp(c, nums[i].key, len))
			continue;
		if (num_u64(c + len, &n->n))
			return diag_error(t->path, t->line, "bad trailer '# %s' (expected '# %sN')",
					  c, nums[i].key);
		n->kind = nums[i].kind;
		return 0;
	}
	n->kind = TN_COMMENT;
	return 0;
}
