// SPDX-License-Identifier: GPL-2.0
/* json.c: escaping and structure; csv_field; sample flags. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "join.h"
#include "json.h"
#include "outfile.h"
#include "test.h"
#include "util.h"
#include "write_results.h"

static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	json_escape(f, s);
	fclose(f);
	return buf;
}

#define CHECK_ESC(in, want) do { char *e_ = escaped(in); CHECK_STR(e_, want); free(e_); } while (0)

static char *csv(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	csv_field(f, s);
	fclose(f);
	return buf;
}

void test_json(void)
{
	char *buf = NULL, *s;
	size_t len = 0;
	struct json j;
	FILE *f;
	char flags[128];

	CHECK_ESC("plain", "\"plain\"");
	CHECK_ESC("", "\"\"");
	CHECK_ESC("say \"hi\"", "\"say \\\"hi\\\"\"");
	CHECK_ESC("C:\\dir\\", "\"C:\\\\dir\\\\\"");
	CHECK_ESC("a\nb\tc\rd\be\ff", "\"a\\nb\\tc\\rd\\be\\ff\"");
	CHECK_ESC("\x01\x1f", "\"\\u0001\\u001f\"");
	CHECK_ESC("\x7f", "\"\x7f\"");	/* DEL is valid JSON as it is */
	/* UTF-8 passes through: 2, 3 and 4 byte sequences */
	CHECK_ESC("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* not UTF-8: replaced, never copied into the JSON */
	CHECK_ESC("a\xff" "b", "\"a\\ufffdb\"");
	CHECK_ESC("\xc0\xaf", "\"\\ufffd\\ufffd\"");		/* overlong '/' */
	CHECK_ESC("\xe2\x82", "\"\\ufffd\\ufffd\"");		/* cut short */
	CHECK_ESC("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");	/* a surrogate */

	f = open_memstream(&buf, &len);
	json_init(&j, f);
	json_begin_object(&j);
	json_kstr(&j, "k\"ey", "v");
	json_kint(&j, "i", -5);
	json_key(&j, "a");
	json_begin_array(&j);
	json_uint(&j, 1);
	json_double(&j, 0.5);
	json_double(&j, INFINITY);
	json_str(&j, NULL);
	json_end_array(&j);
	json_key(&j, "e");
	json_begin_object(&j);
	json_end_object(&j);
	json_kbool(&j, "b", true);
	json_end_object(&j);
	fclose(f);
	CHECK_STR(buf, "{\n  \"k\\\"ey\": \"v\",\n  \"i\": -5,\n  \"a\": [\n    1,\n    0.5,\n    null,\n    null\n  ],\n  \"e\": {},\n  \"b\": true\n}\n");
	free(buf);

	s = csv("v3");
	CHECK_STR(s, "v3");
	free(s);
	s = csv("a,b");
	CHECK_STR(s, "\"a,b\"");
	free(s);
	s = csv("say \"x\"");
	CHECK_STR(s, "\"say \"\"x\"\"\"");
	free(s);
	s = csv(" lead");
	CHECK_STR(s, "\" lead\"");
	free(s);

	sample_flags_str(0, flags, sizeof(flags));
	CHECK_STR(flags, "ok");
	sample_flags_str(1u << SF_NO_TRACE, flags, sizeof(flags));
	CHECK_STR(flags, "ok,no_trace");
	sample_flags_str(1u << SF_TIMEOUT | 1u << SF_NO_GUEST_SAMPLE | 1u << SF_NO_TRACE,
			 flags, sizeof(flags));
	CHECK_STR(flags, "timeout,no_guest_sample,no_trace");
	sample_flags_str(~0u >> (32 - SF_NR), flags, 21);
	CHECK_STR(flags, "timeout,inject_error");	/* truncated at a comma, never mid-name */
}

/* outfile.c's number formatting, which writes every number of samples.tsv */
void test_fmt(void)
{
	static const int64_t v[] = {
		0, 7, 9, 10, 99, 100, 101, 999, 1000, 123456789, -1, -10, -100,
		9999999999ll, 10000000000ll, INT64_MAX, INT64_MIN, -9223372036854775807ll,
	};
	char buf[32], want[32];
	size_t i;

	uint64_t p;
	int k, d;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		*fmt_i64(buf, v[i]) = '\0';
		snprintf(want, sizeof(want), "%lld", (long long)v[i]);
		CHECK_STR(buf, want);
	}
	/* Each length's edges (the digit count comes from the bit length), and 2^32's. */
	for (k = 0, p = 1; k < 19; k++, p *= 10) {
		for (d = -1; d <= 1; d++) {
			int64_t x = (int64_t)p + d;

			*fmt_i64(buf, x) = '\0';
			snprintf(want, sizeof(want), "%lld", (long long)x);
			CHECK_STR(buf, want);
			*fmt_i64(buf, -x) = '\0';
			snprintf(want, sizeof(want), "%lld", (long long)-x);
			CHECK_STR(buf, want);
		}
	}
	for (d = -2; d <= 2; d++) {
		*fmt_i64(buf, 4294967296ll + d) = '\0';
		snprintf(want, sizeof(want), "%lld", 4294967296ll + d);
		CHECK_STR(buf, want);
	}
	/* Values of every magnitude, whose eight low digits are not all at an edge (a leading 0 among them). */
	{
		uint64_t r = 0x9e3779b97f4a7c15ull;
		int bad = 0;

		for (k = 0; k < 100000; k++) {
			int64_t x;

			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			x = (int64_t)(r >> (r % 63));
			*fmt_i64(buf, x) = '\0';
			snprintf(want, sizeof(want), "%lld", (long long)x);
			bad += strcmp(buf, want) != 0;
		}
		CHECK_INT(bad, 0);
	}
}
