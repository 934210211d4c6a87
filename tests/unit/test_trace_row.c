// SPDX-License-Identifier: GPL-2.0
/*
 * The trace-event vocabulary's shared code (lib/trace_row.c,
 * lib/trace_inject.h): every event's row written and read back, the
 * parser's refusals and their messages, the `#` lines' parser, and the
 * injection decoder that trace mode and the analysis both judge
 * injections by.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "test.h"
#include "trace_inject.h"
#include "trace_note.h"
#include "trace_row.h"
#include "tsv.h"
#include "util.h"

#define HDR "# " TRACE_TSV_COLS "\n"

/* The table is whole: names, tracepoints, letters, and names told apart. */
static void table(void)
{
	unsigned k, i, m;

	for (k = 0; k < VQT_EV_NR; k++) {
		const struct vqt_event_desc *d = &vqt_events[k];

		CHECKF(d->tp && d->system &&
		       (!strcmp(d->system, "kvm") ?
			!strncmp(d->tp, "kvm_", 4) ^ !strncmp(d->tp, "vgic_", 5) :
			!strcmp(d->system, "sched") && !strncmp(d->tp, "sched_", 6)),
		       "event %u: tracepoint '%s/%s'", k, d->system, d->tp);
		CHECK_INT(strlen(d->name), d->name_len);
		CHECK_INT(strlen(d->fmt), VQT_NR_ARGS);
		for (i = 0; i < VQT_NR_ARGS; i++)
			CHECKF(strchr("udx", d->fmt[i]) != NULL, "event %s: format '%s'",
			       d->name, d->fmt);
		CHECK_INT(trace_kind_of(d->name, d->name_len), k);
		for (m = 0; m < k; m++)
			CHECKF(strcmp(d->name, vqt_events[m].name), "name %s twice", d->name);
	}
	CHECK_INT(trace_kind_of("exi", 3), VQT_EV_NR);
	CHECK_INT(trace_kind_of("exits", 5), VQT_EV_NR);
	CHECK(vqt_events[VQT_EV_EXIT].optional == false);
	CHECK(vqt_events[VQT_EV_HALT_POLL].optional == true);
	CHECK_STR(vqt_events[VQT_EV_WAKEUP].tp, "kvm_vcpu_wakeup");
	CHECK_STR(vqt_events[VQT_EV_SCHED_SWITCH].system, "sched");
	CHECK(vqt_events[VQT_EV_SCHED_SWITCH].optional == true);
	CHECK_STR(vqt_events[VQT_EV_IRQ_LINE].arg[3], "level");
}

static char *row_text(const struct trace_row *r)
{
	static char buf[TRACE_ROW_MAX + 1];
	size_t n = trace_row_format(buf, r);

	CHECK(n < TRACE_ROW_MAX);
	buf[n] = '\0';
	return buf;
}

/* Exact rows: decimal, negative, hex, the widest numbers. */
static void writer(void)
{
	struct trace_row r = { 1234567890, 812, 1, VQT_EV_EXIT, { 2, 0x24, 0x40001234, 0 } };
	char buf[TRACE_ROW_MAX];

	CHECK_STR(row_text(&r), "1234567890\t812\t1\texit\t2\t36\t0x40001234\t0\n");
	r = (struct trace_row){ 5, 1, 0, VQT_EV_IRQ_LINE, { 1, (uint64_t)-1, 33, (uint64_t)-2 } };
	CHECK_STR(row_text(&r), "5\t1\t0\tirq_line\t1\t-1\t33\t-2\n");
	r = (struct trace_row){ INT64_MAX, UINT32_MAX, 7, VQT_EV_MMIO,
				{ (uint64_t)INT64_MIN, 4, 0, UINT64_MAX } };
	CHECK_STR(row_text(&r), "9223372036854775807\t4294967295\t7\tmmio\t"
		  "-9223372036854775808\t4\t0x0\t0xffffffffffffffff\n");
	r.kind = VQT_EV_NR;
	CHECK_INT(trace_row_format(buf, &r), 0);
}

/* read_rows() through trace_row_scan() (the readers' way) instead of tsv_next() and trace_row_parse(). */
static bool scan_rows;

