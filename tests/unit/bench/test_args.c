// SPDX-License-Identifier: GPL-2.0
/* args.c: option values and the recorded command line (run.kv's `command`). */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "bt.h"

static void lists(void)
{
	static const char *const valid[] = { "busy", "wfi" };
	const char *out[4] = { NULL };
	char *err;

	CHECK_INT(parse_list("--state", "wfi", valid, 2, out, 4), 1);
	CHECK_STR(out[0], "wfi");
	CHECK_INT(parse_list("--state", "all", valid, 2, out, 4), 2);
	CHECK(out[0] == valid[0] && out[1] == valid[1]);
	CHECK_INT(parse_list("--state", "wfi,busy", valid, 2, out, 4), 2);
	CHECK_STR(out[0], "wfi");
	CHECK_STR(out[1], "busy");
	/* at most max kept */
	CHECK_INT(parse_list("--state", "wfi,busy,wfi", valid, 2, out, 2), 2);

	stderr_capture();
	CHECK_INT(parse_list("--state", "busy,idle", valid, 2, out, 4), -1);
	CHECK_INT(parse_list("--state", ",", valid, 2, out, 4), -1);
	err = stderr_captured();
	CHECK_STR(err, "virqbench: --state: unknown value 'idle' (expected one of: busy, wfi, or all)\n"
		  "virqbench: --state: empty list\n");
	free(err);
}

static void ints(void)
{
	long v = 7;
	char *err;

	CHECK(!parse_int("--count", "1000", 1, 100000000, &v) && v == 1000);
	CHECK(!parse_int("--vcpu-cpu", "-1", -1, 4095, &v) && v == -1);
	CHECK(!parse_int("--gap-us", "0", 0, 10, &v) && v == 0);
	stderr_capture();
	v = 7;
	CHECK_INT(parse_int("--count", "0", 1, 10, &v), -1);
	CHECK_INT(parse_int("--count", "11", 1, 10, &v), -1);
	CHECK_INT(parse_int("--count", "5x", 1, 10, &v), -1);
	CHECK_INT(parse_int("--count", "", 1, 10, &v), -1);
	CHECK_INT(parse_int("--count", "99999999999999999999", 1, 10, &v), -1);
	CHECK_INT(v, 7);	/* a refused value changes nothing */
	err = stderr_captured();
	CHECK_HAS(err, "virqbench: --count: '5x' is not a whole number from 1 to 10\n");
	CHECK_INT(t_count_lines(err), 5);
	free(err);
}

static void recorded(void)
{
	char *plain[] = { "virqbench", "run", "--path=lr-line,sgi", "-o", "/tmp/r-1" };
	char *odd[] = { "virqbench", "it's", "", "a b", "$HOME" };
	char buf[256], small[33];

	command_line(5, plain, buf, sizeof(buf));
	CHECK_STR(buf, "virqbench run --path=lr-line,sgi -o /tmp/r-1");
	/* what a shell reads back as the same words */
	command_line(5, odd, buf, sizeof(buf));
	CHECK_STR(buf, "virqbench 'it'\\''s' '' 'a b' '$HOME'");
	command_line(0, odd, buf, sizeof(buf));
	CHECK_STR(buf, "");

	/*
	 * Too long: whole words only, and nothing past the buffer (the quote
	 * of a word cut at the end once wrote beyond it).
	 */
	/* 32 guard bytes and a NUL: strspn() must not run past them (ASan) */
	memset(small, '#', sizeof(small) - 1);
	small[sizeof(small) - 1] = '\0';
	command_line(5, odd, small, 20);
	CHECK_STR(small, "virqbench 'it'\\''s'");
	CHECK_INT(strspn(small + 20, "#"), 12);
	command_line(2, (char *[]){ "virqbench", "'''''''''''''''''''''" }, small, 20);
	CHECK_STR(small, "virqbench");
	CHECK_INT(strspn(small + 20, "#"), 12);
	command_line(1, (char *[]){ "a-much-longer-program-name" }, small, 20);
	CHECK_STR(small, "");
}

void test_args(void)
{
	lists();
	ints();
	recorded();
}
