// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "num.h"
#include "rfile.h"
#include "tsv.h"
#include "util.h"

#define TSV_BUF_SIZE (1u << 20)	/* also the longest line accepted */

int tsv_open(struct tsv *t, const char *path)
{
	const char *why;
	struct stat st;

	memset(t, 0, sizeof(*t));
	t->path = xstrdup(path);
	t->fd = rfile_open(path, &why);
	if (t->fd < 0) {
		diag_error(path, 0, "%s", why);
		tsv_close(t);
		return -1;
	}
	/* A small file gets a small buffer; it grows to TSV_BUF_SIZE for a long line. */
	t->cap = fstat(t->fd, &st) || st.st_size >= TSV_BUF_SIZE ? TSV_BUF_SIZE :
		 st.st_size < 4096 ? 4096 : (size_t)st.st_size + 1;
	t->buf = xcalloc(1, t->cap + 16);	/* split() and tsv_line_fields() read past a line */
	return 0;
}

int tsv_open_range(struct tsv *t, const char *path, uint64_t offset,
		   uint64_t len)
{
	if (tsv_open(t, path))
		return -1;
	if (lseek(t->fd, (off_t)offset, SEEK_SET) < 0) {
		diag_error(path, 0, "cannot seek: %s", strerror(errno));
		tsv_close(t);
		return -1;
	}
	t->ranged = true;
	t->left = len;
	t->quiet = true;
	return 0;
}

/* Safe after a failed tsv_open() and twice in a row. */
void tsv_close(struct tsv *t)
{
	if (t->fd >= 0 && t->path)
		close(t->fd);
	free(t->buf);
	free(t->path);
	memset(t, 0, sizeof(*t));
	t->fd = -1;
}

/* Makes room and reads; returns bytes read, 0 at end of file, -1 on error. */
static ssize_t fill(struct tsv *t)
{
	size_t want;
	ssize_t n;

	if (t->start) {
		memmove(t->buf, t->buf + t->start, t->end - t->start);
		t->end -= t->start;
		t->start = 0;
	}
	if (t->end == t->cap && t->cap < TSV_BUF_SIZE) {
		t->buf = xrealloc(t->buf, TSV_BUF_SIZE + 16);
		memset(t->buf + t->cap, 0, TSV_BUF_SIZE + 16 - t->cap);
		t->cap = TSV_BUF_SIZE;
	}
	if (t->end == t->cap)
		return diag_error(t->path, t->line + 1,
				  "line longer than %zu bytes (expected tab-separated fields)",
				  t->cap);
	want = t->cap - t->end;
	if (t->ranged && want > t->left)
		want = t->left;
	if (!want)
		return 0;
	do
		n = read(t->fd, t->buf + t->end, want);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return diag_error(t->path, 0, "read error: %s", strerror(errno));
	t->end += n;
	t->left -= t->ranged ? (uint64_t)n : 0;
	return n;
}

