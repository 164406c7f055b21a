/* SPDX-License-Identifier: ISC */
/*
 * LOCAL_CREDS_PERSISTENT -> SCM_CREDS2, struct sockcred2: FreeBSD 13 and
 * later.  Like LOCAL_CREDS, enabled by the receiver before the peer writes,
 * but every message carries the credentials, and they include the pid.
 * The group list is cut at CMGROUP_MAX.
 */

#include <sys/types.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <string.h>

#include "credcheck.h"
#include "layouts.h"

#define SOCKCRED2_VERSION	0
#define SOCKCRED2_GROUPS_CAP	16	/* FreeBSD's CMGROUP_MAX */

int
parse_sockcred2(const void *data, size_t len, struct peercred *pc)
{
	struct l_sockcred2 sc;
	size_t head = offsetof(struct l_sockcred2, sc_groups);
	const unsigned char *p = data;

	if (len < head) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&sc, p, head);
	if (sc.sc_version != SOCKCRED2_VERSION || sc.sc_ngroups < 0 ||
	    (size_t)sc.sc_ngroups > (len - head) / sizeof(gid_t)) {
		errno = EPROTO;
		return -1;
	}
	if (peercred_set_groups(pc, p + head, sc.sc_ngroups) == -1)
		return -1;
	pc->groups_capped = sc.sc_ngroups >= SOCKCRED2_GROUPS_CAP;
	if (sc.sc_pid > 0) {
		pc->pid = sc.sc_pid;
		pc->known |= PC_BIT(PC_PID);
	}
	pc->uid = sc.sc_uid;
	pc->euid = sc.sc_euid;
	pc->gid = sc.sc_gid;
	pc->egid = sc.sc_egid;
	pc->known |= PC_BIT(PC_UID) | PC_BIT(PC_EUID) | PC_BIT(PC_GID) |
	    PC_BIT(PC_EGID);
	return 0;
}

#if defined(LOCAL_CREDS_PERSISTENT) && defined(SCM_CREDS2)
CC_ASSERT(offsetof(struct sockcred2, sc_pid) ==
    offsetof(struct l_sockcred2, sc_pid), sockcred2_pid);
CC_ASSERT(offsetof(struct sockcred2, sc_groups) ==
    offsetof(struct l_sockcred2, sc_groups), sockcred2_groups);
CC_ASSERT(CMGROUP_MAX == SOCKCRED2_GROUPS_CAP, sockcred2_cap);

static int
local_creds_persistent_enable(int fd)
{
	return mech_option_on(fd, LOCAL_LEVEL, LOCAL_CREDS_PERSISTENT);
}
#define ENABLE	local_creds_persistent_enable
#define PARSE	parse_sockcred2
#define TYPE	SCM_CREDS2
#define SPACE	CMSG_SPACE(SOCKCRED2SIZE(CMGROUP_MAX))
#else
#define ENABLE	NULL
#define PARSE	NULL
#define TYPE	0
#define SPACE	0
#endif

const struct mech mech_local_creds_persistent = {
	.name = "LOCAL_CREDS_PERSISTENT",
	.capture = CAPTURE_SEND,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_EUID) |
	    PC_BIT(PC_GID) | PC_BIT(PC_EGID) | PC_BIT(PC_GROUPS),
	.enable = ENABLE,
	.cmsg_level = SOL_SOCKET,
	.cmsg_type = TYPE,
	.cmsg_space = SPACE,
	.parse = PARSE,
};
