/* SPDX-License-Identifier: ISC */
/*
 * The receiver's opt-in of most send-time mechanisms (SO_PASSCRED,
 * SO_PASSPIDFD, LOCAL_CREDS, LOCAL_CREDS_PERSISTENT): an int option turned
 * on.  A file of its own so that the mechanism files, which the table in
 * mechs.c lists, depend on nothing that depends on them.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include "sockopt.h"

int
sockopt_on(int fd, int level, int option)
{
	int on = 1;

	return setsockopt(fd, level, option, &on, sizeof(on));
}
