// SPDX-License-Identifier: GPL-2.0
/* num.c, kv.c, tsv.c: what the raw format's text may and may not be. */
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kv.h"
#include "num.h"
#include "test.h"
#include "tsv.h"

/*
 * num_hex_digits(), the fast path's hex in one word, against the strict
 * parser on every length and the bytes next to each range's edges.
 */
static void test_hex_digits(void)
{
	static const char set[] = "0123456789abcdefABCDEF/:@G`g\x80\xb0\xe1\x7f ";
	uint32_t seed = 12345;
	unsigned n, k, i, bad = 0;

	for (n = 1; n <= 16; n++)
		for (k = 0; k < 4000; k++) {
			char s[2 + 16 + 1 + 8] = "0x";
			uint64_t want = 0, got = 0;
			bool ok;
			int ref;

			for (i = 0; i < n; i++) {
				seed = seed * 1103515245u + 12345u;
				/* Mostly hex digits, so that the long valid ones come up. */
				s[2 + i] = set[(seed >> 16) % (k & 1 ? sizeof(set) - 1 : 22)];
			}
			memset(s + 2 + n, '\t', sizeof(s) - 2 - n);
			ok = num_hex_digits(s + 2, n, &got);
			ref = num_u64_anyn(s, 2 + n, &want);
			if (ok != !ref || (ok && got != want))
				bad++;
		}
	CHECK(bad == 0);
	CHECK(num_hex_digits("ffffffffFFFFFFFF", 16, &(uint64_t){ 0 }));
}

void test_num(void)
{
	uint64_t u = 7;
	int64_t i = 7;

	CHECK(!num_u64("0", &u) && u == 0);
	CHECK(!num_u64("12", &u) && u == 12);
	CHECK(!num_u64("18446744073709551615", &u) && u == UINT64_MAX);
	CHECK(num_u64("18446744073709551616", &u));
	CHECK(num_u64("99999999999999999999", &u));
	CHECK(num_u64("", &u));
	CHECK(num_u64("+1", &u));
	CHECK(num_u64("-1", &u));
	CHECK(num_u64(" 1", &u));
	CHECK(num_u64("1 ", &u));
	CHECK(num_u64("1a", &u));
	CHECK(num_u64n("1\0002", 3, &u));	/* a NUL inside is not an end */
	/* eight digits at a time, and what is left over */
	CHECK(!num_u64("12345678", &u) && u == 12345678);
	CHECK(!num_u64("00000000", &u) && u == 0);
	CHECK(!num_u64("99999999", &u) && u == 99999999);
	CHECK(!num_u64("123456789", &u) && u == 123456789);
	CHECK(!num_u64("1234567890123456", &u) && u == 1234567890123456ull);
	CHECK(!num_u64("12345678901234567", &u) && u == 12345678901234567ull);
	CHECK(!num_u64("9999999999999999999", &u) && u == 9999999999999999999ull);
	CHECK(num_u64("1234567a", &u));
	CHECK(num_u64("a2345678", &u));
	CHECK(num_u64("12345:78", &u));		/* ':' is '9' + 1 */
	CHECK(num_u64("1234/678", &u));		/* '/' is '0' - 1 */
	CHECK(num_u64("123456789012345x6", &u));
	CHECK(num_u64n("1234\000678", 8, &u));
	CHECK(!num_i64("-9223372036854775808", &i) && i == INT64_MIN);
	CHECK(!num_i64("9223372036854775807", &i) && i == INT64_MAX);
	CHECK(num_i64("9223372036854775808", &i));
	CHECK(num_i64("-9223372036854775809", &i));
	CHECK(!num_i64("-42", &i) && i == -42);
	CHECK(num_i64("-", &i));
	CHECK(num_i64("--1", &i));
	CHECK(!num_u64_any("0x40001234", &u) && u == 0x40001234);
	CHECK(!num_u64_any("0XfF", &u) && u == 255);
	CHECK(!num_u64_any("17", &u) && u == 17);
	CHECK(!num_u64_any("0", &u) && u == 0);
	CHECK(num_u64_any("0x", &u));
	CHECK(num_u64_any("0xg", &u));
	CHECK(num_u64_any("0x10000000000000000", &u));	/* 17 hex digits */
	test_hex_digits();
}

static int parse(struct kv *kv, const char *text)
{
	return kv_parse(kv, "x.kv", text, strlen(text));
}

