/* SPDX-License-Identifier: ISC */
/*
 * The go-on protocol's constants, and socket plumbing with deadlines for
 * blocking sockets (proto.c).  The protocol is described in credcheck(1).
 */

#ifndef PROTO_H
#define PROTO_H

#include <sys/types.h>

#include <stddef.h>

#define PROTO_GREETING		"go on\n"
#define PROTO_LINE_MAX		1024	/* client bytes kept */
#define PROTO_DEFAULT_TIMEOUT	10	/* seconds */

long long proto_now_ms(void);
int	 proto_wait(int, short, long long);
int	 proto_connect(const char *, int, long long, void (*)(int, void *),
	    void *);
void	 proto_unbind(void);
const char *proto_bind_dir(void);
int	 proto_write_all(int, const void *, size_t, long long);
int	 proto_probe(const char *, int, long long);
int	 proto_send_empty(int, long long);
int	 proto_send_line(int, const char *, size_t, long long);
ssize_t	 proto_read_line(int, char **, size_t, long long);
int	 proto_send_fd(int, int);
int	 proto_recv_fd(int, long long);

#endif /* PROTO_H */
