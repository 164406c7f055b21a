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

#include "credcheck.h"

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
	if (ucred_getpid(uc) > 0) {
		pc->pid = ucred_getpid(uc);
		pc->known |= PC_BIT(PC_PID);
	}
	if (ucred_getruid(uc) != (uid_t)-1) {
		pc->uid = ucred_getruid(uc);
		pc->known |= PC_BIT(PC_UID);
	}
	if (ucred_geteuid(uc) != (uid_t)-1) {
		pc->euid = ucred_geteuid(uc);
		pc->known |= PC_BIT(PC_EUID);
	}
	if (ucred_getrgid(uc) != (gid_t)-1) {
		pc->gid = ucred_getrgid(uc);
		pc->known |= PC_BIT(PC_GID);
	}
	if (ucred_getegid(uc) != (gid_t)-1) {
		pc->egid = ucred_getegid(uc);
		pc->known |= PC_BIT(PC_EGID);
	}
	if ((n = ucred_getgroups(uc, &groups)) >= 0)
		rc = peercred_set_groups(pc, groups, n);
	ucred_free(uc);
	return rc;
}
#define QUERY	getpeerucred_query
#else
#define QUERY	NULL
#endif

const struct mech mech_getpeerucred = {
	.name = "getpeerucred",
	.capture = CAPTURE_CONNECT,
	.fields = PC_ALL,
	.query = QUERY,
};
