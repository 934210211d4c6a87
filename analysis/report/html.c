// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "num.h"
#include "util.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0. */
static size_t utf8_len(const unsigned char *s)
{
	unsigned c = s[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;

		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
		       (s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

void html_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	while (*p) {
		size_t n;

		switch (*p) {
		case '&': fputs("&amp;", f); p++; continue;
		case '<': fputs("&lt;", f); p++; continue;
		case '>': fputs("&gt;", f); p++; continue;
		case '"': fputs("&quot;", f); p++; continue;
		case '\'': fputs("&#39;", f); p++; continue;
		case '\t': case '\n': case '\r':
			putc(*p++, f);
			continue;
		}
		if (*p < 0x20 || *p == 0x7f) {
			fputs("\xef\xbf\xbd", f);
			p++;
			continue;
		}
		n = utf8_len(p);
		if (!n) {
			fputs("\xef\xbf\xbd", f);
			p++;
			continue;
		}
		fwrite(p, 1, n, f);
		p += n;
	}
}

char *html_escape_str(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return xstrdup("");
	html_escape(f, s);
	fclose(f);
	return buf;
}

void html_escapef(FILE *f, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	html_escape(f, s ? s : "");
	free(s);
}

static const char css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
	"color:#1d232b;background:#f6f7f9;margin:0}\n"
	"main{max-width:1360px;margin:0 auto;padding:18px 22px 40px}\n"
	"h1{font-size:22px;margin:4px 0 10px}h2{font-size:18px;margin:28px 0 8px;"
	"padding-bottom:4px;border-bottom:2px solid #d9dee5}h3{font-size:15px;margin:14px 0 6px}\n"
	"p{margin:6px 0}.muted{color:#5b6573}.small{font-size:12px}\n"
	"code,.mono{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,monospace;font-size:12.5px}\n"
	".facts{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:3px 14px;"
	"background:#fff;border:1px solid #d9dee5;border-radius:6px;padding:10px 14px}\n"
	".facts dt{color:#5b6573}.facts dd{margin:0;word-break:break-word}\n"
	".facts dd.wide{grid-column:2 / span 3}.facts dt.wide{grid-column:1}\n"
	".banner{border:2px solid #c98a00;background:#fff4d6;color:#5c3d00;border-radius:6px;"
	"padding:10px 14px;margin:12px 0;font-size:17px;font-weight:600}\n"
	".banner .small{font-weight:400;color:#6d5214}\n"
	".warn{border-left:4px solid #c0392b;background:#fdecea;padding:6px 10px;margin:8px 0}\n"
	".note{border-left:4px solid #8a96a6;background:#eef1f5;padding:6px 10px;margin:8px 0}\n"
	".row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}\n"
	".plot{flex:1 1 600px;min-width:0;background:#fff;border:1px solid #d9dee5;border-radius:6px;padding:6px}\n"
	".plot img{width:100%;height:auto;display:block}\n"
	".side{flex:1 1 470px;min-width:0}\n"
	".side table{font-size:12px}.side th,.side td{padding:3px 5px}\n"
	".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:12px}\n"
	".grid .plot{flex:none}\n"
	".cap{font-size:12px;color:#5b6573;margin:4px 2px 0}\n"
	"table{border-collapse:collapse;background:#fff;font-size:12.5px;width:100%}\n"
	"th,td{padding:3px 7px;border-bottom:1px solid #e3e7ec;text-align:right;white-space:nowrap}\n"
	"th{background:#eef1f5;font-weight:600;position:sticky;top:0}\n"
	"td.l,th.l{text-align:left}td.cell{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:12px}\n"
	"tr.first td{border-top:2px solid #cfd6df}tr.total td{font-weight:600}\n"
	"td.na{color:#9aa3ae}.tbl{overflow-x:auto;border:1px solid #d9dee5;border-radius:6px}\n"
	".sig-up{color:#b42318;font-weight:600}.sig-down{color:#1a7f37;font-weight:600}\n"
	"ul.files{columns:3;font-size:12.5px}\n"
	"a{color:#1f5fbf}\n"
	".verdict{background:#fff;border:2px solid #1a7f37;border-radius:6px;padding:4px 14px 10px;margin:12px 0}\n"
	".verdict.bad{border-color:#b42318}.verdict h2{margin-top:6px;border:0}\n"
	".verdict .headline{font-size:16px;font-weight:600}\n"
	".verdict ul.counts{display:flex;flex-wrap:wrap;gap:4px 18px;padding:0;margin:6px 0;list-style:none}\n"
	"td.ok{color:#1a7f37}td.wrap{white-space:normal;min-width:14em}tr.flag td{background:#fff7e6}\n"
	".boots{margin-top:8px}\n"
	".plot.half{flex:1 1 520px;max-width:calc(50% - 8px);min-width:420px}.plot.full{grid-column:1 / -1}\n"
	".plot.wide{max-width:1120px;margin-bottom:10px}\n"
	".exits{display:grid;grid-template-columns:repeat(auto-fill,minmax(440px,1fr));gap:10px}\n"
	/* The host-cycles tables have four more columns: two a row, not three. */
	".exits.wide{grid-template-columns:repeat(auto-fill,minmax(600px,1fr))}\n"
	".exits table{font-size:12px}.exits th,.exits td{padding:2px 5px}.exits .tbl{overflow:visible}\n"
	".exits h4{margin:4px 6px;font-size:12.5px;font-family:ui-monospace,monospace}\n";

void html_begin(FILE *f, const char *title)
{
	fputs("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>", f);
	html_escape(f, title);
	fputs("</title>\n<style>\n", f);
	fputs(css, f);
	fputs("</style>\n</head>\n<body>\n<main>\n", f);
}

void html_end(FILE *f)
{
	fputs("</main>\n</body>\n</html>\n", f);
}

static void group3(char *buf, size_t size, unsigned long long v)
{
	char tmp[32];
	size_t n, i, o = 0;

	n = (size_t)snprintf(tmp, sizeof(tmp), "%llu", v);
	for (i = 0; i < n && o + 2 < size; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

void fmt_us(char *buf, size_t size, int64_t ns)
{
	double us = (double)ns / 1000;
	double a = us < 0 ? -us : us;

	if (a < 10) {
		snprintf(buf, size, "%.2f", us);
	} else if (a < 1000) {
		snprintf(buf, size, "%.1f", us);
	} else {
		unsigned long long r = (unsigned long long)(a + 0.5);

		if (us < 0 && size > 1) {
			buf[0] = '-';
			group3(buf + 1, size - 1, r);
		} else {
			group3(buf, size, r);
		}
	}
}

void fmt_us_text(char *buf, size_t size, const char *ns)
{
	int64_t v;

	if (!ns || num_i64(ns, &v))
		snprintf(buf, size, "\xe2\x80\x93");
	else
		fmt_us(buf, size, v);
}

void html_td_ns(FILE *f, const char *ns)
{
	char buf[48];
	int64_t v;

	if (!*ns || num_i64(ns, &v)) {
		fputs("<td class=\"na\">&ndash;</td>", f);
		return;
	}
	fmt_us(buf, sizeof(buf), v);
	fputs("<td title=\"", f);
	html_escape(f, ns);
	fputs(" ns\">", f);
	html_escape(f, buf);
	fputs("</td>", f);
}
