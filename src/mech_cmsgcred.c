/* SPDX-License-Identifier: ISC */
/*
 * SCM_CREDS with struct cmsgcred: FreeBSD and DragonFly.  The sender
 * attaches an empty one to its line, as D-Bus does, and the kernel fills
 * it in at the send: pid, real and effective uid, real gid, and up to
 * CMGROUP_MAX groups, the first of which is the effective gid (still so
 * on FreeBSD 15, where the kernel keeps it apart from the others).  No receiver
 * option is needed, and there is no race.  FreeBSD replaces it with the
 * receiver's own structure when the receiver enabled LOCAL_CREDS or
 * LOCAL_CREDS_PERSISTENT.
 */

#include <sys/types.h>
#include <sys/param.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include "layouts.h"
#include "mech.h"
#include "peercred.h"

int
parse_cmsgcred(const void *data, size_t len, struct peercred *pc)
{
	struct l_cmsgcred cc;

	if (len < sizeof(cc)) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&cc, data, sizeof(cc));
	if (cc.cmcred_ngroups < 0 || cc.cmcred_ngroups > L_NGROUPS) {
		errno = EPROTO;
		return -1;
	}
	/* The effective gid first, on FreeBSD 15 as before: the rest are
	 * the supplementary groups. */
	if (cc.cmcred_ngroups > 0) {
		peercred_set(pc, PC_EGID, cc.cmcred_groups[0]);
		if (peercred_set_groups(pc, cc.cmcred_groups + 1,
		    cc.cmcred_ngroups - 1) == -1)
			return -1;
	}
	pc->groups_capped = cc.cmcred_ngroups == L_NGROUPS;
	peercred_set_pid(pc, cc.cmcred_pid);
	peercred_set(pc, PC_UID, cc.cmcred_uid);
	peercred_set(pc, PC_EUID, cc.cmcred_euid);
	peercred_set(pc, PC_GID, cc.cmcred_gid);
	return 0;
}

/* macOS declares struct cmsgcred, but its kernel refuses SCM_CREDS. */
#if defined(SCM_CREDS) && defined(CMGROUP_MAX) && !defined(__APPLE__)
CC_ASSERT(sizeof(struct cmsgcred) == sizeof(struct l_cmsgcred), cmsgcred);
CC_ASSERT(offsetof(struct cmsgcred, cmcred_groups) ==
    offsetof(struct l_cmsgcred, cmcred_groups), cmsgcred_groups);
CC_ASSERT(CMGROUP_MAX == L_NGROUPS, cmsgcred_cap);

/* The kernel fills the structure in; the sender only makes room. */
static void
cmsgcred_attach(struct cmsghdr *cm)
{
	cm->cmsg_len = CMSG_LEN(sizeof(struct cmsgcred));
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDS;
}
#define HAVE_CMSGCRED
#endif

const struct mech mech_cmsgcred = {
	.name = "SCM_CREDS/cmsgcred",
	.capture = CAPTURE_SEND,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_EUID) |
	    PC_BIT(PC_GID) | PC_BIT(PC_EGID) | PC_BIT(PC_GROUPS),
	.cmsg_level = SOL_SOCKET,
	.replaced_by_receiver = 1,
#ifdef HAVE_CMSGCRED
	.cmsg_type = SCM_CREDS,
	.cmsg_space = CMSG_SPACE(sizeof(struct cmsgcred)),
	.parse = parse_cmsgcred,
	.send_space = CMSG_SPACE(sizeof(struct cmsgcred)),
	.attach = cmsgcred_attach,
#endif
};
