/* SPDX-License-Identifier: ISC */
/*
 * SO_PEERGROUPS: Linux 4.13 and later.  The peer's supplementary groups
 * from the same snapshot as SO_PEERCRED (connect, listen or socketpair).
 * The list is as long as the peer's: the buffer grows on ERANGE, to the
 * size the kernel says it needs.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>

#include "credcheck.h"

#ifdef SO_PEERGROUPS
#define GROUPS_FIRST_TRY	64
#define GROUPS_TRIES		8	/* the list can change between calls */

static int
so_peergroups_query(int fd, struct peercred *pc)
{
	gid_t *groups = NULL, *bigger;
	socklen_t size = GROUPS_FIRST_TRY * sizeof(gid_t), got;
	int tries, rc = -1;

	for (tries = 0; tries < GROUPS_TRIES; tries++) {
		if ((bigger = realloc(groups, size)) == NULL)
			goto out;
		groups = bigger;
		got = size;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups,
		    &got) == 0) {
			rc = peercred_set_groups(pc, groups,
			    (int)(got / sizeof(gid_t)));
			goto out;
		}
		if (errno != ERANGE)
			goto out;
		size = got > size ? got : size * 2;
	}
	errno = ERANGE;
out:
	free(groups);
	return rc;
}
#define QUERY	so_peergroups_query
#else
#define QUERY	NULL
#endif

const struct mech mech_so_peergroups = {
	.name = "SO_PEERGROUPS",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_GROUPS),
	.query = QUERY,
};
