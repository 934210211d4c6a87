/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader for meta.json and summary.json (lib/json.c
 * writes them; this reads them back). The whole document becomes a tree;
 * numbers keep their text as well as a double, so that a 64-bit counter
 * is read exactly. Errors name the file, line and column.
 */
#ifndef VQB_REPORT_JREAD_H
#define VQB_REPORT_JREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum jtype { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jval {
	enum jtype t;
	bool b;
	double num;
	char *s;		/* J_STR: the decoded text; J_NUM: the number's text */
	size_t n;		/* J_ARR, J_OBJ: element count */
	char **keys;		/* J_OBJ */
	struct jval **v;	/* J_ARR, J_OBJ */
};

/* Parses text (len bytes); name is for errors. NULL with diag_error(). */
struct jval *jr_parse(const char *name, const char *text, size_t len);
/* Reads and parses a file. NULL with diag_error(). */
struct jval *jr_load(const char *path);
void jr_free(struct jval *v);

/* Member of an object (NULL when v is not an object or has no such key). */
const struct jval *jr_get(const struct jval *v, const char *key);
/* Element i of an array, or NULL. */
const struct jval *jr_at(const struct jval *v, size_t i);
/* The string, or NULL when v is not a string. */
const char *jr_str(const struct jval *v);
/* Member key as a string, or NULL. */
const char *jr_gets(const struct jval *v, const char *key);
/* Member key as an integer: 1 found, 0 absent or not an integer. */
int jr_geti(const struct jval *v, const char *key, int64_t *out);
/* Member key is true. */
bool jr_gettrue(const struct jval *v, const char *key);

#endif /* VQB_REPORT_JREAD_H */
