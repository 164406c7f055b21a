/* SPDX-License-Identifier: ISC */
/*
 * make check-rump: credcheck's NetBSD code run on NetBSD's kernel code.
 *
 * credcheck is compiled on Linux with tests/rump/netbsd.h, so that its
 * NetBSD code paths are the ones built, and linked with --wrap for every
 * system call it makes on sockets and on the files around them.  Each
 * wrapper here sends the call to a rump kernel server (rump_server(1),
 * with librumpnet_local for AF_LOCAL) through librumpclient, translating
 * what differs between the two systems' interfaces: the values of flags
 * and options, errno, struct sockaddr_un, struct msghdr, the headers of
 * control messages (their payloads, such as a struct sockcred, pass as
 * the kernel wrote them), struct stat.  Descriptors of the rump kernel
 * are shown to credcheck as RFD_BASE above their number, so that they
 * never meet the host's (standard input, output and error).  Pipes are
 * the rump kernel's, so that its kqueue can watch serve's self-pipe; a
 * signal's write to it is then a call to the rump kernel, which
 * librumpclient makes with signals blocked, so that it is not re-entered.
 *
 * Each host process is a process of the rump kernel, with a pid of its
 * own; fork(2) makes a child there too.  CREDCHECK_RUMP_AS=uid:gid[:g,..]
 * gives the process those ids in the rump kernel before its first call.
 * The kernel's file system is its own: paths name files there.
 *
 * This is test scaffolding, not a port: it knows only the calls and
 * values credcheck uses, and refuses the rest.
 */

#include <sys/types.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/event.h>		/* tests/rump/include: NetBSD's */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpclient.h>
#include <rump/rumpdefs.h>
#include <rump/rump_syscalls.h>
#include <rump/rumperrno2host.h>

#define RFD_BASE	256
#define IS_RFD(fd)	((fd) >= RFD_BASE)
#define RFD(fd)		((fd) - RFD_BASE)
#define HOST_FD(rfd)	((rfd) + RFD_BASE)

/* NetBSD's values where Linux's differ (<sys/socket.h>, <sys/filio.h>). */
#define NB_SOL_SOCKET		0xffff
#define NB_SCM_RIGHTS		0x01
#define NB_SO_ACCEPTCONN	0x0002
#define NB_SO_REUSEADDR		0x0004
#define NB_SO_LINGER		0x0080
#define NB_SO_SNDBUF		0x1001
#define NB_SO_RCVBUF		0x1002
#define NB_SO_ERROR		0x1007
#define NB_SO_TYPE		0x1008
#define NB_FIONREAD		0x4004667fUL	/* _IOR('f', 127, int) */

/* NetBSD's structures on amd64, whose layout Linux's do not share. */
struct nb_sockaddr_un {
	uint8_t		sun_len;
	uint8_t		sun_family;
	char		sun_path[104];
};

struct nb_msghdr {
	void		*msg_name;
	socklen_t	 msg_namelen;
	struct iovec	*msg_iov;
	int		 msg_iovlen;
	void		*msg_control;
	socklen_t	 msg_controllen;
	int		 msg_flags;
};

struct nb_cmsghdr {
	socklen_t	cmsg_len;
	int		cmsg_level;
	int		cmsg_type;
};
/* Both put a message's data 16 bytes in and pad it to 8 on amd64. */
#define NB_CMSG_DATA_OFF	16
#define NB_CMSG_ALIGN(n)	(((n) + 7) & ~(size_t)7)

struct nb_stat {
	uint64_t	st_dev;
	uint32_t	st_mode;
	uint64_t	st_ino;
	uint32_t	st_nlink;
	uint32_t	st_uid;
	uint32_t	st_gid;
	uint64_t	st_rdev;
	struct timespec	st_atim, st_mtim, st_ctim, st_birthtim;
	int64_t		st_size;
	int64_t		st_blocks;
	uint32_t	st_blksize;
	uint32_t	st_flags;
	uint32_t	st_gen;
	uint32_t	st_spare[2];
};

struct flagmap {
	int	host, nb;
};

static const struct flagmap msg_flags[] = {
	{ MSG_OOB, 0x0001 }, { MSG_PEEK, 0x0002 }, { MSG_EOR, 0x0008 },
	{ MSG_TRUNC, 0x0010 }, { MSG_CTRUNC, 0x0020 },
	{ MSG_WAITALL, 0x0040 }, { MSG_DONTWAIT, 0x0080 },
	{ MSG_NOSIGNAL, 0x0400 }, { MSG_CMSG_CLOEXEC, 0x0800 },
};

static const struct flagmap open_flags[] = {
	{ O_WRONLY, RUMP_O_WRONLY }, { O_RDWR, RUMP_O_RDWR },
	{ O_NONBLOCK, RUMP_O_NONBLOCK }, { O_APPEND, RUMP_O_APPEND },
	{ O_CREAT, RUMP_O_CREAT }, { O_TRUNC, RUMP_O_TRUNC },
	{ O_EXCL, RUMP_O_EXCL }, { O_NOFOLLOW, RUMP_O_NOFOLLOW },
	{ O_DIRECTORY, RUMP_O_DIRECTORY }, { O_CLOEXEC, RUMP_O_CLOEXEC },
};