/* Reads text (a whole trace.tsv) row by row into rows[]; -1 at the first error. */
static int read_rows(const char *tag, const char *text, uint32_t args,
		     struct trace_row *rows, int max)
{
	char *dir = t_dir(tag), *p;
	struct tsv t;
	int k, n = 0, ret = -1;

	t_write(dir, "trace.tsv", text);
	if (asprintf(&p, "%s/trace.tsv", dir) < 0)
		abort();
	if (tsv_open(&t, p))
		goto out;
	if (tsv_header(&t, TRACE_TSV_COLS))
		goto close;
	while ((k = scan_rows ? tsv_next_line(&t) : tsv_next(&t)) != TSV_EOF) {
		if (k == TSV_ERROR || (k == TSV_DATA && n == max))
			goto close;
		if (k == TSV_DATA && (scan_rows ? trace_row_scan(&t, args, &rows[n++]) :
				      trace_row_parse(&t, args, &rows[n++])))
			goto close;
	}
	ret = n;
close:
	tsv_close(&t);
out:
	free(p);
	free(dir);
	return ret;
}

static bool row_eq(const struct trace_row *x, const struct trace_row *y)
{
	return x->ts_ns == y->ts_ns && x->tid == y->tid && x->cpu == y->cpu &&
	       x->kind == y->kind && !memcmp(x->a, y->a, sizeof(x->a));
}

/* Every event, its arguments at the edges of its format, written and read back. */
static void round_trip(void)
{
	struct trace_row in[VQT_EV_NR], out[VQT_EV_NR];
	char *text = malloc(VQT_EV_NR * TRACE_ROW_MAX + sizeof(HDR));
	size_t len = strlen(HDR);
	unsigned k, i;

	memcpy(text, HDR, len);
	for (k = 0; k < VQT_EV_NR; k++) {
		in[k] = (struct trace_row){ 1000 + k, 4000 + k, k % 3, k, { 0 } };
		for (i = 0; i < VQT_NR_ARGS; i++) {
			char f = vqt_events[k].fmt[i];

			in[k].a[i] = f == 'd' ? (uint64_t)-(int64_t)(i + 1) :
				     f == 'x' ? 0xffff800008000000ull + i : 10ull * k + i;
		}
		len += trace_row_format(text + len, &in[k]);
	}
	text[len] = '\0';
	CHECK_INT(read_rows("rt-all", text, TRACE_ARGS_ALL, out, VQT_EV_NR), VQT_EV_NR);
	for (k = 0; k < VQT_EV_NR; k++)
		CHECKF(row_eq(&in[k], &out[k]), "event %s read back differs",
		       vqt_events[k].name);

	/* Arguments of kinds not asked for are checked, not converted. */
	CHECK_INT(read_rows("rt-some", text, 1u << VQT_EV_EXIT, out, VQT_EV_NR), VQT_EV_NR);
	CHECK_INT(out[VQT_EV_EXIT].a[2], in[VQT_EV_EXIT].a[2]);
	CHECK_INT(out[VQT_EV_MMIO].a[0], 0);
	CHECK_INT(out[VQT_EV_MMIO].kind, VQT_EV_MMIO);
	CHECK_INT(out[VQT_EV_MMIO].ts_ns, in[VQT_EV_MMIO].ts_ns);
	free(text);
}

/*
 * Forms a reader accepts besides its writer's: upper-case hex, a newer
 * event, leading zeros, 20 digits, 16 hex digits, a line longer than the
 * scan's fast path takes.
 */
static void reader(void)
{
	struct trace_row r[5];

	CHECK_INT(read_rows("rd-new", HDR "7\t8\t9\tkvm_new_thing\t1\t-2\t0x3\t4\n"
			    "8\t8\t9\tentry\t0XABC\t0\t0\t0\n"
			    "0009\t08\t0\texit\t007\t0xFfFfFfFfFfFfFfFf\t18446744073709551615\t0x0\n"
			    "9223372036854775807\t1\t2\texit\t1\t2\t3\t4\n"
			    "10\t1\t2\texit\t0x0000000000000001\t12345678901234567890\t"
			    "1234567890123456789\t0x123456789abcdef0\n",
			    TRACE_ARGS_ALL, r, 5), 5);
	CHECK_INT(r[0].kind, VQT_EV_NR);
	CHECK_INT(r[0].a[1], (uint64_t)-2);
	CHECK_INT(r[0].a[2], 3);
	CHECK_INT(r[1].kind, VQT_EV_ENTRY);
	CHECK_INT(r[1].a[0], 0xabc);
	CHECK_INT(r[2].ts_ns, 9);
	CHECK_INT(r[2].tid, 8);
	CHECK_INT(r[2].a[0], 7);
	CHECK(r[2].a[1] == UINT64_MAX && r[2].a[2] == UINT64_MAX && r[2].a[3] == 0);
	CHECK(r[3].ts_ns == INT64_MAX);
	CHECK(r[4].a[0] == 1 && r[4].a[1] == 12345678901234567890ull &&
	      r[4].a[2] == 1234567890123456789ull && r[4].a[3] == 0x123456789abcdef0ull);
}

