/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict number parsing for the raw format. strtoull() would accept
 * " 12", "+12", "12abc" and wrap "-1"; a reader of measured data must
 * refuse all of them, so these accept exactly the documented forms.
 * The *n variants take the text's length: a NUL inside is then an error,
 * not an end. All return 0 on success, -1 when the text is not such a number.
 */
#ifndef VQB_NUM_H
#define VQB_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * Eight ASCII digits at s to their value, or -1 if one is not a digit.
 * Three multiplies instead of eight dependent multiply-adds: numbers are
 * most of a trace's bytes.
 */
static inline int64_t num_8digits(const char *s)
{
	uint64_t v;

	memcpy(&v, s, 8);
	if (((v & 0xf0f0f0f0f0f0f0f0ull) |
	     (((v + 0x0606060606060606ull) & 0xf0f0f0f0f0f0f0f0ull) >> 4)) !=
	    0x3333333333333333ull)
		return -1;
	v -= 0x3030303030303030ull;
	v = v * 10 + (v >> 8);
	v = ((v & 0x000000ff000000ffull) * (100 + (1000000ull << 32)) +
	     ((v >> 16) & 0x000000ff000000ffull) * (1 + (10000ull << 32))) >> 32;
	return (int64_t)v;
}
#endif

/*
 * Decimal digits only. Inline: a trace has tens of millions of fields.
 * 19 digits always fit in 64 bits; only a 20th can overflow.
 */
static inline int num_u64n(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (!len || len > 20)
		return -1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; len - i >= 8 && i + 8 <= 16; i += 8) {
		int64_t d = num_8digits(s + i);

		if (d < 0)
			return -1;
		v = v * 100000000 + (uint64_t)d;
	}
#endif
	for (; i < len; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return -1;
		if (i == 19 && (v > UINT64_MAX / 10 || v * 10 > UINT64_MAX - d))
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

/*
 * For a reader's fast path over a line whose fields it found itself
 * (tsv.h's tsv_line_fields()), which knows each field's length and that
 * its bytes are digits: the value only. They accept a subset of what
 * num_u64n() and num_u64_anyn() accept and give the same values; a field
 * outside it sends the line through the split path and its messages.
 */
/* n (1 to 8) digits at p, known to be digits, as a number. */
static inline __attribute__((always_inline)) uint64_t num_digits8(const char *p, unsigned n)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w;

	memcpy(&w, p, 8);
	w = (w - 0x3030303030303030ull) << (64 - 8 * n);
	w = w * 10 + (w >> 8);
	return ((w & 0x000000ff000000ffull) * (100 + (1000000ull << 32)) +
		((w >> 16) & 0x000000ff000000ffull) * (1 + (10000ull << 32))) >> 32;
#else
	uint64_t v = 0;

	while (n--)
		v = v * 10 + (unsigned)(*p++ - '0');
	return v;
#endif
}

/* n (1 to 19) digits at p, known to be digits: below 2^64. Reads 8 bytes past the digits at most. */
static inline __attribute__((always_inline)) uint64_t num_digits(const char *p, unsigned n)
{
	if (n <= 8)
		return num_digits8(p, n);
	if (n <= 16)
		return num_digits8(p, n - 8) * 100000000 + num_digits8(p + n - 8, 8);
	return (num_digits8(p, n - 16) * 100000000 + num_digits8(p + n - 16, 8)) * 100000000 +
	       num_digits8(p + n - 8, 8);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * n (1 to 8) hex digits at p (either case) as a number, all in one word:
 * each byte tested for '0'-'9' and 'a'-'f' at once (exact per byte: the
 * adds stay in its low 7 bits), made its nibble, and the nibbles packed
 * pairwise. A byte loop waits on each digit in turn. false if one is not
 * a hex digit. Reads 8 bytes at p.
 */
static inline __attribute__((always_inline)) bool num_hex8(const char *p, unsigned n, uint64_t *v)
{
	const uint64_t ones = 0x0101010101010101ull, lo7 = 0x7f7f7f7f7f7f7f7full,
		       hi = 0x8080808080808080ull;
	uint64_t w, l, dig, alp, need, m;

	memcpy(&w, p, 8);
	w <<= 8 * (8 - n);	/* the digits into the high bytes: the low ones become leading zeros */
	l = w | 0x2020202020202020ull;
	dig = ((w & lo7) + (0x80 - '0') * ones) & ~((w & lo7) + (0x7f - '9') * ones) & ~w & hi;
	alp = ((l & lo7) + (0x80 - 'a') * ones) & ~((l & lo7) + (0x7f - 'f') * ones) & ~l & hi;
	need = hi << 8 * (8 - n);
	if (((dig | alp) & need) != need)
		return false;
	/* A letter has bit 6 set: its nibble is its low four bits + 9. */
	w = (w & 0x0f0f0f0f0f0f0f0full) + 9 * (w >> 6 & ones);
	m = (w & 0x000f000f000f000full) << 4 | (w >> 8 & 0x000f000f000f000full);
	m = (m & 0x000000ff000000ffull) << 8 | (m >> 16 & 0x000000ff000000ffull);
	*v = (m & 0xffff) << 16 | m >> 32;
	return true;
}
#endif

/*
 * n (1 to 16) hex digits at p, known to end there (a fast path's field
 * after its "0x"): false if one is not a hex digit. Reads 8 bytes past
 * the digits at most.
 */
static inline __attribute__((always_inline)) bool num_hex_digits(const char *p, unsigned n, uint64_t *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t a, b;

	if (n <= 8)
		return num_hex8(p, n, out);
	if (!num_hex8(p, n - 8, &a) || !num_hex8(p + n - 8, 8, &b))
		return false;
	*out = a << 32 | b;
	return true;
#else
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		unsigned c = (unsigned char)p[i], d = c - '0', l = (c | 0x20) - 'a';

		if (d > 9 && l > 5)
			return false;
		v = v << 4 | (d <= 9 ? d : l + 10);
	}
	*out = v;
	return true;
#endif
}

int num_i64n(const char *s, size_t len, int64_t *out);	/* optional leading '-' */
int num_u64_anyn(const char *s, size_t len, uint64_t *out);	/* decimal, or 0x hex */

static inline int num_u64(const char *s, uint64_t *out)
{
	return num_u64n(s, strlen(s), out);
}

static inline int num_i64(const char *s, int64_t *out)
{
	return num_i64n(s, strlen(s), out);
}

static inline int num_u64_any(const char *s, uint64_t *out)
{
	return num_u64_anyn(s, strlen(s), out);
}

#endif /* VQB_NUM_H */