static const struct flagmap sock_flags[] = {
	{ SOCK_NONBLOCK, RUMP_SOCK_NONBLOCK },
	{ SOCK_CLOEXEC, RUMP_SOCK_CLOEXEC },
};

static const struct flagmap poll_events[] = {
	{ POLLIN, 0x0001 }, { POLLPRI, 0x0002 }, { POLLOUT, 0x0004 },
	{ POLLERR, 0x0008 }, { POLLHUP, 0x0010 }, { POLLNVAL, 0x0020 },
	{ POLLRDNORM, 0x0040 },
};

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

static int
to_nb(const struct flagmap *map, size_t n, int host)
{
	int nb = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if ((host & map[i].host) == map[i].host && map[i].host != 0)
			nb |= map[i].nb;
	return nb;
}

static int
to_host(const struct flagmap *map, size_t n, int nb)
{
	int host = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if ((nb & map[i].nb) == map[i].nb && map[i].nb != 0)
			host |= map[i].host;
	return host;
}

/* A rump call failed: its errno is NetBSD's number. */
static int
failed(void)
{
	errno = rump_errno2host(errno);
	return -1;
}

static long
checked(long rv)
{
	return rv == -1 ? failed() : rv;
}

static int
refuse(int error)
{
	errno = error;
	return -1;
}

/*
 * One id of CREDCHECK_RUMP_AS: digits, below 4294967295, which is
 * (uid_t)-1, "no change" to setuid(2).  -1 if it is not one.
 */
static long long
spec_id(const char *s, char **end)
{
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, end, 10);
	return errno != 0 || v >= 4294967295ULL ? -1 : (long long)v;
}

static void
spec_fail(const char *spec, const char *why)
{
	fprintf(stderr, "rump shim: CREDCHECK_RUMP_AS=%s: %s\n", spec, why);
	exit(70);
}

/*
 * The ids CREDCHECK_RUMP_AS asks for, taken as root of the rump kernel,
 * and checked: a kernel that took none would leave the tests root.
 */
static void
take_ids(const char *spec)
{
	gid_t groups[16];	/* NetBSD's NGROUPS_MAX */
	long long uid, gid, g;
	char *end;
	int n = 0;

	if ((uid = spec_id(spec, &end)) == -1 || *end != ':' ||
	    (gid = spec_id(end + 1, &end)) == -1)
		spec_fail(spec, "not uid:gid[:g,...], each below 4294967295");
	while (*end == ':' || (*end == ',' && n > 0)) {
		if (n == (int)NITEMS(groups))
			spec_fail(spec, "at most 16 groups (NGROUPS_MAX)");
		if ((g = spec_id(end + 1, &end)) == -1)
			spec_fail(spec, "a group that is not an id");
		groups[n++] = (gid_t)g;
	}
	if (*end != '\0')
		spec_fail(spec, "not uid:gid[:g,...]");
	if (rump_sys_setgroups(n, groups) == -1 ||
	    rump_sys_setgid((gid_t)gid) == -1 ||
	    rump_sys_setuid((uid_t)uid) == -1) {
		fprintf(stderr, "rump shim: taking ids %s: %s\n", spec,
		    strerror(rump_errno2host(errno)));
		exit(70);
	}
	if (rump_sys_getuid() != (uid_t)uid || rump_sys_getgid() != (gid_t)gid)
		spec_fail(spec, "the rump kernel did not take these ids");
}

/* NetBSD's <fs/tmpfs/tmpfs_args.h>, version 1. */
struct nb_tmpfs_args {
	int		ta_version;
	uint64_t	ta_nodes_max;
	int64_t		ta_size_max;
	uint32_t	ta_root_uid;
	uint32_t	ta_root_gid;
	uint32_t	ta_root_mode;
};

/*
 * A /tmp as NetBSD has one, for the sockets of any user: a tmpfs, whose
 * files belong to whoever makes them (the rump kernel's own root file
 * system, rumpfs, gives every file to root, so that no one else may
 * chmod(2) one, and has no kqueue filters).  rumpfs has a /tmp already,
 * so a marker says whether the tmpfs is there: made in rumpfs's /tmp by
 * the first process of root (mk/rump starts one), which then mounts the
 * tmpfs over it and makes the marker again inside.
 */
#define TMPFS_MARK	"/tmp/.credcheck-tmpfs"

