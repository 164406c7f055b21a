/* SPDX-License-Identifier: ISC */
/*
 * The server's named socket, bound at its own path so that ss(8), lsof(8)
 * and a client's getpeername(2) name it.  Nothing is lost: a name taken by
 * anything but a stale socket is left alone, and at the end the name is
 * removed only if it is still our socket.  Nothing is half-ready: the mode
 * asked for is given at bind(2), and a client that connects between bind
 * and listen is refused, as by no server at all.
 *
 * An abstract @name (Linux) is no file: there is nothing stale to clear,
 * no mode to give, nothing to remove, and bind(2) alone says whether the
 * name is taken.
 *
 * Looking at the path, clearing a stale socket and binding are three
 * steps.  Two servers doing them at once could each find the socket stale
 * and one remove the other's new socket, so the steps are taken under an
 * exclusive flock(2) on the directory, which every credcheck takes.
 */

#include <sys/types.h>
#include <sys/file.h>
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
#include "unixaddr.h"

#define PROBE_MS	2000	/* how long a full backlog is waited for */
#define LOCK_MS		(PROBE_MS + 3000) /* for another server's probe */
#define LOCK_POLL_MS	10

/* The directory path is in: all before the last slash. */
static void
dir_of(char *dir, size_t size, const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		strlcpy(dir, ".", size);
	else if (slash == path)
		strlcpy(dir, "/", size);
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

/*
 * Take the directory's lock, waiting for another server that holds it
 * while it probes.  A directory that cannot be read cannot be opened to
 * lock (credcheck(1) says so): returns -2 then, and the steps go on
 * unguarded.  EWOULDBLOCK: held for longer than any server holds it.
 */
static int
lock_dir(const char *path)
{
	char dir[UNIXADDR_PATH_SIZE];
	long long deadline = proto_now_ms() + LOCK_MS;
	int fd, save;

	dir_of(dir, sizeof(dir), path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return errno == EACCES ? -2 : -1;
	while (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    proto_now_ms() >= deadline) {
			save = errno;
			close(fd);
			errno = save;
			return -1;
		}
		usleep(LOCK_POLL_MS * 1000);
	}
	return fd;
}

/*
 * Whether a server answers on path: only ECONNREFUSED means stale.  A
 * listener whose backlog stays full is a server too, one that does not
 * accept: the probe waits for it a moment, not for ever.
 */
static int
probe(const char *path, int type)
{
	int rc, save;

	rc = proto_probe(path, type, proto_now_ms() + PROBE_MS);
	save = errno;
	if (rc == 0 || save == EPROTOTYPE || save == ETIMEDOUT) {
		errno = EADDRINUSE;
		return -1;
	}
	if (save != ECONNREFUSED) {
		errno = save;
		return -1;
	}
	return 0;
}

/*
 * Make the name free: nothing there, or a stale socket of this user,
 * removed only if it is still the one probed.  EEXIST: something that is
 * not a socket, not the one probed, or another user's socket, which may
 * be live but not yet listening (a connect is refused then as well), and
 * is not ours to remove whatever it is.
 */
static int
clear_stale(const char *path, int type)
{
	struct stat st, now;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISSOCK(st.st_mode)) {
		errno = EEXIST;
		return -1;
	}
	if (st.st_uid != geteuid()) {
		errno = EEXIST;
		return -1;
	}
	if (probe(path, type) == -1)
		return -1;
	if (lstat(path, &now) == -1)
		return errno == ENOENT ? 0 : -1;
	if (now.st_dev != st.st_dev || now.st_ino != st.st_ino) {
		errno = EEXIST;
		return -1;
	}
	return unlink(path) == -1 && errno != ENOENT ? -1 : 0;
}

/* Bind fd at path with the mode asked for (-1: the umask's). */
static int
bind_path(int fd, const char *path, int mode)
{
	struct sockaddr_un sun;
	socklen_t len;
	mode_t old = 0;
	int rc, save;

	if (unixaddr_make(path, &sun, &len) == -1)
		return -1;
	/* The umask gives the mode at bind: no window to chmod in. */
	if (mode >= 0)
		old = umask((mode_t)~mode & 0777);
	rc = bind(fd, (struct sockaddr *)&sun, len);
	save = errno;
	if (mode >= 0)
		umask(old);
	errno = save;
	return rc;
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

/* A socket of datagrams is only bound: it has no listen(2). */
static int
start_listening(const struct listener *l, int backlog)
{
	return l->type == SOCK_DGRAM ? 0 : listen(l->fd, backlog);
}

/* Bound at l->path, listening, and its file's identity kept. */
static int
bind_and_listen(struct listener *l, int mode, int backlog)
{
	struct stat st;
	int save;

	if (bind_path(l->fd, l->path, mode) == -1)
		return -1;
	if (l->abstract)
		return start_listening(l, backlog);
	if (lstat(l->path, &st) == -1 || start_listening(l, backlog) == -1) {
		save = errno;
		unlink(l->path);
		errno = save;
		return -1;
	}
	l->dev = st.st_dev;
	l->ino = st.st_ino;
	return 0;
}

/*
 * A socket of the type (stream, seqpacket: listening; dgram: bound) at
 * path.  Returns -1 with errno: ENAMETOOLONG (path does not fit
 * sun_path), EINVAL ("@" alone, or a mode for an abstract name), EEXIST
 * (something other than a socket, a socket of another user, or a new
 * file, is at path),
 * EADDRINUSE (a server listens there, or took the name meanwhile),
 * EWOULDBLOCK (the directory's lock is held), or a system error.
 */
int
listener_open(struct listener *l, const char *path, int type, int mode,
    int backlog)
{
	struct sockaddr_un sun;
	socklen_t len;
	int lock, save, rc = -1;

	memset(l, 0, sizeof(*l));
	l->fd = -1;
	/* Whether it fits, before any file is looked at. */
	if (unixaddr_make(path, &sun, &len) == -1)
		return -1;
	strlcpy(l->path, path, sizeof(l->path));
	l->type = type;
	if ((l->abstract = unixaddr_abstract(path)) && mode >= 0) {
		errno = EINVAL;
		return -1;
	}
	if (l->abstract)
		lock = -2;	/* no directory to lock */
	else if ((lock = lock_dir(path)) == -1)
		return -1;
	if ((l->abstract || clear_stale(path, type) == 0) &&
	    (l->fd = socket(AF_UNIX, type, 0)) != -1 &&
	    nonblocking(l->fd) == 0)
		rc = bind_and_listen(l, mode, backlog);
	save = errno;
	if (rc == -1 && l->fd != -1) {
		close(l->fd);
		l->fd = -1;
	}
	if (lock >= 0)
		close(lock);
	errno = save;
	return rc;
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
	if (!l->abstract && lstat(l->path, &st) == 0 && S_ISSOCK(st.st_mode) &&
	    st.st_dev == l->dev && st.st_ino == l->ino)
		unlink(l->path);
}

/* A connection from the queue, non-blocking and close-on-exec. */
int
listener_accept(struct listener *l)
{
#if defined(__NetBSD__)
	/* accept4(2) came with NetBSD 8; paccept(2) has been there since 6. */
	return paccept(l->fd, NULL, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
#elif defined(SOCK_NONBLOCK)
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
