// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 13's regressions: bad input that crashed, was silently accepted,
 * blocked or destroyed an earlier result. Each case is the input found
 * (by fuzzing or by hand) and what must happen instead.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "diag.h"
#include "fixture.h"
#include "kv.h"
#include "raw_run.h"
#include "rfile.h"
#include "stagedir.h"
#include "test.h"
#include "tsv.h"

static int run(const char *raw, const char *out)
{
	char *argv[] = { "virqbench-analyze", (char *)raw, (char *)out, NULL };
	struct analyze_opts o = {
		.raw_dir = raw, .out_dir = out, .quiet = true,
		.gnuplot = "/nonexistent/gnuplot", .argc = 3, .argv = argv,
	};

	return analyze(&o);
}

static char *good_raw(const char *tag)
{
	char *raw = t_dir(tag);

	fix_write_run(raw, fix_run_kv);
	fix_write_cell(raw, FIX_CELL, fix_cell_kv, fix_host, fix_guest, fix_trace);
	return raw;
}

/* cells/bad name: the message named d_name after closedir() had freed it. */
static void test_bad_cell_name(void)
{
	char *raw = good_raw("robust-cellname"), *p;
	struct run_info ri;

	if (asprintf(&p, "%s/cells/bad name", raw) < 0)
		abort();
	CHECK(mkdir(p, 0777) == 0);
	CHECK_INT(run_open(&ri, raw), -1);
	CHECK_HAS(diag_last(), "/cells: cell name 'bad name' (expected <gic>-<hyp>-<path>-<state>");
	run_free(&ri);
	free(p);
	free(raw);
}

static void expect_fail(const char *tag, const char *cell_kv, const char *host,
			const char *guest, const char *msg)
{
	char *raw = t_dir(tag), *out, *o;

	fix_write_run(raw, fix_run_kv);
	fix_write_cell(raw, FIX_CELL, cell_kv, host, guest, fix_trace);
	if (asprintf(&o, "%s-out", tag) < 0)
		abort();
	out = t_dir(o);
	CHECK_INT(run(raw, out), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), msg);
	CHECK(!t_exists(out, "summary.csv"));
	free(o);
	free(out);
	free(raw);
}

/* Stamps that overflow a stage, counts that disagree: refused, with where and why. */
static void test_silent_acceptance(void)
{
	char *h, *h2, *kv;

	/* the found input: t_inject = 2^63 - 1, later rows smaller */
	h = fix_replace(fix_host, "4\t150000\t150100\tok", "4\t9223372036854775807\t150100\tok");
	expect_fail("robust-tmax", fix_cell_kv, h, fix_guest,
		    "host.tsv:6: field 3 (t_seen): 150100 is before t_inject 9223372036854775807");
	free(h);
	h = fix_replace(fix_host, "3\t140000", "3\t100000");
	expect_fail("robust-back", fix_cell_kv, h, fix_guest,
		    "host.tsv:5: field 2 (t_inject): 100000 is before seq 2's 130000 (expected the host counter to advance");
	free(h);
	/* the last rows at 2^63 - 1, unseen: the stage itself does not fit */
	h = fix_replace(fix_host, "4\t150000\t150100\tok", "4\t9223372036854775807\t0\tok");
	h2 = fix_replace(h, "5\t160000\t0\terror", "5\t9223372036854775807\t0\terror");
	expect_fail("robust-sat", fix_cell_kv, h2, fix_guest,
		    "host.tsv: seq 4: t_inject 9223372036854775807 against guest.tsv's t_vector 149030");
	CHECK_HAS(diag_last(), "inject_to_vector does not fit in 64 bits (expected stamps of one run's counters)");
	free(h);
	free(h2);

	kv = fix_replace(fix_cell_kv, "count_injected=6", "count_injected=18446744073709551615");
	expect_fail("robust-count-max", kv, fix_host, fix_guest,
		    "cell.kv:6: count_injected=18446744073709551615 but ");
	CHECK_HAS(diag_last(), "host.tsv has 6 rows, 5 of them injected (expected one of those counts)");
	free(kv);
	kv = fix_replace(fix_cell_kv, "count_injected=6", "count_injected=7");
	expect_fail("robust-count-7", kv, fix_host, fix_guest, "count_injected=7 but ");
	free(kv);
	/* 5, the injected rows, is what bench/ may count too */
	{
		char *raw = t_dir("robust-count-5"), *out = t_dir("robust-count-5-out");

		kv = fix_replace(fix_cell_kv, "count_injected=6", "count_injected=5");
		fix_write_run(raw, fix_run_kv);
		fix_write_cell(raw, FIX_CELL, kv, fix_host, fix_guest, fix_trace);
		CHECK_INT(run(raw, out), ANALYZE_PLOT_FAIL);
		CHECK(t_exists(out, "summary.csv"));
		free(kv);
		free(raw);
		free(out);
	}
}

