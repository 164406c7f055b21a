/* SPDX-License-Identifier: ISC */
/*
 * SO_PEERGROUPS: Linux 4.13 and later.  The peer's supplementary groups
 * from the same snapshot as SO_PEERCRED (connect, listen or socketpair).
 * The list is as long as the peer's: past what the stack holds, the buffer
 * grows on ERANGE to the size the kernel says it needs.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>

#include "mech.h"
#include "peercred.h"

#ifdef SO_PEERGROUPS
#define GROUPS_ON_STACK		64	/* most peers have fewer */
#define GROUPS_TRIES		8	/* the list can change between calls */

static int
so_peergroups_query(int fd, struct peercred *pc)
{
	gid_t stack[GROUPS_ON_STACK], *groups = stack, *bigger;
	gid_t *heap = NULL;
	socklen_t size = sizeof(stack), got;
	int tries, rc = -1;

	for (tries = 0; tries < GROUPS_TRIES; tries++) {
		got = size;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups,
		    &got) == 0) {
			rc = peercred_set_groups(pc, groups,
			    (int)(got / sizeof(gid_t)));
			goto out;
		}
		if (errno != ERANGE)
			goto out;
		/* The kernel says how much it needs. */
		size = got > size ? got : size * 2;
		if ((bigger = realloc(heap, size)) == NULL)
			goto out;
		groups = heap = bigger;
	}
	errno = ERANGE;
out:
	free(heap);
	return rc;
}
#endif

const struct mech mech_so_peergroups = {
	.name = "SO_PEERGROUPS",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_GROUPS),
#ifdef SO_PEERGROUPS
	.query = so_peergroups_query,
#endif
};
