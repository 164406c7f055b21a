/* SPDX-License-Identifier: ISC */
/*
 * Socket plumbing for the go-on exchange on blocking sockets: bounded waits,
 * whole writes, a line read with a deadline, the sender's line with any
 * control message its system wants, and descriptor passing.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "mech.h"
#include "mechs.h"
#include "proto.h"
#include "sockopt.h"
#include "unixaddr.h"

#define SEND_ROOM		512	/* sender-side control messages */
#define CONNECT_RETRY_MS	20	/* a full backlog is asked again */

/* Milliseconds on a clock that does not jump. */
long long
proto_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until fd is ready for events or the deadline passes (ETIMEDOUT). */
int
proto_wait(int fd, short events, long long deadline)
{
	struct pollfd pfd;
	long long left;
	int n;

	pfd.fd = fd;
	pfd.events = events;
	for (;;) {
		if ((left = deadline - proto_now_ms()) <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		n = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (n > 0)
			return 0;
		if (n == -1 && errno != EINTR)
			return -1;
	}
}

/*
 * Wait for a non-blocking connect(2) to end.  Linux answers EAGAIN while
 * the listener's backlog is full, and is asked again after a pause; the
 * BSDs answer EINPROGRESS and say the outcome when the socket can write.
 */
static int
connect_wait(int fd, const struct sockaddr *sa, socklen_t len,
    long long deadline)
{
	socklen_t elen = sizeof(int);
	int e;

	for (;;) {
		if (connect(fd, sa, len) == 0)
			return 0;
		if (errno == EINPROGRESS) {
			if (proto_wait(fd, POLLOUT, deadline) == -1 ||
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e,
			    &elen) == -1)
				return -1;
			errno = e;
			return e == 0 ? 0 : -1;
		}
		if (errno != EAGAIN && errno != EINTR)
			return -1;
		if (proto_now_ms() >= deadline) {
			errno = ETIMEDOUT;
			return -1;
		}
		(void)poll(NULL, 0, CONNECT_RETRY_MS);
	}
}

/*
 * A datagram client needs an address of its own for the server to answer
 * to.  Linux gives one in the abstract namespace when bind(2) is handed
 * the family alone; elsewhere (and with -DPROTO_BIND_FILE, which the
 * tests use) it is a file in a new directory of ours under $TMPDIR or
 * /tmp, removed by proto_unbind().
 */
#if defined(__linux__) && !defined(PROTO_BIND_FILE)
/*
 * The client's directory can be passed through, not listed, where a
 * server can open a directory to search it alone (O_PATH, O_SEARCH);
 * elsewhere replyto.c must open it for reading, so it is readable too.
 * It holds nothing but the socket.
 */
#if defined(O_PATH) || defined(O_SEARCH)
#define BOUND_DIR_MODE	0711
#else
#define BOUND_DIR_MODE	0755
#endif

static int
bind_any(int fd)
{
	struct sockaddr_un sun;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	return bind(fd, (struct sockaddr *)&sun, sizeof(sun.sun_family));
}

void
proto_unbind(void)
{
}

/* Linux's autobind makes no file: there is no directory to make it in. */
const char *
proto_bind_dir(void)
{
	return NULL;
}
#else
static char bound_dir[UNIXADDR_PATH_SIZE];
static char bound_path[UNIXADDR_PATH_SIZE];

/* Where a datagram client's address is made: TMPDIR, or /tmp. */
const char *
proto_bind_dir(void)
{
	const char *tmp = getenv("TMPDIR");

	return tmp == NULL || tmp[0] != '/' ? "/tmp" : tmp;
}

/*
 * The client's directory can be passed through, not listed, where a
 * server can open a directory to search it alone (O_PATH, O_SEARCH);
 * elsewhere replyto.c must open it for reading, so it is readable too.
 * It holds nothing but the socket.
 */
#if defined(O_PATH) || defined(O_SEARCH)
#define BOUND_DIR_MODE	0711
#else
#define BOUND_DIR_MODE	0755
#endif

