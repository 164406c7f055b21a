/* SPDX-License-Identifier: ISC */
/*
 * load: drive a go-on server with complete exchanges and time them.
 *
 *	load [-i idle] [-c concurrency] [-n exchanges] [-u users] path
 *
 * Keeps `concurrency' exchanges under way from one poll(2) loop: connect,
 * read "go on", send a line, read the report to its end.  With -i it first
 * opens that many connections that say nothing, waits until the server
 * has greeted each (so that it has accepted them all), and holds them.
 * With -u (as root) the clients are of that many users, the first with
 * distinct uids in the password database: a process each, with its share
 * of the concurrency and the exchanges, all at once, so that a server
 * meets them in turn as it would many users' clients.  Prints one line:
 * exchanges, seconds, exchanges per second, p50 and p99 latency in
 * microseconds, failures, and the mean length of a report in bytes.
 */

#include <sys/types.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LINE	"load\n"
#define USERS_MAX	64

/* What one run of exchanges measured. */
struct result {
	long long		 t0, t1;	/* microseconds */
	long			 done, failed;
	unsigned long long	 report_bytes;
};

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

/* n exchanges, c at a time; each one's latency into lat. */
static void
run(int c, long n, long long *lat, struct result *res)
{
	struct conn *conns;
	struct pollfd *pfds;
	long started = 0;
	int k, r;

	conns = calloc((size_t)c, sizeof(*conns));
	pfds = calloc((size_t)c, sizeof(*pfds));
	if (conns == NULL || pfds == NULL)
		err(1, NULL);
	memset(res, 0, sizeof(*res));
	res->t0 = now_us();
	for (k = 0; k < c; k++, started++)
		start(&conns[k]);
	while (res->done + res->failed < n) {
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
				lat[res->done++] = now_us() - conns[k].start;
				res->report_bytes += conns[k].got;
			} else
				res->failed++;
			if (started < n) {
				start(&conns[k]);
				started++;
			}
		}
	}
	res->t1 = now_us();
	free(conns);
	free(pfds);
}

/* The first n users with distinct uids. */
static int
pick_users(int n, uid_t *uid, gid_t *gid)
{
	struct passwd *pw;
	int k = 0, j;

	setpwent();
	while (k < n && (pw = getpwent()) != NULL) {
		for (j = 0; j < k && uid[j] != pw->pw_uid; j++)
			continue;
		if (j < k)
			continue;
		uid[k] = pw->pw_uid;
		gid[k++] = pw->pw_gid;
	}
	endpwent();
	return k;
}

static void
become(uid_t uid, gid_t gid)
{
	if (setgroups(1, &gid) == -1 || setgid(gid) == -1 ||
	    setuid(uid) == -1)
		err(1, "becoming uid %lu", (unsigned long)uid);
}

static void
write_all(int fd, const void *p, size_t len)
{
	ssize_t w;

	for (; len > 0; p = (const char *)p + w, len -= (size_t)w)
		if ((w = write(fd, p, len)) <= 0)
			err(1, "write");
}

static void
read_all(int fd, void *p, size_t len)
{
	ssize_t r;

	for (; len > 0; p = (char *)p + r, len -= (size_t)r)
		if ((r = read(fd, p, len)) <= 0)
			errx(1, "a user's process ended without its results");
}

/*
 * The users' processes, each with its share, made before the idle
 * connections (so that none holds a copy of them) and started at once,
 * when go is closed.  Their results and latencies come back through a
 * pipe each.
 */
static void
fork_users(int users, int c, long n, long long *lat, int *fds, int *go)
{
	uid_t uid[USERS_MAX];
	gid_t gid[USERS_MAX];
	struct result r;
	int pv[2], gv[2], k;
	char b;

	if (pick_users(users, uid, gid) < users)
		errx(1, "fewer than %d users in the password database", users);
	if (pipe(gv) == -1)
		err(1, "pipe");
	for (k = 0; k < users; k++) {
		if (pipe(pv) == -1)
			err(1, "pipe");
		switch (fork()) {
		case -1:
			err(1, "fork");
		case 0:
			close(pv[0]);
			close(gv[1]);
			become(uid[k], gid[k]);
			(void)read(gv[0], &b, 1);
			run(c / users + (k < c % users), n / users +
			    (k < n % users), lat, &r);
			write_all(pv[1], &r, sizeof(r));
			write_all(pv[1], lat, (size_t)r.done * sizeof(*lat));
			_exit(0);
		}
		close(pv[1]);
		fds[k] = pv[0];
	}
	close(gv[0]);
	*go = gv[1];
}

/* Start the users' processes, and merge their results into *res, lat. */
static void
run_users(int users, const int *fds, int go, long long *lat,
    struct result *res)
{
	struct result r;
	int k;

	close(go);
	memset(res, 0, sizeof(*res));
	for (k = 0; k < users; k++) {
		read_all(fds[k], &r, sizeof(r));
		read_all(fds[k], lat + res->done, (size_t)r.done *
		    sizeof(*lat));
		close(fds[k]);
		if (k == 0 || r.t0 < res->t0)
			res->t0 = r.t0;
		if (r.t1 > res->t1)
			res->t1 = r.t1;
		res->done += r.done;
		res->failed += r.failed;
		res->report_bytes += r.report_bytes;
	}
	while (wait(NULL) > 0)
		continue;
}

static void
usage(void)
{
	errx(2, "usage: load [-i idle] [-c conc] [-n count] [-u users] path");
}

int
main(int argc, char *argv[])
{
	struct result res;
	long long *lat, secs;
	long n = 10000, i;
	int c = 32, idle = 0, users = 0, ch, go = -1;
	int fds[USERS_MAX];

	while ((ch = getopt(argc, argv, "c:i:n:u:")) != -1) {
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
		case 'u':
			users = (int)count(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc || c < 1 || n < c || users > USERS_MAX ||
	    (users > 0 && c < users))
		usage();
	addr.sun_family = AF_UNIX;
	strlcpy(addr.sun_path, argv[optind], sizeof(addr.sun_path));
	if ((lat = calloc((size_t)n, sizeof(*lat))) == NULL)
		err(1, NULL);
	if (users > 0)
		fork_users(users, c, n, lat, fds, &go);
	hold_idle(idle);
	if (users > 0)
		run_users(users, fds, go, lat, &res);
	else
		run(c, n, lat, &res);
	secs = res.t1 - res.t0;
	qsort(lat, (size_t)res.done, sizeof(*lat), cmp);
	i = res.done > 0 ? res.done : 1;
	printf("exchanges %ld seconds %.3f rate %.0f p50_us %lld p99_us %lld "
	    "failed %ld report_bytes %llu\n", res.done, (double)secs / 1e6,
	    (double)res.done / ((double)secs / 1e6),
	    res.done > 0 ? lat[i / 2] : 0, res.done > 0 ? lat[i * 99 / 100] : 0,
	    res.failed, res.report_bytes / (unsigned long long)i);
	free(lat);
	return res.failed > 0;
}
