/* SPDX-License-Identifier: ISC */
/*
 * handover: clients whose socket changes hands, or who choose the ids
 * they send, for the tests of two identities.  Linux, as root.
 *
 *	handover pass PATH	a child of uid and gid 65534 connects, hands
 *				the socket over and exits; this process, as
 *				uid and gid 1000, speaks the protocol
 *	handover fork PATH	this process connects, forks and exits; the
 *				child speaks the protocol
 *	handover forge PATH UID GID PID [RUID,EUID,SUID]
 *				send the line with SCM_CREDENTIALS of the ids
 *				and pid given (PID "self": its own), after
 *				setting its real, effective and saved ids
 *
 * The report goes to standard output; "connector N writer M", the pids,
 * to standard error.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <err.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE	"handover\n"

#ifndef SCM_CREDENTIALS
int
main(void)
{
	errx(2, "SCM_CREDENTIALS is Linux's");
}
#else
#include "dial.h"

static void
become(uid_t uid, gid_t gid)
{
	if (setgroups(0, NULL) == -1 || setgid(gid) == -1 ||
	    setuid(uid) == -1)
		err(1, "become %lu", (unsigned long)uid);
}

/* Read "go on", send the line (with msg's control data), copy the report. */
static void
speak(int fd, struct msghdr *msg)
{
	char buf[4096];
	struct iovec iov;
	ssize_t n;

	if (read(fd, buf, 6) != 6 || memcmp(buf, "go on\n", 6) != 0)
		errx(1, "no greeting");
	iov.iov_base = LINE;
	iov.iov_len = strlen(LINE);
	msg->msg_iov = &iov;
	msg->msg_iovlen = 1;
	if (sendmsg(fd, msg, 0) != (ssize_t)strlen(LINE))
		err(1, "sendmsg");
	msg->msg_iov = NULL;		/* iov is ours alone */
	msg->msg_iovlen = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stdout);
}

static void
plain(int fd)
{
	struct msghdr msg;

	memset(&msg, 0, sizeof(msg));
	speak(fd, &msg);
}

/* A descriptor over a socket pair, either way. */
static void
fd_msg(struct msghdr *msg, struct iovec *iov, char *byte, void *cbuf,
    size_t size)
{
	memset(msg, 0, sizeof(*msg));
	iov->iov_base = byte;
	iov->iov_len = 1;
	msg->msg_iov = iov;
	msg->msg_iovlen = 1;
	msg->msg_control = cbuf;
	msg->msg_controllen = size;
}

static void
pass(const char *path)
{
	union {
		struct cmsghdr	hdr;
		unsigned char	buf[CMSG_SPACE(sizeof(int))];
	} cbuf;
	struct msghdr msg;
	struct iovec iov;
	int sp[2], fd, status;
	char byte = 'F';
	pid_t child;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == -1)
		err(1, "socketpair");
	if ((child = fork()) == -1)
		err(1, "fork");
	if (child == 0) {
		become(65534, 65534);
		fd = dial(path);
		fd_msg(&msg, &iov, &byte, cbuf.buf, sizeof(cbuf.buf));
		CMSG_FIRSTHDR(&msg)->cmsg_level = SOL_SOCKET;
		CMSG_FIRSTHDR(&msg)->cmsg_type = SCM_RIGHTS;
		CMSG_FIRSTHDR(&msg)->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(CMSG_FIRSTHDR(&msg)), &fd, sizeof(fd));
		_exit(sendmsg(sp[1], &msg, 0) == 1 ? 0 : 1);
	}
	fd_msg(&msg, &iov, &byte, cbuf.buf, sizeof(cbuf.buf));
	if (recvmsg(sp[0], &msg, 0) != 1 || CMSG_FIRSTHDR(&msg) == NULL)
		errx(1, "no socket handed over");
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(fd));
	if (waitpid(child, &status, 0) == -1 || status != 0)
		errx(1, "the connector failed");
	fprintf(stderr, "connector %ld writer %ld\n", (long)child,
	    (long)getpid());
	become(1000, 1000);
	plain(fd);
}

static void
fork_and_exit(const char *path)
{
	int fd = dial(path);
	pid_t parent = getpid(), child;

	if ((child = fork()) == -1)
		err(1, "fork");
	if (child != 0) {
		fprintf(stderr, "connector %ld writer %ld\n", (long)parent,
		    (long)child);
		fflush(stderr);
		_exit(0);		/* the connector is gone... */
	}
	while (getppid() == parent)	/* ...before its child writes */
		usleep(10000);
	plain(fd);
}

static unsigned long
number(const char *s)
{
	const char *errstr;
	long long v;

	v = strtonum(s, 0, 4294967294LL, &errstr);
	if (errstr != NULL)
		errx(2, "%s: %s", s, errstr);
	return (unsigned long)v;
}

static void
forge(const char *path, char **argv, int argc)
{
	union {
		struct cmsghdr	hdr;
		unsigned char	buf[CMSG_SPACE(sizeof(struct ucred))];
	} cbuf;
	unsigned long r, e, s;
	struct msghdr msg;
	char *p;
	struct cmsghdr *cm;
	struct ucred uc;
	int fd;

	uc.uid = (uid_t)number(argv[0]);
	uc.gid = (gid_t)number(argv[1]);
	uc.pid = strcmp(argv[2], "self") == 0 ? getpid() :
	    (pid_t)number(argv[2]);
	if (argc == 4) {
		if ((p = strtok(argv[3], ",")) == NULL ||
		    (r = number(p), (p = strtok(NULL, ",")) == NULL) ||
		    (e = number(p), (p = strtok(NULL, ",")) == NULL))
			errx(2, "ids: RUID,EUID,SUID");
		s = number(p);
		if (setgroups(0, NULL) == -1 ||
		    setresgid((gid_t)r, (gid_t)e, (gid_t)s) == -1 ||
		    setresuid((uid_t)r, (uid_t)e, (uid_t)s) == -1)
			err(1, "setresuid");
	}
	fd = dial(path);
	fprintf(stderr, "connector %ld writer %ld\n", (long)getpid(),
	    (long)getpid());
	memset(&msg, 0, sizeof(msg));
	memset(&cbuf, 0, sizeof(cbuf));
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = sizeof(cbuf.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof(uc));
	memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
	speak(fd, &msg);
}

int
main(int argc, char *argv[])
{
	if (argc >= 3 && strcmp(argv[1], "pass") == 0)
		pass(argv[2]);
	else if (argc >= 3 && strcmp(argv[1], "fork") == 0)
		fork_and_exit(argv[2]);
	else if ((argc == 6 || argc == 7) && strcmp(argv[1], "forge") == 0)
		forge(argv[2], argv + 3, argc - 3);
	else
		errx(2, "usage: handover pass|fork PATH | "
		    "forge PATH UID GID PID [RUID,EUID,SUID]");
	return 0;
}
#endif
