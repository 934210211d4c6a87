// SPDX-License-Identifier: GPL-2.0
#include <inttypes.h>
#include <math.h>

#include "json_out.h"

void json_init(struct json_out *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->first[0] = true;
	j->in_object[0] = false;
	j->want_value = false;
	j->bad = false;
}

/* Before any value: the comma, and a check that a value may stand here. */
static void before_value(struct json_out *j)
{
	if (j->want_value) {
		j->want_value = false;
		return;
	}
	if (j->in_object[j->depth] || (j->depth == 0 && !j->first[0])) {
		j->bad = true;		/* an object member without a key */
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
}

static void put_string(FILE *f, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				fputs("\\u00", f);
				fputc(hex[*p >> 4], f);
				fputc(hex[*p & 0xf], f);
			} else {
				/* UTF-8 passes through; comm names are bytes, kept. */
				fputc(*p, f);
			}
		}
	}
	fputc('"', f);
}

void json_key(struct json_out *j, const char *key)
{
	if (!j->in_object[j->depth] || j->want_value) {
		j->bad = true;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	put_string(j->f, key);
	fputc(':', j->f);
	j->want_value = true;
}

static void begin(struct json_out *j, char c, bool object)
{
	before_value(j);
	if (j->depth + 1 >= JSON_MAX_DEPTH) {
		j->bad = true;
		return;
	}
	fputc(c, j->f);
	j->depth++;
	j->first[j->depth] = true;
	j->in_object[j->depth] = object;
}

static void end(struct json_out *j, char c, bool object)
{
	if (j->depth == 0 || j->in_object[j->depth] != object || j->want_value) {
		j->bad = true;
		return;
	}
	fputc(c, j->f);
	j->depth--;
}

void json_obj_begin(struct json_out *j) { begin(j, '{', true); }
void json_obj_end(struct json_out *j) { end(j, '}', true); }
void json_arr_begin(struct json_out *j) { begin(j, '[', false); }
void json_arr_end(struct json_out *j) { end(j, ']', false); }

void json_str(struct json_out *j, const char *s)
{
	before_value(j);
	put_string(j->f, s);
}

void json_u64(struct json_out *j, uint64_t v)
{
	before_value(j);
	fprintf(j->f, "%" PRIu64, v);
}

void json_s64(struct json_out *j, int64_t v)
{
	before_value(j);
	fprintf(j->f, "%" PRId64, v);
}

void json_double(struct json_out *j, double v)
{
	before_value(j);
	if (isfinite(v))
		fprintf(j->f, "%.6g", v);
	else
		fputs("null", j->f);
}

void json_bool(struct json_out *j, bool v)
{
	before_value(j);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json_out *j)
{
	before_value(j);
	fputs("null", j->f);
}

void json_kstr(struct json_out *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_ku64(struct json_out *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_ks64(struct json_out *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_s64(j, v);
}

void json_kdouble(struct json_out *j, const char *key, double v)
{
	json_key(j, key);
	json_double(j, v);
}

void json_kbool(struct json_out *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

int json_finish(struct json_out *j)
{
	if (j->bad || j->depth || j->want_value || j->first[0])
		return -1;
	fputc('\n', j->f);
	return 0;
}
