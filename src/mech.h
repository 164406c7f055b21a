/* SPDX-License-Identifier: ISC */
/*
 * A credential mechanism: what each mech_*.c defines, whatever the system.
 * Where the system lacks the mechanism its functions are NULL and it is
 * reported as unsupported.  This system's table of them is in mechs.h.
 */

#ifndef MECH_H
#define MECH_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

#include "peercred.h"

/*
 * enable:	receiver opt-in, needed before the peer writes (may be NULL).
 * query:	connect-time snapshot read from a connected socket.
 * parse:	send-time control message of cmsg_level/cmsg_type; the payload
 *		is given with its length so that it is never cast in place.
 * attach:	sender side: fill a control message the kernel completes
 *		(FreeBSD's cmsgcred); send_space is its CMSG_SPACE.
 * listed:	shown on every system, supported or not (getpeereid, which
 *		depends on the C library rather than the kernel).
 * replaced_by_receiver: the kernel drops what the sender attached when
 *		the receiver enabled an option of its own.
 * no_socketpair: the errno with which it refuses socket pairs, if any.
 * sender_chooses: the sender may pick the values it sends.
 * seeded:	fields it takes from the mechanisms before it in the table,
 *		of the same snapshot, rather than ask the kernel again (in
 *		EXCHANGE_NEEDED only: selftest asks each for everything).
 * inherited: enabled on a listening socket, the option is on in every
 *		socket it accepts, and what a client writes before its socket
 *		is accepted carries credentials too.
 */
struct mech {
	const char	*name;
	enum capture	 capture;
	unsigned	 fields;	/* PC_BIT()s it can provide */
	int		(*enable)(int);
	int		(*query)(int, struct peercred *);
	int		 cmsg_level, cmsg_type;
	size_t		 cmsg_space;
	int		(*parse)(const void *, size_t, struct peercred *);
	size_t		 send_space;
	void		(*attach)(struct cmsghdr *);
	int		 listed;
	int		 replaced_by_receiver;
	int		 no_socketpair;
	int		 sender_chooses;
	int		 inherited;
	unsigned	 seeded;
};

/*
 * The level of the BSD and macOS LOCAL_* options: 0, which older systems
 * have no name for, and which FreeBSD and NetBSD insist on.
 */
#ifdef SOL_LOCAL
#define LOCAL_LEVEL	SOL_LOCAL
#else
#define LOCAL_LEVEL	0
#endif

#endif /* MECH_H */
