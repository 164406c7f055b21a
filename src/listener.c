/* SPDX-License-Identifier: ISC */
/*
 * The server's named socket, made so that nothing is lost and nothing is
 * half-ready: the socket is bound under a temporary name in the same
 * directory, with the mode asked for, set to listen, and only then given
 * its name.  A name that is taken by anything but a stale socket is left
 * alone; at the end the name is removed only if it is still our socket.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "listener.h"
#include "proto.h"

#define TEMP_PREFIX	".cc"
#define TEMP_RANDOM	8
#define TEMP_TRIES	16
#define PROBE_MS	2000	/* how long a full backlog is waited for */

enum taken {
	TAKEN_FREE,		/* nothing there */
	TAKEN_STALE		/* a socket nobody listens on */
};

static int
path_fits(const char *path)
{
	return strlen(path) < sizeof(((struct sockaddr_un *)0)->sun_path);
}

static void
make_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	strlcpy(sun->sun_path, path, sizeof(sun->sun_path));
}

/*
 * Whether a server answers on path: only ECONNREFUSED means stale.  A
 * listener whose backlog stays full is a server too, one that does not
 * accept: the probe waits for it a moment, not for ever.
 */
static int
probe(const char *path)
{
	int fd, save;

	fd = proto_connect(path, proto_now_ms() + PROBE_MS);
	save = errno;
	if (fd != -1)
		close(fd);
	if (fd != -1 || save == EPROTOTYPE || save == ETIMEDOUT) {
		errno = EADDRINUSE;
		return -1;
	}
	if (save != ECONNREFUSED) {
		errno = save;
		return -1;
	}
	return 0;
}

/* What is at path now.  EEXIST: something that is not ours to replace. */
static int
examine(const char *path, enum taken *taken, struct stat *st)
{
	if (lstat(path, st) == -1) {
		if (errno != ENOENT)
			return -1;
		*taken = TAKEN_FREE;
		return 0;
	}
	if (!S_ISSOCK(st->st_mode)) {
		errno = EEXIST;
		return -1;
	}
	if (probe(path) == -1)
		return -1;
	*taken = TAKEN_STALE;
	return 0;
}

/* A temporary name beside path: its directory, then .cc and random. */
static int
temp_name(char *buf, size_t size, const char *path)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	size_t i, len = dirlen + strlen(TEMP_PREFIX) + TEMP_RANDOM;

	if (len >= size) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, dirlen);
	memcpy(buf + dirlen, TEMP_PREFIX, strlen(TEMP_PREFIX));
	for (i = len - TEMP_RANDOM; i < len; i++)
		buf[i] = chars[arc4random_uniform(sizeof(chars) - 1)];
	buf[len] = '\0';
	return 0;
}

/* Bind fd to a fresh temporary name with the mode asked for (-1: umask). */
static int
bind_temp(int fd, const char *path, int mode, char *temp, size_t size)
{
	struct sockaddr_un sun;
	mode_t old = 0;
	int tries, rc, save;

	for (tries = 0; tries < TEMP_TRIES; tries++) {
		if (temp_name(temp, size, path) == -1)
			return -1;
		make_addr(&sun, temp);
		/* The umask gives the mode at bind: no window to chmod in. */
		if (mode >= 0)
			old = umask((mode_t)~mode & 0777);
		rc = bind(fd, (struct sockaddr *)&sun, sizeof(sun));
		save = errno;
		if (mode >= 0)
			umask(old);
		if (rc == 0)
			return 0;
		if (save != EADDRINUSE) {
			errno = save;
			return -1;
		}
	}
	errno = EADDRINUSE;
	return -1;
}

/*
 * Give the listening socket its name.  A free name is taken with link(2),
 * which never replaces anything; a stale socket is replaced with rename(2)
 * only if it is still the one examined.
 */
static int
publish(const char *temp, const char *path, enum taken taken,
    const struct stat *stale)
{
	struct stat st;

	if (taken == TAKEN_FREE) {
		if (link(temp, path) == -1)
			return -1;
		return unlink(temp);
	}
	if (lstat(path, &st) == -1)
		return -1;
	if (st.st_dev != stale->st_dev || st.st_ino != stale->st_ino) {
		errno = EEXIST;
		return -1;
	}
	return rename(temp, path);
}

static int
nonblocking(int fd)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		return -1;
	return 0;
}

/*
 * Returns -1 with errno: ENAMETOOLONG (path or its temporary name does not
 * fit sun_path), EEXIST (something other than a socket, or a new file, is
 * at path), EADDRINUSE (a server listens there), or a system error.
 */
int
listener_open(struct listener *l, const char *path, int mode, int backlog)
{
	char temp[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct stat stale, st;
	enum taken taken;
	int save;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	if (!path_fits(path) || strlcpy(l->path, path, sizeof(l->path)) >=
	    sizeof(l->path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (temp_name(temp, sizeof(temp), path) == -1 ||
	    examine(path, &taken, &stale) == -1)
		return -1;
	if ((l->fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	if (nonblocking(l->fd) == -1 ||
	    bind_temp(l->fd, path, mode, temp, sizeof(temp)) == -1)
		goto fail;
	if (listen(l->fd, backlog) == -1 || lstat(temp, &st) == -1 ||
	    publish(temp, path, taken, &stale) == -1) {
		save = errno;
		unlink(temp);
		errno = save;
		goto fail;
	}
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	return 0;
fail:
	save = errno;
	close(l->fd);
	l->fd = -1;
	errno = save;
	return -1;
}

/* Close, and remove the name only if it is still the socket we made. */
void
listener_close(struct listener *l)
{
	struct stat st;

	if (l->fd == -1)
		return;
	close(l->fd);
	l->fd = -1;
	if (lstat(l->path, &st) == 0 && S_ISSOCK(st.st_mode) &&
	    st.st_dev == l->dev && st.st_ino == l->ino)
		unlink(l->path);
}

/* A connection from the queue, non-blocking and close-on-exec. */
int
listener_accept(struct listener *l)
{
#ifdef SOCK_NONBLOCK
	return accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
	int fd, save;

	if ((fd = accept(l->fd, NULL, NULL)) == -1)
		return -1;
	if (nonblocking(fd) == -1) {
		save = errno;
		close(fd);
		errno = save;
		return -1;
	}
	return fd;
#endif
}
