/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Line reader and field splitter for the raw format's .tsv files. It keeps
 * the line number for every error, reads in large blocks (a million-row
 * trace is read in well under a second), and treats a last line without
 * its newline as what it is: a file cut short, whose partial row is not
 * data. That row is dropped with a warning, never parsed.
 */
#ifndef VQB_TSV_H
#define VQB_TSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "num.h"

#define TSV_MAX_FIELDS 16

enum tsv_kind {
	TSV_ERROR = -1,
	TSV_EOF = 0,
	TSV_DATA = 1,		/* fields in field[0..nf) */
	TSV_COMMENT = 2,	/* '#' line; text after "# " in comment */
};

struct tsv {
	int fd;
	char *path;
	char *buf;
	size_t cap, start, end;
	bool eof;
	bool cut_short;		/* the last line had no newline */
	unsigned long line;
	char *field[TSV_MAX_FIELDS];	/* NUL-terminated, but see flen */
	size_t flen[TSV_MAX_FIELDS];	/* a NUL inside a field makes it invalid */
	unsigned nf;		/* TSV_MAX_FIELDS + 1 when there were more */
	const char *comment;
	char *text, *text_end;	/* the data line, and its '\n' (tsv_next_line) */
	bool ranged;		/* reading [offset, offset + left) only */
	uint64_t left;		/* bytes of the range not yet read */
	bool quiet;		/* a cut-short file is recorded, not warned of */
};

/* 0, or -1 with diag_error("PATH: cannot open: ..."). */
int tsv_open(struct tsv *t, const char *path);
/*
 * The same for a part of the file that starts at a line: its line numbers
 * count from that part's start, and it warns of nothing (the caller knows
 * where the part lies, and says it).
 */
int tsv_open_range(struct tsv *t, const char *path, uint64_t offset,
		   uint64_t len);
int tsv_next(struct tsv *t);	/* an enum tsv_kind */
/*
 * tsv_next() without the split, for a reader's fast path: a data line is
 * t->text up to its '\n' at t->text_end, and is readable 16 bytes past
 * it. The reader scans it itself (tsv_line_fields() below), and when its scan
 * fails (anything unusual) calls tsv_split() and then the checks of the
 * split fields, which say what is wrong and where. Splitting a row
 * costs about as much as parsing its numbers.
 */
int tsv_next_line_more(struct tsv *t);	/* tsv_next_line()'s every case, out of line */
/*
 * Inline for the usual line (a data line in the buffer): a call's own
 * cost was a third of the function's, once a line of millions.
 * Comments, a refill and the end take tsv_next_line_more().
 */
static inline int tsv_next_line(struct tsv *t)
{
	char *line = t->buf + t->start, *nl = memchr(line, '\n', t->end - t->start);

	if (__builtin_expect(!nl || *line == '#', 0))
		return tsv_next_line_more(t);
	t->start = nl + 1 - t->buf;
	t->line++;
	t->text = line;
	t->text_end = nl;
	return TSV_DATA;
}
int tsv_split(struct tsv *t);	/* TSV_DATA: fields as tsv_next() gives them */

/*
 * A line from tsv_next_line() cut into its fields for a fast path:
 * where each starts, and which of the line's bytes are decimal digits.
 * The tabs and digits are found all at once from the line's words, so
 * that the fields' numbers are then read side by side, each knowing its
 * length; read one after another, each waits for the end of the one
 * before.
 */
#define TSV_FAST_LINE 64
struct tsv_fields {
	const char *text;
	uint64_t digits;		/* bit i: byte i of the line is '0' to '9' */
	uint8_t at[TSV_MAX_FIELDS + 1];	/* field i is text[at[i], at[i + 1] - 1) */
};

/*
 * false unless the line has exactly n fields and at most TSV_FAST_LINE
 * bytes. Reads up to 15 bytes past the line. SSE2 where the compiler has
 * it, else 8 bytes a step (arm64); -DVQB_NO_SSE2 builds the second on
 * x86 to test it.
 */
