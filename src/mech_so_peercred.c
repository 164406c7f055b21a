/* SPDX-License-Identifier: ISC */
/*
 * SO_PEERCRED: Linux (struct ucred) and OpenBSD (struct sockpeercred, whose
 * fields come in another order).  pid, effective uid and effective gid,
 * captured at connect(2) for an accepted socket, at listen(2) (Linux) or
 * bind(2) (OpenBSD) for the connecting side, and at socketpair(2).
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include "credcheck.h"

#ifdef SO_PEERCRED
#ifdef __OpenBSD__
typedef struct sockpeercred	peercred_t;
#else
typedef struct ucred		peercred_t;
#endif

/*
 * Linux answers even when there is no peer to describe, with pid 0 and ids
 * of -1; those fields stay unknown.
 */
static int
so_peercred_query(int fd, struct peercred *pc)
{
	peercred_t cr;
	socklen_t len = sizeof(cr);

	memset(&cr, 0, sizeof(cr));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1)
		return -1;
	if (len != sizeof(cr)) {
		errno = EPROTO;
		return -1;
	}
	if (cr.pid > 0) {
		pc->pid = cr.pid;
		pc->known |= PC_BIT(PC_PID);
	}
	if (cr.uid != (uid_t)-1) {
		pc->euid = cr.uid;
		pc->known |= PC_BIT(PC_EUID);
	}
	if (cr.gid != (gid_t)-1) {
		pc->egid = cr.gid;
		pc->known |= PC_BIT(PC_EGID);
	}
	return 0;
}
#define QUERY	so_peercred_query
#else
#define QUERY	NULL
#endif

const struct mech mech_so_peercred = {
	.name = "SO_PEERCRED",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_EUID) | PC_BIT(PC_EGID),
	.query = QUERY,
};
