// SPDX-License-Identifier: GPL-2.0
/*
 * rowfile.c and rawout.c's space reserve: a sample file whose disk fills
 * mid-cell never ends in half a row, keeps the rows it could not write and
 * writes them once space is back. The full disk is RLIMIT_FSIZE's (EFBIG);
 * the lab's tests/lab/outdisk_test.sh fills a real one (ENOSPC).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt.h"
#include "rawout.h"
#include "rowfile.h"
#include "util.h"

#define HEADER "# seq\tt_inject"

static int put(struct rowfile *f, const char *row)
{
	return rowfile_put(f, row, strlen(row));
}

struct limited {
	struct rowfile *f;
	int r[3];
};

/* Two rows fit under the limit, the third does not, the fourth comes after. */
static int put_four(void *arg)
{
	struct limited *l = arg;

	put(l->f, "0\t100\n");
	put(l->f, "1\t200\n");
	l->r[0] = put(l->f, "2\t300300300\n");
	l->r[1] = rowfile_printf(l->f, "%d\t%d\n", 3, 400);
	return 0;
}

static int close_limited(void *arg)
{
	struct limited *l = arg;

	l->r[2] = rowfile_close(l->f);
	return 0;
}

static int take_limited(void *arg)
{
	return space_reserve_take(arg);
}

static void rows_whole(void)
{
	char *path = t_path("rows/host.tsv"), *text;
	struct rowfile f;
	struct limited l = { .f = &f };
	/* The header and two rows, and 5 bytes more: the third row's start fits, not all of it. */
	long limit = (long)strlen(HEADER "\n0\t100\n1\t200\n") + 5;

	free(t_dir("rows"));
	/* A plain run: every row in the file, in order. */
	CHECK_INT(rowfile_create(&f, path, HEADER), 0);
	CHECK_INT(put(&f, "0\t100\n"), 0);
	CHECK_INT(rowfile_printf(&f, "%d\t%d\n", 1, 200), 0);
	CHECK(rowfile_rows(&f) == 2 && !rowfile_failed(&f));
	text = t_read("/", path);
	CHECK_STR(text, HEADER "\n0\t100\n1\t200\n");	/* in the file before it is closed */
	free(text);
	CHECK_INT(rowfile_close(&f), 0);

	/* The disk fills: the row that did not fit is taken back whole. */
	CHECK_INT(rowfile_create(&f, path, HEADER), 0);
	t_with_fsize_limit(limit, put_four, &l);
	CHECK_INT(l.r[0], -EFBIG);
	CHECK_INT(l.r[1], -EFBIG);	/* a row after the failure: kept, and said so */
	CHECK_INT(rowfile_failed(&f), EFBIG);
	CHECK(rowfile_rows(&f) == 2 && f.kept_rows == 2);	/* rows in the file when it failed */
	text = t_read("/", path);
	CHECK_STR(text, HEADER "\n0\t100\n1\t200\n");	/* no half row */
	free(text);
	/* Space is back: the kept rows follow, in order. */
	CHECK_INT(rowfile_close(&f), 0);
	CHECK(rowfile_rows(&f) == 4);
	text = t_read("/", path);
	CHECK_STR(text, HEADER "\n0\t100\n1\t200\n2\t300300300\n3\t400\n");
	free(text);

	/* Still full at the close: the file stays cut at its last whole row. */
	CHECK_INT(rowfile_create(&f, path, HEADER), 0);
	t_with_fsize_limit(limit, put_four, &l);
	t_with_fsize_limit(limit, close_limited, &l);
	CHECK_INT(l.r[2], -EFBIG);
	CHECK(rowfile_rows(&f) == 2);
	text = t_read("/", path);
	CHECK_STR(text, HEADER "\n0\t100\n1\t200\n");
	free(text);
	free(path);
}

/* More than it keeps: the rest is counted as dropped, and the close says it failed. */
static void rows_dropped(void)
{
	char *path = t_path("rows/guest.tsv"), row[64];
	struct rowfile f;
	struct limited l = { .f = &f };
	long limit = (long)strlen(HEADER "\n0\t100\n1\t200\n") + 5;
	size_t n = 0;

	CHECK_INT(rowfile_create(&f, path, HEADER), 0);
	t_with_fsize_limit(limit, put_four, &l);
	snprintf(row, sizeof(row), "%060d\n", 0);
	while (f.kept_len + strlen(row) <= ROWFILE_KEEP_MAX)
		put(&f, row), n++;
	put(&f, row);
	CHECK(f.dropped == 1);
	CHECK_INT(rowfile_close(&f), -EFBIG);
	CHECK(rowfile_rows(&f) == 4 + n);	/* what was kept is written all the same */
	free(path);
}

static void reserve(void)
{
	char *dir = t_dir("reserve");

	CHECK_INT(space_reserve_take(dir), 0);
	CHECK_INT(space_reserve_take(dir), 0);	/* held already */
	space_reserve_give_back();
	space_reserve_give_back();	/* given back already */
	/* Less free than it holds back (a file of 64 KiB at most): refused, nothing held. */
	CHECK_INT(t_with_fsize_limit(64 * 1024, take_limited, dir), -EFBIG);
	CHECK_INT(space_reserve_take(dir), 0);
	space_reserve_give_back();
	CHECK_INT(space_reserve_take(t_path("reserve/none")), -ENOENT);
	free(dir);
}

void test_rowfile(void)
{
	rows_whole();
	rows_dropped();
	reserve();
}
