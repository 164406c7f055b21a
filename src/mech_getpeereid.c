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

#include "mech.h"
#include "peercred.h"

#ifdef HAVE_GETPEEREID
static int
getpeereid_query(int fd, struct peercred *pc)
{
	uid_t euid;
	gid_t egid;

	if (getpeereid(fd, &euid, &egid) == -1)
		return -1;
	/* libbsd passes on Linux's "no peer" answer of -1. */
	if (euid != (uid_t)-1)
		peercred_set(pc, PC_EUID, euid);
	if (egid != (gid_t)-1)
		peercred_set(pc, PC_EGID, egid);
	return 0;
}
#endif

const struct mech mech_getpeereid = {
	.name = "getpeereid",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_EUID) | PC_BIT(PC_EGID),
#ifdef HAVE_GETPEEREID
	.query = getpeereid_query,
#endif
	.listed = 1,
#ifdef LOCAL_PEEREID
	/* Where getpeereid(3) wraps LOCAL_PEEREID (NetBSD): its gap. */
	.no_socketpair = EINVAL,
#endif
};
