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

#include "mech.h"
#include "peercred.h"

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
	peercred_set_pid(pc, pid);
	return 0;
}
#endif

const struct mech mech_local_peerpid = {
	.name = "LOCAL_PEERPID",
	.capture = CAPTURE_QUERY,
	.fields = PC_BIT(PC_PID),
#ifdef LOCAL_PEERPID
	.query = local_peerpid_query,
#endif
};
