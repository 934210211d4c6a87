// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "diag.h"

/* Splits a comma list, checking each item against `valid` ("all" expands to it). */
int parse_list(const char *opt, const char *arg, const char *const *valid, int nvalid,
	       const char **out, int max)
{
	char buf[512], *save, *tok;
	int n = 0;

	if (!strcmp(arg, "all")) {
		for (int i = 0; i < nvalid && n < max; i++)
			out[n++] = valid[i];
		return n;
	}
	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int found = -1;

		for (int i = 0; i < nvalid; i++)
			if (!strcmp(tok, valid[i]))
				found = i;
		if (found < 0) {
			char list[256] = "";

			for (int i = 0; i < nvalid; i++)
				snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
					 i ? ", " : "", valid[i]);
			diag_say("%s: unknown value '%s' (expected one of: %s, or all)", opt, tok, list);
			return -1;
		}
		if (n < max)
			out[n++] = valid[found];
	}
	if (!n)
		diag_say("%s: empty list", opt);
	return n ? n : -1;
}

int parse_int(const char *opt, const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max) {
		diag_say("%s: '%s' is not a whole number from %ld to %ld", opt, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

/* What a shell reads as itself, unquoted. */
#define SHELL_PLAIN "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%"

static size_t put(char *out, size_t n, const char *s, size_t len)
{
	if (out)
		memcpy(out + n, s, len);
	return n + len;
}

/* Writes a's shell word at out (when not NULL); returns its length. */
static size_t shell_word(const char *a, char *out)
{
	size_t len = strlen(a), n = 0;

	if (len && strspn(a, SHELL_PLAIN) == len)
		return put(out, 0, a, len);
	/* '...', each quote in it closed, escaped and reopened: it's -> 'it'\''s' */
	n = put(out, n, "'", 1);
	for (const char *p = a; *p; p++)
		n = *p == '\'' ? put(out, n, "'\\''", 4) : put(out, n, p, 1);
	return put(out, n, "'", 1);
}

void command_line(int argc, char **argv, char *buf, size_t size)
{
	size_t n = 0;

	if (!size)
		return;
	buf[0] = '\0';
	for (int i = 0; i < argc; i++) {
		size_t need = (i > 0) + shell_word(argv[i], NULL);

		/* Whole words only: half a quoted word would read back as something else. */
		if (n + need >= size)
			break;
		if (i > 0)
			buf[n++] = ' ';
		n += shell_word(argv[i], buf + n);
		buf[n] = '\0';
	}
}
