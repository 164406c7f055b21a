/* SPDX-License-Identifier: ISC */
/*
 * baseline: the least a go-on server can do, to measure serve against.
 *
 *	baseline [-n] [-r bytes] path
 *
 * One epoll(7) loop, as credcheck(1)'s on Linux; per client only the
 * unavoidable system calls of one exchange: accept, setsockopt
 * (SO_PASSCRED), write "go on", epoll_ctl to wait for its line, recvmsg,
 * getsockopt (SO_PEERCRED, and SO_PEERGROUPS, as credcheck(1) reports
 * the supplementary groups), write a reply, close; and, since credcheck(1)
 * says of every peer whether it still runs and its command name where the
 * kernel gives pidfds, getsockopt (SO_PEERPIDFD), open, read and close of
 * /proc/PID/comm, poll and close of the pidfd.  -n leaves that out: the
 * floor before liveness, for comparison.  -r pads the reply with blanks
 * before its newline to that many bytes (still one line of JSON), so that
 * it carries as many bytes as serve's report: the size of the record is
 * the protocol's, not a cost of serve's.  Linux only.
 */

#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH		256	/* events per epoll_wait, as credcheck's */
#define MAXGROUPS	64	/* the load's clients have fewer */
#define REPLY_MAX	4096

static size_t reply_bytes;	/* -r: the reply's length; 0, as it is */

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD	77
#endif

/* Whether the process runs, and its name: the least that can say so. */
static int
liveness(int fd, pid_t pid, char *comm, size_t size)
{
	struct pollfd pfd;
	socklen_t len = sizeof(int);
	char path[64];
	ssize_t n;
	int pidfd, cfd;

	comm[0] = '\0';
	if (getsockopt(fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &len) == -1)
		return -1;
	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	if ((cfd = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		if ((n = read(cfd, comm, size - 1)) > 0)
			comm[n - 1] = '\0';
		close(cfd);
	}
	pfd.fd = pidfd;
	pfd.events = POLLIN;
	n = poll(&pfd, 1, 0);
	close(pidfd);
	return n == 0;
}

/* Answer the client on fd, whose line has come, and close it. */
static void
answer(int fd, int lively)
{
	union {
		struct cmsghdr	hdr;
		unsigned char	buf[CMSG_SPACE(sizeof(struct ucred))];
	} cbuf;
	struct msghdr msg;
	struct iovec iov;
	struct ucred uc;
	socklen_t len, glen;
	gid_t groups[MAXGROUPS];
	char line[1024], reply[REPLY_MAX], comm[16];
	int rl, alive = -1;

	iov.iov_base = line;
	iov.iov_len = sizeof(line);
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof(cbuf.buf);
	if (recvmsg(fd, &msg, 0) > 0) {
		len = sizeof(uc);
		getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len);
		glen = sizeof(groups);
		if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, &glen) ==
		    -1)
			glen = 0;
		comm[0] = '\0';
		if (lively)
			alive = liveness(fd, uc.pid, comm, sizeof(comm));
		rl = snprintf(reply, sizeof(reply),
		    "{\"pid\":%ld,\"euid\":%u,\"groups\":%u,"
		    "\"alive\":%d,\"command\":\"%s\"}\n",
		    (long)uc.pid, uc.uid, (unsigned)(glen / sizeof(gid_t)),
		    alive, comm);
		if (rl > 0 && (size_t)rl < reply_bytes) {
			memset(reply + rl - 1, ' ', reply_bytes - (size_t)rl);
			rl = (int)reply_bytes;
			reply[rl - 1] = '\n';
		}
		if (write(fd, reply, (size_t)rl) == -1)
			warn("write");
	}
	close(fd);	/* which takes it out of the epoll set */
}

/* Take the clients waiting, greet each and wait for its line. */
static void
accept_all(int lfd, int ep)
{
	struct epoll_event e;
	int fd, on = 1;

	while ((fd = accept(lfd, NULL, NULL)) != -1) {
		setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
		if (write(fd, "go on\n", 6) != 6) {
			close(fd);
			continue;
		}
		memset(&e, 0, sizeof(e));
		e.events = EPOLLIN;
		e.data.fd = fd;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) == -1) {
			warn("epoll_ctl");
			close(fd);
		}
	}
}

int
main(int argc, char *argv[])
{
	static struct epoll_event events[BATCH];
	struct sockaddr_un sun;
	struct epoll_event e;
	struct rlimit rl;
	const char *errstr;
	int lfd, ep, k, n, ch, lively = 1;

	while ((ch = getopt(argc, argv, "nr:")) != -1) {
		if (ch == 'n')
			lively = 0;
		else if (ch == 'r') {
			reply_bytes = (size_t)strtonum(optarg, 0, REPLY_MAX,
			    &errstr);
			if (errstr != NULL)
				errx(2, "-r %s: %s", optarg, errstr);
		} else
			errx(2, "usage: baseline [-n] [-r bytes] path");
	}
	argc -= optind;
	argv += optind - 1;
	if (argc != 1)
		errx(2, "usage: baseline [-n] [-r bytes] path");
	signal(SIGPIPE, SIG_IGN);
	/* As many clients as the hard limit allows, as serve. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, argv[1], sizeof(sun.sun_path));
	unlink(argv[1]);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(lfd, 128) == -1 || fcntl(lfd, F_SETFL, O_NONBLOCK) == -1)
		err(1, "%s", argv[1]);
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) == -1)
		err(1, "epoll_create1");
	memset(&e, 0, sizeof(e));
	e.events = EPOLLIN;
	e.data.fd = lfd;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &e) == -1)
		err(1, "epoll_ctl");
	fprintf(stderr, "baseline: listening on %s\n", argv[1]);
	for (;;) {
		if ((n = epoll_wait(ep, events, BATCH, -1)) == -1) {
			if (errno == EINTR)
				continue;
			err(1, "epoll_wait");
		}
		for (k = 0; k < n; k++)
			if (events[k].data.fd == lfd)
				accept_all(lfd, ep);
			else
				answer(events[k].data.fd, lively);
	}
}
