/* SPDX-License-Identifier: ISC */
/*
 * A UNIX-domain socket's address from the name a user gives: a file
 * system path or, on Linux, '@' and a name in the abstract namespace.
 * An abstract name is no file: it has no owner and no permissions, so
 * anyone in the same network namespace may connect to it, and it is gone
 * with the last socket bound to it, leaving nothing to remove.
 *
 * The abstract address is as long as its name, with no NUL padding, as
 * socat(1), systemd and most programs make it: the kernel compares the
 * whole length, so a padded name would be another name.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "compat.h"
#include "unixaddr.h"

/* Whether name is an abstract one, here. */
int
unixaddr_abstract(const char *name)
{
#ifdef __linux__
	return name[0] == '@';
#else
	(void)name;
	return 0;
#endif
}

/*
 * ENAMETOOLONG if the name does not fit; EINVAL for '@' alone, which
 * would ask Linux for a name of its choosing.
 */
int
unixaddr_make(const char *name, struct sockaddr_un *sun, socklen_t *len)
{
	size_t n;

	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	if (!unixaddr_abstract(name)) {
		if (strlcpy(sun->sun_path, name, UNIXADDR_PATH_SIZE) >=
		    UNIXADDR_PATH_SIZE) {
			errno = ENAMETOOLONG;
			return -1;
		}
		*len = (socklen_t)sizeof(*sun);
		return 0;
	}
	if ((n = strlen(name + 1)) == 0) {
		errno = EINVAL;
		return -1;
	}
	/* The leading NUL, then the name. */
	if (n >= UNIXADDR_PATH_SIZE) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun->sun_path + 1, name + 1, n);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + n);
	return 0;
}

/*
 * The name of an address the kernel gave (getsockname(2)), as a user
 * would write it: a path, cut at a NUL byte as the kernel cuts it, or
 * '@' and an abstract name, all of it: there a NUL is a byte of the name
 * like any other, and "@a" and "@a\0b" are two names.  Returns the
 * name's length (it is NUL-terminated too), or -1 for an unnamed socket
 * (a socket pair's, or an unbound one).
 */
ssize_t
unixaddr_name(const struct sockaddr_un *sun, socklen_t len, char *name,
    size_t size)
{
	size_t n, off = offsetof(struct sockaddr_un, sun_path);

	if (sun->sun_family != AF_UNIX || len <= off || size < 2)
		return -1;
	n = len - off;
	if (n > UNIXADDR_PATH_SIZE)
		n = UNIXADDR_PATH_SIZE;
	if (sun->sun_path[0] != '\0') {
		n = strnlen(sun->sun_path, n);
		if (n >= size)
			n = size - 1;
		memcpy(name, sun->sun_path, n);
		name[n] = '\0';
		return (ssize_t)n;
	}
	if (n < 2)
		return -1;
	name[0] = '@';
	if (n > size - 1)
		n = size - 1;
	memcpy(name + 1, sun->sun_path + 1, n - 1);
	name[n] = '\0';
	return (ssize_t)n;
}
