/* SPDX-License-Identifier: ISC */
/*
 * The server's named socket (listener.c).
 */

#ifndef LISTENER_H
#define LISTENER_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "unixaddr.h"

struct listener {
	int		 fd;
	/* As given: an abstract name's '@' is not in the address. */
	char		 path[UNIXADDR_PATH_SIZE + 1];
	int		 type;		/* SOCK_STREAM, SOCK_SEQPACKET */
	int		 abstract;	/* @name: no file */
	dev_t		 dev;
	ino_t		 ino;
};

int	 listener_open(struct listener *, const char *, int, int, int);
void	 listener_close(struct listener *);
int	 listener_accept(struct listener *);

#endif /* LISTENER_H */
