// SPDX-License-Identifier: GPL-2.0
/*
 * Debug text: each character is one 64-bit write to the control page's PUTC
 * register (an exit to bench/, which prints whole lines). Never used on the
 * measured path. A small printf: %c %s %d %u %x %p, l/ll, width, '0' and '-'.
 */
#include <stdarg.h>
#include <stdint.h>

#include "agent.h"
#include "mmio.h"

static uintptr_t console_reg;

void console_init(uintptr_t putc_reg)
{
	console_reg = putc_reg;
}

void con_putc(char ch)
{
	if (console_reg)
		mmio_write64((unsigned char)ch, console_reg);
}

void con_puts(const char *s)
{
	while (*s)
		con_putc(*s++);
}

struct sink {
	void (*put)(struct sink *s, char ch);
	char *buf;
	unsigned long size, len;
};

static void put_console(struct sink *s, char ch)
{
	con_putc(ch);
	s->len++;
}

static void put_buf(struct sink *s, char ch)
{
	if (s->len + 1 < s->size)
		s->buf[s->len] = ch;
	s->len++;
}

static void put_padded(struct sink *s, const char *str, unsigned int len,
		       unsigned int width, char pad, int left)
{
	unsigned int fill = width > len ? width - len : 0;

	if (!left)
		for (; fill; fill--)
			s->put(s, pad);
	while (len--)
		s->put(s, *str++);
	for (; fill; fill--)
		s->put(s, ' ');
}

static void put_num(struct sink *s, uint64_t v, unsigned int base, int neg,
		    unsigned int width, char pad, int left)
{
	char tmp[24];
	unsigned int n = sizeof(tmp);

	do {
		tmp[--n] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[--n] = '-';
	put_padded(s, tmp + n, sizeof(tmp) - n, width, pad, left);
}

static void vformat(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		unsigned int width = 0, lng = 0, len;
		int left = 0;
		char pad = ' ';
		uint64_t u;
		int64_t d;
		const char *str;

		if (*fmt != '%') {
			s->put(s, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				pad = '0';
			else if (*fmt == '-')
				left = 1;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned int)(*fmt++ - '0');
		while (*fmt == 'l') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'c':
			s->put(s, (char)va_arg(ap, int));
			break;
		case 's':
			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			for (len = 0; str[len]; len++)
				;
			put_padded(s, str, len, width, ' ', left);
			break;
		case 'd':
			d = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(s, d < 0 ? -(uint64_t)d : (uint64_t)d, 10, d < 0, width, pad, left);
			break;
		case 'u':
		case 'x':
			u = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			put_num(s, u, *fmt == 'u' ? 10 : 16, 0, width, pad, left);
			break;
		case 'p':
			s->put(s, '0');
			s->put(s, 'x');
			put_num(s, (uintptr_t)va_arg(ap, void *), 16, 0, width, pad, left);
			break;
		case '%':
			s->put(s, '%');
			break;
		case '\0':
			return;
		default:
			s->put(s, '%');
			s->put(s, *fmt);
			break;
		}
	}
}

void con_printf(const char *fmt, ...)
{
	struct sink s = { .put = put_console };
	va_list ap;

	va_start(ap, fmt);
	vformat(&s, fmt, ap);
	va_end(ap);
}

/* Like vsnprintf: always NUL-terminates (size > 0), returns the full length. */
int vfmt_buf(char *buf, unsigned long size, const char *fmt, va_list ap)
{
	struct sink s = { .put = put_buf, .buf = buf, .size = size };

	vformat(&s, fmt, ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}

int fmt_buf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfmt_buf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
