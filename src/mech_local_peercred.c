/* SPDX-License-Identifier: ISC */
/*
 * LOCAL_PEERCRED, struct xucred: FreeBSD, DragonFly and macOS.  The
 * effective uid and the groups, the first of which is the effective gid,
 * at most XU_NGROUPS (16) of them; FreeBSD 13 and later add the pid.
 * Captured at connect(2) for an accepted socket, at listen(2) for the
 * connecting side, and at socketpair(2).  No real ids.
 */

#include <sys/types.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/un.h>
#ifdef LOCAL_PEERCRED
#include <sys/ucred.h>
#endif

#include <errno.h>
#include <string.h>

#include "layouts.h"
#include "mech.h"
#include "peercred.h"

/* with_pid: the system keeps cr_pid in the union at the end. */
int
parse_xucred(const void *data, size_t len, int with_pid, struct peercred *pc)
{
	struct l_xucred xu;

	if (len < L_XUCRED_GROUPS_END || len > sizeof(xu)) {
		errno = EPROTO;
		return -1;
	}
	memset(&xu, 0, sizeof(xu));
	memcpy(&xu, data, len);
	if (xu.cr_version != L_XUCRED_VERSION || xu.cr_ngroups < 1 ||
	    xu.cr_ngroups > L_NGROUPS) {
		errno = EPROTO;
		return -1;
	}
	/* cr_groups[0] is the effective gid on every version (FreeBSD 15
	 * names it cr_gid), the rest the supplementary groups. */
	if (peercred_set_groups(pc, xu.cr_groups + 1, xu.cr_ngroups - 1) == -1)
		return -1;
	pc->groups_capped = xu.cr_ngroups == L_NGROUPS;
	peercred_set(pc, PC_EUID, xu.cr_uid);
	peercred_set(pc, PC_EGID, xu.cr_groups[0]);
	if (with_pid && len == sizeof(xu))
		peercred_set_pid(pc, xu.cr_tail.cr_pid);
	return 0;
}

#ifdef LOCAL_PEERCRED
CC_ASSERT(offsetof(struct xucred, cr_uid) ==
    offsetof(struct l_xucred, cr_uid), xucred_uid);
CC_ASSERT(offsetof(struct xucred, cr_ngroups) ==
    offsetof(struct l_xucred, cr_ngroups), xucred_ngroups);
CC_ASSERT(offsetof(struct xucred, cr_groups) ==
    offsetof(struct l_xucred, cr_groups), xucred_groups);
CC_ASSERT(sizeof(struct xucred) <= sizeof(struct l_xucred), xucred_size);
CC_ASSERT(XUCRED_VERSION == L_XUCRED_VERSION, xucred_version);

/* cr_pid is filled in from FreeBSD 13 on; nowhere else. */
#if defined(__FreeBSD__) && __FreeBSD_version >= 1300000
#define WITH_PID	1
CC_ASSERT(offsetof(struct xucred, cr_pid) == L_XUCRED_GROUPS_END,
    xucred_pid);
#else
#define WITH_PID	0
#endif

static int
local_peercred_query(int fd, struct peercred *pc)
{
	struct xucred xu;
	socklen_t len = sizeof(xu);

	memset(&xu, 0, sizeof(xu));
	if (getsockopt(fd, LOCAL_LEVEL, LOCAL_PEERCRED, &xu, &len) == -1)
		return -1;
	return parse_xucred(&xu, len, WITH_PID, pc);
}
#endif

const struct mech mech_local_peercred = {
	.name = "LOCAL_PEERCRED",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_EUID) | PC_BIT(PC_EGID) |
	    PC_BIT(PC_GROUPS),
#ifdef LOCAL_PEERCRED
	.query = local_peercred_query,
#endif
};
