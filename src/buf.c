/* SPDX-License-Identifier: ISC */
/*
 * A growable byte buffer that output is built in, so that a record is
 * formatted once and written with one call, to a terminal or a socket.
 * Out of memory, it stops growing and remembers that it failed.
 */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"

const char buf_hex[] = "0123456789abcdef";

/* Room for n more bytes; -1 (and failed set) if it cannot be made. */
int
buf_room(struct buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->failed)
		return -1;
	if (b->cap - b->len >= n)
		return 0;
	for (cap = b->cap == 0 ? 256 : b->cap; cap - b->len < n; cap *= 2)
		if (cap > (size_t)-1 / 4) {
			b->failed = 1;
			return -1;
		}
	if ((p = realloc(b->p, cap)) == NULL) {
		b->failed = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void
buf_ulong(struct buf *b, unsigned long v)
{
	char tmp[3 * sizeof(v) + 1], *p = tmp + sizeof(tmp);

	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* Empty, keeping the memory, for the next record. */
void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = 0;
}

void
buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static int
plain_text(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

/* Printable ASCII as it is, a backslash doubled, any other byte as \xNN. */
void
buf_text(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, run;
	unsigned char c;
	char esc[4] = { '\\', 'x', 0, 0 };

	while (i < len) {
		for (run = i; run < len && plain_text((unsigned char)s[run]);)
			run++;
		buf_add(b, s + i, run - i);
		if ((i = run) == len)
			break;
		c = (unsigned char)s[i++];
		if (c == '\\')
			buf_lit(b, "\\\\");
		else {
			esc[2] = buf_hex[c >> 4];
			esc[3] = buf_hex[c & 0xf];
			buf_add(b, esc, sizeof(esc));
		}
	}
}
