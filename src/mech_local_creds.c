/* SPDX-License-Identifier: ISC */
/*
 * LOCAL_CREDS -> SCM_CREDS, struct sockcred: NetBSD, and FreeBSD before
 * LOCAL_CREDS_PERSISTENT.  Its opt-in race is the one credcheck(1)
 * describes under CAVEATS: the receiver enables it (level 0) before the
 * peer writes; the kernel then attaches, at the peer's send, the real and
 * effective ids and the groups, and on NetBSD 8 and later the pid.  On
 * stream sockets only the first message after it is enabled carries them.
 * NetBSD gives the whole group list; FreeBSD cuts it at CMGROUP_MAX.
 */

#include <sys/types.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <limits.h>

#include "groups.h"
#include "layouts.h"
#include "mech.h"
#include "peercred.h"
#include "sockopt.h"

#if defined(LOCAL_CREDS) && defined(SCM_CREDS) && \
    !defined(LOCAL_CREDS_PERSISTENT)
#ifdef LOCAL_OCREDS		/* NetBSD 8 renumbered it and added sc_pid */
#define WITH_PID	1
CC_ASSERT(offsetof(struct sockcred, sc_pid) ==
    offsetof(struct l_sockcred_pid, sc_pid), sockcred_pid);
CC_ASSERT(offsetof(struct sockcred, sc_groups) ==
    offsetof(struct l_sockcred_pid, sc_groups), sockcred_groups);
#else
#define WITH_PID	0
CC_ASSERT(offsetof(struct sockcred, sc_groups) ==
    offsetof(struct l_sockcred, sc_groups), sockcred_groups);
#endif

#ifdef CMGROUP_MAX		/* FreeBSD */
#define GROUPS_CAP	CMGROUP_MAX
#define GROUPS_ROOM	CMGROUP_MAX
#else
#define GROUPS_CAP	0
#define GROUPS_ROOM	NGROUPS_MAX
#endif

static int
local_creds_enable(int fd)
{
	return sockopt_on(fd, LOCAL_LEVEL, LOCAL_CREDS);
}

static int
local_creds_parse(const void *data, size_t len, struct peercred *pc)
{
	return parse_sockcred(data, len, WITH_PID, GROUPS_CAP,
	    groups_lead_with_egid(), pc);
}
#define HAVE_LOCAL_CREDS
#endif

/*
 * NetBSD copies a listening socket's flags, LOCAL_CREDS among them, to each
 * socket it accepts (uipc_usrreq.c, unp_connect(); run in a rump kernel of
 * NetBSD-current 7.99.34): set on the listener, the option is on before a
 * client can write.  Not counted on for FreeBSD before 13, whose code was
 * not seen.
 */
#if defined(HAVE_LOCAL_CREDS) && defined(LOCAL_PEEREID)	/* NetBSD's */
#define INHERITED	1
#else
#define INHERITED	0
#endif

const struct mech mech_local_creds = {
	.name = "LOCAL_CREDS",
	.capture = CAPTURE_SEND,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_EUID) |
	    PC_BIT(PC_GID) | PC_BIT(PC_EGID) | PC_BIT(PC_GROUPS),
	.cmsg_level = SOL_SOCKET,
#ifdef HAVE_LOCAL_CREDS
	.enable = local_creds_enable,
	.cmsg_type = SCM_CREDS,
	.cmsg_space = CMSG_SPACE(SOCKCREDSIZE(GROUPS_ROOM)),
	.parse = local_creds_parse,
#endif
	.inherited = INHERITED,
};
