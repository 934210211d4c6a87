// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "diag.h"
#include "jread.h"
#include "rt.h"

static struct jval *parse(const char *text)
{
	return jr_parse("t.json", text, strlen(text));
}

void test_jread(void)
{
	struct jval *v;
	int64_t i;
	char deep[300];

	v = parse(" {\"a\": [1, 2, {\"b\": \"x\\ny\\\"\\\\\\/\"}], \"c\": true, \"f\": false,"
		  " \"d\": null, \"e\": -1.5e3, \"u\": \"\\u00b5\\ud83d\\ude00\\ud800x\","
		  " \"big\": 9007199254740993, \"neg\": -42, \"s\": \"\"}\n");
	CHECK(v && v->t == J_OBJ);
	CHECK_INT(jr_get(v, "a")->n, 3);
	CHECK_STR(jr_gets(jr_at(jr_get(v, "a"), 2), "b"), "x\ny\"\\/");
	CHECK(jr_gettrue(v, "c"));
	CHECK(!jr_gettrue(v, "f"));
	CHECK(jr_get(v, "f") && jr_get(v, "f")->t == J_BOOL);
	CHECK(jr_get(v, "d") && jr_get(v, "d")->t == J_NULL);
	CHECK(jr_get(v, "e")->num == -1500);
	CHECK_STR(jr_gets(v, "u"), "\xc2\xb5\xf0\x9f\x98\x80\xef\xbf\xbdx");
	/* Integers read from their text: above 2^53 too. */
	CHECK_INT(jr_geti(v, "big", &i), 1);
	CHECK_INT(i, 9007199254740993ll);
	CHECK_INT(jr_geti(v, "neg", &i), 1);
	CHECK_INT(i, -42);
	CHECK_INT(jr_geti(v, "e", &i), 0);
	CHECK_INT(jr_geti(v, "missing", &i), 0);
	CHECK_STR(jr_gets(v, "s"), "");
	CHECK(!jr_gets(v, "c"));
	CHECK(!jr_at(jr_get(v, "a"), 3));
	jr_free(v);

	/* Errors: where, and what was expected. */
	CHECK(!parse("{\n  \"a\": [1,\n  2,,]\n}"));
	CHECK_HAS(diag_last(), "t.json:3: column 5: bad JSON (expected a value)");
	CHECK(!parse("{\"a\": "));
	CHECK_HAS(diag_last(), "ends early");
	CHECK(!parse("{} x"));
	CHECK_HAS(diag_last(), "the end of the document");
	CHECK(!parse("{\"a\" 1}"));
	CHECK_HAS(diag_last(), "expected ':'");
	CHECK(!parse("[01]"));
	CHECK(!parse("[1.]"));
	CHECK_HAS(diag_last(), "digit after the decimal point");
	CHECK(!parse("\"a\tb\""));
	CHECK_HAS(diag_last(), "control character");
	CHECK(!parse("\"\\x\""));
	CHECK(!parse("\"\\u12\""));
	CHECK(!parse("\"abc"));
	CHECK_HAS(diag_last(), "closing quote");
	CHECK(!parse("tru"));
	CHECK(!parse(""));
	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	CHECK(!parse(deep));
	CHECK_HAS(diag_last(), "less nesting");
	v = parse("[[[[1]]]]");
	CHECK(v != NULL);
	jr_free(v);
	CHECK(!jr_load("/nonexistent/meta.json"));
	CHECK_HAS(diag_last(), "/nonexistent/meta.json: cannot open");
}