/* One row read with w, the readers' way or the split way (scan_rows); 0 or -1. */
static int read_want(const char *tag, const char *row, const struct trace_want *w,
		     struct trace_row *r)
{
	char *dir = t_dir(tag), *p, *text;
	struct tsv t;
	int k, ret = -1;

	if (asprintf(&text, "%s%s", HDR, row) < 0 || asprintf(&p, "%s/trace.tsv", dir) < 0)
		abort();
	t_write(dir, "trace.tsv", text);
	if (!tsv_open(&t, p)) {
		if (!tsv_header(&t, TRACE_TSV_COLS)) {
			k = scan_rows ? tsv_next_line(&t) : tsv_next(&t);
			if (k == TSV_DATA)
				ret = scan_rows ? trace_row_scan_want(&t, w, r) :
						  trace_row_parse_want(&t, w, r);
		}
		tsv_close(&t);
	}
	free(text);
	free(p);
	free(dir);
	return ret;
}

/* Fields a reader does not ask for are 0, and checked all the same. */
static void want(void)
{
	struct trace_want w = { { 0 } };
	struct trace_row r;

	w.f[VQT_EV_EXIT] = TR_TID | TR_A0 << 1;
	CHECK_INT(read_want("want-exit", "5\t4242\t3\texit\t24\t0x93\t0x40001234\t7\n", &w, &r), 0);
	CHECK(r.ts_ns == 5 && r.kind == VQT_EV_EXIT && r.tid == 4242 && r.cpu == 0);
	CHECK(r.a[0] == 0 && r.a[1] == 0x93 && r.a[2] == 0 && r.a[3] == 0);
	w.f[VQT_EV_EXIT] = TR_CPU | TR_A0 | TR_A0 << 3;
	CHECK_INT(read_want("want-exit2", "5\t4242\t3\texit\t24\t0x93\t0x40001234\t7\n", &w, &r), 0);
	CHECK(r.tid == 0 && r.cpu == 3 && r.a[0] == 24 && r.a[1] == 0 && r.a[3] == 7);
	/* Nothing asked: the time and the kind. */
	CHECK_INT(read_want("want-none", "6\t1\t2\tentry\t0x1\t2\t3\t4\n", &w, &r), 0);
	CHECK(r.ts_ns == 6 && r.kind == VQT_EV_ENTRY && r.tid == 0 && r.cpu == 0 && r.a[0] == 0);
	/* A bad field nobody reads is refused as a read one is. */
	CHECK_INT(read_want("want-bad-tid", "1\t-2\t3\tentry\t0\t0\t0\t0\n", &w, &r), -1);
	CHECK_HAS(diag_last(), "field 2 (tid): '-2' (expected an unsigned decimal number)");
	CHECK_INT(read_want("want-bad-a2", "1\t2\t3\tentry\t0\t0\t0x4g\t0\n", &w, &r), -1);
	CHECK_HAS(diag_last(), "field 7 (a2): '0x4g'");
	CHECK_INT(read_want("want-bad-cpu", "1\t2\t12345678901234567890123\tentry\t0\t0\t0\t0\n", &w, &r), -1);
	CHECK_HAS(diag_last(), "field 3 (cpu)");
}

