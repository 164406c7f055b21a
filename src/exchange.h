/* SPDX-License-Identifier: ISC */
/*
 * The receiving side of one exchange: what each mechanism gave, and the
 * peer's line.  Used by selftest, serve and connect.
 */

#ifndef EXCHANGE_H
#define EXCHANGE_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "mech.h"
#include "mechs.h"
#include "peercred.h"
#include "proto.h"

/* What one mechanism gave for one exchange. */
enum mech_status {
	MS_UNSUPPORTED,		/* not on this system or this kernel */
	MS_NONE,		/* supported, but not run or nothing arrived */
	MS_GOT,			/* delivered credentials */
	MS_MISSING,		/* the kernel marked them missing */
	MS_ERROR,		/* the call failed: see err */
	MS_SKIPPED		/* not needed: others gave its fields */
};

enum exchange_mode {
	EXCHANGE_ALL,		/* every mechanism, to check each one */
	EXCHANGE_NEEDED		/* only what adds a field */
};

struct mech_result {
	enum mech_status	 status;
	int			 err;		/* errno of a failed call */
	struct peercred		 cred;
};

struct exchange {
	enum exchange_mode	 mode;
	struct mech_result	 res[MECH_MAX];	/* indexed as mech_table */
	char			*line;		/* PROTO_LINE_MAX + 1 */
	size_t			 len;		/* bytes kept in line */
	size_t			 dropped;	/* bytes past PROTO_LINE_MAX */
	int			 complete;	/* the newline has arrived */
	size_t			 queued;	/* bytes waiting at enable */
	size_t			 received;	/* bytes read so far */
	int			 early;		/* this read has some of them */
	unsigned		 inherited;	/* mech_table bits on already */
	int			 ctrunc;	/* MSG_CTRUNC seen */
	int			 fds_closed;	/* SCM_RIGHTS fds shut */
	int			 messages;	/* not a stream: a message
						   is a line */
};

void	 exchange_init(struct exchange *, enum exchange_mode, int, unsigned);
enum exchange_mode exchange_mode_for(int);
void	 exchange_free(struct exchange *);
void	 exchange_enable(struct exchange *, int);
void	 exchange_enable_unconnected(struct exchange *, int);
unsigned exchange_inherit(int, enum exchange_mode);
unsigned exchange_enable_once(int, enum exchange_mode);
void	 exchange_query(struct exchange *, int);
const char *exchange_drop_self(struct exchange *, pid_t);
int	 exchange_recv(struct exchange *, int);
int	 exchange_recv_from(struct exchange *, int, struct sockaddr_un *,
	    socklen_t *);
ssize_t	 exchange_recv_whole(struct exchange *, int, char *, size_t);
int	 exchange_greeting(struct exchange *, int, long long);
void	 exchange_control(struct exchange *, struct msghdr *);
int	 exchange_peer(const struct exchange *, struct peer *);

#endif /* EXCHANGE_H */