static void
make_tmp(void)
{
	struct nb_tmpfs_args args;

	(void)rump_sys_mkdir("/tmp", 01777);
	if (rump_sys_mkdir(TMPFS_MARK, 0700) == -1)
		return;			/* mounted already */
	memset(&args, 0, sizeof(args));
	args.ta_version = 1;
	args.ta_root_mode = 01777;
	if (rump_sys_mount("tmpfs", "/tmp", 0, &args, sizeof(args)) == -1) {
		fprintf(stderr, "rump shim: mounting a tmpfs on /tmp: %s "
		    "(rump_server needs -lrumpfs_tmpfs)\n",
		    strerror(rump_errno2host(errno)));
		exit(70);
	}
	(void)rump_sys_mkdir(TMPFS_MARK, 0700);
}

/* Connect to the rump kernel on the first call that needs it. */
static void
ready(void)
{
	static int done;
	const char *as;

	if (done)
		return;
	done = 1;
	if (rumpclient_init() == -1) {
		fprintf(stderr, "rump shim: no rump kernel at RUMP_SERVER=%s: "
		    "%s\n", getenv("RUMP_SERVER") ? getenv("RUMP_SERVER") :
		    "(unset)", strerror(errno));
		exit(70);
	}
	/*
	 * The ids first: the rump kernel serves each process's calls on
	 * threads that keep the credentials they started with, so a call
	 * made before setuid(2) could leave one that still acts as root.
	 */
	if ((as = getenv("CREDCHECK_RUMP_AS")) != NULL && *as != '\0')
		take_ids(as);
	else
		make_tmp();
}

/* Addresses: Linux's sockaddr_un to NetBSD's and back. */
static int
addr_to_nb(const struct sockaddr *sa, socklen_t len,
    struct nb_sockaddr_un *nb)
{
	const struct sockaddr_un *sun = (const struct sockaddr_un *)sa;
	size_t n;

	if (len < offsetof(struct sockaddr_un, sun_path) ||
	    sun->sun_family != AF_UNIX)
		return refuse(EAFNOSUPPORT);
	len -= offsetof(struct sockaddr_un, sun_path);
	n = strnlen(sun->sun_path, len);
	if (n >= sizeof(nb->sun_path))
		return refuse(EINVAL);
	memset(nb, 0, sizeof(*nb));
	nb->sun_family = RUMP_AF_LOCAL;
	memcpy(nb->sun_path, sun->sun_path, n);
	nb->sun_len = (uint8_t)(offsetof(struct nb_sockaddr_un, sun_path) + n);
	return 0;
}

static void
addr_to_host(const struct nb_sockaddr_un *nb, socklen_t nblen,
    struct sockaddr *sa, socklen_t *len)
{
	struct sockaddr_un sun;
	size_t n = 0, have, want;

	if (nblen > offsetof(struct nb_sockaddr_un, sun_path)) {
		have = nblen - offsetof(struct nb_sockaddr_un, sun_path);
		if (have > sizeof(nb->sun_path))
			have = sizeof(nb->sun_path);
		n = strnlen(nb->sun_path, have);
	}
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, nb->sun_path, n);
	want = offsetof(struct sockaddr_un, sun_path) + (n > 0 ? n + 1 : 0);
	memcpy(sa, &sun, want < *len ? want : *len);
	*len = (socklen_t)want;
}

/* Descriptors passed in SCM_RIGHTS: only the rump kernel's can go. */
static int
fds_to_nb(unsigned char *data, size_t len)
{
	size_t k;
	int fd;

	for (k = 0; k + sizeof(int) <= len; k += sizeof(int)) {
		memcpy(&fd, data + k, sizeof(fd));
		if (!IS_RFD(fd))
			return refuse(EBADF);
		fd = RFD(fd);
		memcpy(data + k, &fd, sizeof(fd));
	}
	return 0;
}

static void
fds_to_host(unsigned char *data, size_t len)
{
	size_t k;
	int fd;

	for (k = 0; k + sizeof(int) <= len; k += sizeof(int)) {
		memcpy(&fd, data + k, sizeof(fd));
		fd = HOST_FD(fd);
		memcpy(data + k, &fd, sizeof(fd));
	}
}

/*
 * Control messages out: each Linux header rewritten as NetBSD's in a copy
 * of the buffer, at the same offset (both put the data at 16).
 */
static int
control_to_nb(const struct msghdr *m, unsigned char *out)
{
	const struct cmsghdr *cm;
	struct nb_cmsghdr nh;
	size_t off, dlen;

	memcpy(out, m->msg_control, m->msg_controllen);
	for (cm = CMSG_FIRSTHDR(m); cm != NULL;
	    cm = CMSG_NXTHDR((struct msghdr *)m, (struct cmsghdr *)cm)) {
		off = (size_t)((const unsigned char *)cm -
		    (const unsigned char *)m->msg_control);
		dlen = cm->cmsg_len - CMSG_LEN(0);
		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			return refuse(EINVAL);
		nh.cmsg_len = (socklen_t)(NB_CMSG_DATA_OFF + dlen);
		nh.cmsg_level = NB_SOL_SOCKET;
		nh.cmsg_type = NB_SCM_RIGHTS;
		memset(out + off, 0, NB_CMSG_DATA_OFF);
		memcpy(out + off, &nh, sizeof(nh));
		if (fds_to_nb(out + off + NB_CMSG_DATA_OFF, dlen) == -1)
			return -1;
	}
	return 0;
}

