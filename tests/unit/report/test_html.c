// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "html.h"
#include "rt.h"

static void esc(const char *in, const char *want, int line)
{
	char *got = html_escape_str(in);

	t_check_str(got, want, __FILE__, line, in ? in : "(null)");
	free(got);
}

#define ESC(in, want) esc((in), (want), __LINE__)

static void us(int64_t ns, const char *want, int line)
{
	char buf[48];

	fmt_us(buf, sizeof(buf), ns);
	t_check_str(buf, want, __FILE__, line, "fmt_us");
}

#define US(ns, want) us((ns), (want), __LINE__)

void test_html(void)
{
	char buf[48];

	/* The five characters that matter in text and in quoted attributes. */
	ESC("a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	ESC("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	ESC("&amp;", "&amp;amp;");
	ESC("", "");
	ESC(NULL, "");
	ESC("plain text 123", "plain text 123");
	/* Tab, newline, CR kept; other control characters are no text. */
	ESC("a\tb\nc\rd", "a\tb\nc\rd");
	ESC("a\x01z\x1b[31m\x7f", "a\xef\xbf\xbdz\xef\xbf\xbd[31m\xef\xbf\xbd");
	/* Valid UTF-8 passes: 2, 3 and 4 bytes. */
	ESC("\xc2\xb5s \xe2\x82\xac \xf0\x9f\x98\x80", "\xc2\xb5s \xe2\x82\xac \xf0\x9f\x98\x80");
	/* Not UTF-8: a stray byte, a cut sequence, overlong, a surrogate, > U+10FFFF. */
	ESC("a\xff" "b", "a\xef\xbf\xbd" "b");
	ESC("\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd");
	ESC("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	ESC("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	ESC("\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	/* An escape never swallows what follows a cut sequence. */
	ESC("\xe2<", "\xef\xbf\xbd&lt;");

	US(0, "0.00");
	US(2256, "2.26");
	US(9999, "10.00");
	US(10000, "10.0");
	US(507216, "507.2");
	US(999949, "999.9");
	US(3514064, "3,514");
	US(174852816, "174,853");
	US(-2000, "-2.00");
	US(-5000000, "-5,000");
	US(1234567890123, "1,234,567,890");
	fmt_us_text(buf, sizeof(buf), "");
	CHECK_STR(buf, "\xe2\x80\x93");
	fmt_us_text(buf, sizeof(buf), "12x");
	CHECK_STR(buf, "\xe2\x80\x93");
	fmt_us_text(buf, sizeof(buf), "1500");
	CHECK_STR(buf, "1.50");
}
