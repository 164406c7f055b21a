/* SPDX-License-Identifier: ISC */
/*
 * LOCAL_PEEREID, struct unpcbid: NetBSD 5 and later.  The pid and the
 * effective ids, captured at connect(2) for an accepted socket and at
 * listen(2) (bind(2) before 2018) for the connecting side; the kernel code
 * of 2016 (uipc_usrreq.c 1.180, run by make check-rump) gave the
 * connecting side its own ids instead, which connect leaves out.  That
 * code fills it in for socketpair(2) too, naming the pair's creator at
 * both ends; a kernel that refuses it there with EINVAL has it reported
 * as unsupported for socket pairs.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <string.h>

#include "layouts.h"
#include "mech.h"
#include "peercred.h"

int
parse_unpcbid(const void *data, size_t len, struct peercred *pc)
{
	struct l_unpcbid id;

	if (len != sizeof(id)) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&id, data, sizeof(id));
	peercred_set_pid(pc, id.unp_pid);
	peercred_set(pc, PC_EUID, id.unp_euid);
	peercred_set(pc, PC_EGID, id.unp_egid);
	return 0;
}

#ifdef LOCAL_PEEREID
CC_ASSERT(sizeof(struct unpcbid) == sizeof(struct l_unpcbid), unpcbid);
CC_ASSERT(offsetof(struct unpcbid, unp_euid) ==
    offsetof(struct l_unpcbid, unp_euid), unpcbid_euid);

static int
local_peereid_query(int fd, struct peercred *pc)
{
	struct unpcbid id;
	socklen_t len = sizeof(id);

	if (getsockopt(fd, LOCAL_LEVEL, LOCAL_PEEREID, &id, &len) == -1)
		return -1;
	return parse_unpcbid(&id, len, pc);
}
#endif

const struct mech mech_local_peereid = {
	.name = "LOCAL_PEEREID",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_EUID) | PC_BIT(PC_EGID),
#ifdef LOCAL_PEEREID
	.query = local_peereid_query,
#endif
	.no_socketpair = EINVAL,
};
