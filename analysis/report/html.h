/* SPDX-License-Identifier: GPL-2.0 */
/*
 * HTML output for report.html and compare.html. Every text that reaches
 * the page goes through html_escape(): hostnames, kernel command lines,
 * error texts and cell names come from the measured host and may hold
 * anything.
 */
#ifndef VQB_REPORT_HTML_H
#define VQB_REPORT_HTML_H

#include <stdint.h>
#include <stdio.h>

/*
 * Writes s escaped for HTML text and attribute values (quoted with either
 * quote): & < > " ' as entities; control characters other than tab,
 * newline and carriage return, and bytes that are not valid UTF-8, as
 * U+FFFD (an HTML page is UTF-8, and a NUL or a stray byte is no text).
 * NULL writes nothing.
 */
void html_escape(FILE *f, const char *s);
/* The same into a new string (caller frees). */
char *html_escape_str(const char *s);
/* printf, then the result escaped. */
void html_escapef(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* <!doctype html> ... <body>: the page's head with its style sheet. */
void html_begin(FILE *f, const char *title);
void html_end(FILE *f);

/* ns as microseconds for a table: "3514.1", "2.26", "174 853". */
void fmt_us(char *buf, size_t size, int64_t ns);
/* A summary.csv ns field as microseconds; "" or junk as an en dash. */
void fmt_us_text(char *buf, size_t size, const char *ns);
/* A table cell of ns text shown in µs, the ns on hover; "" or junk: an en dash. */
void html_td_ns(FILE *f, const char *ns);

#endif /* VQB_REPORT_HTML_H */
