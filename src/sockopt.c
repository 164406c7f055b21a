/* SPDX-License-Identifier: ISC */
/*
 * Socket options set alone: the receiver's opt-in of most send-time
 * mechanisms (SO_PASSCRED, SO_PASSPIDFD, LOCAL_CREDS,
 * LOCAL_CREDS_PERSISTENT), an int option turned on; and the refusal and
 * disposal of descriptors a peer passes.  A file of its own so that the
 * mechanism files, which the table in mechs.c lists, depend on nothing
 * that depends on them.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sockopt.h"

#if defined(__linux__) && !defined(SO_PASSRIGHTS)
#define SO_PASSRIGHTS	83	/* Linux 6.16 */
#endif

int
sockopt_on(int fd, int level, int option)
{
	int on = 1;

	return setsockopt(fd, level, option, &on, sizeof(on));
}

/*
 * Refuse descriptors on a socket (and, on a listening one, on every socket
 * it accepts): a peer's sendmsg(2) with SCM_RIGHTS then fails.  Linux
 * 6.16 and later; elsewhere ENOPROTOOPT, and they must be disposed of.
 */
int
sockopt_refuse_rights(int fd)
{
#ifdef SO_PASSRIGHTS
	int off = 0;

	return setsockopt(fd, SOL_SOCKET, SO_PASSRIGHTS, &off, sizeof(off));
#else
	(void)fd;
	errno = ENOPROTOOPT;
	return -1;
#endif
}

/*
 * Close a descriptor a peer passed without waiting for it.  A socket with
 * SO_LINGER set and data unsent would hold close(2) for the linger time:
 * lingering off with a time of 0 makes it reset and go at once.  (Other
 * files whose close can wait, a terminal draining, say, cannot be helped.)
 */
void
sockopt_close_now(int fd)
{
	struct linger l;

	memset(&l, 0, sizeof(l));
	l.l_onoff = 1;
	l.l_linger = 0;
	(void)setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
}
