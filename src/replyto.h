/* SPDX-License-Identifier: ISC */
/*
 * Where a datagram server may answer (replyto.c): the socket that sent.
 */

#ifndef REPLYTO_H
#define REPLYTO_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

/* The sender's socket, as found without following a link. */
struct replyto {
	struct sockaddr_un	 sun;	/* what the answer is sent to */
	socklen_t		 len;
	int			 fd;	/* the socket file; -1: none held */
};

/* Whom the answer may go to: the sender's user ids, not the server. */
struct replyrule {
	uid_t			 owner[2];	/* uid, euid that came */
	int			 nowners;
	dev_t			 self_dev;	/* the server's own socket */
	ino_t			 self_ino;
	int			 self_file;	/* self_* are set */
};

int	 replyto_open(struct replyto *, const struct sockaddr_un *,
	    socklen_t, const struct replyrule *);
ssize_t	 replyto_send(int, const struct replyto *, const void *, size_t);
void	 replyto_close(struct replyto *);

#endif /* REPLYTO_H */
