/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small streaming JSON writer: it places the commas, escapes every string
 * and checks the nesting, so that no caller prints JSON by hand.
 */
#ifndef VQT_JSON_OUT_H
#define VQT_JSON_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json_out {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* nothing written yet at that level */
	bool in_object[JSON_MAX_DEPTH];
	bool want_value;		/* a key was written; its value comes next */
	bool bad;			/* misuse: unbalanced, too deep, value without key */
};

void json_init(struct json_out *j, FILE *f);

/* A key, then exactly one value; inside arrays, values only. */
void json_key(struct json_out *j, const char *key);
void json_obj_begin(struct json_out *j);
void json_obj_end(struct json_out *j);
void json_arr_begin(struct json_out *j);
void json_arr_end(struct json_out *j);
void json_str(struct json_out *j, const char *s);
void json_u64(struct json_out *j, uint64_t v);
void json_s64(struct json_out *j, int64_t v);
void json_double(struct json_out *j, double v);	/* null if not finite */
void json_bool(struct json_out *j, bool v);
void json_null(struct json_out *j);

/* json_key() and one value in one call. */
void json_kstr(struct json_out *j, const char *key, const char *s);
void json_ku64(struct json_out *j, const char *key, uint64_t v);
void json_ks64(struct json_out *j, const char *key, int64_t v);
void json_kdouble(struct json_out *j, const char *key, double v);
void json_kbool(struct json_out *j, const char *key, bool v);

/* 0 when the document is complete and well formed, else -1. */
int json_finish(struct json_out *j);

#endif /* VQT_JSON_OUT_H */