struct full_args {
	const char *raw, *out;
};

static int run_full(void *p)
{
	const struct full_args *a = p;

	return run(a->raw, a->out);
}

/* OUT holds a good analysis, RAW turns bad, re-analysis fails: OUT byte-identical. */
static void test_failed_reanalysis_keeps_result(void)
{
	char *raw = good_raw("robust-keep"), *out = t_dir("robust-keep-out");
	char *before, *after, *h;

	CHECK_INT(run(raw, out), ANALYZE_PLOT_FAIL);	/* all but the plots */
	/* plots as gnuplot would have left them, to see that they stay too */
	t_write(out, "cdf_total.png", "\x89PNG fake");
	t_write(out, "breakdown_v3.png", "\x89PNG fake");
	before = t_checksums(out);
	CHECK_HAS(before, "summary.csv ");
	CHECK_HAS(before, "summary.json ");
	CHECK_HAS(before, "meta.json ");
	CHECK_HAS(before, FIX_CELL ".samples.tsv ");

	h = fix_replace(fix_host, "4\t150000\t150100\tok", "4\t150000\tsoon\tok");
	fix_write_cell(raw, FIX_CELL, NULL, h, NULL, NULL);
	CHECK_INT(run(raw, out), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "host.tsv:6: field 3 (t_seen): 'soon'");
	after = t_checksums(out);
	CHECK_STR(after, before);
	free(after);

	/* a bad cell.kv the same */
	t_write(raw, "cells/" FIX_CELL "/cell.kv", "gic=v3\r\n");
	CHECK_INT(run(raw, out), ANALYZE_FAIL);
	CHECK_HAS(diag_last(), "cell.kv:1: line ends in CR");
	after = t_checksums(out);
	CHECK_STR(after, before);
	free(after);

	/* the disk fills up half-way through the new result */
	fix_write_cell(raw, FIX_CELL, fix_cell_kv, fix_host, NULL, NULL);
	{
		struct full_args fa = { raw, out };

		CHECK_INT(t_with_fsize_limit(1500, run_full, &fa), ANALYZE_FAIL);
		CHECK_HAS(diag_last(), "File too large");
	}
	after = t_checksums(out);
	CHECK_STR(after, before);
	free(after);

	/* and a good one again replaces it, dropping the stale plots */
	fix_write_cell(raw, FIX_CELL, fix_cell_kv, fix_host, NULL, NULL);
	CHECK_INT(run(raw, out), ANALYZE_PLOT_FAIL);
	after = t_checksums(out);
	CHECK_LACKS(after, "cdf_total.png");
	CHECK_LACKS(after, "breakdown_v3.png");
	CHECK_LACKS(after, ".stage.");
	CHECK_HAS(after, "summary.csv ");
	free(after);
	free(before);
	free(h);
	free(raw);
	free(out);
}

