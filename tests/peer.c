/* SPDX-License-Identifier: ISC */
/*
 * peer: misbehaving and ordinary clients for the serve tests.
 *
 *	peer stall PATH		read "go on", send nothing, wait for the
 *				server to hang up; prints "dropped"
 *	peer early PATH		send the line before "go on" (the race)
 *	peer flood PATH BYTES	send BYTES without a newline, then one
 *	peer fds PATH N		send the line with N descriptors attached
 *	peer raw PATH		send standard input as the line
 *	peer hangup PATH STEP	hang up at STEP: connect, greeting, line
 *	peer hold PATH N	open N connections and keep them until
 *				standard input closes
 *	peer name PATH		print the server's address as
 *				getpeername(2) gives it, and hang up
 *
 * The report the server sends back, if any, goes to standard output.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dial.h"

#define LINE	"peer\n"

static void
greeting(int fd)
{
	char buf[6];
	size_t got = 0;
	ssize_t n;

	while (got < sizeof(buf)) {
		if ((n = read(fd, buf + got, sizeof(buf) - got)) <= 0)
			errx(1, "no greeting");
		got += (size_t)n;
	}
	if (memcmp(buf, "go on\n", 6) != 0)
		errx(1, "bad greeting");
}

static void
put(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1)
			err(1, "write");
		p += n;
		len -= (size_t)n;
	}
}

/* Copy the server's answer to stdout; say "dropped" if there was none. */
static void
report(int fd)
{
	char buf[4096];
	ssize_t n;
	size_t total = 0;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		fwrite(buf, 1, (size_t)n, stdout);
		total += (size_t)n;
	}
	if (total == 0)
		printf("dropped\n");
}

static void
flood(int fd, long bytes)
{
	char buf[8192];
	size_t n;

	memset(buf, 'A', sizeof(buf));
	while (bytes > 0) {
		n = bytes < (long)sizeof(buf) ? (size_t)bytes : sizeof(buf);
		put(fd, buf, n);
		bytes -= (long)n;
	}
	put(fd, "\n", 1);
}

static void
send_fds(int fd, int nfds)
{
	union {
		struct cmsghdr	hdr;
		unsigned char	buf[CMSG_SPACE(253 * sizeof(int))];
	} cbuf;
	struct msghdr msg;
	struct cmsghdr *cm;
	struct iovec iov;
	int i, nul;

	if (nfds < 1 || nfds > 253)	/* Linux's SCM_MAX_FD */
		errx(2, "1 to 253 descriptors");
	memset(&cbuf, 0, sizeof(cbuf));
	memset(&msg, 0, sizeof(msg));
	iov.iov_base = LINE;
	iov.iov_len = strlen(LINE);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cbuf.buf;
	msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
	if ((nul = open("/dev/null", O_RDONLY)) == -1)
		err(1, "/dev/null");
	for (i = 0; i < nfds; i++)
		memcpy(CMSG_DATA(cm) + i * sizeof(int), &nul, sizeof(int));
	if (sendmsg(fd, &msg, 0) == -1)
		err(1, "sendmsg");
	close(nul);
}

static void
hold(const char *path, int n)
{
	char c;
	int i;

	/* Past the server's descriptor limit no greeting comes: don't wait. */
	for (i = 0; i < n; i++)
		dial(path);
	printf("holding %d\n", n);
	fflush(stdout);
	while (read(STDIN_FILENO, &c, 1) > 0)
		continue;
}

static long long
count(const char *s, long long max)
{
	const char *errstr;
	long long v;

	v = strtonum(s, 0, max, &errstr);
	if (errstr != NULL)
		errx(2, "%s: %s", s, errstr);
	return v;
}

static void
peer_name(int fd)
{
	struct sockaddr_un sun;
	socklen_t len = sizeof(sun);

	memset(&sun, 0, sizeof(sun));
	if (getpeername(fd, (struct sockaddr *)&sun, &len) == -1)
		err(1, "getpeername");
	printf("%.*s\n", (int)(len - offsetof(struct sockaddr_un, sun_path)),
	    sun.sun_path);
}

int
main(int argc, char *argv[])
{
	char buf[4096];
	const char *mode, *path;
	ssize_t n;
	int fd;

	if (argc < 3)
		errx(2, "usage: peer mode path [arg]");
	mode = argv[1];
	path = argv[2];
	if (strcmp(mode, "hold") == 0 && argc == 4) {
		hold(path, (int)count(argv[3], 100000));
		return 0;
	}
	fd = dial(path);
	if (strcmp(mode, "name") == 0) {
		peer_name(fd);
		return 0;
	} else if (strcmp(mode, "early") == 0) {
		put(fd, LINE, strlen(LINE));
		greeting(fd);
	} else if (strcmp(mode, "hangup") == 0 && argc == 4) {
		if (strcmp(argv[3], "greeting") == 0)
			greeting(fd);
		else if (strcmp(argv[3], "line") == 0) {
			greeting(fd);
			put(fd, "half a li", 9);
			shutdown(fd, SHUT_WR);
			report(fd);
		}
		return 0;
	} else {
		greeting(fd);
		if (strcmp(mode, "flood") == 0 && argc == 4)
			flood(fd, (long)count(argv[3], 1LL << 40));
		else if (strcmp(mode, "fds") == 0 && argc == 4)
			send_fds(fd, (int)count(argv[3], 253));
		else if (strcmp(mode, "raw") == 0)
			while ((n = read(STDIN_FILENO, buf, sizeof(buf))) > 0)
				put(fd, buf, (size_t)n);
		else if (strcmp(mode, "stall") != 0)
			errx(2, "unknown mode %s", mode);
	}
	report(fd);
	return 0;
}
