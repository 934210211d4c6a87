// SPDX-License-Identifier: GPL-2.0
/*
 * trace.tsv rows: the table of include/virqbench/trace_events.h as user
 * space needs it, one writer and one parser. Both run once per event of a
 * trace (millions): numbers are formatted by hand, and parsed by num.h's
 * inline converters with the error paths out of line.
 */
#include <string.h>

#include "diag.h"
#include "trace_row.h"

#define VQT_DESC_(id, tp_, name_, a0, a1, a2, a3, fmt_, opt, sys)	\
	[VQT_EV_##id] = { .tp = tp_, .system = sys, .name = name_,	\
			  .arg = { a0, a1, a2, a3 }, .fmt = fmt_,	\
			  .optional = opt, .name_len = sizeof(name_) - 1 },
const struct vqt_event_desc vqt_events[VQT_EV_NR] = {
	VQT_EVENTS(VQT_DESC_)
};
#undef VQT_DESC_

static char *put_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_s64(char *p, int64_t v)
{
	if (v >= 0)
		return put_u64(p, (uint64_t)v);
	*p++ = '-';
	return put_u64(p, 0ull - (uint64_t)v);
}

static char *put_hex(char *p, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	*p++ = '0';
	*p++ = 'x';
	do {
		tmp[n++] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

size_t trace_row_format(char *buf, const struct trace_row *r)
{
	const struct vqt_event_desc *d;
	char *p = buf;
	int i;

	if (r->kind >= VQT_EV_NR)
		return 0;
	d = &vqt_events[r->kind];

	p = put_u64(p, (uint64_t)r->ts_ns);
	*p++ = '\t';
	p = put_u64(p, r->tid);
	*p++ = '\t';
	p = put_u64(p, r->cpu);
	*p++ = '\t';
	memcpy(p, d->name, d->name_len);
	p += d->name_len;
	for (i = 0; i < VQT_NR_ARGS; i++) {
		*p++ = '\t';
		if (d->fmt[i] == 'x')
			p = put_hex(p, r->a[i]);
		else if (d->fmt[i] == 'd')
			p = put_s64(p, (int64_t)r->a[i]);
		else
			p = put_u64(p, r->a[i]);
	}
	*p++ = '\n';
	return (size_t)(p - buf);
}

/*
 * Once per row. Unrolled from the table, each compare has a constant
 * length, so the compiler makes it a word compare behind a test of the
 * length: one or two compares a row instead of a loop of memcmp() calls.
 */
static inline unsigned kind_of(const char *name, size_t len)
{
#define VQT_KIND_OF_(id, tp, name_, ...)				\
	if (len == sizeof(name_) - 1 && !memcmp(name, name_, sizeof(name_) - 1)) \
		return VQT_EV_##id;
	VQT_EVENTS(VQT_KIND_OF_)
#undef VQT_KIND_OF_
	return VQT_EV_NR;
}

unsigned trace_kind_of(const char *name, size_t len)
{
	return kind_of(name, len);
}

void trace_want_of_args(struct trace_want *w, uint32_t args)
{
	unsigned k;

	for (k = 0; k <= VQT_EV_NR; k++)
		w->f[k] = TR_TID | TR_CPU | (args >> k & 1 ? TR_ARGS : 0);
}

int trace_row_parse_want(struct tsv *t, const struct trace_want *w, struct trace_row *r)
{
	static const char *const an[VQT_NR_ARGS] = { "a0", "a1", "a2", "a3" };
	unsigned i, f;

	/* tid and cpu in every row: the kind comes after them, as its checks do. */
	if (tsv_expect_fields(t, 4 + VQT_NR_ARGS, TRACE_TSV_COLS) ||
	    tsv_u63(t, 0, "ts_ns", &r->ts_ns) ||
	    tsv_u64(t, 1, "tid", &r->tid) ||
	    tsv_u64(t, 2, "cpu", &r->cpu))
		return -1;
	if (!t->flen[3])
		return diag_error(t->path, t->line,
				  "field 4 (event) is empty (expected an event name)");
	r->kind = kind_of(t->field[3], t->flen[3]);
	f = w->f[r->kind];
	if (!(f & TR_TID))
		r->tid = 0;
	if (!(f & TR_CPU))
		r->cpu = 0;
	for (i = 0; i < VQT_NR_ARGS; i++) {
		r->a[i] = 0;
		if (f & TR_A0 << i ? tsv_u64_any(t, 4 + i, an[i], &r->a[i]) :
		    tsv_check_u64_any(t, 4 + i, an[i]))
			return -1;
	}
	return 0;
}

int trace_row_parse(struct tsv *t, uint32_t args, struct trace_row *r)
{
	struct trace_want w;

	trace_want_of_args(&w, args);
	return trace_row_parse_want(t, &w, r);
}

/*
 * The usual row, straight from the line: three numbers, a name, four
 * decimal or hex arguments, the fields w says converted, the others
 * only checked. false for anything else (a negative argument, too many
 * fields, a bad number...), which trace_row_parse_want() then reads or
 * refuses. Always inline: a call's register saves were half a percent
 * of the analysis' instructions.
 */
static inline __attribute__((always_inline)) bool
scan_row(const struct tsv *t, const struct trace_want *w, struct trace_row *r)
{
	struct tsv_fields lf;
	unsigned i, f;
	bool ok;

	if (!tsv_line_fields(t, 4 + VQT_NR_ARGS, &lf) || lf.at[4] - lf.at[3] < 2)
		return false;
	r->kind = kind_of(t->text + lf.at[3], lf.at[4] - 1 - lf.at[3]);
	f = w->f[r->kind];
	r->tid = r->cpu = 0;
	ok = tsv_field_u63(&lf, 0, &r->ts_ns) &&
	     (f & TR_TID ? tsv_field_u64(&lf, 1, &r->tid) : tsv_field_ok(&lf, 1)) &&
	     (f & TR_CPU ? tsv_field_u64(&lf, 2, &r->cpu) : tsv_field_ok(&lf, 2));
	/* Unconverted arguments are 0, as trace_row_parse_want() leaves them. */
#pragma GCC unroll 4
	for (i = 0; i < VQT_NR_ARGS; i++) {
		r->a[i] = 0;
		ok = (f & TR_A0 << i ? tsv_field_u64_any(&lf, 4 + i, &r->a[i]) :
		      tsv_field_any_ok(&lf, 4 + i)) && ok;
	}
	return ok;
}

int trace_row_scan_want(struct tsv *t, const struct trace_want *w, struct trace_row *r)
{
	if (__builtin_expect(scan_row(t, w, r), 1))
		return 0;
	tsv_split(t);
	return trace_row_parse_want(t, w, r);
}

int trace_row_scan(struct tsv *t, uint32_t args, struct trace_row *r)
{
	struct trace_want w;

	trace_want_of_args(&w, args);
	return trace_row_scan_want(t, &w, r);
}
