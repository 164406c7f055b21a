/* SPDX-License-Identifier: ISC */
/*
 * Records on their way to a descriptor that may block, a pipe with a slow
 * reader (outq.c): they wait here, and go out only as fast as the
 * descriptor takes them without blocking.
 */

#ifndef OUTQ_H
#define OUTQ_H

#include <sys/types.h>

#include <stddef.h>

#include "buf.h"

struct outq {
	int		 fd;
	struct buf	 q;		/* bytes queued; q.p[off..len) left */
	size_t		 off;
	size_t		 chunk;		/* a write that cannot block */
	size_t		 limit;		/* full at this many bytes */
};

int	 outq_init(struct outq *, int, size_t);
int	 outq_put(struct outq *, const struct buf *);
size_t	 outq_pending(const struct outq *);
int	 outq_full(const struct outq *);
int	 outq_can_block(const struct outq *);
int	 outq_flush(struct outq *);
void	 outq_drop(struct outq *);
void	 outq_free(struct outq *);

#endif /* OUTQ_H */
