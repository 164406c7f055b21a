/* SPDX-License-Identifier: ISC */
/*
 * SO_PEERCRED: Linux (struct ucred: pid, uid, gid) and OpenBSD (struct
 * sockpeercred: uid, gid, pid, in that order).  Both give the effective
 * ids and the pid, captured at connect(2) for an accepted socket, at
 * listen(2) (Linux) or bind(2) (OpenBSD) for the connecting side, and at
 * socketpair(2).
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include "layouts.h"
#include "mech.h"
#include "peercred.h"

/*
 * Linux struct ucred as SO_PEERCRED gives it: effective ids.  A socket
 * with no peer answers pid 0 and ids of -1, which stay unknown; pid 0 with
 * ids is a peer outside our pid namespace.
 */
int
parse_ucred_peer(const void *data, size_t len, struct peercred *pc)
{
	struct l_ucred uc;

	if (len < sizeof(uc)) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&uc, data, sizeof(uc));
	peercred_set_pid(pc, uc.pid);
	if (uc.pid == 0 && uc.uid != (uid_t)-1)
		peercred_pid_not_visible(pc);
	if (uc.uid != (uid_t)-1)
		peercred_set(pc, PC_EUID, uc.uid);
	if (uc.gid != (gid_t)-1)
		peercred_set(pc, PC_EGID, uc.gid);
	return 0;
}

/* OpenBSD struct sockpeercred: effective ids and the pid. */
int
parse_sockpeercred(const void *data, size_t len, struct peercred *pc)
{
	struct l_sockpeercred pcr;

	if (len != sizeof(pcr)) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&pcr, data, sizeof(pcr));
	peercred_set_pid(pc, pcr.pid);
	peercred_set(pc, PC_EUID, pcr.uid);
	peercred_set(pc, PC_EGID, pcr.gid);
	return 0;
}

#ifdef SO_PEERCRED
#ifdef __OpenBSD__
#define PEERCRED_STRUCT	struct sockpeercred
CC_ASSERT(sizeof(struct sockpeercred) == sizeof(struct l_sockpeercred),
    spc_size);
CC_ASSERT(offsetof(struct sockpeercred, uid) ==
    offsetof(struct l_sockpeercred, uid), spc_uid);
CC_ASSERT(offsetof(struct sockpeercred, gid) ==
    offsetof(struct l_sockpeercred, gid), spc_gid);
CC_ASSERT(offsetof(struct sockpeercred, pid) ==
    offsetof(struct l_sockpeercred, pid), spc_pid);
#define PARSE(p, n, pc)	parse_sockpeercred((p), (n), (pc))
#else
#define PEERCRED_STRUCT	struct ucred
CC_ASSERT(sizeof(struct ucred) == sizeof(struct l_ucred), ucred_size);
CC_ASSERT(offsetof(struct ucred, uid) == offsetof(struct l_ucred, uid),
    ucred_uid);
#define PARSE(p, n, pc)	parse_ucred_peer((p), (n), (pc))
#endif

static int
so_peercred_query(int fd, struct peercred *pc)
{
	PEERCRED_STRUCT cr;
	socklen_t len = sizeof(cr);

	memset(&cr, 0, sizeof(cr));
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len) == -1)
		return -1;
	return PARSE(&cr, len, pc);
}
#endif

const struct mech mech_so_peercred = {
	.name = "SO_PEERCRED",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_EUID) | PC_BIT(PC_EGID),
#ifdef SO_PEERCRED
	.query = so_peercred_query,
#endif
};