/*
 * Control messages in: NetBSD's headers rewritten as Linux's in place;
 * the data stay where the kernel put them, byte for byte.
 */
static void
control_to_host(unsigned char *buf, size_t len)
{
	struct nb_cmsghdr nh;
	struct cmsghdr lh;
	size_t off = 0, dlen;

	while (off + sizeof(nh) <= len) {
		memcpy(&nh, buf + off, sizeof(nh));
		if (nh.cmsg_len < NB_CMSG_DATA_OFF || nh.cmsg_len > len - off)
			break;
		dlen = nh.cmsg_len - NB_CMSG_DATA_OFF;
		memset(&lh, 0, sizeof(lh));
		lh.cmsg_len = CMSG_LEN(dlen);
		lh.cmsg_level = nh.cmsg_level == NB_SOL_SOCKET ? SOL_SOCKET :
		    nh.cmsg_level;
		/* SCM_RIGHTS and SCM_CREDS have the same numbers in both. */
		lh.cmsg_type = nh.cmsg_type;
		if (nh.cmsg_level == NB_SOL_SOCKET &&
		    nh.cmsg_type == NB_SCM_RIGHTS)
			fds_to_host(buf + off + NB_CMSG_DATA_OFF, dlen);
		memcpy(buf + off, &lh, sizeof(lh));
		off += NB_CMSG_ALIGN(nh.cmsg_len);
	}
}

/* The wrapped calls, in the order of a connection's life. */

int	__real_close(int);
ssize_t	__real_read(int, void *, size_t);
ssize_t	__real_write(int, const void *, size_t);
int	__real_poll(struct pollfd *, nfds_t, int);
int	__real_fcntl(int, int, ...);
int	__real_ioctl(int, unsigned long, ...);
int	__real_fstat(int, struct stat *);
int	__real_open(const char *, int, ...);
pid_t	__real_waitpid(pid_t, int *, int);

/* A descriptor the rump kernel gave, as credcheck sees it. */
static int
new_fd(int rv)
{
	return rv == -1 ? failed() : HOST_FD(rv);
}

static int
sock_type(int type)
{
	int base = type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC);

	return base | to_nb(sock_flags, NITEMS(sock_flags), type);
}

int
__wrap_socket(int domain, int type, int protocol)
{
	ready();
	if (domain != AF_UNIX)
		return refuse(EAFNOSUPPORT);
	return new_fd(rump_sys_socket(RUMP_AF_LOCAL, sock_type(type),
	    protocol));
}

int
__wrap_socketpair(int domain, int type, int protocol, int sv[2])
{
	int rsv[2];

	ready();
	if (domain != AF_UNIX)
		return refuse(EAFNOSUPPORT);
	if (rump_sys_socketpair(RUMP_AF_LOCAL, sock_type(type), protocol,
	    rsv) == -1)
		return failed();
	sv[0] = HOST_FD(rsv[0]);
	sv[1] = HOST_FD(rsv[1]);
	return 0;
}

int
__wrap_bind(int fd, const struct sockaddr *sa, socklen_t len)
{
	struct nb_sockaddr_un nb;

	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	if (addr_to_nb(sa, len, &nb) == -1)
		return -1;
	return (int)checked(rump_sys_bind(RFD(fd),
	    (const struct sockaddr *)&nb, nb.sun_len));
}

int
__wrap_connect(int fd, const struct sockaddr *sa, socklen_t len)
{
	struct nb_sockaddr_un nb;

	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	if (addr_to_nb(sa, len, &nb) == -1)
		return -1;
	return (int)checked(rump_sys_connect(RFD(fd),
	    (const struct sockaddr *)&nb, nb.sun_len));
}

int
__wrap_listen(int fd, int backlog)
{
	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	return (int)checked(rump_sys_listen(RFD(fd), backlog));
}

int
__wrap_accept4(int fd, struct sockaddr *sa, socklen_t *len, int flags)
{
	struct nb_sockaddr_un nb;
	socklen_t nblen = sizeof(nb);
	int rv;

	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	rv = rump_sys_paccept(RFD(fd), (struct sockaddr *)&nb, &nblen, NULL,
	    to_nb(sock_flags, NITEMS(sock_flags), flags));
	if (rv != -1 && sa != NULL)
		addr_to_host(&nb, nblen, sa, len);
	return new_fd(rv);
}

int
__wrap_accept(int fd, struct sockaddr *sa, socklen_t *len)
{
	return __wrap_accept4(fd, sa, len, 0);
}

static int
sockname(int fd, struct sockaddr *sa, socklen_t *len, int peer)
{
	struct nb_sockaddr_un nb;
	socklen_t nblen = sizeof(nb);
	int rv;

	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	rv = peer ? rump_sys_getpeername(RFD(fd), (struct sockaddr *)&nb,
	    &nblen) : rump_sys_getsockname(RFD(fd), (struct sockaddr *)&nb,
	    &nblen);
	if (rv == -1)
		return failed();
	addr_to_host(&nb, nblen, sa, len);
	return 0;
}