static int
bind_any(int fd)
{
	const char *tmp = proto_bind_dir();
	struct sockaddr_un sun;
	socklen_t len;
	int save;

	if (strlcpy(bound_dir, tmp, sizeof(bound_dir)) >= sizeof(bound_dir) ||
	    strlcat(bound_dir, "/credcheck.XXXXXX", sizeof(bound_dir)) >=
	    sizeof(bound_dir)) {
		bound_dir[0] = '\0';
		errno = ENAMETOOLONG;
		return -1;
	}
	if (mkdtemp(bound_dir) == NULL) {
		bound_dir[0] = '\0';
		return -1;
	}
	/*
	 * A server of another user must reach the socket to answer: the
	 * directory can be passed through, and the socket written.  Others can write to it too where a connected socket
	 * takes datagrams from anyone (Linux takes them from its peer only);
	 * the credentials that come with each datagram say who sent it.
	 */
	if (strlcpy(bound_path, bound_dir, sizeof(bound_path)) >=
	    sizeof(bound_path) || strlcat(bound_path, "/c",
	    sizeof(bound_path)) >= sizeof(bound_path))
		errno = ENAMETOOLONG;
	else if (chmod(bound_dir, BOUND_DIR_MODE) == 0 &&
	    unixaddr_make(bound_path, &sun, &len) == 0 &&
	    bind(fd, (struct sockaddr *)&sun, len) == 0 &&
	    chmod(bound_path, 0666) == 0)
		return 0;
	save = errno;
	proto_unbind();
	errno = save;
	return -1;
}

/* Remove the file and the directory bind_any made, if any. */
void
proto_unbind(void)
{
	if (bound_path[0] != '\0')
		(void)unlink(bound_path);
	if (bound_dir[0] != '\0')
		(void)rmdir(bound_dir);
	bound_dir[0] = bound_path[0] = '\0';
}
#endif

static int connect_socket(const char *, int, int, long long,
    void (*)(int, void *), void *);

/*
 * A non-blocking, close-on-exec socket of the type (SOCK_STREAM,
 * SOCK_SEQPACKET, SOCK_DGRAM: bound first) connected to path (or an
 * abstract @name, see unixaddr.c) by the deadline; before(fd, arg), if
 * not NULL, is called just before the connect(2), to set options the
 * connection must have from its start.  ENAMETOOLONG if path does not
 * fit (EINVAL: "@" alone), ETIMEDOUT if the listener took no connection
 * by then (its backlog full: a server that does not accept), or
 * connect(2)'s own error.
 */
int
proto_connect(const char *path, int type, long long deadline,
    void (*before)(int, void *), void *arg)
{
	return connect_socket(path, type, 1, deadline, before, arg);
}

/*
 * Whether anything takes connections at path: proto_connect's errors, but
 * a datagram socket is not bound first, as nothing is to come back.
 */
int
proto_probe(const char *path, int type, long long deadline)
{
	int fd;

	if ((fd = connect_socket(path, type, 0, deadline, NULL, NULL)) == -1)
		return -1;
	close(fd);
	return 0;
}

