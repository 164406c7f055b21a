/* SPDX-License-Identifier: ISC */
/*
 * handdown: a supervisor of one connection, for check-vm's guests, which
 * have no inetd, s6 or systemd to hand credcheck fd a socket.
 *
 *	handdown path command [arg ...]
 *
 * Listens at path, accepts one connection, and runs the command with it
 * as descriptor 0, as inetd does (no UCSPI variables).
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char *argv[])
{
	struct sockaddr_un sun;
	int l, c;

	if (argc < 3)
		errx(2, "usage: handdown path command [arg ...]");
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, argv[1], sizeof(sun.sun_path)) >=
	    sizeof(sun.sun_path))
		errx(2, "%s: too long", argv[1]);
	if ((l = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	if (bind(l, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(l, 1) == -1)
		err(1, "%s", argv[1]);
	if ((c = accept(l, NULL, NULL)) == -1)
		err(1, "accept");
	close(l);
	if (dup2(c, 0) == -1)
		err(1, "dup2");
	if (c != 0)
		close(c);
	execvp(argv[2], argv + 2);
	err(127, "%s", argv[2]);
}
