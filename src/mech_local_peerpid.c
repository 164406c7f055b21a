/* SPDX-License-Identifier: ISC */
/*
 * LOCAL_PEERPID: macOS.  The pid of the last process to use the peer's
 * socket, as the kernel knows it when asked: not a connect-time snapshot.
 * If the peer passed its socket on, or forked, this names whoever used it
 * last.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>

#include "credcheck.h"

#ifdef LOCAL_PEERPID
static int
local_peerpid_query(int fd, struct peercred *pc)
{
	pid_t pid;
	socklen_t len = sizeof(pid);

	if (getsockopt(fd, LOCAL_LEVEL, LOCAL_PEERPID, &pid, &len) == -1)
		return -1;
	if (len != sizeof(pid)) {
		errno = EPROTO;
		return -1;
	}
	if (pid > 0) {
		pc->pid = pid;
		pc->known |= PC_BIT(PC_PID);
	}
	return 0;
}
#define QUERY	local_peerpid_query
#else
#define QUERY	NULL
#endif

const struct mech mech_local_peerpid = {
	.name = "LOCAL_PEERPID",
	.capture = CAPTURE_QUERY,
	.fields = PC_BIT(PC_PID),
	.query = QUERY,
};
