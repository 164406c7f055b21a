/* SPDX-License-Identifier: ISC */
/*
 * A JSON writer (RFC 8259) over a growable buffer: it places the commas
 * and quotes and escapes every string value, so no caller writes JSON
 * punctuation by hand.  Text that did not come from this program (names,
 * a peer's line) is made valid whatever its bytes.
 */

#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "jsonw.h"


/*
 * Length of the valid UTF-8 sequence at s, or 0 if it is not one; its
 * code point in *cpp.
 */
static size_t
utf8_seq(const unsigned char *s, size_t left, unsigned long *cpp)
{
	size_t n, i;
	unsigned long cp;

	*cpp = s[0];
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	*cpp = cp;
	return n;
}

/*
 * Code points that are valid but must not reach a reader raw: the C1
 * controls, which terminals obey; the bidirectional controls (Unicode's
 * Bidi_Control), which reorder what a reader sees; and the line and
 * paragraph separators, which some JSON consumers (JavaScript before
 * ES2019) take for line ends.
 */
static int
hidden(unsigned long cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c ||
	    cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

/* \uXXXX for a code point of the Basic Multilingual Plane. */
static void
escape_bmp(struct buf *b, unsigned long cp)
{
	char esc[6] = { '\\', 'u', 0, 0, 0, 0 };

	esc[2] = buf_hex[(cp >> 12) & 0xf];
	esc[3] = buf_hex[(cp >> 8) & 0xf];
	esc[4] = buf_hex[(cp >> 4) & 0xf];
	esc[5] = buf_hex[cp & 0xf];
	buf_add(b, esc, sizeof(esc));
}

/* Printable ASCII but the quote and the backslash: written as it is. */
#define PLAIN_JSON(c)	((c) >= 0x20 && (c) < 0x7f && (c) != '"' && (c) != '\\')

/*
 * A JSON string: bytes that are not UTF-8 become U+FFFD; every control
 * character, C0 and C1, and every code point hidden() names is escaped.
 */
void
json_escape(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t i = 0, run, n;

	for (run = 0; run < len && PLAIN_JSON(p[run]);)
		run++;
	if (run == len) {
		/* Most strings need no escape: one copy, quotes included. */
		if (len + 2 > b->cap - b->len && buf_room(b, len + 2) == -1)
			return;
		b->p[b->len] = '"';
		memcpy(b->p + b->len + 1, s, len);
		b->p[b->len + len + 1] = '"';
		b->len += len + 2;
		return;
	}
	buf_char(b, '"');
	while (i < len) {
		for (run = i; run < len && PLAIN_JSON(p[run]);)
			run++;
		buf_add(b, s + i, run - i);
		if ((i = run) == len)
			break;
		if ((n = utf8_seq(p + i, len - i, &cp)) == 0) {
			buf_lit(b, "\\ufffd");
			n = 1;
		} else if (n > 1 && !hidden(cp))
			buf_add(b, s + i, n);
		else if (cp == '"' || cp == '\\') {
			buf_char(b, '\\');
			buf_char(b, (char)cp);
		} else
			escape_bmp(b, cp);
		i += n;
	}
	buf_char(b, '"');
}

void
jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

/*
 * The comma before a value that is not the first, and its key.  Keys are
 * this program's own words and numbers, which need no escaping: written
 * as they are, they cost a record nothing.
 */
static void
jw_member(struct jw *w, const char *key)
{
	struct buf *b = w->b;
	size_t len;
	char *p;

	if (w->more[w->depth])
		buf_char(b, ',');
	w->more[w->depth] = 1;
	if (key == NULL)
		return;
	/* Room for all of "key": at once, as a record has dozens. */
	len = strlen(key);
	if (len + 3 > b->cap - b->len && buf_room(b, len + 3) == -1)
		return;
	p = b->p + b->len;
	*p++ = '"';
	memcpy(p, key, len);
	p[len] = '"';
	p[len + 1] = ':';
	b->len += len + 3;
}

static void
jw_open(struct jw *w, const char *key, char open, char close)
{
	jw_member(w, key);
	buf_char(w->b, open);
	/* Deeper than any schema of ours: a bug, caught by the tests. */
	if (w->depth + 1 < JW_DEPTH)
		w->depth++;
	w->more[w->depth] = 0;
	w->close[w->depth] = close;
}

void
jw_object(struct jw *w, const char *key)
{
	jw_open(w, key, '{', '}');
}

void
jw_array(struct jw *w, const char *key)
{
	jw_open(w, key, '[', ']');
}

void
jw_end(struct jw *w)
{
	buf_char(w->b, w->close[w->depth]);
	if (w->depth > 0)
		w->depth--;
}

void
jw_ulong(struct jw *w, const char *key, unsigned long v)
{
	jw_member(w, key);
	buf_ulong(w->b, v);
}

void
jw_ulonglong(struct jw *w, const char *key, unsigned long long v)
{
	char digits[3 * sizeof(v) + 1];

	jw_member(w, key);
	snprintf(digits, sizeof(digits), "%llu", v);
	buf_str(w->b, digits);
}

void
jw_null(struct jw *w, const char *key)
{
	jw_member(w, key);
	buf_lit(w->b, "null");
}

void
jw_bool(struct jw *w, const char *key, int v)
{
	jw_member(w, key);
	if (v)
		buf_lit(w->b, "true");
	else
		buf_lit(w->b, "false");
}

void
jw_string(struct jw *w, const char *key, const char *s, size_t len)
{
	jw_member(w, key);
	json_escape(w->b, s, len);
}

void
jw_str(struct jw *w, const char *key, const char *s)
{
	jw_string(w, key, s, strlen(s));
}
