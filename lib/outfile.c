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

static const uint64_t pow10_tab[20] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
	100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
	1000000000000ull, 10000000000000ull, 100000000000000ull,
	1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
	1000000000000000000ull, 10000000000000000000ull,
};

/*
 * Decimal digits of u, without a loop: 1233 / 4096 is log10(2) from below,
 * so the bit length gives the count or one more, and one compare decides.
 */
static inline unsigned dec_len(uint64_t u)
{
	unsigned t = ((64 - __builtin_clzll(u | 1)) * 1233) >> 12;

	return t + ((u | 1) >= pow10_tab[t]);
}

static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* Exactly four digits of v (below 10000), leading zeros included. */
static inline void put4(char *p, unsigned v)
{
	memcpy(p, digit_pairs + v / 100 * 2, 2);
	memcpy(p + 2, digit_pairs + v % 100 * 2, 2);
}

char *fmt_i64(char *out, int64_t v)
{
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	unsigned len, w;
	char *p;

	if (v < 0)
		*out++ = '-';
	len = dec_len(u);
	/*
	 * Backwards from the end, four digits a division (their two pairs
	 * do not wait on each other): a 10-digit stamp is three steps, not
	 * ten. 32-bit division, cheaper, once the rest fits.
	 */
	p = out + len;
	while (u > UINT32_MAX) {
		p -= 4;
		put4(p, (unsigned)(u % 10000));
		u /= 10000;
	}
	for (w = (unsigned)u; p - out > 4; w /= 10000) {
		p -= 4;
		put4(p, w % 10000);
	}
	/* The leading one to four digits. */
	if (w >= 100) {
		p -= 2;
		memcpy(p, digit_pairs + w % 100 * 2, 2);
		w /= 100;
	}
	if (w >= 10) {
		p -= 2;
		memcpy(p, digit_pairs + w * 2, 2);
	} else {
		*--p = (char)('0' + w);
	}
	return out + len;
}

void out_i64(FILE *f, int64_t v)
{
	char buf[24];

	fwrite_unlocked(buf, 1, fmt_i64(buf, v) - buf, f);
}

void out_str(FILE *f, const char *s)
{
	fputs_unlocked(s, f);
}