static int
connect_socket(const char *path, int type, int answerable, long long deadline,
    void (*before)(int, void *), void *arg)
{
	struct sockaddr_un sun;
	socklen_t len;
	int fd, save;

	if (unixaddr_make(path, &sun, &len) == -1)
		return -1;
	if ((fd = socket(AF_UNIX, type, 0)) == -1)
		return -1;
	if (type == SOCK_DGRAM && answerable && bind_any(fd) == -1) {
		save = errno;
		close(fd);
		errno = save;
		return -1;
	}
	/* No descriptor a server passes can then reach us (Linux 6.16). */
	(void)sockopt_refuse_rights(fd);
	if (before != NULL)
		before(fd, arg);
	if (fcntl(fd, F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1 ||
	    connect_wait(fd, (struct sockaddr *)&sun, len, deadline) == -1) {
		save = errno;
		close(fd);
		errno = save;
		return -1;
	}
	return fd;
}

int
proto_write_all(int fd, const void *buf, size_t len, long long deadline)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if (proto_wait(fd, POLLOUT, deadline) == -1)
			return -1;
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * An empty datagram, by the deadline: a server's queue that is full for
 * now is waited on, not taken for a failure.
 */
int
proto_send_empty(int fd, long long deadline)
{
	ssize_t n;

	do {
		if (proto_wait(fd, POLLOUT, deadline) == -1)
			return -1;
		n = send(fd, "", 0, 0);
	} while (n == -1 && (errno == EINTR || errno == EAGAIN ||
	    errno == EWOULDBLOCK));
	return n == -1 ? -1 : 0;
}

/*
 * Send a line with every sender-side control message this system asks
 * for attached to its first byte (FreeBSD's cmsgcred); plain elsewhere.
 */
int
proto_send_line(int fd, const char *buf, size_t len, long long deadline)
{
	union {
		struct cmsghdr	hdr;
		unsigned char	buf[SEND_ROOM];
	} cbuf;
	struct msghdr msg;
	struct iovec iov;
	size_t space = mech_send_space();
	ssize_t n;

	if (space == 0 || len == 0)
		return proto_write_all(fd, buf, len, deadline);
	if (space > sizeof(cbuf.buf)) {
		errno = ENOBUFS;
		return -1;
	}
	mech_attach_all(cbuf.buf, space);
	iov.iov_base = (void *)(uintptr_t)buf;
	iov.iov_len = len;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = (socklen_t)space;
	do {
		if (proto_wait(fd, POLLOUT, deadline) == -1)
			return -1;
		n = sendmsg(fd, &msg, 0);
	} while (n == -1 && (errno == EINTR || errno == EAGAIN));
	if (n == -1)
		return -1;
	return proto_write_all(fd, buf + n, len - (size_t)n, deadline);
}

/*
 * Whether reads on fd take whole messages (SOCK_SEQPACKET, SOCK_DGRAM),
 * whose part that does not fit the buffer is lost.
 */
static int
reads_messages(int fd)
{
	socklen_t len = sizeof(int);
	int type;

	return getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == 0 &&
	    type != SOCK_STREAM;
}

/*
 * Read one line into a buffer that grows up to max bytes; the newline is
 * replaced by a NUL.  ECONNRESET if the peer hangs up first, EMSGSIZE if
 * the line is longer than max.  Reads whole chunks: the callers' peers
 * send nothing after the line until they are answered.  On a socket of
 * messages the buffer has room for max at once, and the line is the
 * first message.
 */
ssize_t
proto_read_line(int fd, char **bufp, size_t max, long long deadline)
{
	char *buf = NULL, *bigger, *nl;
	size_t len = 0, size = 0;
	ssize_t n;
	int whole = reads_messages(fd);

	for (;;) {
		if (len + 1 >= size) {
			size = size != 0 ? size * 2 : whole ? max + 1 : 256;
			if (size > max + 1)
				size = max + 1;
			if (len + 1 >= size) {
				errno = EMSGSIZE;
				goto fail;
			}
			if ((bigger = realloc(buf, size)) == NULL)
				goto fail;
			buf = bigger;
		}
		if (proto_wait(fd, POLLIN, deadline) == -1)
			goto fail;
		if ((n = read(fd, buf + len, size - len - 1)) == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			goto fail;
		}
		if (n == 0) {
			errno = ECONNRESET;
			goto fail;
		}
		nl = memchr(buf + len, '\n', (size_t)n);
		/* A message ends the line, with a newline or without. */
		if (nl == NULL && whole)
			nl = buf + len + n;
		if (nl != NULL) {
			*nl = '\0';
			*bufp = buf;
			return nl - buf;
		}
		len += (size_t)n;
	}
fail:
	free(buf);
	return -1;
}

/* One descriptor and the byte that carries it, in either direction. */
struct fd_msg {
	struct msghdr	msg;
	struct iovec	iov;
	char		byte;
	/* Last: some compilers see CMSG_SPACE() as not quite constant. */
	union {
		struct cmsghdr	hdr;
		unsigned char	buf[CMSG_SPACE(sizeof(int))];
	} cbuf;
};

static void
fd_msg_init(struct fd_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->byte = 'F';
	m->iov.iov_base = &m->byte;
	m->iov.iov_len = 1;
	m->msg.msg_iov = &m->iov;
	m->msg.msg_iovlen = 1;
	m->msg.msg_control = m->cbuf.buf;
	m->msg.msg_controllen = sizeof(m->cbuf.buf);
}

int
proto_send_fd(int sock, int fd)
{
	struct fd_msg m;
	struct cmsghdr *cm;

	fd_msg_init(&m);
	cm = CMSG_FIRSTHDR(&m.msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(fd));
	return sendmsg(sock, &m.msg, 0) == 1 ? 0 : -1;
}

int
proto_recv_fd(int sock, long long deadline)
{
	struct fd_msg m;
	struct cmsghdr *cm;
	ssize_t n;
	int fd;

	if (proto_wait(sock, POLLIN, deadline) == -1)
		return -1;
	fd_msg_init(&m);
	if ((n = recvmsg(sock, &m.msg, 0)) != 1) {
		if (n == 0)
			errno = ECONNRESET;	/* the sender died first */
		return -1;
	}
	cm = CMSG_FIRSTHDR(&m.msg);
	if (cm == NULL || cm->cmsg_level != SOL_SOCKET ||
	    cm->cmsg_type != SCM_RIGHTS ||
	    cm->cmsg_len != CMSG_LEN(sizeof(int))) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&fd, CMSG_DATA(cm), sizeof(fd));
	return fd;
}