static void test_stagedir(void)
{
	char *dir = t_dir("robust-stage"), *s;
	static const char *const drop[] = { "old.txt", NULL };
	struct stagedir sd = { 0 };

	/* a killed run's leftovers (pid 2^22 + 1: above any pid_max) */
	t_write(dir, ".stage.t.4194305/x", "half\n");
	t_write(dir, "old.txt", "old\n");
	t_write(dir, "keep.txt", "theirs\n");
	t_write(dir, "new.txt", "previous\n");
	CHECK_INT(stagedir_open(&sd, dir, "t"), 0);
	t_write(sd.path, "new.txt", "next\n");
	stagedir_abort(&sd);
	s = t_read(dir, "new.txt");
	CHECK_STR(s, "previous\n");
	free(s);
	CHECK_INT(stagedir_open(&sd, dir, "t"), 0);
	t_write(sd.path, "new.txt", "next\n");
	CHECK_INT(stagedir_commit(&sd, drop, NULL), 0);
	s = t_read(dir, "new.txt");
	CHECK_STR(s, "next\n");
	free(s);
	CHECK(!t_exists(dir, "old.txt"));
	CHECK(t_exists(dir, "keep.txt"));
	s = t_checksums(dir);
	CHECK_LACKS(s, ".stage.");	/* ours and the leftover */
	free(s);
	free(dir);
}

/* A run.kv of 100000 keys: every key was compared with every earlier one. */
static void test_kv_many_keys(void)
{
	enum { N = 100000 };
	char *text = malloc(N * 24), *p = text;
	struct timespec a, b;
	struct kv kv;
	double s;
	int i;

	for (i = 0; i < N; i++)
		p += sprintf(p, "key_%d=%d\n", i, i);
	clock_gettime(CLOCK_MONOTONIC, &a);
	CHECK_INT(kv_parse(&kv, "big.kv", text, p - text), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	CHECKF(s < 2.0, "100000 keys parsed in %.2f s (expected well under 1 s)", s);
	CHECK_STR(kv_get(&kv, "key_99999"), "99999");
	CHECK_STR(kv_get(&kv, "key_0"), "0");
	CHECK(kv_get(&kv, "key_100000") == NULL);
	kv_free(&kv);
	/* a duplicate still found, with its first line */
	CHECK_INT(kv_parse(&kv, "dup.kv", "a=1\nb=2\na=3\n", 12), -1);
	CHECK_STR(diag_last(), "dup.kv:3: duplicate key 'a' (first at line 1; expected each key once)");
	kv_free(&kv);
	free(text);
}

static void test_crlf(void)
{
	char *raw = t_dir("robust-crlf");
	struct run_info ri;

	t_write(raw, "run.kv", "format=1\r\ncntfrq=100000000\r\n");
	CHECK_INT(run_open(&ri, raw), -1);
	CHECK_HAS(diag_last(), "/run.kv:1: line ends in CR (a CRLF file; expected LF line ends");
	run_free(&ri);
	free(raw);
}

/* A FIFO (or a directory) where a file should be: refused at once, never waited on. */
static void test_special_files(void)
{
	char *raw = good_raw("robust-fifo"), *p;
	struct run_info ri;
	struct tsv t;
	struct kv kv;
	const char *why;
	int fd;

	if (asprintf(&p, "%s/run.kv", raw) < 0)
		abort();
	unlink(p);
	CHECK(mkfifo(p, 0666) == 0);
	alarm(10);	/* the bug: this blocked forever */
	CHECK_INT(run_open(&ri, raw), -1);
	CHECK_HAS(diag_last(), "/run.kv: a FIFO, not a regular file (expected a file)");
	run_free(&ri);
	CHECK_INT(kv_load(&kv, p), -1);
	kv_free(&kv);
	CHECK_INT(tsv_open(&t, p), -1);
	CHECK_HAS(diag_last(), "a FIFO, not a regular file");
	fd = rfile_open(p, &why);
	CHECK_INT(fd, -1);
	CHECK_INT(errno, EINVAL);
	fd = rfile_open(raw, &why);
	CHECK_INT(fd, -1);
	CHECK_INT(errno, EISDIR);
	CHECK_STR(why, "a directory, not a regular file (expected a file)");
	CHECK(rfile_fopen("/dev/null", &why) == NULL);
	CHECK_STR(why, "a character device, not a regular file (expected a file)");
	fd = rfile_open("/nonexistent/x", &why);
	CHECK_INT(errno, ENOENT);
	CHECK_STR(why, "cannot open: No such file or directory");
	alarm(0);
	free(p);
	free(raw);
}

void test_robust(void)
{
	test_bad_cell_name();
	test_silent_acceptance();
	test_failed_reanalysis_keeps_result();
	test_stagedir();
	test_kv_many_keys();
	test_crlf();
	test_special_files();
}
