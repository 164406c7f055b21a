/* SPDX-License-Identifier: ISC */
/*
 * A datagram server's answers that may not have been read (unread.c),
 * counted by the user they went to.
 */

#ifndef UNREAD_H
#define UNREAD_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

/* Answers one user's sockets may hold unread before that user waits. */
#define UNREAD_PER_USER	32

struct unread_entry {
	struct sockaddr_un	 sun;	/* the socket answered */
	socklen_t		 len;
	uid_t			 uid;
	unsigned		 answers;
};

struct unread {
	struct unread_entry	*e;
	size_t			 n;
	size_t			 size;
};

int	 unread_may_answer(struct unread *, int, uid_t);
int	 unread_answered(struct unread *, uid_t, const struct sockaddr_un *,
	    socklen_t);
void	 unread_free(struct unread *);

#endif /* UNREAD_H */
