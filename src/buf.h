/* SPDX-License-Identifier: ISC */
/*
 * A growable byte buffer (buf.c) that output is built in; failed is set,
 * and it stops growing, if it could not grow.
 */

#ifndef BUF_H
#define BUF_H

#include <sys/types.h>

#include <stddef.h>

struct buf {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

void	 buf_add(struct buf *, const void *, size_t);
void	 buf_str(struct buf *, const char *);
void	 buf_char(struct buf *, char);
void	 buf_ulong(struct buf *, unsigned long);
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);

/* A string literal, its length known at compile time. */
#define buf_lit(b, s)	buf_add((b), (s), sizeof(s) - 1)

#endif /* BUF_H */