/* Each malformed row is refused with its line, its field and what was expected. */
static void malformed(void)
{
	static const struct {
		const char *row, *msg;
	} bad[] = {
		{ "1\t2\t3\texit\t0\t0\t0\n", ":2: 7 fields (expected 8: ts_ns tid cpu event a0 a1 a2 a3)" },
		{ "1\t2\t3\texit\t0\t0\t0\t0\t9\n", ":2: 9 fields (expected 8" },
		{ "x\t2\t3\texit\t0\t0\t0\t0\n", ":2: field 1 (ts_ns): 'x' (expected an unsigned decimal number below 2^63)" },
		{ "-1\t2\t3\texit\t0\t0\t0\t0\n", "field 1 (ts_ns): '-1'" },
		{ "9223372036854775808\t2\t3\texit\t0\t0\t0\t0\n", "field 1 (ts_ns): '9223372036854775808'" },
		{ "1\t-2\t3\texit\t0\t0\t0\t0\n", "field 2 (tid): '-2' (expected an unsigned decimal number)" },
		{ "1\t2\t0x3\texit\t0\t0\t0\t0\n", "field 3 (cpu): '0x3'" },
		{ "1\t2\t3\t\t0\t0\t0\t0\n", ":2: field 4 (event) is empty (expected an event name)" },
		{ "1\t2\t3\texit\t0\t1z\t0\t0\n", "field 6 (a1): '1z' (expected a decimal (possibly negative) or 0x-hex number)" },
		{ "1\t2\t3\texit\t0\t0\t0x\t0\n", "field 7 (a2): '0x'" },
		{ "1\t2\t3\texit\t0\t0\t0\t--1\n", "field 8 (a3): '--1'" },
		{ "1\t2\t3\texit\t0\t0\t0\t18446744073709551616\n", "field 8 (a3): '18446744073709551616'" },
		/* What the scan's fast path must send to the split one too. */
		{ "1\t123456789012345678901\t3\texit\t0\t0\t0\t0\n", "field 2 (tid): '123456789012345678901'" },
		{ "1\t2\t3\texit\t0\t0\t0x1x2\t0\n", "field 7 (a2): '0x1x2'" },
		{ "1\t2\t3\texit\t0\t0\t1x2\t0\n", "field 7 (a2): '1x2'" },
		{ "1\t2\t3\texit\t0\t0\t0x12345678901234567\t0\n", "field 7 (a2): '0x12345678901234567'" },
		{ "1\t2\t3\texit\t0\t\t0\t0\n", "field 6 (a1): '' (expected" },
		{ "\t2\t3\texit\t0\t0\t0\t0\n", "field 1 (ts_ns): ''" },
		{ "1\t2\t3\texit\t0\t0\t0\t\n", "field 8 (a3): ''" },
		{ "1\t2\t3\texit\t0\t0\t0\t0\r\n", "field 8 (a3): '0\r'" },
		{ "1\t2\t3\texit\t0\t0\t0g\t0\n", "field 7 (a2): '0g'" },
	};
	struct trace_row r[1];
	char text[256];
	unsigned i, args;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		for (args = 0; args < 2; args++) {
			/* The same refusal whether the arguments are converted or only checked. */
			snprintf(text, sizeof(text), HDR "%s", bad[i].row);
			CHECKF(read_rows("bad", text, args ? TRACE_ARGS_ALL : 0, r, 1) == -1,
			       "accepted: %s", bad[i].row);
			CHECK_HAS(diag_last(), bad[i].msg);
		}
}

/* One `#` line through trace_note_parse(): its kind, or -1 when refused. */
static int note(const char *line, struct trace_note *n)
{
	static char text[256];	/* n->text ends up here */
	char *dir = t_dir("note"), *p;
	struct tsv t;
	int r = -2;

	memset(n, 0, sizeof(*n));
	snprintf(text, sizeof(text), "%s\n", line);
	t_write(dir, "trace.tsv", text);
	if (asprintf(&p, "%s/trace.tsv", dir) < 0)
		abort();
	if (!tsv_open(&t, p)) {
		if (tsv_next(&t) == TSV_COMMENT)
			r = trace_note_parse(&t, n) ? -1 : (int)n->kind;
		if (n->text)	/* into the line: keep it past the close */
			n->text = strcpy(text, n->text);
		tsv_close(&t);
	}
	free(p);
	free(dir);
	return r;
}