void test_kv(void)
{
	struct kv kv;
	uint64_t u;
	int64_t i;
	bool b;
	const char *s;

	/* good: comments, blank lines, '=' and spaces in the value, empty value */
	CHECK_INT(parse(&kv, "# comment\nformat=1\n\nkernel_cmdline=console=ttyAMA0 kvm-arm.mode=nvhe\nempty=\ncntvoff=-12\nlast=no newline"), 0);
	CHECK_INT(kv.n, 5);
	CHECK_STR(kv_get(&kv, "kernel_cmdline"), "console=ttyAMA0 kvm-arm.mode=nvhe");
	CHECK_STR(kv_get(&kv, "empty"), "");
	CHECK_STR(kv_get(&kv, "last"), "no newline");
	CHECK(kv_get(&kv, "absent") == NULL);
	CHECK_INT(kv_find(&kv, "kernel_cmdline")->line, 4);
	CHECK_INT(kv_get_u64(&kv, "format", &u), 1);
	CHECK_INT(u, 1);
	CHECK_INT(kv_get_u64(&kv, "absent", &u), 0);
	CHECK_INT(kv_get_i64(&kv, "cntvoff", &i), 1);
	CHECK_INT(i, -12);
	/* typed getters report the key's line */
	CHECK_INT(kv_get_u64(&kv, "cntvoff", &u), -1);
	CHECK_STR(diag_last(), "x.kv:6: cntvoff='-12' (expected an unsigned decimal number)");
	CHECK_INT(kv_get_bool(&kv, "format", &b), 1);
	CHECK(b);
	CHECK_INT(kv_get_bool(&kv, "last", &b), -1);
	CHECK_STR(diag_last(), "x.kv:7: last='no newline' (expected 0 or 1)");
	CHECK_INT(kv_need_u64(&kv, "cntfrq", &u), -1);
	CHECK_STR(diag_last(), "x.kv: missing key 'cntfrq' (expected cntfrq=<unsigned decimal>)");
	CHECK_INT(kv_need_str(&kv, "format", &s), 0);
	CHECK_STR(s, "1");
	kv_free(&kv);

	/* malformed */
	CHECK_INT(parse(&kv, "a=1\nno equals here\n"), -1);
	CHECK_STR(diag_last(), "x.kv:2: no '=' in line (expected key=value)");
	kv_free(&kv);
	CHECK_INT(parse(&kv, "a b=1\n"), -1);
	CHECK_HAS(diag_last(), "x.kv:1: bad key 'a b' (expected key=value");
	kv_free(&kv);
	CHECK_INT(parse(&kv, "=1\n"), -1);
	CHECK_HAS(diag_last(), "x.kv:1: bad key ''");
	kv_free(&kv);
	CHECK_INT(parse(&kv, "a=1\n# c\na=2\n"), -1);
	CHECK_STR(diag_last(), "x.kv:3: duplicate key 'a' (first at line 1; expected each key once)");
	kv_free(&kv);

	/* a missing file */
	CHECK_INT(kv_load(&kv, "/nonexistent/run.kv"), -1);
	CHECK_STR(diag_last(), "/nonexistent/run.kv: cannot open: No such file or directory");
	kv_free(&kv);
}

#define COLS "seq\tt_inject\tt_seen\tstatus"

static struct tsv open_text(const char *name, const char *text)
{
	char *d = t_dir("tsv");
	char *p;
	struct tsv t;

	t_write(d, name, text);
	if (asprintf(&p, "%s/%s", d, name) < 0)
		abort();
	if (tsv_open(&t, p))
		CHECK(!"tsv_open");
	free(p);
	free(d);
	return t;
}

/* The error text without the temporary directory in front. */
static const char *tail(const char *msg, const char *name)
{
	const char *p = strstr(msg, name);

	return p ? p : msg;
}