int
__wrap_getsockname(int fd, struct sockaddr *sa, socklen_t *len)
{
	return sockname(fd, sa, len, 0);
}

int
__wrap_getpeername(int fd, struct sockaddr *sa, socklen_t *len)
{
	return sockname(fd, sa, len, 1);
}

/* Socket-level options by name; level 0 (LOCAL_*) has NetBSD's numbers. */
static int
option(int *level, int *name)
{
	static const struct flagmap so[] = {
		{ SO_ACCEPTCONN, NB_SO_ACCEPTCONN },
		{ SO_REUSEADDR, NB_SO_REUSEADDR }, { SO_LINGER, NB_SO_LINGER },
		{ SO_SNDBUF, NB_SO_SNDBUF }, { SO_RCVBUF, NB_SO_RCVBUF },
		{ SO_ERROR, NB_SO_ERROR }, { SO_TYPE, NB_SO_TYPE },
	};
	size_t i;

	if (*level == 0)
		return 0;
	if (*level != SOL_SOCKET)
		return refuse(ENOPROTOOPT);
	for (i = 0; i < NITEMS(so); i++)
		if (so[i].host == *name) {
			*level = NB_SOL_SOCKET;
			*name = so[i].nb;
			return 0;
		}
	return refuse(ENOPROTOOPT);
}

int
__wrap_getsockopt(int fd, int level, int name, void *val, socklen_t *len)
{
	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	if (option(&level, &name) == -1)
		return -1;
	return (int)checked(rump_sys_getsockopt(RFD(fd), level, name, val,
	    len));
}

int
__wrap_setsockopt(int fd, int level, int name, const void *val,
    socklen_t len)
{
	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	if (option(&level, &name) == -1)
		return -1;
	return (int)checked(rump_sys_setsockopt(RFD(fd), level, name, val,
	    len));
}

/* As NetBSD's libc has it: LOCAL_PEEREID's effective ids. */
int
__wrap_getpeereid(int fd, uid_t *euid, gid_t *egid)
{
	struct {
		pid_t	pid;
		uid_t	euid;
		gid_t	egid;
	} id;
	socklen_t len = sizeof(id);

	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	if (rump_sys_getsockopt(RFD(fd), 0, 0x0003, &id, &len) == -1)
		return failed();
	*euid = id.euid;
	*egid = id.egid;
	return 0;
}

ssize_t
__wrap_sendmsg(int fd, const struct msghdr *m, int flags)
{
	struct nb_sockaddr_un name;
	struct nb_msghdr nm;
	unsigned char *control = NULL;
	ssize_t rv;

	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	memset(&nm, 0, sizeof(nm));
	if (m->msg_name != NULL) {
		if (addr_to_nb(m->msg_name, m->msg_namelen, &name) == -1)
			return -1;
		nm.msg_name = &name;
		nm.msg_namelen = name.sun_len;
	}
	nm.msg_iov = m->msg_iov;
	nm.msg_iovlen = (int)m->msg_iovlen;
	if (m->msg_controllen > 0) {
		if ((control = malloc(m->msg_controllen)) == NULL)
			return -1;
		if (control_to_nb(m, control) == -1) {
			free(control);
			return -1;
		}
		nm.msg_control = control;
		nm.msg_controllen = (socklen_t)m->msg_controllen;
	}
	rv = rump_sys_sendmsg(RFD(fd), (const struct msghdr *)&nm,
	    to_nb(msg_flags, NITEMS(msg_flags), flags));
	free(control);
	return rv == -1 ? failed() : rv;
}

ssize_t
__wrap_recvmsg(int fd, struct msghdr *m, int flags)
{
	struct nb_sockaddr_un name;
	struct nb_msghdr nm;
	socklen_t namelen;
	ssize_t rv;

	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	memset(&nm, 0, sizeof(nm));
	memset(&name, 0, sizeof(name));
	if (m->msg_name != NULL) {
		nm.msg_name = &name;
		nm.msg_namelen = sizeof(name);
	}
	nm.msg_iov = m->msg_iov;
	nm.msg_iovlen = (int)m->msg_iovlen;
	/* The same buffer: NetBSD's messages take the room Linux's do. */
	nm.msg_control = m->msg_control;
	nm.msg_controllen = (socklen_t)m->msg_controllen;
	rv = rump_sys_recvmsg(RFD(fd), (struct msghdr *)&nm,
	    to_nb(msg_flags, NITEMS(msg_flags), flags));
	if (rv == -1)
		return failed();
	if (m->msg_name != NULL) {
		namelen = m->msg_namelen;
		addr_to_host(&name, nm.msg_namelen, m->msg_name, &namelen);
		m->msg_namelen = namelen;
	}
	control_to_host(m->msg_control, nm.msg_controllen);
	m->msg_controllen = nm.msg_controllen;
	m->msg_flags = to_host(msg_flags, NITEMS(msg_flags), nm.msg_flags);
	return rv;
}

