// SPDX-License-Identifier: GPL-2.0
/* kvout.c: what the writer puts in a kv file is what kv.c's reader reads back. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "kv.h"
#include "kvout.h"
#include "test.h"

static void round_trip(void)
{
	char *dir = t_dir("kvout"), *path = t_path("kvout/cell.kv"), *snap;
	struct kv_out o;
	struct kv kv = { 0 };
	uint64_t u;
	int64_t i;

	kvo_init(&o);
	kvo_set(&o, "plain", "%s", "v3");
	kvo_set(&o, "cmdline", "%s", "console=ttyAMA0 kvm-arm.mode=nvhe");
	kvo_set(&o, "lines", "%s", "one\ntwo\r\nthree");
	kvo_set(&o, "empty", "%s", "");
	kvo_set_u64(&o, "big", UINT64_MAX);
	kvo_set_i64(&o, "neg", INT64_MIN);
	kvo_set(&o, "cpu0.tid", "%d", 42);
	CHECK_INT(kvo_write(&o, path), 0);
	CHECK_INT(kv_load(&kv, path), 0);
	CHECK_INT(kv.n, 7);
	CHECK_STR(kv_get(&kv, "plain"), "v3");
	/* '=' in a value is the reader's too: it splits at the first one */
	CHECK_STR(kv_get(&kv, "cmdline"), "console=ttyAMA0 kvm-arm.mode=nvhe");
	/* a value is one line: breaks become spaces, the next key survives */
	CHECK_STR(kv_get(&kv, "lines"), "one two  three");
	CHECK_STR(kv_get(&kv, "empty"), "");
	CHECK(kv_get_u64(&kv, "big", &u) == 1 && u == UINT64_MAX);
	CHECK(kv_get_i64(&kv, "neg", &i) == 1 && i == INT64_MIN);
	CHECK_STR(kv_get(&kv, "cpu0.tid"), "42");
	/* nothing but the file: the temporary name is gone */
	snap = t_checksums(dir);
	CHECK_HAS(snap, "cell.kv 141 ");
	CHECK_LACKS(snap, "tmp");
	free(snap);
	kv_free(&kv);
	kvo_free(&o);
	CHECK(!o.buf && !o.len);

	/* a value longer than any fixed buffer is kept whole */
	{
		char *long_value = calloc(1, 10001);
		struct kv k2 = { 0 };

		memset(long_value, 'x', 10000);
		kvo_init(&o);
		kvo_set(&o, "long", "%s", long_value);
		CHECK_INT(kvo_write(&o, path), 0);
		CHECK_INT(kv_load(&k2, path), 0);
		CHECK(kv_get(&k2, "long") && strlen(kv_get(&k2, "long")) == 10000);
		kv_free(&k2);
		kvo_free(&o);
		free(long_value);
	}
	free(dir);
	free(path);
}

static void refusals(void)
{
	char *path = t_path("kvout/refused.kv");
	struct kv_out o;
	struct kv kv = { 0 };

	kvo_init(&o);
	kvo_set(&o, "status", "%s", "ok");
	kvo_set(&o, "status", "%s", "error");		/* the reader refuses a key twice */
	kvo_set(&o, "bad key", "%s", "x");		/* ... and one that is no identifier */
	kvo_set(&o, "a=b", "%s", "x");
	kvo_set(&o, "", "%s", "x");
	kvo_set(&o, "after", "%s", "kept");
	/* written all the same, without them, and a readable file */
	CHECK_INT(kvo_write(&o, path), -EINVAL);
	CHECK_HAS(diag_last(), "refused.kv: key 'status' refused (set twice");
	CHECK_INT(kv_load(&kv, path), 0);
	CHECK_INT(kv.n, 2);
	CHECK_STR(kv_get(&kv, "status"), "ok");
	CHECK_STR(kv_get(&kv, "after"), "kept");
	kv_free(&kv);
	kvo_free(&o);

	kvo_init(&o);
	kvo_set(&o, "line\nbreak", "%s", "x");
	kvo_set(&o, "#comment", "%s", "x");
	CHECK_INT(kvo_write(&o, path), -EINVAL);
	CHECK_HAS(diag_last(), "key 'line\nbreak' refused (expected letters");
	CHECK_INT(kv_load(&kv, path), 0);
	CHECK_INT(kv.n, 0);
	kv_free(&kv);
	kvo_free(&o);
	free(path);

	/* a directory that is not there: an error, and no file */
	path = t_path("kvout/missing/run.kv");
	kvo_init(&o);
	kvo_set(&o, "format", "1");
	CHECK_INT(kvo_write(&o, path), -EIO);
	CHECK_HAS(diag_last(), "missing/.run.kv.tmp.");
	CHECK_HAS(diag_last(), "cannot create: No such file or directory");
	CHECK(!t_exists(t_path("kvout/missing"), "run.kv"));
	kvo_free(&o);
	free(path);
}

void test_kvout(void)
{
	round_trip();
	refusals();
}