void test_tsv(void)
{
	struct tsv t;
	uint64_t u = 0;
	int64_t i = 0;
	unsigned long warns;

	t = open_text("a.tsv", "# seq\tt_inject\tt_seen\tstatus\n0\t100\t0\tok\n# a comment\n1\t0x10\t5\ttimeout\n");
	CHECK_INT(tsv_header(&t, COLS), 0);
	CHECK_INT(tsv_next(&t), TSV_DATA);
	CHECK_INT(t.nf, 4);
	CHECK_STR(t.field[3], "ok");
	CHECK_INT(tsv_u63(&t, 1, "t_inject", &i), 0);
	CHECK_INT(i, 100);
	CHECK_INT(tsv_next(&t), TSV_COMMENT);
	CHECK_STR(t.comment, "a comment");
	CHECK_INT(tsv_next(&t), TSV_DATA);
	CHECK_INT(t.line, 4);	/* comment lines count */
	CHECK_INT(tsv_expect_fields(&t, 4, COLS), 0);
	CHECK_INT(tsv_u64(&t, 1, "t_inject", &u), -1);	/* hex where decimal belongs */
	CHECK_STR(tail(diag_last(), "a.tsv"),
		  "a.tsv:4: field 2 (t_inject): '0x10' (expected an unsigned decimal number)");
	CHECK_INT(tsv_u64_any(&t, 1, "a0", &u), 0);
	CHECK_INT(u, 16);
	CHECK(tsv_field_is(&t, 3, "timeout"));
	CHECK(!tsv_field_is(&t, 3, "time"));
	CHECK_INT(tsv_next(&t), TSV_EOF);
	CHECK(!t.cut_short);
	tsv_close(&t);

	/* wrong column count, bad number, with their line numbers */
	t = open_text("b.tsv", "# seq\tt_inject\tt_seen\tstatus\n0\t1\t2\tok\n1\t2\tok\n2\tx9\t0\tok\n");
	CHECK_INT(tsv_header(&t, COLS), 0);
	CHECK_INT(tsv_next(&t), TSV_DATA);
	CHECK_INT(tsv_next(&t), TSV_DATA);
	CHECK_INT(tsv_expect_fields(&t, 4, COLS), -1);
	CHECK_STR(tail(diag_last(), "b.tsv"),
		  "b.tsv:3: 3 fields (expected 4: seq t_inject t_seen status)");
	CHECK_INT(tsv_next(&t), TSV_DATA);
	CHECK_INT(tsv_u63(&t, 1, "t_inject", &i), -1);
	CHECK_STR(tail(diag_last(), "b.tsv"),
		  "b.tsv:4: field 2 (t_inject): 'x9' (expected an unsigned decimal number below 2^63)");
	tsv_close(&t);

	/* too many fields; above 2^63; an empty field */
	t = open_text("c.tsv", "1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t17\n9223372036854775808\t\n");
	CHECK_INT(tsv_next(&t), TSV_DATA);
	CHECK_INT(tsv_expect_fields(&t, 4, COLS), -1);
	CHECK_HAS(diag_last(), "c.tsv:1: more than 16 fields (expected 4:");
	CHECK_INT(tsv_next(&t), TSV_DATA);
	CHECK_INT(t.nf, 2);
	CHECK_INT(tsv_u63(&t, 0, "t", &i), -1);
	CHECK_INT(tsv_u64(&t, 0, "t", &u), 0);
	CHECK_INT(tsv_u64(&t, 1, "t", &u), -1);
	CHECK_HAS(diag_last(), "c.tsv:2: field 2 (t): '' (expected");
	tsv_close(&t);

	/* the header is checked, not guessed */
	t = open_text("d.tsv", "# seq\tt_inject\tstatus\n");
	CHECK_INT(tsv_header(&t, COLS), -1);
	CHECK_STR(tail(diag_last(), "d.tsv"),
		  "d.tsv:1: not the header (expected '# seq t_inject t_seen status', tab-separated)");
	tsv_close(&t);
	t = open_text("e.tsv", "");
	CHECK_INT(tsv_header(&t, COLS), -1);
	CHECK_HAS(diag_last(), "e.tsv:1: empty file (expected the header");
	tsv_close(&t);

	/* a partial last line is a cut-short file: dropped with a warning */
	warns = diag_warn_count();
	t = open_text("f.tsv", "1\t2\n3\t4");
	CHECK_INT(tsv_next(&t), TSV_DATA);
	CHECK_INT(tsv_next(&t), TSV_EOF);
	CHECK(t.cut_short);
	CHECK_INT(diag_warn_count(), warns + 1);
	CHECK_HAS(diag_last_warning(), "f.tsv:2: last line has no newline: file cut short");
	tsv_close(&t);

	/* a NUL byte inside a field */
	{
		char *d = t_dir("tsv"), *p;
		FILE *f;

		if (asprintf(&p, "%s/g.tsv", d) < 0)
			abort();
		f = fopen(p, "w");
		fwrite("12\0003\tok\n", 1, 8, f);
		fclose(f);
		CHECK_INT(tsv_open(&t, p), 0);
		CHECK_INT(tsv_next(&t), TSV_DATA);
		CHECK_INT(tsv_u64(&t, 0, "seq", &u), -1);
		CHECK(!tsv_field_is(&t, 1, "o"));
		tsv_close(&t);
		free(p);
		free(d);
	}

	/* a missing file */
	CHECK_INT(tsv_open(&t, "/nonexistent/host.tsv"), -1);
	CHECK_STR(diag_last(), "/nonexistent/host.tsv: cannot open: No such file or directory");
	tsv_close(&t);
}
