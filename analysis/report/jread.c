// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "jread.h"
#include "num.h"
#include "rfile.h"
#include "util.h"

#define JR_MAX_DEPTH 64

struct jp {
	const char *name;
	const char *p, *end, *start;
	int depth;
	bool failed;
};

static void where(const struct jp *j, const char *at, unsigned long *line,
		  unsigned long *col)
{
	const char *q;

	*line = 1;
	*col = 1;
	for (q = j->start; q < at && q < j->end; q++) {
		if (*q == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static struct jval *fail(struct jp *j, const char *what)
{
	unsigned long line, col;

	if (j->failed)
		return NULL;
	j->failed = true;
	where(j, j->p, &line, &col);
	if (j->p >= j->end)
		diag_error(j->name, line, "column %lu: the JSON ends early (expected %s)",
			   col, what);
	else
		diag_error(j->name, line, "column %lu: bad JSON (expected %s)", col, what);
	return NULL;
}

static void skip_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
				 *j->p == '\r'))
		j->p++;
}

static struct jval *new_val(enum jtype t)
{
	struct jval *v = xcalloc(1, sizeof(*v));

	v->t = t;
	return v;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned c = (unsigned char)p[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			d = (c | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xc0 | cp >> 6);
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xe0 | cp >> 12);
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	} else {
		*o++ = (char)(0xf0 | cp >> 18);
		*o++ = (char)(0x80 | (cp >> 12 & 0x3f));
		*o++ = (char)(0x80 | (cp >> 6 & 0x3f));
		*o++ = (char)(0x80 | (cp & 0x3f));
	}
	return o;
}

/* At the opening quote; the decoded text (NUL-terminated), or NULL. */
static char *parse_string(struct jp *j)
{
	const char *q;
	char *out, *o;

	j->p++;
	/* The decoded text is never longer than the source. */
	for (q = j->p; q < j->end && *q != '"'; q++)
		if (*q == '\\')
			q++;
	out = o = xmalloc(q - j->p + 1);
	while (j->p < j->end && *j->p != '"') {
		unsigned char c = (unsigned char)*j->p;

		if (c < 0x20) {
			free(out);
			fail(j, "no control character inside a string");
			return NULL;
		}
		if (c != '\\') {
			*o++ = (char)c;
			j->p++;
			continue;
		}
		if (j->end - j->p < 2)
			break;
		switch (j->p[1]) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned cp, lo;

			if (j->end - j->p < 6 || hex4(j->p + 2, &cp)) {
				free(out);
				fail(j, "\\u and four hex digits");
				return NULL;
			}
			j->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 8 &&
			    j->p[2] == '\\' && j->p[3] == 'u' && !hex4(j->p + 4, &lo) &&
			    lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				j->p += 6;
			} else if (cp >= 0xd800 && cp < 0xe000) {
				cp = 0xfffd;	/* a lone surrogate */
			}
			/* "\uXXXX" is 6 bytes, its UTF-8 at most 4: it fits. */
			o = put_utf8(o, cp);
			break;
		}
		default:
			free(out);
			fail(j, "a JSON escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
			return NULL;
		}
		j->p += 2;
	}
	if (j->p >= j->end) {
		free(out);
		fail(j, "the string's closing quote");
		return NULL;
	}
	j->p++;
	*o = '\0';
	return out;
}

static struct jval *parse_value(struct jp *j);

static struct jval *parse_number(struct jp *j)
{
	const char *s = j->p, *q = j->p;
	struct jval *v;
	char *end;

	if (q < j->end && *q == '-')
		q++;
	if (q >= j->end || *q < '0' || *q > '9')
		return fail(j, "a value");
	if (*q == '0')
		q++;
	else
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	if (q < j->end && *q == '.') {
		q++;
		if (q >= j->end || *q < '0' || *q > '9') {
			j->p = q;
			return fail(j, "a digit after the decimal point");
		}
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < j->end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < j->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= j->end || *q < '0' || *q > '9') {
			j->p = q;
			return fail(j, "an exponent");
		}
		while (q < j->end && *q >= '0' && *q <= '9')
			q++;
	}
	v = new_val(J_NUM);
	v->s = xmalloc(q - s + 1);
	memcpy(v->s, s, q - s);
	v->s[q - s] = '\0';
	v->num = strtod(v->s, &end);
	j->p = q;
	return v;
}

static bool word(struct jp *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
		return false;
	j->p += n;
	return true;
}

