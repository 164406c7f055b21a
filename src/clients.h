/* SPDX-License-Identifier: ISC */
/*
 * serve's clients: their state (cmd_serve.c runs the protocol) and the
 * queue they are kept in (clients.c).
 */

#ifndef CLIENTS_H
#define CLIENTS_H

#include <sys/types.h>
#include <sys/resource.h>

#include <stddef.h>

#include "buf.h"
#include "evloop.h"
#include "exchange.h"

enum client_state {
	CL_GREETING,		/* writing "go on" */
	CL_LINE,		/* reading the client's line */
	CL_REPLY		/* writing the record back */
};

struct client {
	int			 fd;
	unsigned long		 id;
	enum client_state	 state;
	int			 refused;	/* -u, -g: its answer says so */
	long long		 deadline;
	struct exchange		 ex;
	const char		*out;		/* what is left to write */
	size_t			 outlen;
	struct buf		 reply;		/* what the socket left */
	struct evwatch		 w;
	struct client		*older, *newer;	/* by deadline */
};

struct clientset {
	struct client		*oldest, *newest;
};

void	 clients_init(struct clientset *);
void	 clients_add(struct clientset *, struct client *);
void	 clients_remove(struct clientset *, struct client *);
int	 clients_room(rlim_t *, rlim_t *);

#endif /* CLIENTS_H */
