/* SPDX-License-Identifier: ISC */
/*
 * getpeereid(3): the BSDs and macOS in libc, Linux through libbsd (over
 * SO_PEERCRED).  Effective uid and gid from the connect-time snapshot of
 * the system's own option.  HAVE_GETPEEREID comes from mk/config: where it
 * is absent the mechanism is unsupported, never answered with our own ids.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <unistd.h>

#include "credcheck.h"

#ifdef HAVE_GETPEEREID
static int
getpeereid_query(int fd, struct peercred *pc)
{
	uid_t euid;
	gid_t egid;

	if (getpeereid(fd, &euid, &egid) == -1)
		return -1;
	/* libbsd passes on Linux's "no peer" answer of -1. */
	if (euid != (uid_t)-1) {
		pc->euid = euid;
		pc->known |= PC_BIT(PC_EUID);
	}
	if (egid != (gid_t)-1) {
		pc->egid = egid;
		pc->known |= PC_BIT(PC_EGID);
	}
	return 0;
}
#define QUERY	getpeereid_query
#else
#define QUERY	NULL
#endif

/* Where getpeereid(3) wraps LOCAL_PEEREID (NetBSD), it shares its gap. */
#ifdef LOCAL_PEEREID
#define NO_SOCKETPAIR	EINVAL
#else
#define NO_SOCKETPAIR	0
#endif

const struct mech mech_getpeereid = {
	.name = "getpeereid",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_EUID) | PC_BIT(PC_EGID),
	.query = QUERY,
	.listed = 1,
	.no_socketpair = NO_SOCKETPAIR,
};