static void notes(void)
{
	struct trace_note n;

	CHECK_INT(note("# foreign=on", &n), TN_FOREIGN);
	CHECK_INT(n.foreign, 1);
	CHECK_INT(note("# foreign=off", &n), TN_FOREIGN);
	CHECK_INT(n.foreign, 0);
	CHECK_INT(note("# foreign=maybe", &n), TN_FOREIGN);
	CHECK_INT(n.foreign, -1);
	CHECK_INT(note("# irq_line=cpu", &n), TN_IRQ_LINE_CPU);
	CHECK_INT(note("# sched=on", &n), TN_SCHED);
	CHECK_INT(n.foreign, 1);
	CHECK_INT(note("# sched=off", &n), TN_SCHED);
	CHECK_INT(n.foreign, 0);
	CHECK_INT(note("# missing=kvm_wfx_arm64,kvm_mmio", &n), TN_MISSING);
	CHECK_STR(n.text, "kvm_wfx_arm64,kvm_mmio");
	CHECK_INT(note("# stats_error=Operation not permitted", &n), TN_STATS_ERROR);
	CHECK_STR(n.text, "Operation not permitted");
	CHECK_INT(note("# prog=vgic_pending run_cnt=12 run_time_ns=3400", &n), TN_PROG);
	CHECK_STR(n.prog, "vgic_pending");
	CHECK_INT(n.run_cnt, 12);
	CHECK_INT(n.run_time_ns, 3400);
	CHECK_INT(note("# lost_ringbuf=2", &n), TN_LOST_RINGBUF);
	CHECK_INT(n.n, 2);
	CHECK_INT(note("# lost_busy=0", &n), TN_LOST_BUSY);
	CHECK_INT(note("# lost=18446744073709551615", &n), TN_LOST);
	CHECK_INT(n.n, UINT64_MAX);
	CHECK_INT(note("# events=5123", &n), TN_EVENTS);
	CHECK_INT(n.n, 5123);
	/* Not ours: a comment, whatever it says. */
	CHECK_INT(note("# repeated_low=7", &n), TN_COMMENT);
	CHECK_INT(note("# losts=1", &n), TN_COMMENT);
	CHECK_INT(note("# a person's note", &n), TN_COMMENT);
	/* Ours, malformed: refused with the form expected. */
	CHECK_INT(note("# lost=-1", &n), -1);
	CHECK_HAS(diag_last(), ":1: bad trailer '# lost=-1' (expected '# lost=N')");
	CHECK_INT(note("# events=", &n), -1);
	CHECK_INT(note("# lost_busy=1 ", &n), -1);
	CHECK_INT(note("# prog=exit run_cnt=1", &n), -1);
	CHECK_HAS(diag_last(), "(expected '# prog=<event> run_cnt=N run_time_ns=N')");
	CHECK_INT(note("# prog= run_cnt=1 run_time_ns=1", &n), -1);
	CHECK_INT(note("# prog=a_name_longer_than_24_bytes run_cnt=1 run_time_ns=1", &n), -1);
	CHECK_INT(note("# prog=exit run_time_ns=1 run_cnt=1", &n), -1);
}

static bool raises(unsigned kind, uint64_t a0, uint64_t a1, uint64_t a2,
		   uint64_t a3, uint64_t vcpu, bool has_intid, uint64_t intid)
{
	const uint64_t a[VQT_NR_ARGS] = { a0, a1, a2, a3 };
	struct trace_inj j;

	return trace_inj_decode(kind, a, &j) &&
	       trace_inj_raises(&j, vcpu, has_intid, intid);
}

