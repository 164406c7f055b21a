/* SPDX-License-Identifier: ISC */
/*
 * SO_PEERPIDFD: Linux 6.5 and later.  A pidfd for the pid of the
 * SO_PEERCRED snapshot (connect, listen or socketpair), so the pid it gives
 * is of a process that is still alive, not a recycled number.  Older
 * headers lack the option's number.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include "linux.h"
#include "mech.h"
#include "peercred.h"

#if defined(__linux__) && !defined(SO_PEERPIDFD)
#define SO_PEERPIDFD	77
#endif

#ifdef SO_PEERPIDFD
static int
so_peerpidfd_query(int fd, struct peercred *pc)
{
	int pidfd;
	socklen_t len = sizeof(pidfd);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &len) == -1)
		return -1;
	return pidfd_take(pidfd, pc);
}
#endif

const struct mech mech_so_peerpidfd = {
	.name = "SO_PEERPIDFD",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_ALIVE) | PC_BIT(PC_COMMAND),
	/* The pidfd is of the pid SO_PEERCRED gives: sk_peer_pid. */
	.seeded = PC_BIT(PC_PID),
#ifdef SO_PEERPIDFD
	.query = so_peerpidfd_query,
#endif
};
