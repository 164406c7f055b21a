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


#include "groups.h"
#include "layouts.h"
#include "mech.h"
#include "peercred.h"
#include "sockopt.h"

#define SOCKCRED2_GROUPS_CAP	16	/* FreeBSD's CMGROUP_MAX */

#if defined(LOCAL_CREDS_PERSISTENT) && defined(SCM_CREDS2)
CC_ASSERT(offsetof(struct sockcred2, sc_pid) ==
    offsetof(struct l_sockcred2, sc_pid), sockcred2_pid);
CC_ASSERT(offsetof(struct sockcred2, sc_groups) ==
    offsetof(struct l_sockcred2, sc_groups), sockcred2_groups);
CC_ASSERT(CMGROUP_MAX == SOCKCRED2_GROUPS_CAP, sockcred2_cap);

static int
local_creds_persistent_parse(const void *data, size_t len,
    struct peercred *pc)
{
	return parse_sockcred2(data, len, groups_lead_with_egid(), pc);
}

static int
local_creds_persistent_enable(int fd)
{
	return sockopt_on(fd, LOCAL_LEVEL, LOCAL_CREDS_PERSISTENT);
}
#define HAVE_LOCAL_CREDS_PERSISTENT
#endif

const struct mech mech_local_creds_persistent = {
	.name = "LOCAL_CREDS_PERSISTENT",
	.capture = CAPTURE_SEND,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_EUID) |
	    PC_BIT(PC_GID) | PC_BIT(PC_EGID) | PC_BIT(PC_GROUPS),
	.cmsg_level = SOL_SOCKET,
#ifdef HAVE_LOCAL_CREDS_PERSISTENT
	.enable = local_creds_persistent_enable,
	.cmsg_type = SCM_CREDS2,
	.cmsg_space = CMSG_SPACE(SOCKCRED2SIZE(CMGROUP_MAX)),
	.parse = local_creds_persistent_parse,
	/* unp_copy_peercred() gives each accepted socket the listener's
	 * LOCAL_CREDS* flags (FreeBSD's uipc_usrreq.c, read, not run). */
	.inherited = 1,
#endif
};