static struct jval *parse_container(struct jp *j, bool obj)
{
	struct jval *v = new_val(obj ? J_OBJ : J_ARR);
	size_t cap = 0;
	char close = obj ? '}' : ']';

	if (++j->depth > JR_MAX_DEPTH) {
		jr_free(v);
		return fail(j, "less nesting");
	}
	j->p++;
	skip_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		j->depth--;
		return v;
	}
	for (;;) {
		char *key = NULL;
		struct jval *e;

		skip_ws(j);
		if (obj) {
			if (j->p >= j->end || *j->p != '"') {
				jr_free(v);
				return fail(j, "a member name in quotes");
			}
			key = parse_string(j);
			if (!key) {
				jr_free(v);
				return NULL;
			}
			skip_ws(j);
			if (j->p >= j->end || *j->p != ':') {
				free(key);
				jr_free(v);
				return fail(j, "':'");
			}
			j->p++;
		}
		e = parse_value(j);
		if (!e) {
			free(key);
			jr_free(v);
			return NULL;
		}
		if (v->n == cap) {
			size_t c2 = cap;

			v->v = grow_array(v->v, &cap, v->n + 1, sizeof(*v->v));
			if (obj)
				v->keys = grow_array(v->keys, &c2, v->n + 1, sizeof(*v->keys));
		}
		if (obj)
			v->keys[v->n] = key;
		v->v[v->n++] = e;
		skip_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			break;
		}
		jr_free(v);
		return fail(j, obj ? "',' or '}'" : "',' or ']'");
	}
	j->depth--;
	return v;
}

static struct jval *parse_value(struct jp *j)
{
	struct jval *v;

	skip_ws(j);
	if (j->p >= j->end)
		return fail(j, "a value");
	switch (*j->p) {
	case '{':
		return parse_container(j, true);
	case '[':
		return parse_container(j, false);
	case '"': {
		char *s = parse_string(j);

		if (!s)
			return NULL;
		v = new_val(J_STR);
		v->s = s;
		return v;
	}
	case 't':
	case 'f':
	case 'n':
		if (word(j, "true") || word(j, "false")) {
			v = new_val(J_BOOL);
			v->b = j->p[-4] == 't';
			return v;
		}
		if (word(j, "null"))
			return new_val(J_NULL);
		return fail(j, "a value");
	default:
		return parse_number(j);
	}
}

struct jval *jr_parse(const char *name, const char *text, size_t len)
{
	struct jp j = { .name = name, .p = text, .end = text + len, .start = text };
	struct jval *v = parse_value(&j);

	if (!v)
		return NULL;
	skip_ws(&j);
	if (j.p < j.end) {
		jr_free(v);
		return fail(&j, "the end of the document");
	}
	return v;
}

struct jval *jr_load(const char *path)
{
	struct stat st;
	struct jval *v;
	size_t got = 0;
	char *buf;
	const char *why;
	int fd = rfile_open(path, &why);

	if (fd < 0) {
		diag_error(path, 0, "%s", why);
		return NULL;
	}
	if (fstat(fd, &st)) {
		diag_error(path, 0, "cannot stat: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			diag_error(path, 0, "cannot read: %s",
				   n ? strerror(errno) : "file shrank while read");
			close(fd);
			free(buf);
			return NULL;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	v = jr_parse(path, buf, got);
	free(buf);
	return v;
}

void jr_free(struct jval *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->keys)
			free(v->keys[i]);
		jr_free(v->v[i]);
	}
	free(v->keys);
	free(v->v);
	free(v->s);
	free(v);
}

const struct jval *jr_get(const struct jval *v, const char *key)
{
	size_t i;

	if (!v || v->t != J_OBJ)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (!strcmp(v->keys[i], key))
			return v->v[i];
	return NULL;
}

const struct jval *jr_at(const struct jval *v, size_t i)
{
	if (!v || v->t != J_ARR || i >= v->n)
		return NULL;
	return v->v[i];
}

const char *jr_str(const struct jval *v)
{
	return v && v->t == J_STR ? v->s : NULL;
}

const char *jr_gets(const struct jval *v, const char *key)
{
	return jr_str(jr_get(v, key));
}

int jr_geti(const struct jval *v, const char *key, int64_t *out)
{
	const struct jval *e = jr_get(v, key);

	if (!e || e->t != J_NUM || num_i64(e->s, out))
		return 0;
	return 1;
}

bool jr_gettrue(const struct jval *v, const char *key)
{
	const struct jval *e = jr_get(v, key);

	return e && e->t == J_BOOL && e->b;
}
