/* SPDX-License-Identifier: ISC */
/*
 * dial: a blocking stream connection to path, or exit; the one the test
 * helpers (peer.c, handover.c) share.  Needs <sys/socket.h>, <sys/un.h>,
 * <err.h> and <string.h>, and strlcpy (libbsd's on glibc).
 */

#ifndef TESTS_DIAL_H
#define TESTS_DIAL_H

static int
dial(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1)
		err(1, "connect %s", path);
	return fd;
}

#endif /* TESTS_DIAL_H */
