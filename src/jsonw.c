/* SPDX-License-Identifier: ISC */
/*
 * A JSON writer (RFC 8259) over a growable buffer: it places the commas
 * and escapes every string, keys included, so no caller writes JSON
 * punctuation or quoting by hand.  Text that did not come from this
 * program (names, a peer's line) is made valid whatever its bytes.
 */

#include <sys/types.h>

#include <string.h>

#include "buf.h"
#include "jsonw.h"

static const char hex[] = "0123456789abcdef";

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t
utf8_seq(const unsigned char *s, size_t left)
{
	size_t n, i;
	unsigned long cp;

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
	return n;
}

static int
plain_json(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* A JSON string: bytes that are not UTF-8 become U+FFFD. */
void
json_escape(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[6] = { '\\', 'u', '0', '0', 0, 0 };
	size_t i = 0, run, n;

	buf_char(b, '"');
	while (i < len) {
		for (run = i; run < len && plain_json(p[run]);)
			run++;
		buf_add(b, s + i, run - i);
		if ((i = run) == len)
			break;
		if ((n = utf8_seq(p + i, len - i)) == 0) {
			buf_lit(b, "\\ufffd");
			i++;
		} else if (n > 1) {
			buf_add(b, s + i, n);
			i += n;
		} else if (p[i] == '"' || p[i] == '\\') {
			buf_char(b, '\\');
			buf_char(b, (char)p[i++]);
		} else {
			esc[4] = hex[p[i] >> 4];
			esc[5] = hex[p[i++] & 0xf];
			buf_add(b, esc, sizeof(esc));
		}
	}
	buf_char(b, '"');
}

void
jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

/* The comma before a value that is not the first, and its key. */
static void
jw_member(struct jw *w, const char *key)
{
	if (w->more[w->depth])
		buf_char(w->b, ',');
	w->more[w->depth] = 1;
	if (key != NULL) {
		json_escape(w->b, key, strlen(key));
		buf_char(w->b, ':');
	}
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
jw_null(struct jw *w, const char *key)
{
	jw_member(w, key);
	buf_lit(w->b, "null");
}

void
jw_true(struct jw *w, const char *key)
{
	jw_member(w, key);
	buf_lit(w->b, "true");
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
