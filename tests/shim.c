/* SPDX-License-Identifier: ISC */
/*
 * shim.so: fault injection for the tests, through LD_PRELOAD.  It makes
 * chosen system calls fail, and makes the kernel's credential answers lie,
 * so that credcheck's handling of what a real system does rarely (a fork
 * that fails, a kernel without an option, a mechanism that answers with
 * the caller's own ids) is exercised.  Linux, glibc, dynamic builds only.
 *
 *	SHIM_FAIL=call[:ERRNO[:n]],...	fail every call, or only the n-th;
 *					call may be getsockopt/OPTION or
 *					setsockopt/OPTION to pick an option
 *	SHIM_SLOW=call:ms,...		sleep ms before each call (unlink)
 *	SHIM_LIE=what,...		peercred-self-pid: SO_PEERCRED names
 *					the caller; peercred-euid: euid 4242;
 *					placeholder: SCM_CREDENTIALS carries
 *					the overflow ids and pid 0
 *	SHIM_CGROUP_FILE=path		/proc/PID/cgroup of another process
 *					reads as this file
 *	SHIM_PEERSEC=label		SO_PEERSEC gives this label
 *					(SHIM_PEERSEC_HUGE: needs 64 KiB)
 *	SHIM_ATTR_FILE=path		/proc/self/attr/current reads as it
 */

#define _GNU_SOURCE
#include <sys/types.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NCALLS	32
#define NAMELEN	48

static struct {
	char	name[NAMELEN];
	int	count;
} calls[NCALLS];

static const struct {
	const char	*name;
	int		 value;
} errnos[] = {
	{ "EAGAIN", EAGAIN }, { "EMFILE", EMFILE }, { "ENOMEM", ENOMEM },
	{ "EPERM", EPERM }, { "EACCES", EACCES }, { "EPIPE", EPIPE },
	{ "ENOPROTOOPT", ENOPROTOOPT }, { "ECONNABORTED", ECONNABORTED },
	{ "EINVAL", EINVAL }, { "EIO", EIO }, { "ENOBUFS", ENOBUFS },
	{ "EPROTONOSUPPORT", EPROTONOSUPPORT },
};

static const struct {
	const char	*name;
	int		 value;
} options[] = {
	{ "SO_PEERCRED", SO_PEERCRED }, { "SO_PEERGROUPS", SO_PEERGROUPS },
	{ "SO_PASSCRED", SO_PASSCRED }, { "SO_PEERPIDFD", 77 },
	{ "SO_PASSPIDFD", 76 }, { "SO_PASSRIGHTS", 83 },
};

/* The n-th call of name (counting from 1) within the process. */
static int
count(const char *name)
{
	int i;

	for (i = 0; i < NCALLS && calls[i].name[0] != '\0'; i++)
		if (strcmp(calls[i].name, name) == 0)
			return ++calls[i].count;
	if (i == NCALLS || strlen(name) >= NAMELEN)
		return 0;
	memcpy(calls[i].name, name, strlen(name) + 1);
	return calls[i].count = 1;
}

/* Whether SHIM_FAIL names this call now; sets errno if so. */
static int
failing(const char *call, int n)
{
	const char *spec = getenv("SHIM_FAIL"), *p;
	char item[64], *e, *nth;
	size_t len, i;

	for (p = spec; p != NULL && *p != '\0'; p += len + (p[len] == ',')) {
		len = strcspn(p, ",");
		if (len >= sizeof(item))
			continue;
		memcpy(item, p, len);
		item[len] = '\0';
		if ((e = strchr(item, ':')) != NULL)
			*e++ = '\0';
		if (strcmp(item, call) != 0)
			continue;
		nth = e != NULL ? strchr(e, ':') : NULL;
		if (nth != NULL)
			*nth++ = '\0';
		if (nth != NULL && strtol(nth, NULL, 10) != n)
			continue;
		errno = EIO;
		for (i = 0; e != NULL && i < sizeof(errnos) / sizeof(errnos[0]);
		    i++)
			if (strcmp(e, errnos[i].name) == 0)
				errno = errnos[i].value;
		return 1;
	}
	return 0;
}

