/* SPDX-License-Identifier: ISC */
/*
 * serve's clients: their state (cmd_serve.c runs the protocol) and the
 * table they are kept in (clients.c).
 */

#ifndef SERVE_H
#define SERVE_H

#include <sys/types.h>
#include <sys/resource.h>

#include <poll.h>
#include <stddef.h>

#include "buf.h"
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
	long long		 deadline;
	struct exchange		 ex;
	const char		*out;		/* what is left to write */
	size_t			 outlen;
	struct buf		 reply;		/* what the socket left */
	size_t			 slot;		/* in clients and pfds */
	struct client		*older, *newer;	/* by deadline */
};

struct clientset {
	struct client		**clients;
	struct pollfd		*pfds;		/* fixed entries, then slots */
	size_t			 n, cap, fixed;
	struct client		*oldest, *newest;
};

void	 clients_init(struct clientset *, size_t);
int	 clients_reserve(struct clientset *);
int	 clients_add(struct clientset *, struct client *, short);
void	 clients_remove(struct clientset *, struct client *);
void	 clients_events(struct clientset *, const struct client *, short);
void	 clients_free(struct clientset *);
int	 clients_room(rlim_t *, rlim_t *);

#endif /* SERVE_H */