ssize_t
__wrap_sendto(int fd, const void *buf, size_t len, int flags,
    const struct sockaddr *sa, socklen_t salen)
{
	struct iovec iov;
	struct msghdr m;

	iov.iov_base = (void *)buf;
	iov.iov_len = len;
	memset(&m, 0, sizeof(m));
	m.msg_name = (void *)sa;
	m.msg_namelen = salen;
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	return __wrap_sendmsg(fd, &m, flags);
}

ssize_t
__wrap_send(int fd, const void *buf, size_t len, int flags)
{
	return __wrap_sendto(fd, buf, len, flags, NULL, 0);
}

ssize_t
__wrap_read(int fd, void *buf, size_t len)
{
	if (!IS_RFD(fd))
		return __real_read(fd, buf, len);
	return checked(rump_sys_read(RFD(fd), buf, len));
}

ssize_t
__wrap_write(int fd, const void *buf, size_t len)
{
	if (!IS_RFD(fd))
		return __real_write(fd, buf, len);
	return checked(rump_sys_write(RFD(fd), buf, len));
}

int
__wrap_close(int fd)
{
	if (!IS_RFD(fd))
		return __real_close(fd);
	return (int)checked(rump_sys_close(RFD(fd)));
}

int
__wrap_shutdown(int fd, int how)
{
	if (!IS_RFD(fd))
		return refuse(ENOTSOCK);
	return (int)checked(rump_sys_shutdown(RFD(fd), how));
}

/*
 * poll(2) over the rump kernel's descriptors, the host's, or both: a set
 * of both is waited on in slices, the rump kernel's for up to SLICE_MS
 * at a time and then the host's at once.
 */
#define SLICE_MS	10

static int
poll_rump(struct pollfd *p, nfds_t n, int timeout)
{
	struct pollfd *q;
	nfds_t i;
	int rv;

	if ((q = calloc(n > 0 ? n : 1, sizeof(*q))) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		q[i].fd = IS_RFD(p[i].fd) ? RFD(p[i].fd) : -1;
		q[i].events = (short)to_nb(poll_events, NITEMS(poll_events),
		    p[i].events);
	}
	rv = rump_sys_poll(q, n, timeout);
	for (i = 0; rv != -1 && i < n; i++)
		if (IS_RFD(p[i].fd))
			p[i].revents = (short)to_host(poll_events,
			    NITEMS(poll_events), q[i].revents);
	free(q);
	return rv == -1 ? failed() : rv;
}

/* The rump kernel's entries are hidden, and keep what poll_rump said. */
static int
poll_host(struct pollfd *p, nfds_t n, int timeout)
{
	short revents[64];
	int fds[64], rv;
	nfds_t i;

	if (n > NITEMS(fds))
		return refuse(EINVAL);
	for (i = 0; i < n; i++) {
		fds[i] = p[i].fd;
		revents[i] = p[i].revents;
		if (IS_RFD(p[i].fd))
			p[i].fd = -1;
	}
	rv = __real_poll(p, n, timeout);
	for (i = 0; i < n; i++) {
		p[i].fd = fds[i];
		if (IS_RFD(fds[i]))
			p[i].revents = revents[i];
	}
	return rv;
}

int
__wrap_poll(struct pollfd *p, nfds_t n, int timeout)
{
	struct timespec now;
	long long end = 0, left;
	int host = 0, rump = 0, a, b;
	nfds_t i;

	for (i = 0; i < n; i++) {
		if (p[i].fd < 0)
			continue;
		if (IS_RFD(p[i].fd))
			rump = 1;
		else
			host = 1;
	}
	if (!rump)
		return __real_poll(p, n, timeout);
	if (!host)
		return poll_rump(p, n, timeout);
	if (n > 64)
		return refuse(EINVAL);
	clock_gettime(CLOCK_MONOTONIC, &now);
	end = now.tv_sec * 1000LL + now.tv_nsec / 1000000 + timeout;
	for (;;) {
		for (i = 0; i < n; i++)
			p[i].revents = 0;
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = end - (now.tv_sec * 1000LL + now.tv_nsec / 1000000);
		if (timeout >= 0 && left < 0)
			left = 0;
		if ((a = poll_rump(p, n, timeout < 0 || left > SLICE_MS ?
		    SLICE_MS : (int)left)) == -1 ||
		    (b = poll_host(p, n, 0)) == -1)
			return -1;
		if (a + b > 0 || (timeout >= 0 && left == 0))
			return a + b;
	}
}

int
__wrap_ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	void *arg;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	if (!IS_RFD(fd))
		return __real_ioctl(fd, req, arg);
	if (req != FIONREAD)
		return refuse(ENOTTY);
	return (int)checked(rump_sys_ioctl(RFD(fd), NB_FIONREAD, arg));
}