static int
lying(const char *what)
{
	const char *spec = getenv("SHIM_LIE");

	return spec != NULL && strstr(spec, what) != NULL;
}

static const char *
option_call(const char *call, int option, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (options[i].value == option) {
			snprintf(buf, size, "%s/%s", call, options[i].name);
			return buf;
		}
	return call;
}

/* The real function; a type and a parameter list cannot be bracketed. */
/* NOLINTNEXTLINE(bugprone-macro-parentheses) */
#define NEXT(type, name, args)	((type (*)args)dlsym(RTLD_NEXT, (name)))
#define CHECK(name)		do {					\
	if (failing((name), count(name)))				\
		return -1;						\
} while (0)

pid_t
fork(void)
{
	CHECK("fork");
	return NEXT(pid_t, "fork", (void))();
}

int
socketpair(int d, int t, int p, int sv[2])
{
	CHECK("socketpair");
	return NEXT(int, "socketpair", (int, int, int, int *))(d, t, p, sv);
}

int
bind(int fd, const struct sockaddr *a, socklen_t l)
{
	CHECK("bind");
	return NEXT(int, "bind", (int, const struct sockaddr *, socklen_t))
	    (fd, a, l);
}

int
listen(int fd, int backlog)
{
	CHECK("listen");
	return NEXT(int, "listen", (int, int))(fd, backlog);
}

/* Widens a window between two steps, for the race tests. */
static void
slow(const char *call)
{
	const char *spec = getenv("SHIM_SLOW"), *p;
	size_t len = strlen(call);

	for (p = spec; p != NULL && *p != '\0'; p = strchr(p, ',')) {
		if (*p == ',')
			p++;
		if (strncmp(p, call, len) == 0 && p[len] == ':')
			usleep((useconds_t)strtoul(p + len + 1, NULL, 10) * 1000);
	}
}

int
unlink(const char *path)
{
	slow("unlink");
	return NEXT(int, "unlink", (const char *))(path);
}

/*
 * Another process's /proc/PID/cgroup, where SHIM_CGROUP_FILE names one;
 * this process's own label, where SHIM_ATTR_FILE does.
 */
static const char *
cgroup_file(const char *path)
{
	const char *file = getenv("SHIM_CGROUP_FILE");
	char mine[64], *end;

	if (strcmp(path, "/proc/self/attr/current") == 0 &&
	    getenv("SHIM_ATTR_FILE") != NULL)
		return getenv("SHIM_ATTR_FILE");
	if (file == NULL || strncmp(path, "/proc/", 6) != 0)
		return path;
	(void)strtol(path + 6, &end, 10);
	if (end == path + 6 || strcmp(end, "/cgroup") != 0)
		return path;
	snprintf(mine, sizeof(mine), "/proc/%ld/cgroup", (long)getpid());
	return strcmp(path, mine) == 0 ? path : file;
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_start(ap, flags);
		/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized): it is */
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return NEXT(int, "open", (const char *, int, ...))(cgroup_file(path),
	    flags, mode);
}

int
accept4(int fd, struct sockaddr *a, socklen_t *l, int flags)
{
	CHECK("accept4");
	return NEXT(int, "accept4", (int, struct sockaddr *, socklen_t *,
	    int))(fd, a, l, flags);
}

int
poll(struct pollfd *p, nfds_t n, int t)
{
	CHECK("poll");
	return NEXT(int, "poll", (struct pollfd *, nfds_t, int))(p, n, t);
}

int
epoll_create1(int flags)
{
	CHECK("epoll_create1");
	return NEXT(int, "epoll_create1", (int))(flags);
}

int
epoll_ctl(int epfd, int op, int fd, struct epoll_event *e)
{
	CHECK("epoll_ctl");
	return NEXT(int, "epoll_ctl", (int, int, int, struct epoll_event *))
	    (epfd, op, fd, e);
}

