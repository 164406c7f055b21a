/* SPDX-License-Identifier: ISC */
/*
 * A JSON writer (jsonw.c) that places the commas and escapes every string,
 * so that no caller writes JSON punctuation or quoting by hand.
 */

#ifndef JSONW_H
#define JSONW_H

#include <stddef.h>

#include "buf.h"

#define JW_DEPTH	8

struct jw {
	struct buf	*b;
	int		 depth;
	char		 more[JW_DEPTH];	/* a value came before, here */
	char		 close[JW_DEPTH];	/* '}' or ']' */
};

/* A key of NULL is for a value in an array, or the outermost one. */
void	 jw_init(struct jw *, struct buf *);
void	 jw_object(struct jw *, const char *);
void	 jw_array(struct jw *, const char *);
void	 jw_end(struct jw *);
void	 jw_ulong(struct jw *, const char *, unsigned long);
void	 jw_ulonglong(struct jw *, const char *, unsigned long long);
void	 jw_null(struct jw *, const char *);
void	 jw_bool(struct jw *, const char *, int);
void	 jw_string(struct jw *, const char *, const char *, size_t);
void	 jw_str(struct jw *, const char *, const char *);
void	 json_escape(struct buf *, const char *, size_t);

#endif /* JSONW_H */