int
__wrap_fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;
	int rv;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	if (!IS_RFD(fd))
		return __real_fcntl(fd, cmd, arg);
	switch (cmd) {
	case F_GETFD:
	case F_SETFD:		/* FD_CLOEXEC is 1 in both */
		return (int)checked(rump_sys_fcntl(RFD(fd), cmd, (int)arg));
	case F_GETFL:
		if ((rv = rump_sys_fcntl(RFD(fd), F_GETFL)) == -1)
			return failed();
		return to_host(open_flags, NITEMS(open_flags), rv);
	case F_SETFL:
		return (int)checked(rump_sys_fcntl(RFD(fd), F_SETFL,
		    to_nb(open_flags, NITEMS(open_flags), (int)arg)));
	default:
		return refuse(EINVAL);
	}
}

/* Files: every path is the rump kernel's but for the host's /dev. */
int
__wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (strncmp(path, "/dev/", 5) == 0)
		return __real_open(path, flags, mode);
	ready();
	return new_fd(rump_sys_open(path, to_nb(open_flags,
	    NITEMS(open_flags), flags), mode));
}

int
__wrap_flock(int fd, int op)
{
	if (!IS_RFD(fd))
		return refuse(EBADF);
	return (int)checked(rump_sys_flock(RFD(fd), op));	/* same bits */
}

static void
stat_to_host(const struct nb_stat *nb, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = (dev_t)nb->st_dev;
	st->st_ino = (ino_t)nb->st_ino;
	st->st_mode = nb->st_mode;		/* S_IF* are the same */
	st->st_nlink = nb->st_nlink;
	st->st_uid = nb->st_uid;
	st->st_gid = nb->st_gid;
	st->st_size = nb->st_size;
}

static int
stat_result(int rv, const struct nb_stat *nb, struct stat *st)
{
	if (rv == -1)
		return failed();
	stat_to_host(nb, st);
	return 0;
}

int
__wrap_stat(const char *path, struct stat *st)
{
	struct nb_stat nb;

	ready();
	return stat_result(rump_sys_stat(path, (struct stat *)&nb), &nb, st);
}

int
__wrap_lstat(const char *path, struct stat *st)
{
	struct nb_stat nb;

	ready();
	return stat_result(rump_sys_lstat(path, (struct stat *)&nb), &nb, st);
}

int
__wrap_fstat(int fd, struct stat *st)
{
	struct nb_stat nb;

	if (!IS_RFD(fd))
		return __real_fstat(fd, st);
	return stat_result(rump_sys_fstat(RFD(fd), (struct stat *)&nb), &nb,
	    st);
}

/* NetBSD's *at(2) values: AT_FDCWD is -100 on both, the flag is not. */
#define NB_AT_FDCWD		(-100)
#define NB_AT_SYMLINK_NOFOLLOW	0x200

/* A directory descriptor for the rump kernel's *at(2) calls; -1 if none. */
static int
at_fd(int dfd)
{
	if (dfd == AT_FDCWD)
		return NB_AT_FDCWD;
	return IS_RFD(dfd) ? RFD(dfd) : -1;
}

int
__wrap_openat(int dfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = (mode_t)va_arg(ap, int);
	va_end(ap);
	if (at_fd(dfd) == -1)
		return refuse(EBADF);
	ready();
	return new_fd(rump_sys_openat(at_fd(dfd), path, to_nb(open_flags,
	    NITEMS(open_flags), flags), mode));
}

int
__wrap_fstatat(int dfd, const char *path, struct stat *st, int flag)
{
	struct nb_stat nb;

	if (at_fd(dfd) == -1 || (flag & ~AT_SYMLINK_NOFOLLOW) != 0)
		return refuse(at_fd(dfd) == -1 ? EBADF : EINVAL);
	ready();
	return stat_result(rump_sys_fstatat(at_fd(dfd), path,
	    (struct stat *)&nb, (flag & AT_SYMLINK_NOFOLLOW) ?
	    NB_AT_SYMLINK_NOFOLLOW : 0), &nb, st);
}

int
__wrap_unlink(const char *path)
{
	ready();
	return (int)checked(rump_sys_unlink(path));
}

int
__wrap_rmdir(const char *path)
{
	ready();
	return (int)checked(rump_sys_rmdir(path));
}

int
__wrap_chmod(const char *path, mode_t mode)
{
	ready();
	return (int)checked(rump_sys_chmod(path, mode));
}

mode_t
__wrap_umask(mode_t mask)
{
	ready();
	return rump_sys_umask(mask);
}

/*
 * mkdtemp(3) and mkstemp(3) in the rump kernel: make() the template with
 * its XXXXXX replaced, until a name is new; its result, or -1.
 */
