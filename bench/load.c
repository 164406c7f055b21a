/* SPDX-License-Identifier: ISC */
/*
 * load: drive a go-on server with complete exchanges and time them.
 *
 *	load [-i idle] [-c concurrency] [-n exchanges] path
 *
 * Keeps `concurrency' exchanges under way from one poll(2) loop: connect,
 * read "go on", send a line, read the report to its end.  With -i it first
 * opens that many connections that say nothing, waits until the server
 * has greeted each (so that it has accepted them all), and holds them.
 * Prints
 * one line: exchanges, seconds, exchanges per second, p50 and p99 latency
 * in microseconds, failures, and the mean length of a report in bytes.
 */

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE	"load\n"

enum step { GREETING, REPORT };

struct conn {
	int		fd;
	enum step	step;
	long long	start;		/* microseconds */
	size_t		got;
};

static struct sockaddr_un addr;

static long long
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
dial(void)
{
	int fd;

	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		err(1, "socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == -1)
		err(1, "connect");
	if (fcntl(fd, F_SETFL, O_NONBLOCK) == -1)
		err(1, "fcntl");
	return fd;
}

/* Open n connections that say nothing, once the server has greeted them. */
static void
hold_idle(int n)
{
	struct pollfd pfd;
	struct rlimit rl;
	char buf[16];
	int *fds, k;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}
	if ((fds = calloc((size_t)n + 1, sizeof(*fds))) == NULL)
		err(1, NULL);
	for (k = 0; k < n; k++)
		fds[k] = dial();
	for (k = 0; k < n; k++) {
		pfd.fd = fds[k];
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 30000) != 1 || read(fds[k], buf,
		    sizeof(buf)) <= 0)
			errx(1, "idle connection %d: no greeting", k);
	}
	free(fds);	/* the connections stay open until we exit */
}

static void
start(struct conn *c)
{
	c->start = now_us();
	c->fd = dial();
	c->step = GREETING;
	c->got = 0;
}

/* Returns 1 when the exchange has ended, -1 if it failed. */
static int
advance(struct conn *c)
{
	char buf[4096];
	ssize_t n;

	n = read(c->fd, buf, sizeof(buf));
	if (n == -1)
		return errno == EAGAIN ? 0 : -1;
	if (c->step == GREETING) {
		if (n == 0)
			return -1;
		c->got += (size_t)n;
		if (c->got < 6)
			return 0;
		if (write(c->fd, LINE, strlen(LINE)) != (ssize_t)strlen(LINE))
			return -1;
		c->step = REPORT;
		c->got = 0;
		return 0;
	}
	if (n == 0)
		return c->got > 0 ? 1 : -1;
	c->got += (size_t)n;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static long
count(const char *s)
{
	const char *errstr;
	long long v;

	v = strtonum(s, 0, 10000000, &errstr);
	if (errstr != NULL)
		errx(2, "%s: %s", s, errstr);
	return (long)v;
}

int
main(int argc, char *argv[])
{
	struct conn *conns;
	struct pollfd *pfds;
	long long *lat, t0, secs;
	long n = 10000, started = 0, done = 0, failed = 0, i;
	unsigned long long report_bytes = 0;
	int c = 32, idle = 0, ch, k, r;

	while ((ch = getopt(argc, argv, "c:i:n:")) != -1) {
		switch (ch) {
		case 'c':
			c = (int)count(optarg);
			break;
		case 'i':
			idle = (int)count(optarg);
			break;
		case 'n':
			n = count(optarg);
			break;
		default:
			errx(2, "usage: load [-i idle] [-c conc] [-n count] path");
		}
	}
	if (optind + 1 != argc || c < 1 || n < c)
		errx(2, "usage: load [-i idle] [-c conc] [-n count] path");
	addr.sun_family = AF_UNIX;
	strlcpy(addr.sun_path, argv[optind], sizeof(addr.sun_path));
	hold_idle(idle);
	conns = calloc((size_t)c, sizeof(*conns));
	pfds = calloc((size_t)c, sizeof(*pfds));
	lat = calloc((size_t)n, sizeof(*lat));
	if (conns == NULL || pfds == NULL || lat == NULL)
		err(1, NULL);
	t0 = now_us();
	for (k = 0; k < c; k++, started++)
		start(&conns[k]);
	while (done + failed < n) {
		for (k = 0; k < c; k++) {
			pfds[k].fd = conns[k].fd;
			pfds[k].events = POLLIN;
		}
		if (poll(pfds, (nfds_t)c, 30000) <= 0)
			errx(1, "no progress for 30 s");
		for (k = 0; k < c; k++) {
			if (pfds[k].fd == -1 || pfds[k].revents == 0)
				continue;
			if ((r = advance(&conns[k])) == 0)
				continue;
			close(conns[k].fd);
			conns[k].fd = -1;
			if (r == 1) {
				lat[done++] = now_us() - conns[k].start;
				report_bytes += conns[k].got;
			}
			else
				failed++;
			if (started < n) {
				start(&conns[k]);
				started++;
			}
		}
	}
	secs = now_us() - t0;
	qsort(lat, (size_t)done, sizeof(*lat), cmp);
	i = done > 0 ? done : 1;
	printf("exchanges %ld seconds %.3f rate %.0f p50_us %lld p99_us %lld "
	    "failed %ld report_bytes %llu\n", done, (double)secs / 1e6,
	    (double)done / ((double)secs / 1e6),
	    done > 0 ? lat[i / 2] : 0, done > 0 ? lat[i * 99 / 100] : 0,
	    failed, report_bytes / (unsigned long long)i);
	free(conns);
	free(pfds);
	free(lat);
	return failed > 0;
}