static inline bool tsv_line_fields(const struct tsv *t, unsigned n, struct tsv_fields *lf)
{
	size_t len = t->text_end - t->text;
	uint64_t tabs = 0, digits = 0;
	unsigned i;

	if (len > TSV_FAST_LINE || n > TSV_MAX_FIELDS)
		return false;
#if defined(__SSE2__) && !defined(VQB_NO_SSE2)
	/* 16 bytes a compare; the buffer is readable past the line (tsv_open()). */
	for (i = 0; 16 * i < len; i++) {
		__m128i w = _mm_loadu_si128((const __m128i *)(const void *)(t->text + 16 * i));
		__m128i d = _mm_and_si128(_mm_cmpgt_epi8(w, _mm_set1_epi8('0' - 1)),
					  _mm_cmplt_epi8(w, _mm_set1_epi8('9' + 1)));

		tabs |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(w, _mm_set1_epi8('\t')))
			<< (16 * i);
		digits |= (uint64_t)(uint16_t)_mm_movemask_epi8(d) << (16 * i);
	}
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* 8 bytes a step: each test exact per byte (0x80 where it holds), then one bit a byte. */
	for (i = 0; 8 * i < len; i++) {
		const uint64_t lo7 = 0x7f7f7f7f7f7f7f7full, hi = 0x8080808080808080ull;
		uint64_t w, x, tab, dig;

		memcpy(&w, t->text + 8 * i, 8);
		x = w ^ 0x0909090909090909ull;
		tab = ~(((x & lo7) + lo7) | x | lo7);
		/* '0'..'9': below 0x80, at least '0' and below ':' (the adds stay in each byte's low 7 bits). */
		dig = ~w & ((w & lo7) + 0x5050505050505050ull) & ~((w & lo7) + 0x4646464646464646ull) & hi;
		tabs |= ((tab >> 7) * 0x0102040810204080ull >> 56) << (8 * i);
		digits |= ((dig >> 7) * 0x0102040810204080ull >> 56) << (8 * i);
	}
#else
	for (i = 0; i < len; i++) {
		tabs |= (uint64_t)(t->text[i] == '\t') << i;
		digits |= (uint64_t)((unsigned)((unsigned char)t->text[i] - '0') <= 9) << i;
	}
#endif
	if (len < 64) {
		tabs &= (1ull << len) - 1;
		digits &= (1ull << len) - 1;
	}
	lf->text = t->text;
	lf->digits = digits;
	lf->at[0] = 0;
	/* Unrolled (n is the caller's constant): the fields' starts then stay in registers. */
#pragma GCC unroll 16
	for (i = 1; i < n; i++) {
		if (!tabs)
			return false;
		lf->at[i] = (uint8_t)(__builtin_ctzll(tabs) + 1);
		tabs &= tabs - 1;
	}
	lf->at[n] = (uint8_t)(len + 1);
	return !tabs;
}

/* Field i (of tsv_line_fields()) as 1 to 19 decimal digits; false if it is not. */
static inline __attribute__((always_inline)) bool
tsv_field_u64(const struct tsv_fields *lf, unsigned i, uint64_t *v)
{
	unsigned at = lf->at[i], len = lf->at[i + 1] - 1 - at;
	uint64_t want;

	if (len - 1 > 18)
		return false;
	want = (1ull << len) - 1;
	if ((lf->digits >> at & want) != want)
		return false;
	*v = num_digits(lf->text + at, len);
	return true;
}

/* tsv_field_u64()'s check without the conversion: a field nobody reads. */
static inline __attribute__((always_inline)) bool
tsv_field_ok(const struct tsv_fields *lf, unsigned i)
{
	unsigned at = lf->at[i], len = lf->at[i + 1] - 1 - at;

	return len - 1 <= 18 && (lf->digits >> at & ((1ull << len) - 1)) == (1ull << len) - 1;
}

/* The same below 2^63 (stamps). */
static inline __attribute__((always_inline)) bool
tsv_field_u63(const struct tsv_fields *lf, unsigned i, int64_t *v)
{
	uint64_t u;

	if (!tsv_field_u64(lf, i, &u) || u > INT64_MAX)
		return false;
	*v = (int64_t)u;
	return true;
}

/* Decimal as tsv_field_u64(), or 0x and 1 to 16 hex digits. */
static inline __attribute__((always_inline)) bool
tsv_field_u64_any(const struct tsv_fields *lf, unsigned i, uint64_t *v)
{
	const char *p = lf->text + lf->at[i];
	unsigned len = lf->at[i + 1] - 1 - lf->at[i];

	if (p[0] == '0' && (p[1] | 0x20) == 'x')
		return len - 3 < 16 && num_hex_digits(p + 2, len - 2, v);
	return tsv_field_u64(lf, i, v);
}
/* tsv_field_u64_any()'s check (a hex field's is its conversion). */
static inline __attribute__((always_inline)) bool
tsv_field_any_ok(const struct tsv_fields *lf, unsigned i)
{
	const char *p = lf->text + lf->at[i];
	uint64_t v;

	if (p[0] == '0' && (p[1] | 0x20) == 'x')
		return tsv_field_u64_any(lf, i, &v);
	return tsv_field_ok(lf, i);
}
void tsv_close(struct tsv *t);

