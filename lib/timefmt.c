// SPDX-License-Identifier: GPL-2.0
#include "timefmt.h"

static void fmt(time_t t, const char *f, char *buf, size_t size)
{
	struct tm tm;

	if (!size)
		return;
	if (!gmtime_r(&t, &tm) || !strftime(buf, size, f, &tm))
		buf[0] = '\0';
}

void utc_stamp(time_t t, char *buf, size_t size)
{
	fmt(t, "%Y-%m-%dT%H:%M:%SZ", buf, size);
}

void utc_now(char *buf, size_t size)
{
	utc_stamp(time(NULL), buf, size);
}

void utc_id(time_t t, char *buf, size_t size)
{
	fmt(t, "%Y%m%d-%H%M%S", buf, size);
}
