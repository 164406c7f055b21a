/* SPDX-License-Identifier: ISC */
/*
 * baseline: the least a go-on server can do, to measure serve against.
 *
 *	baseline [-n] path
 *
 * One poll(2) loop; per client only the unavoidable system calls of one
 * exchange: accept, setsockopt (SO_PASSCRED), write "go on", recvmsg,
 * getsockopt (SO_PEERCRED, and SO_PEERGROUPS, as credcheck(1) reports
 * the supplementary groups), write a reply, close; and, since credcheck(1)
 * says of every peer whether it still runs and its command name where the
 * kernel gives pidfds, getsockopt (SO_PEERPIDFD), open, read and close of
 * /proc/PID/comm, poll and close of the pidfd.  -n leaves that out: the
 * floor before liveness, for comparison.  Linux only.
 */

#include <sys/types.h>
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

#define MAXCONN	8192
#define MAXGROUPS	64	/* the load's clients have fewer */

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

int
main(int argc, char *argv[])
{
	static struct pollfd pfds[MAXCONN + 1];
	union {
		struct cmsghdr	hdr;
		unsigned char	buf[CMSG_SPACE(sizeof(struct ucred))];
	} cbuf;
	struct sockaddr_un sun;
	struct msghdr msg;
	struct iovec iov;
	struct ucred uc;
	socklen_t len, glen;
	gid_t groups[MAXGROUPS];
	char line[1024], reply[128], comm[16];
	int lfd, fd, on = 1, n = 1, k, rl, alive = -1, lively = 1;

	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		lively = 0;
		argv++;
		argc--;
	}
	if (argc != 2)
		errx(2, "usage: baseline [-n] path");
	signal(SIGPIPE, SIG_IGN);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strlcpy(sun.sun_path, argv[1], sizeof(sun.sun_path));
	unlink(argv[1]);
	if ((lfd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1 ||
	    bind(lfd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(lfd, 128) == -1 || fcntl(lfd, F_SETFL, O_NONBLOCK) == -1)
		err(1, "%s", argv[1]);
	fprintf(stderr, "baseline: listening on %s\n", argv[1]);
	pfds[0].fd = lfd;
	pfds[0].events = POLLIN;
	for (;;) {
		if (poll(pfds, (nfds_t)n, -1) == -1)
			err(1, "poll");
		for (k = n - 1; k >= 1; k--) {
			if (pfds[k].revents == 0)
				continue;
			fd = pfds[k].fd;
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
				if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS,
				    groups, &glen) == -1)
					glen = 0;
				comm[0] = '\0';
				if (lively)
					alive = liveness(fd, uc.pid, comm,
					    sizeof(comm));
				rl = snprintf(reply, sizeof(reply),
				    "{\"pid\":%ld,\"euid\":%u,\"groups\":%u,"
				    "\"alive\":%d,\"command\":\"%s\"}\n",
				    (long)uc.pid, uc.uid,
				    (unsigned)(glen / sizeof(gid_t)), alive, comm);
				if (write(fd, reply, (size_t)rl) == -1)
					warn("write");
			}
			close(fd);
			pfds[k] = pfds[--n];
		}
		while (pfds[0].revents != 0 && n <= MAXCONN &&
		    (fd = accept(lfd, NULL, NULL)) != -1) {
			setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
			if (write(fd, "go on\n", 6) != 6) {
				close(fd);
				continue;
			}
			pfds[n].fd = fd;
			pfds[n].events = POLLIN;
			pfds[n].revents = 0;
			n++;
		}
	}
}
