/* SPDX-License-Identifier: ISC */
/*
 * A UNIX-domain socket's address from the name a user gives (unixaddr.c).
 */

#ifndef UNIXADDR_H
#define UNIXADDR_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

/* The bytes of sun_path, which systems size differently (104, 108). */
#define UNIXADDR_PATH_SIZE	sizeof(((struct sockaddr_un *)0)->sun_path)

int	 unixaddr_abstract(const char *);
int	 unixaddr_make(const char *, struct sockaddr_un *, socklen_t *);
ssize_t	 unixaddr_name(const struct sockaddr_un *, socklen_t, char *,
	    size_t);

#endif /* UNIXADDR_H */
