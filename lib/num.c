// SPDX-License-Identifier: GPL-2.0
#include <stdint.h>

#include "num.h"

int num_i64n(const char *s, size_t len, int64_t *out)
{
	uint64_t v;

	if (len && *s == '-') {
		if (num_u64n(s + 1, len - 1, &v) || v > (uint64_t)INT64_MAX + 1)
			return -1;
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
		return 0;
	}
	if (num_u64n(s, len, &v) || v > INT64_MAX)
		return -1;
	*out = (int64_t)v;
	return 0;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int num_u64_anyn(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (len < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return num_u64n(s, len, out);
	if (len == 2 || len > 18)
		return -1;
	for (i = 2; i < len; i++) {
		int d = hexval((unsigned char)s[i]);

		if (d < 0)
			return -1;
		v = v << 4 | (unsigned)d;
	}
	*out = v;
	return 0;
}