static void decoder(void)
{
	const uint64_t a_cpu[VQT_NR_ARGS] = { VQT_IRQ_TYPE_CPU, 1, 0, 1 };
	const uint64_t a_spi[VQT_NR_ARGS] = { VQT_IRQ_TYPE_SPI, 0, 40, 1 };
	const uint64_t a_gsi[VQT_NR_ARGS] = { 5, 1, 0, 0 };
	const uint64_t a_vgic_spi[VQT_NR_ARGS] = { 0, 64, 1, 0 };
	const uint64_t a_exit[VQT_NR_ARGS] = { 2, 0x24, 0x40001234, 0 };
	struct trace_inj j;

	/* The CPU line names its vCPU and no INTID. */
	CHECK(trace_inj_decode(VQT_EV_IRQ_LINE, a_cpu, &j));
	CHECK_INT(j.line, TI_CPU);
	CHECK_INT(j.vcpu, 1);
	CHECK_INT(j.intid, -1);
	CHECK(raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_CPU, 1, 0, 1, 1, true, 33));
	CHECK(!raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_CPU, 1, 0, 1, 0, true, 33));
	CHECK(!raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_CPU, 1, 0, 0, 1, true, 33));

	/* An SPI names its INTID; any vCPU may take it. */
	CHECK(trace_inj_decode(VQT_EV_IRQ_LINE, a_spi, &j));
	CHECK_INT(j.line, TI_SPI);
	CHECK_INT(j.vcpu, -1);
	CHECK_INT(j.intid, 40);
	CHECK(raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_SPI, 0, 40, 1, 3, true, 40));
	CHECK(raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_SPI, 0, 40, 1, 3, false, 0));
	CHECK(!raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_SPI, 0, 41, 1, 3, true, 40));

	/* A PPI is a vCPU's own INTID: both must be right. */
	CHECK(raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_PPI, 2, 23, 1, 2, true, 23));
	CHECK(!raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_PPI, 2, 23, 1, 1, true, 23));
	CHECK(!raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_PPI, 2, 24, 1, 2, true, 23));
	/* A negative level (signed int) and an irq type this build does not know. */
	CHECK(!raises(VQT_EV_IRQ_LINE, VQT_IRQ_TYPE_PPI, 2, 23, (uint64_t)-1, 2, true, 23));
	CHECK(!raises(VQT_EV_IRQ_LINE, 3, 2, 23, 1, 2, true, 23));

	/* A GSI names neither vCPU nor INTID. */
	CHECK(trace_inj_decode(VQT_EV_SET_IRQ, a_gsi, &j));
	CHECK_INT(j.line, TI_GSI);
	CHECK_INT(j.gsi, 5);
	CHECK_INT(j.vcpu, -1);
	CHECK_INT(j.intid, -1);
	CHECK_INT(j.level, 1);

	/* vgic_pending: the vCPU counts only for a private INTID. */
	CHECK(trace_inj_decode(VQT_EV_VGIC_PENDING, a_vgic_spi, &j));
	CHECK_INT(j.line, TI_VGIC);
	CHECK_INT(j.vcpu, -1);
	CHECK(raises(VQT_EV_VGIC_PENDING, 0, 64, 1, 0, 1, true, 64));
	CHECK(!raises(VQT_EV_VGIC_PENDING, 0, 64, 0, 0, 1, true, 64));
	CHECK(!raises(VQT_EV_VGIC_PENDING, 0, 65, 1, 0, 1, true, 64));
	CHECK(raises(VQT_EV_VGIC_PENDING, 1, 27, 1, 0, 1, true, 27));
	CHECK(!raises(VQT_EV_VGIC_PENDING, 0, 27, 1, 0, 1, true, 27));
	CHECK(raises(VQT_EV_VGIC_PENDING, 1, 31, 1, 0, 1, true, 31));
	CHECK(raises(VQT_EV_VGIC_PENDING, 0, 32, 1, 0, 1, true, 32));
	/* ... and without a known INTID nothing says it is this interrupt. */
	CHECK(!raises(VQT_EV_VGIC_PENDING, 1, 27, 1, 0, 1, false, 0));

	/* The timer's line: its vCPU, and its INTID when known. */
	CHECK(raises(VQT_EV_TIMER_IRQ, 1, 27, 1, 0, 1, true, 27));
	CHECK(raises(VQT_EV_TIMER_IRQ, 1, 27, 1, 0, 1, false, 0));
	CHECK(!raises(VQT_EV_TIMER_IRQ, 0, 27, 1, 0, 1, true, 27));
	CHECK(!raises(VQT_EV_TIMER_IRQ, 1, 30, 1, 0, 1, true, 27));
	CHECK(!raises(VQT_EV_TIMER_IRQ, 1, 27, 0, 0, 1, true, 27));

	/* Not injections at all. */
	CHECK(!trace_inj_decode(VQT_EV_EXIT, a_exit, &j));
	CHECK(!trace_inj_decode(VQT_EV_ACK_IRQ, a_exit, &j));
	CHECK(!trace_inj_decode(VQT_EV_NR, a_exit, &j));
}

void test_trace_row(void)
{
	table();
	writer();
	/* Both ways of reading a row: the same rows, values and messages. */
	for (scan_rows = false;; scan_rows = true) {
		round_trip();
		reader();
		malformed();
		want();
		if (scan_rows)
			break;
	}
	notes();
	decoder();
}
