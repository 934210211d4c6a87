// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "outfile.h"
#include "util.h"

#define OUT_IOBUF (1u << 20)

char *outfile_tmp_name(const char *dir, const char *name)
{
	return xasprintf("%s/.%s.tmp.%ld", dir, name, (long)getpid());
}

int outfile_open(struct outfile *o, const char *dir, const char *name)
{
	memset(o, 0, sizeof(*o));
	o->final = xasprintf("%s/%s", dir, name);
	o->tmp = outfile_tmp_name(dir, name);
	o->f = fopen(o->tmp, "w");
	if (!o->f) {
		diag_error(o->tmp, 0, "cannot create: %s", strerror(errno));
		outfile_abort(o);
		return -1;
	}
	o->iobuf = xmalloc(OUT_IOBUF);
	setvbuf(o->f, o->iobuf, _IOFBF, OUT_IOBUF);
	return 0;
}

int outfile_commit(struct outfile *o)
{
	int bad = ferror(o->f);

	if (fclose(o->f) || bad) {
		o->f = NULL;
		diag_error(o->tmp, 0, "write error: %s", strerror(errno));
		outfile_abort(o);
		return -1;
	}
	o->f = NULL;
	if (rename(o->tmp, o->final)) {
		diag_error(o->final, 0, "cannot rename %s into place: %s", o->tmp,
			   strerror(errno));
		outfile_abort(o);
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	outfile_abort(o);
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->final);
	free(o->iobuf);
	memset(o, 0, sizeof(*o));
}

const uint64_t fmt_pow10[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
	100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
	1000000000000ull, 10000000000000ull, 100000000000000ull,
	1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
	1000000000000000000ull, 10000000000000000000ull,
};

const char fmt_digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

void out_i64(FILE *f, int64_t v)
{
	char buf[24];

	fwrite_unlocked(buf, 1, fmt_i64(buf, v) - buf, f);
}

void out_str(FILE *f, const char *s)
{
	fputs_unlocked(s, f);
}
