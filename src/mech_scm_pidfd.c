/* SPDX-License-Identifier: ISC */
/*
 * SO_PASSPIDFD -> SCM_PIDFD: Linux 6.5 and later.  A pidfd for the sender,
 * taken at each send, with the same opt-in race as SCM_CREDENTIALS: data
 * written before the option was enabled carries none.  The descriptor is
 * resolved to a pid and closed at once.  It names the process of the pid
 * that came in SCM_CREDENTIALS, which a privileged sender may choose (any
 * pid: pid 1's pidfd, for one), so its fields are as the sender chose.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include "linux.h"
#include "mech.h"
#include "peercred.h"
#include "sockopt.h"

#if defined(__linux__) && !defined(SO_PASSPIDFD)
#define SO_PASSPIDFD	76
#define SCM_PIDFD	0x04
#endif

#ifdef SCM_PIDFD
static int
scm_pidfd_enable(int fd)
{
	return sockopt_on(fd, SOL_SOCKET, SO_PASSPIDFD);
}

static int
scm_pidfd_parse(const void *data, size_t len, struct peercred *pc)
{
	int pidfd;

	if (len != sizeof(pidfd)) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&pidfd, data, sizeof(pidfd));
	return pidfd_take(pidfd, pc);
}
#endif

const struct mech mech_scm_pidfd = {
	.name = "SCM_PIDFD",
	.capture = CAPTURE_SEND,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_ALIVE) | PC_BIT(PC_COMMAND),
	.sender_chooses = 1,
	.cmsg_level = SOL_SOCKET,
#ifdef SCM_PIDFD
	.enable = scm_pidfd_enable,
	.cmsg_type = SCM_PIDFD,
	.cmsg_space = CMSG_SPACE(sizeof(int)),
	.parse = scm_pidfd_parse,
#endif
};
