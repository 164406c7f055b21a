/* SPDX-License-Identifier: ISC */
/*
 * Linux charges a datagram to its sender until its receiver reads it:
 * the answers of a datagram server that a receiver leaves unread stay
 * in the server's one send buffer.  Forty sockets of one user that ask
 * and never read fill it, and every other user's answer then fails.  So
 * the answers that may be unread are counted here by the user whose
 * socket they went to, and a user with UNREAD_PER_USER of them is not
 * answered until some are known read: all of them when the send buffer
 * is empty (SIOCOUTQ), or those of a socket that is gone (a closed
 * socket's queue goes with it).  A user who holds answers unread costs
 * that user its answers, not others theirs.
 *
 * Elsewhere the receiver pays: the BSDs put a datagram in its receiver's
 * buffer alone, and a full one refuses that datagram only.  Nothing
 * needs counting there.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "unread.h"

#ifdef __linux__

/* Nothing sent is unread: the send buffer holds nothing (SIOCOUTQ). */
static int
all_read(int fd)
{
	int queued;

	/* SIOCOUTQ, which Linux defines as TIOCOUTQ. */
	return ioctl(fd, TIOCOUTQ, &queued) == 0 && queued == 0;
}

/* Whether a socket that was answered has closed, and its queue with it. */
static int
socket_gone(const struct unread_entry *e)
{
	int fd, gone;

	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return 0;
	/* A live socket lets us connect, or refuses (EPERM) as it is
	 * connected to the server; nothing is sent. */
	gone = connect(fd, (const struct sockaddr *)&e->sun, e->len) == -1 &&
	    (errno == ECONNREFUSED || errno == ENOENT);
	close(fd);
	return gone;
}

/*
 * The answers uid's sockets may hold; with prune, after those of sockets
 * that have closed are forgotten (a probe each, so only when needed).
 */
static unsigned
held_by(struct unread *u, uid_t uid, int prune)
{
	unsigned held = 0;
	size_t i = 0;

	while (i < u->n) {
		if (u->e[i].uid != uid)
			i++;
		else if (prune && socket_gone(&u->e[i]))
			u->e[i] = u->e[--u->n];
		else
			held += u->e[i++].answers;
	}
	return held;
}

/*
 * Whether uid may be answered from fd now.  Returns 0 if it may, -1
 * with EAGAIN if its sockets hold UNREAD_PER_USER answers unread.
 */
int
unread_may_answer(struct unread *u, int fd, uid_t uid)
{
	if (u->n > 0 && all_read(fd))
		u->n = 0;
	if (held_by(u, uid, 0) < UNREAD_PER_USER ||
	    held_by(u, uid, 1) < UNREAD_PER_USER)
		return 0;
	errno = EAGAIN;
	return -1;
}

/* An answer went to uid's socket at sun.  -1 (ENOMEM) if not counted. */
int
unread_answered(struct unread *u, uid_t uid, const struct sockaddr_un *sun,
    socklen_t len)
{
	struct unread_entry *e;
	size_t i;

	for (i = 0; i < u->n; i++)
		if (u->e[i].uid == uid && u->e[i].len == len &&
		    memcmp(&u->e[i].sun, sun, len) == 0) {
			u->e[i].answers++;
			return 0;
		}
	if (u->n == u->size) {
		size_t size = u->size ? u->size * 2 : 16;

		if ((e = reallocarray(u->e, size, sizeof(*e))) == NULL)
			return -1;
		u->e = e;
		u->size = size;
	}
	e = &u->e[u->n++];
	memset(e, 0, sizeof(*e));
	memcpy(&e->sun, sun, len);
	e->len = len;
	e->uid = uid;
	e->answers = 1;
	return 0;
}

#else

int
unread_may_answer(struct unread *u, int fd, uid_t uid)
{
	(void)u;
	(void)fd;
	(void)uid;
	return 0;
}

int
unread_answered(struct unread *u, uid_t uid, const struct sockaddr_un *sun,
    socklen_t len)
{
	(void)u;
	(void)uid;
	(void)sun;
	(void)len;
	return 0;
}

#endif

void
unread_free(struct unread *u)
{
	free(u->e);
	u->e = NULL;
	u->n = u->size = 0;
}
