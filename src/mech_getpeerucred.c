/* SPDX-License-Identifier: ISC */
/*
 * getpeerucred(3C): illumos and Solaris.  The richest snapshot there is:
 * pid, real and effective ids, and the groups, taken when the connection
 * was made.  The ucred_t pointer must start as NULL, or the library tries
 * to reuse what it points to; the result is freed with ucred_free().
 * There is no feature macro: __sun names the system.
 */

#include <sys/types.h>

#include <errno.h>

#include "mech.h"
#include "peercred.h"

#ifdef __sun
#include <ucred.h>

static int
getpeerucred_query(int fd, struct peercred *pc)
{
	ucred_t *uc = NULL;
	const gid_t *groups;
	int n, rc = 0;

	if (getpeerucred(fd, &uc) == -1)
		return -1;
	/* Each getter answers -1 for what the credential lacks. */
	peercred_set_pid(pc, ucred_getpid(uc));
	if (ucred_getruid(uc) != (uid_t)-1)
		peercred_set(pc, PC_UID, ucred_getruid(uc));
	if (ucred_geteuid(uc) != (uid_t)-1)
		peercred_set(pc, PC_EUID, ucred_geteuid(uc));
	if (ucred_getrgid(uc) != (gid_t)-1)
		peercred_set(pc, PC_GID, ucred_getrgid(uc));
	if (ucred_getegid(uc) != (gid_t)-1)
		peercred_set(pc, PC_EGID, ucred_getegid(uc));
	if ((n = ucred_getgroups(uc, &groups)) >= 0)
		rc = peercred_set_groups(pc, groups, n);
	ucred_free(uc);
	return rc;
}
#endif

const struct mech mech_getpeerucred = {
	.name = "getpeerucred",
	.capture = CAPTURE_CONNECT,
	.fields = PC_CREDS,
#ifdef __sun
	.query = getpeerucred_query,
#endif
};
