/* SPDX-License-Identifier: ISC */
/*
 * Who holds a socket now (holders.c): the processes with a descriptor of
 * it, found as ss(8) -p finds them.  The peer's credentials name who
 * connected or listened; a daemon that forked, or a supervisor that
 * handed its socket down, is held by another process since.  Linux, and
 * NetBSD for a connected socket; elsewhere every lookup is ENOTSUP.
 */

#ifndef HOLDERS_H
#define HOLDERS_H

#include <sys/types.h>

#include "peercred.h"

#define HOLDERS_SHOWN	4	/* the most named; past them, a count */

struct holder {
	pid_t		 pid;
	char		 command[PC_COMMAND_MAX];	/* "" if unread */
};

struct holders {
	int		 looked;	/* a lookup was made */
	int		 err;		/* why it failed, or 0 */
	unsigned long	 ino;		/* the socket's inode */
	int		 n;		/* processes found */
	struct holder	 h[HOLDERS_SHOWN];	/* the first of them */
	int		 hidden;	/* processes whose descriptors
					   could not be read here */
	const char	*by;		/* what the vouched pid did:
					   "listened", "connected" */
};

int	 holders_of_peer(int, struct holders *);
int	 holders_of_listener(const char *, size_t, int, struct holders *);
int	 holders_other_than(const struct holders *, pid_t, int);

#endif /* HOLDERS_H */
