/* SPDX-License-Identifier: ISC */
/*
 * Where a datagram server may answer: the socket that sent, and no other.
 *
 * A datagram's source address is a name, and a name in the file system
 * can be made to lead elsewhere after its sender bound it: a symbolic
 * link put where its file was, pointing at the server's own socket (the
 * server would answer itself for ever) or at a socket of a user the
 * sender cannot reach (the server would carry its answer there).  So the
 * name is resolved here one component at a time, from the root, without
 * following any link; the socket found must belong to a user whose id
 * came with the datagram, and must not be the server's own.
 *
 * On Linux the answer then goes through the descriptor of the file found
 * (an O_PATH descriptor, named as /proc/self/fd/N), so nothing can be
 * swapped between the check and the send.  Other systems have no such
 * descriptor for a socket file, and the name is sent to again: the man
 * page's SECURITY CONSIDERATIONS say what that leaves.
 *
 * An abstract name (Linux) has no file and cannot be made to lead
 * elsewhere: it is answered as it came.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "replyto.h"
#include "unixaddr.h"

/* A directory opened for its names alone, where the system allows. */
#if defined(O_PATH)
#define DIR_OPEN	(O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#elif defined(O_SEARCH)
#define DIR_OPEN	(O_SEARCH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#else
#define DIR_OPEN	(O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#endif

/*
 * Why openat(2) with O_NOFOLLOW failed on name: systems differ in the
 * errno for a link (Linux ELOOP, FreeBSD EMLINK, NetBSD EFTYPE), so ask.
 */
static int
open_failure(int dfd, const char *name, int err)
{
	struct stat st;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		return ELOOP;
	return err;
}

/*
 * The directory that holds the last component of path (absolute, cut
 * up here), opened without following a link; *last points at that
 * component.  ELOOP if a
 * component is a link, or openat(2)'s error.
 */
static int
open_parent(char *path, const char **last)
{
	char *p, *slash;
	int dfd, next, save;

	if ((dfd = open("/", DIR_OPEN)) == -1)
		return -1;
	for (p = path + 1; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = '\0';
		if (*p == '\0')
			continue;
		if ((next = openat(dfd, p, DIR_OPEN)) == -1) {
			save = open_failure(dfd, p, errno);
			close(dfd);
			errno = save;
			return -1;
		}
		close(dfd);
		dfd = next;
	}
	*last = p;
	return dfd;
}

static int
owner_allowed(const struct replyrule *rule, uid_t uid)
{
	int i;

	for (i = 0; i < rule->nowners; i++)
		if (rule->owner[i] == uid)
			return 1;
	return 0;
}

/* The checks on the file found. */
static int
file_allowed(const struct stat *st, const struct replyrule *rule)
{
	if (S_ISLNK(st->st_mode))
		errno = ELOOP;
	else if (!S_ISSOCK(st->st_mode))
		errno = ENOTSOCK;
	else if (rule->self_file && st->st_dev == rule->self_dev &&
	    st->st_ino == rule->self_ino)
		errno = EDEADLK;
	else if (!owner_allowed(rule, st->st_uid))
		errno = EPERM;
	else
		return 1;
	return 0;
}

/*
 * The last component: on Linux a descriptor of the file itself (a link
 * is opened as the link, and refused); elsewhere its status, by name.
 */
static int
open_last(struct replyto *rt, int dfd, const char *name,
    const struct replyrule *rule)
{
	struct stat st;

#if defined(__linux__) && defined(O_PATH)
	int n;

	if ((rt->fd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) ==
	    -1 || fstat(rt->fd, &st) == -1)
		return -1;
	if (!file_allowed(&st, rule))
		return -1;
	n = snprintf(rt->sun.sun_path, sizeof(rt->sun.sun_path),
	    "/proc/self/fd/%d", rt->fd);
	rt->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) +
	    (size_t)n + 1);
	return 0;
#else
	(void)rt;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return -1;
	return file_allowed(&st, rule) ? 0 : -1;
#endif
}

/*
 * The address to answer a datagram from `from` at, checked as above.
 * Errors: EDESTADDRREQ, the sender has no address; EINVAL, a relative
 * name (it names the sender's directory, which is not the server's);
 * ELOOP, a link on the way; ENOTSOCK, not a socket; EPERM, the socket of
 * a user whose id did not come with the datagram; EDEADLK, the server's
 * own socket; ENAMETOOLONG; or open(2)'s and openat(2)'s own.
 */
int
replyto_open(struct replyto *rt, const struct sockaddr_un *from,
    socklen_t fromlen, const struct replyrule *rule)
{
	char copy[UNIXADDR_PATH_SIZE + 1];
	const char *last;
	int dfd, rc, save;

	memset(rt, 0, sizeof(*rt));
	rt->fd = -1;
	if (fromlen <= offsetof(struct sockaddr_un, sun_path) ||
	    fromlen > sizeof(*from)) {
		errno = EDESTADDRREQ;
		return -1;
	}
	memcpy(&rt->sun, from, fromlen);
	rt->len = fromlen;
	if (from->sun_path[0] == '\0')
		return 0;	/* abstract */
	if (from->sun_path[0] != '/') {
		errno = EINVAL;
		return -1;
	}
	/* sun_path need not end in a NUL: the copy does. */
	memset(copy, 0, sizeof(copy));
	memcpy(copy, from->sun_path, fromlen -
	    offsetof(struct sockaddr_un, sun_path));
	if ((dfd = open_parent(copy, &last)) == -1)
		return -1;
	rc = open_last(rt, dfd, last, rule);
	save = errno;
	close(dfd);
	if (rc == -1) {
		replyto_close(rt);
		errno = save;
	}
	return rc;
}

/* Send the answer to what replyto_open found; sendto(2)'s errors. */
ssize_t
replyto_send(int fd, const struct replyto *rt, const void *buf, size_t len)
{
	return sendto(fd, buf, len, 0, (const struct sockaddr *)&rt->sun,
	    rt->len);
}

void
replyto_close(struct replyto *rt)
{
	if (rt->fd != -1)
		close(rt->fd);
	rt->fd = -1;
}
