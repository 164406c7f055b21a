/* SPDX-License-Identifier: ISC */
/*
 * LOCAL_CREDS -> SCM_CREDS, struct sockcred: NetBSD, and FreeBSD before
 * LOCAL_CREDS_PERSISTENT.  The seed's mechanism.  The receiver enables it
 * (level 0) before the peer writes; the kernel then attaches, at the
 * peer's send, the real and effective ids and the groups, and on NetBSD 8
 * and later the pid.  On stream sockets only the first message after it
 * is enabled carries them.  NetBSD gives the whole group list; FreeBSD cuts
 * it at CMGROUP_MAX.
 */

#include <sys/types.h>
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "credcheck.h"
#include "layouts.h"

/*
 * The fixed part, then sc_ngroups groups; with_pid for NetBSD 8's layout,
 * cap for the most groups the system passes (0: no limit).
 */
int
parse_sockcred(const void *data, size_t len, int with_pid, int cap,
    struct peercred *pc)
{
	struct l_sockcred_pid sc;
	size_t head = with_pid ? offsetof(struct l_sockcred_pid, sc_groups) :
	    offsetof(struct l_sockcred, sc_groups);
	const unsigned char *p = data;

	if (len < head) {
		errno = EPROTO;
		return -1;
	}
	memset(&sc, 0, sizeof(sc));
	/* Without a pid the same fields come one pid_t earlier. */
	memcpy((char *)&sc + (with_pid ? 0 :
	    offsetof(struct l_sockcred_pid, sc_uid)), p, head);
	if (sc.sc_ngroups < 0 ||
	    (size_t)sc.sc_ngroups > (len - head) / sizeof(gid_t)) {
		errno = EPROTO;
		return -1;
	}
	if (peercred_set_groups(pc, p + head, sc.sc_ngroups) == -1)
		return -1;
	pc->groups_capped = cap > 0 && sc.sc_ngroups >= cap;
	if (with_pid && sc.sc_pid > 0) {
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
	return mech_option_on(fd, LOCAL_LEVEL, LOCAL_CREDS);
}

static int
local_creds_parse(const void *data, size_t len, struct peercred *pc)
{
	return parse_sockcred(data, len, WITH_PID, GROUPS_CAP, pc);
}
#define ENABLE	local_creds_enable
#define PARSE	local_creds_parse
#define TYPE	SCM_CREDS
#define SPACE	CMSG_SPACE(SOCKCREDSIZE(GROUPS_ROOM))
#else
#define ENABLE	NULL
#define PARSE	NULL
#define TYPE	0
#define SPACE	0
#endif

const struct mech mech_local_creds = {
	.name = "LOCAL_CREDS",
	.capture = CAPTURE_SEND,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_EUID) |
	    PC_BIT(PC_GID) | PC_BIT(PC_EGID) | PC_BIT(PC_GROUPS),
	.enable = ENABLE,
	.cmsg_level = SOL_SOCKET,
	.cmsg_type = TYPE,
	.cmsg_space = SPACE,
	.parse = PARSE,
};
