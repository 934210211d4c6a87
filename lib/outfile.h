/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Output files are written under a temporary name in OUT_DIR and renamed
 * into place when complete, so that a reader (or an interrupted analysis)
 * never sees half a file under the real name. No fsync: the raw run is the
 * source of truth and an analysis can always be redone.
 */
#ifndef VQB_OUTFILE_H
#define VQB_OUTFILE_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct outfile {
	FILE *f;
	char *tmp;
	char *final;
	char *iobuf;
};

/* 0, or -1 with a diag_error naming the file. */
int outfile_open(struct outfile *o, const char *dir, const char *name);
/* Flushes, checks for write errors, renames into place. 0 or -1. */
int outfile_commit(struct outfile *o);
/* Drops the temporary file; safe after commit or a failed open. */
void outfile_abort(struct outfile *o);

/* The temporary name that outfile_open() would use (caller frees). */
char *outfile_tmp_name(const char *dir, const char *name);

/* Fast decimal output for the million-row files (printf would dominate). */
void out_i64(FILE *f, int64_t v);
void out_str(FILE *f, const char *s);

/* fmt_i64()'s tables, in outfile.c. */
extern const uint64_t fmt_pow10[20];
extern const char fmt_digit_pairs[201];

/*
 * Decimal digits of u, without a loop: 1233 / 4096 is log10(2) from below,
 * so the bit length gives the count or one more, and one compare decides.
 */
static inline unsigned fmt_dec_len(uint64_t u)
{
	unsigned t = ((64 - __builtin_clzll(u | 1)) * 1233) >> 12;

	return t + ((u | 1) >= fmt_pow10[t]);
}

/* Exactly four digits of v (below 10000), leading zeros included. */
static inline void fmt_put4(char *p, unsigned v)
{
	memcpy(p, fmt_digit_pairs + v / 100 * 2, 2);
	memcpy(p + 2, fmt_digit_pairs + v % 100 * 2, 2);
}

/*
 * Digits of a 32-bit value from a ladder of compares: samples.tsv's
 * numbers are mostly of a few lengths (10-digit stamps, 2- to 4-digit
 * stages, 1-digit counts), so the branches predict well and cost less
 * than the bit-length estimate's multiply and table load.
 */
static inline __attribute__((always_inline)) unsigned fmt_dec_len32(uint32_t u)
{
	if (u < 100)
		return 1 + (u >= 10);
	if (u < 10000)
		return 3 + (u >= 1000);
	if (u < 1000000)
		return 5 + (u >= 100000);
	if (u < 100000000)
		return 7 + (u >= 10000000);
	return 9 + (u >= 1000000000);
}

/*
 * The digits of w, ending at end: two a step from the "00".."99" table (a
 * 32-bit multiply and shift each: the division by 100 is by a constant),
 * then the leading one or two.
 */
static inline __attribute__((always_inline)) void fmt_u32_ending_at(char *end, uint32_t w)
{
	for (; w >= 100; w /= 100) {
		end -= 2;
		memcpy(end, fmt_digit_pairs + w % 100 * 2, 2);
	}
	if (w >= 10)
		memcpy(end - 2, fmt_digit_pairs + w * 2, 2);
	else
		end[-1] = (char)('0' + w);
}

/*
 * Above 2^32: the counter stamps (a counter past 2^32 ticks: at 62.5 MHz
 * after 69 s, on hardware after seconds to days of uptime, so most of a
 * samples file's stamps). Below 10^16 (some 5 years at 62.5 MHz, 116 days
 * at 1 GHz) one division by a constant splits it into the digits above
 * its last eight, written as a 32-bit value, and those eight, written
 * whole; larger values four digits a division until they fit in 32 bits.
 */
static inline __attribute__((always_inline)) char *fmt_u64_wide(char *out, uint64_t u)
{
	unsigned len;
	char *p;

	if (__builtin_expect(u < 10000000000000000ull, 1)) {
		uint32_t hi = (uint32_t)(u / 100000000), lo = (uint32_t)(u % 100000000);

		len = fmt_dec_len32(hi);
		fmt_u32_ending_at(out + len, hi);
		fmt_put4(out + len, lo / 10000);
		fmt_put4(out + len + 4, lo % 10000);
		return out + len + 8;
	}
	len = fmt_dec_len(u);
	p = out + len;
	while (u > UINT32_MAX) {
		p -= 4;
		fmt_put4(p, (unsigned)(u % 10000));
		u /= 10000;
	}
	fmt_u32_ending_at(p, (uint32_t)u);
	return out + len;
}

/*
 * Writes v in decimal at out (at most 20 bytes, no NUL); returns the end.
 * Inline: samples.tsv has some 17 numbers a row, a million rows, and a
 * call's own cost was a sixth of each. Backwards from the end its length
 * gives, two digits a step (fmt_u32_ending_at()); about a quarter fewer
 * instructions than four digits a division behind the bit-length
 * estimate, over samples.tsv's numbers.
 */
static inline __attribute__((always_inline)) char *fmt_i64(char *out, int64_t v)
{
	uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
	unsigned len;

	if (v < 0)
		*out++ = '-';
	if (__builtin_expect(u > UINT32_MAX, 0))
		return fmt_u64_wide(out, u);
	len = fmt_dec_len32((uint32_t)u);
	fmt_u32_ending_at(out + len, (uint32_t)u);
	return out + len;
}

#endif /* VQB_OUTFILE_H */
