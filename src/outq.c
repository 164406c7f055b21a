/* SPDX-License-Identifier: ISC */
/*
 * Records on their way to standard output, which serve must never block
 * on: a reader that stops reading would stop every client with it.  The
 * descriptor is not made non-blocking (its open file description is
 * shared with whoever started us), so a write is made only when poll(2)
 * says the descriptor is writable, and never larger than what that
 * promises: PIPE_BUF bytes on a pipe or socket, where POLLOUT means room
 * for that much; anything on a file or device other than a terminal,
 * which takes what it is given.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "outq.h"

/* A file or a device that is not a terminal: poll(2) would say yes. */
#define NEVER_BLOCKS	((size_t)SSIZE_MAX)

#ifndef PIPE_BUF
#define PIPE_BUF	_POSIX_PIPE_BUF
#endif

/* How much one write(2) may carry without blocking, by what fd is. */
static size_t
chunk_for(int fd)
{
	struct stat st;

	if (fstat(fd, &st) == -1)
		return 0;
	if (S_ISREG(st.st_mode) || (S_ISCHR(st.st_mode) && !isatty(fd)))
		return NEVER_BLOCKS;
	return PIPE_BUF;
}

/* -1 if fd cannot be looked at (EBADF). */
int
outq_init(struct outq *o, int fd, size_t limit)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
	o->limit = limit;
	if ((o->chunk = chunk_for(fd)) == 0)
		return -1;
	return 0;
}

/* Move what is left to the front once the written part is the larger. */
static void
compact(struct outq *o)
{
	size_t left = outq_pending(o);

	if (o->off == 0 || o->off < left)
		return;
	memmove(o->q.p, o->q.p + o->off, left);
	o->q.len = left;
	o->off = 0;
}

/* Queue a record whole; -1 (ENOMEM) if it cannot be kept. */
int
outq_put(struct outq *o, const struct buf *rec)
{
	if (rec->failed) {
		errno = ENOMEM;
		return -1;
	}
	compact(o);
	buf_add(&o->q, rec->p, rec->len);
	if (o->q.failed) {
		/* Nothing of it was added: what was queued stays whole. */
		o->q.failed = 0;
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

size_t
outq_pending(const struct outq *o)
{
	return o->q.len - o->off;
}

/* Whether serve should take no more clients until the reader catches up. */
int
outq_full(const struct outq *o)
{
	return outq_pending(o) >= o->limit;
}

/*
 * Whether a write could block: a pipe, a socket or a terminal, which an
 * event loop watches; a file or another device takes what it is given.
 */
int
outq_can_block(const struct outq *o)
{
	return o->chunk != NEVER_BLOCKS;
}

/* Writable, or in error: then the write says which error. */
static int
writable_now(int fd)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1;
}

/*
 * Write what the descriptor takes now: one chunk for each time poll(2)
 * says it is writable.  Returns -1 with write(2)'s errno (EPIPE: the
 * reader is gone), else 0, whatever is left waiting for the next POLLOUT.
 */
int
outq_flush(struct outq *o)
{
	size_t n;
	ssize_t w;

	while (outq_pending(o) > 0 &&
	    (o->chunk == NEVER_BLOCKS || writable_now(o->fd))) {
		n = outq_pending(o) < o->chunk ? outq_pending(o) : o->chunk;
		if ((w = write(o->fd, o->q.p + o->off, n)) == -1)
			return errno == EINTR || errno == EAGAIN ? 0 : -1;
		o->off += (size_t)w;
	}
	compact(o);
	return 0;
}

/* Forget what is queued (after a write error; the caller says so). */
void
outq_drop(struct outq *o)
{
	o->off = 0;
	buf_reset(&o->q);
}

void
outq_free(struct outq *o)
{
	buf_free(&o->q);
	memset(o, 0, sizeof(*o));
	o->fd = -1;
}