/*
 * Reads the first line and checks that it is the header "# a<TAB>b...",
 * cols being "a\tb..." . A different header means different columns, so
 * it is an error, not a guess.
 */
int tsv_header(struct tsv *t, const char *cols);
/* The same with alternatives: returns the index of the one found, or -1. */
int tsv_header_of(struct tsv *t, const char *const cols[], unsigned n);

/* Field i is exactly text (a NUL inside cannot make a prefix match). */
bool tsv_field_is(const struct tsv *t, unsigned i, const char *text);

/* Errors name the file, line, column and what was expected. 0 or -1. */
int tsv_expect_fields(struct tsv *t, unsigned n, const char *cols);
int tsv_bad_field(struct tsv *t, unsigned i, const char *name, const char *what);

/* Inline, with the error path out of line: called for every field. */
static inline int tsv_u64(struct tsv *t, unsigned i, const char *name,
			  uint64_t *out)
{
	if (__builtin_expect(num_u64n(t->field[i], t->flen[i], out), 0))
		return tsv_bad_field(t, i, name, "an unsigned decimal number");
	return 0;
}

/*
 * A trace argument: decimal, negative decimal (signed tracepoint fields,
 * e.g. an errno) kept as its two's complement, or 0x hex (a pc).
 */
static inline int tsv_u64_any(struct tsv *t, unsigned i, const char *name,
			      uint64_t *out)
{
	const char *f = t->field[i];
	int64_t v;

	/* Decimal inline; hex and negative out of line. */
	if (t->flen[i] < 2 || ((f[1] | 0x20) != 'x' && f[0] != '-')) {
		if (__builtin_expect(!num_u64n(f, t->flen[i], out), 1))
			return 0;
	} else if (f[0] == '-') {
		if (!num_i64n(f, t->flen[i], &v)) {
			*out = (uint64_t)v;
			return 0;
		}
	} else if (!num_u64_anyn(f, t->flen[i], out)) {
		return 0;
	}
	return tsv_bad_field(t, i, name, "a decimal (possibly negative) or 0x-hex number");
}

static inline int tsv_i64(struct tsv *t, unsigned i, const char *name,
			  int64_t *out)
{
	if (__builtin_expect(num_i64n(t->field[i], t->flen[i], out), 0))
		return tsv_bad_field(t, i, name, "a signed decimal number");
	return 0;
}

/*
 * Syntax only, for a field whose value is not needed: each digit is tested
 * on its own, without the multiply-add chain of a conversion. Same rules
 * and messages as tsv_u64_any().
 */
static inline int tsv_check_u64_any(struct tsv *t, unsigned i, const char *name)
{
	const char *f = t->field[i];
	size_t n = t->flen[i], k;
	bool ok = n > 0 && n < 20;
	uint64_t v;

	if (ok && f[0] == '-') {
		ok = n > 1;
		for (k = 1; ok && k < n; k++)
			ok = (unsigned)((unsigned char)f[k] - '0') <= 9;
	} else if (ok && n > 2 && f[0] == '0' && (f[1] | 0x20) == 'x') {
		ok = n <= 18;
		for (k = 2; ok && k < n; k++) {
			unsigned c = (unsigned char)f[k];

			ok = c - '0' <= 9 || (c | 0x20) - 'a' <= 5;
		}
	} else {
		for (k = 0; ok && k < n; k++)
			ok = (unsigned)((unsigned char)f[k] - '0') <= 9;
	}
	/* Rare cases (20 digits, "0x") take the full path and its message. */
	if (ok)
		return 0;
	return tsv_u64_any(t, i, name, &v);
}

/* Counter ticks and ns: unsigned decimal below 2^63, so differences fit int64. */
static inline int tsv_u63(struct tsv *t, unsigned i, const char *name,
			  int64_t *out)
{
	uint64_t v;

	if (__builtin_expect(num_u64n(t->field[i], t->flen[i], &v) ||
			     v > INT64_MAX, 0))
		return tsv_bad_field(t, i, name,
				     "an unsigned decimal number below 2^63");
	*out = (int64_t)v;
	return 0;
}

#endif /* VQB_TSV_H */
