/* SPDX-License-Identifier: ISC */
/*
 * SO_PEERSEC: Linux 2.6.2 and later.  The peer's security label, as its
 * security module (SELinux, AppArmor, Smack) names it, from the same
 * snapshot as SO_PEERCRED.  A kernel with no module that labels sockets
 * answers ENOPROTOOPT: the label is then unsupported, never guessed.  The
 * label is text without a fixed length; a longer one than PC_LABEL_MAX is
 * refused (ERANGE) rather than cut.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include "mech.h"
#include "peercred.h"

#if defined(__linux__) && !defined(SO_PEERSEC)
#define SO_PEERSEC	31
#endif

#ifdef SO_PEERSEC
#include <errno.h>
#include <stdlib.h>

static int
so_peersec_query(int fd, struct peercred *pc)
{
	socklen_t len = PC_LABEL_MAX;
	char *label;
	int rc = -1;

	if ((label = malloc(PC_LABEL_MAX)) == NULL)
		return -1;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERSEC, label, &len) == 0) {
		if (len > PC_LABEL_MAX)
			errno = ERANGE;
		else
			rc = peercred_set_label(pc, label, len);
	}
	free(label);
	return rc;
}
#endif

const struct mech mech_so_peersec = {
	.name = "SO_PEERSEC",
	.capture = CAPTURE_CONNECT,
	.fields = PC_BIT(PC_LABEL),
#ifdef SO_PEERSEC
	.query = so_peersec_query,
#endif
};