int
epoll_wait(int epfd, struct epoll_event *e, int n, int t)
{
	CHECK("epoll_wait");
	return NEXT(int, "epoll_wait", (int, struct epoll_event *, int, int))
	    (epfd, e, n, t);
}

int
pipe(int fds[2])
{
	CHECK("pipe");
	return NEXT(int, "pipe", (int *))(fds);
}

ssize_t
write(int fd, const void *b, size_t n)
{
	CHECK("write");
	return NEXT(ssize_t, "write", (int, const void *, size_t))(fd, b, n);
}

ssize_t
sendmsg(int fd, const struct msghdr *msg, int flags)
{
	CHECK("sendmsg");
	return NEXT(ssize_t, "sendmsg", (int, const struct msghdr *, int))
	    (fd, msg, flags);
}

void *
calloc(size_t n, size_t size)
{
	static int inside;
	void *p;

	/* dlsym() may itself call calloc: let that one through. */
	if (!inside && size >= 64) {
		inside = 1;
		if (failing("calloc", count("calloc"))) {
			inside = 0;
			return NULL;
		}
		inside = 0;
	}
	{
		extern void *__libc_calloc(size_t, size_t);

		p = __libc_calloc(n, size);
	}
	return p;
}

int
setsockopt(int fd, int level, int opt, const void *v, socklen_t l)
{
	char buf[64];
	const char *call = option_call("setsockopt", opt, buf, sizeof(buf));

	CHECK(call);
	return NEXT(int, "setsockopt", (int, int, int, const void *,
	    socklen_t))(fd, level, opt, v, l);
}

/*
 * SO_PEERSEC as a kernel with a security module answers it: the label
 * and its NUL, or ERANGE with the length it needs.
 */
static int
peersec(const char *label, void *v, socklen_t *l)
{
	socklen_t need = (socklen_t)strlen(label) + 1;

	if (getenv("SHIM_PEERSEC_HUGE") != NULL)
		need = 65536;
	if (*l < need) {
		*l = need;
		errno = ERANGE;
		return -1;
	}
	memcpy(v, label, need);
	*l = need;
	return 0;
}

int
getsockopt(int fd, int level, int opt, void *v, socklen_t *l)
{
	char buf[64];
	const char *call = option_call("getsockopt", opt, buf, sizeof(buf));
	const char *label = getenv("SHIM_PEERSEC");
	struct ucred uc;
	int rc;

	CHECK(call);
	if (level == SOL_SOCKET && opt == SO_PEERSEC && label != NULL)
		return peersec(label, v, l);
	rc = NEXT(int, "getsockopt", (int, int, int, void *, socklen_t *))
	    (fd, level, opt, v, l);
	if (rc == 0 && level == SOL_SOCKET && opt == SO_PEERCRED &&
	    *l >= sizeof(uc)) {
		memcpy(&uc, v, sizeof(uc));
		if (lying("peercred-self-pid"))
			uc.pid = getpid();
		if (lying("peercred-euid"))
			uc.uid = 4242;
		memcpy(v, &uc, sizeof(uc));
	}
	return rc;
}

/* A queue whose length cannot be read (FIONREAD), among others. */
int
ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	CHECK("ioctl");
	return NEXT(int, "ioctl", (int, unsigned long, void *))(fd, req, arg);
}

/* The placeholder Linux gives for a message sent before SO_PASSCRED. */
ssize_t
recvmsg(int fd, struct msghdr *msg, int flags)
{
	struct cmsghdr *cm;
	struct ucred uc;
	ssize_t n;

	n = NEXT(ssize_t, "recvmsg", (int, struct msghdr *, int))(fd, msg,
	    flags);
	if (n < 0 || !lying("placeholder"))
		return n;
	for (cm = CMSG_FIRSTHDR(msg); cm != NULL; cm = CMSG_NXTHDR(msg, cm))
		if (cm->cmsg_level == SOL_SOCKET &&
		    cm->cmsg_type == SCM_CREDENTIALS) {
			uc.pid = 0;
			uc.uid = 65534;
			uc.gid = 65534;
			memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
		}
	return n;
}
