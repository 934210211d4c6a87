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