/* Records field n as [s, end) and terminates it. */
static inline void field(struct tsv *t, char *s, char *end)
{
	t->flen[t->nf] = end - s;
	t->field[t->nf++] = s;
	*end = '\0';
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/*
 * Finds every tab eight bytes at a time. The mask is exact (no false
 * positives, unlike the short haszero trick), so all its bits can be taken
 * at once and the words do not wait on each other. The buffer is readable
 * 8 bytes past the line.
 */
static int split(struct tsv *t, char *s, char *eol)
{
	const uint64_t lo7 = 0x7f7f7f7f7f7f7f7full, tabs = 0x0909090909090909ull;
	char *start = s, *p;

	t->nf = 0;
	for (p = s; p < eol; p += 8) {
		uint64_t w, x, m;

		memcpy(&w, p, 8);
		x = w ^ tabs;
		m = ~(((x & lo7) + lo7) | x | lo7);
		while (m) {
			char *tab = p + (__builtin_ctzll(m) >> 3);

			if (tab >= eol)
				break;
			if (t->nf == TSV_MAX_FIELDS) {
				t->nf++;
				return TSV_DATA;
			}
			field(t, start, tab);
			start = tab + 1;
			m &= m - 1;
		}
	}
	if (t->nf == TSV_MAX_FIELDS)
		t->nf++;
	else
		field(t, start, eol);
	return TSV_DATA;
}
#else
static int split(struct tsv *t, char *s, char *eol)
{
	t->nf = 0;
	for (;;) {
		char *tab = memchr(s, '\t', eol - s);

		if (t->nf == TSV_MAX_FIELDS) {
			t->nf++;
			break;
		}
		field(t, s, tab ? tab : eol);
		if (!tab)
			break;
		s = tab + 1;
	}
	return TSV_DATA;
}
#endif

int tsv_next_line_more(struct tsv *t)
{
	char *line, *nl;

	for (;;) {
		ssize_t n = 0;

		nl = memchr(t->buf + t->start, '\n', t->end - t->start);
		if (nl)
			break;
		if (t->eof || (n = fill(t)) == 0) {
			t->eof = true;
			if (t->end > t->start) {
				t->cut_short = true;
				t->start = t->end;
				if (!t->quiet)
					diag_warn(t->path, t->line + 1,
						  "last line has no newline: file cut short, partial line ignored");
			}
			return TSV_EOF;
		}
		if (n < 0)
			return TSV_ERROR;
	}
	line = t->buf + t->start;
	t->start = nl + 1 - t->buf;
	t->line++;
	t->text = line;
	t->text_end = nl;
	if (*line == '#') {
		*nl = '\0';
		if (strlen(line) != (size_t)(nl - line))
			return diag_error(t->path, t->line, "NUL byte in line (expected text)");
		line++;
		while (*line == ' ')
			line++;
		t->comment = line;
		return TSV_COMMENT;
	}
	return TSV_DATA;
}

int tsv_split(struct tsv *t)
{
	*t->text_end = '\0';
	return split(t, t->text, t->text_end);
}

int tsv_next(struct tsv *t)
{
	int k = tsv_next_line(t);

	return k == TSV_DATA ? tsv_split(t) : k;
}

/* Columns are listed in messages with spaces, which read better than tabs. */
static const char *spaced(const char *cols)
{
	static char buf[256];
	size_t i;

	for (i = 0; cols[i] && i < sizeof(buf) - 1; i++)
		buf[i] = cols[i] == '\t' ? ' ' : cols[i];
	buf[i] = '\0';
	return buf;
}

int tsv_header_of(struct tsv *t, const char *const cols[], unsigned n)
{
	char want[512];
	size_t len = 0;
	unsigned i;
	int k = tsv_next(t);

	if (k == TSV_ERROR)
		return -1;
	for (i = 0; k == TSV_COMMENT && i < n; i++)
		if (!strcmp(t->comment, cols[i]))
			return i;
	for (i = 0; i < n && len < sizeof(want); i++)
		len += snprintf(want + len, sizeof(want) - len, "%s'# %s'",
				i ? " or " : "", spaced(cols[i]));
	if (k == TSV_EOF)
		return diag_error(t->path, t->line + 1,
				  "empty file (expected the header %s)", want);
	return diag_error(t->path, t->line,
			  "not the header (expected %s, tab-separated)", want);
}

int tsv_header(struct tsv *t, const char *cols)
{
	return tsv_header_of(t, &cols, 1) == 0 ? 0 : -1;
}

int tsv_expect_fields(struct tsv *t, unsigned n, const char *cols)
{
	if (t->nf == n)
		return 0;
	if (t->nf > TSV_MAX_FIELDS)
		return diag_error(t->path, t->line,
				  "more than %u fields (expected %u: %s)",
				  TSV_MAX_FIELDS, n, spaced(cols));
	return diag_error(t->path, t->line, "%u field%s (expected %u: %s)",
			  t->nf, t->nf == 1 ? "" : "s", n, spaced(cols));
}

bool tsv_field_is(const struct tsv *t, unsigned i, const char *text)
{
	size_t n = strlen(text);

	return t->flen[i] == n && !memcmp(t->field[i], text, n);
}

int tsv_bad_field(struct tsv *t, unsigned i, const char *name, const char *what)
{
	return diag_error(t->path, t->line, "field %u (%s): '%s' (expected %s)",
			  i + 1, name, t->field[i], what);
}
