/* SPDX-License-Identifier: ISC */
/*
 * SO_PASSCRED -> SCM_CREDENTIALS: Linux.  pid, real uid and real gid of the
 * sender, captured at each send.  The receiver must enable the option before
 * the peer writes; data written earlier carries a placeholder (pid 0 and the
 * overflow uid and gid), which is reported as missing, never as "nobody".
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <string.h>

#include "layouts.h"
#include "linux.h"
#include "mech.h"
#include "peercred.h"
#include "sockopt.h"

/*
 * Linux struct ucred as SCM_CREDENTIALS gives it: real ids, pid 0 for a
 * sender outside our pid namespace.  A message queued before the receiver
 * asked carries pid 0 with the overflow ids, which a nobody of another
 * pid namespace also sends: the receiver, which knows what was queued
 * when it asked, tells them apart (exchange.c).
 */
int
parse_ucred_message(const void *data, size_t len, struct peercred *pc)
{
	struct l_ucred uc;

	if (len < sizeof(uc)) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&uc, data, sizeof(uc));
	pc->maybe_placeholder = uc.pid == 0 && uc.uid == overflow_uid() &&
	    uc.gid == overflow_gid();
	peercred_set_pid(pc, uc.pid);
	if (uc.pid == 0)
		peercred_pid_not_visible(pc);
	if (uc.uid != (uid_t)-1)
		peercred_set(pc, PC_UID, uc.uid);
	if (uc.gid != (gid_t)-1)
		peercred_set(pc, PC_GID, uc.gid);
	return 0;
}

#ifdef SCM_CREDENTIALS
static int
scm_credentials_enable(int fd)
{
	return sockopt_on(fd, SOL_SOCKET, SO_PASSCRED);
}
#endif

const struct mech mech_scm_credentials = {
	.name = "SCM_CREDENTIALS",
	.capture = CAPTURE_SEND,
	.fields = PC_BIT(PC_PID) | PC_BIT(PC_UID) | PC_BIT(PC_GID),
	.cmsg_level = SOL_SOCKET,
	/* Any of its own ids; with CAP_SETUID any id, and any visible pid
	 * with CAP_SYS_ADMIN (unix(7), cmsg SCM_CREDENTIALS). */
	.sender_chooses = 1,
	/* af_unix.c: unix_sock_inherit_flags() at accept, and credentials
	 * for every message to a socket not yet accepted. */
	.inherited = 1,
#ifdef SCM_CREDENTIALS
	.enable = scm_credentials_enable,
	.cmsg_type = SCM_CREDENTIALS,
	.cmsg_space = CMSG_SPACE(sizeof(struct ucred)),
	.parse = parse_ucred_message,
#endif
};
