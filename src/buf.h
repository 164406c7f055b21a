/* SPDX-License-Identifier: ISC */
/*
 * A growable byte buffer (buf.c) that output is built in; failed is set,
 * and it stops growing, if it could not grow.  buf_text() adds text that
 * did not come from this program escaped, so a terminal never sees it raw.
 */

#ifndef BUF_H
#define BUF_H

#include <sys/types.h>

#include <stddef.h>
#include <string.h>

struct buf {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

int	 buf_room(struct buf *, size_t);
void	 buf_ulong(struct buf *, unsigned long);
void	 buf_text(struct buf *, const char *, size_t);
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);

/*
 * A record is built of hundreds of small pieces: the common case, room
 * already there, costs no call.
 */
static inline void
buf_add(struct buf *b, const void *data, size_t n)
{
	if (n > b->cap - b->len && buf_room(b, n) == -1)
		return;
	if (n != 0)
		memcpy(b->p + b->len, data, n);
	b->len += n;
}

static inline void
buf_char(struct buf *b, char c)
{
	if (b->len == b->cap && buf_room(b, 1) == -1)
		return;
	b->p[b->len++] = c;
}

static inline void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define buf_lit(b, s)	buf_add((b), (s), sizeof(s) - 1)

extern const char buf_hex[];	/* "0123456789abcdef" */

#endif /* BUF_H */
