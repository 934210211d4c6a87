/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer, the project's one: analysis/ and its report
 * use it on the build machine, bpf/virqtrace in the lab. Strings always go
 * through json_escape(), because the values come from the measured host
 * (kernel command line, hostnames, error texts) and may hold anything; and
 * misuse (a wrong closer, a member without a key) is caught, not written
 * silently: json_finish() says whether the document is whole.
 */
#ifndef VQB_JSON_H
#define VQB_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];
	bool in_object[JSON_MAX_DEPTH];
	bool after_key;
	bool bad;	/* misused: unbalanced, too deep, a member without a key */
};

/*
 * Writes s as a JSON string with its quotes: '"' and '\' escaped, control
 * characters as \n, \t, ... or \u00XX, valid UTF-8 passed through, and a
 * byte that is not valid UTF-8 replaced by \ufffd (JSON must be UTF-8).
 */
void json_escape(FILE *f, const char *s);

void json_init(struct json *j, FILE *f);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);	/* NULL writes null */
void json_int(struct json *j, int64_t v);
void json_uint(struct json *j, uint64_t v);
void json_double(struct json *j, double v);	/* not finite: null */
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* key + value in one call, for the common case. */
void json_kstr(struct json *j, const char *key, const char *s);
void json_kint(struct json *j, const char *key, int64_t v);
void json_kuint(struct json *j, const char *key, uint64_t v);
void json_kdouble(struct json *j, const char *key, double v);
void json_kbool(struct json *j, const char *key, bool v);
void json_knull(struct json *j, const char *key);

/* 0 when one complete, well-formed document was written, else -1. */
int json_finish(struct json *j);

#endif /* VQB_JSON_H */