static int
make_unique(char *template, int (*make)(const char *))
{
	static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = strlen(template), k;
	int tries, rv;

	ready();
	if (n < 6 || strcmp(template + n - 6, "XXXXXX") != 0)
		return refuse(EINVAL);
	for (tries = 0; tries < 100; tries++) {
		for (k = n - 6; k < n; k++)
			template[k] = letters[random() % (sizeof(letters) - 1)];
		if ((rv = make(template)) != -1)
			return rv;
		if (rump_errno2host(errno) != EEXIST)
			break;
	}
	return failed();
}

static int
make_dir(const char *path)
{
	return rump_sys_mkdir(path, 0700);
}

static int
make_file(const char *path)
{
	return rump_sys_open(path, RUMP_O_RDWR | RUMP_O_CREAT | RUMP_O_EXCL,
	    0600);
}

char *
__wrap_mkdtemp(char *template)
{
	return make_unique(template, make_dir) == -1 ? NULL : template;
}

/*
 * For the unit tests' event loop on NetBSD's kqueue: pipes and files of
 * the rump kernel, which its kqueue can watch (the host's it cannot).
 */
int
__wrap_pipe(int p[2])
{
	int r[2];

	ready();
	if (rump_sys_pipe(r) == -1)
		return failed();
	p[0] = HOST_FD(r[0]);
	p[1] = HOST_FD(r[1]);
	return 0;
}

int
__wrap_mkstemp(char *template)
{
	int fd = make_unique(template, make_file);

	return fd == -1 ? -1 : HOST_FD(fd);	/* errno is the host's */
}

int
__wrap_kqueue(void)
{
	ready();
	return new_fd(rump_sys_kqueue());
}

/* struct kevent is NetBSD's already: only the descriptors change. */
int
__wrap_kevent(int kq, const struct kevent *changes, size_t nchanges,
    struct kevent *events, size_t nevents, const struct timespec *timeout)
{
	struct kevent *c = NULL;
	size_t i;
	int n;

	if (!IS_RFD(kq))
		return refuse(EBADF);
	if (nchanges > 0 &&
	    (c = calloc(nchanges, sizeof(*c))) == NULL)
		return -1;
	for (i = 0; i < nchanges; i++) {
		c[i] = changes[i];
		if (!IS_RFD((int)c[i].ident)) {
			free(c);
			return refuse(EBADF);
		}
		c[i].ident = (uintptr_t)RFD((int)c[i].ident);
	}
	n = rump_sys_kevent(RFD(kq), c, nchanges, events, nevents, timeout);
	free(c);
	if (n == -1)
		return failed();
	for (i = 0; i < (size_t)n; i++)
		events[i].ident = (uintptr_t)HOST_FD((int)events[i].ident);
	return n;
}

/* Who the process is: the rump kernel's process. */
pid_t
__wrap_getpid(void)
{
	ready();
	return rump_sys_getpid();
}

uid_t
__wrap_getuid(void)
{
	ready();
	return rump_sys_getuid();
}

uid_t
__wrap_geteuid(void)
{
	ready();
	return rump_sys_geteuid();
}

gid_t
__wrap_getgid(void)
{
	ready();
	return rump_sys_getgid();
}

gid_t
__wrap_getegid(void)
{
	ready();
	return rump_sys_getegid();
}

int
__wrap_getgroups(int n, gid_t *groups)
{
	ready();
	return (int)checked(rump_sys_getgroups(n, groups));
}

/*
 * fork(2): the child becomes a process of the rump kernel too, and the
 * parent is told its pid there, which is the one the kernel will name;
 * waitpid(2) maps it back to the host's.
 */
static struct {
	pid_t	rump, host;
} children[16];

pid_t
__wrap_fork(void)
{
	pid_t host, rpid;
	int p[2];
	size_t i;

	ready();
	/* The host's pipe, whether or not pipe(2) is sent to the kernel. */
	if (syscall(SYS_pipe2, p, 0) == -1)
		return -1;
	if ((host = rumpclient_fork()) == -1) {
		__real_close(p[0]);
		__real_close(p[1]);
		return -1;
	}
	if (host == 0) {
		__real_close(p[0]);
		rpid = rump_sys_getpid();
		(void)__real_write(p[1], &rpid, sizeof(rpid));
		__real_close(p[1]);
		return 0;
	}
	__real_close(p[1]);
	if (__real_read(p[0], &rpid, sizeof(rpid)) != sizeof(rpid))
		rpid = host;
	__real_close(p[0]);
	for (i = 0; i < NITEMS(children); i++)
		if (children[i].host == 0) {
			children[i].rump = rpid;
			children[i].host = host;
			return rpid;
		}
	return host;
}

pid_t
__wrap_waitpid(pid_t pid, int *status, int options)
{
	size_t i;
	pid_t rv;

	for (i = 0; i < NITEMS(children); i++)
		if (children[i].host != 0 && children[i].rump == pid) {
			rv = __real_waitpid(children[i].host, status,
			    options);
			if (rv == children[i].host) {
				children[i].host = 0;
				return pid;
			}
			return rv;
		}
	return __real_waitpid(pid, status, options);
}
