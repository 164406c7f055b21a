/* SPDX-License-Identifier: ISC */
/*
 * Who holds a socket now, on Linux.  The socket is named by its inode:
 * for a connected socket, the peer's, as sock_diag(7) gives it
 * (UNIX_DIAG_PEER); for a listening one, the socket bound at a path,
 * matched by the file's device and inode (UNIX_DIAG_VFS), never by its
 * name, which another socket could have had.  The holders are then the
 * processes whose /proc/PID/fd has a link "socket:[INODE]".
 *
 * A process is counted only if a pidfd taken before its descriptors were
 * read shows it running after its name was read: its pid cannot then
 * have passed to another process in between.  Another user's descriptors
 * are not readable without privilege: those processes are counted as
 * hidden, so that "none found" is never said where it is not known.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <string.h>

#include "holders.h"

#ifdef __linux__
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "linux.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open	434
#endif
#define TCP_LISTEN_STATE	10	/* a listening socket's state */
#define DIAG_BUF	32768

/* What a sock_diag answer is searched for. */
struct diag_want {
	unsigned long	 vfs_ino, vfs_dev;	/* a listener's file */
	const char	*name;			/* or its abstract name */
	size_t		 namelen;
	unsigned long	 found;			/* its inode, or the peer's */
};

/* A socket's attributes: the peer's inode, or the file it is bound at. */
static void
diag_attrs(const struct unix_diag_msg *m, size_t len, struct diag_want *w)
{
	struct rtattr *a = (struct rtattr *)(void *)(m + 1);
	struct unix_diag_vfs vfs;
	int alen = (int)len;
	uint32_t peer;

	for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
		if (a->rta_type == UNIX_DIAG_PEER &&
		    RTA_PAYLOAD(a) >= sizeof(peer) && w->vfs_ino == 0 &&
		    w->name == NULL) {
			memcpy(&peer, RTA_DATA(a), sizeof(peer));
			w->found = peer;
		} else if (a->rta_type == UNIX_DIAG_VFS &&
		    RTA_PAYLOAD(a) >= sizeof(vfs)) {
			memcpy(&vfs, RTA_DATA(a), sizeof(vfs));
			if (vfs.udiag_vfs_ino == w->vfs_ino &&
			    vfs.udiag_vfs_dev == w->vfs_dev)
				w->found = m->udiag_ino;
		} else if (a->rta_type == UNIX_DIAG_NAME && w->name != NULL &&
		    RTA_PAYLOAD(a) == w->namelen &&
		    memcmp(RTA_DATA(a), w->name, w->namelen) == 0)
			w->found = m->udiag_ino;
	}
}

/*
 * The messages of one answer; 1 when the answer is complete, 0 when more
 * is to come, -1 on the kernel's error.
 */
static int
diag_answer(const char *buf, size_t len, int dump, struct diag_want *w)
{
	const struct nlmsghdr *h = (const struct nlmsghdr *)(const void *)buf;
	const struct nlmsgerr *e;
	unsigned int left = (unsigned int)len;

	for (; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
		if (h->nlmsg_type == NLMSG_DONE)
			return 1;
		if (h->nlmsg_type == NLMSG_ERROR) {
			e = NLMSG_DATA(h);
			errno = e->error < 0 ? -e->error : EPROTO;
			return -1;
		}
		if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct unix_diag_msg)))
			continue;
		diag_attrs(NLMSG_DATA(h), h->nlmsg_len -
		    NLMSG_LENGTH(sizeof(struct unix_diag_msg)), w);
		if (!dump)
			return 1;
	}
	return 0;
}

/* Ask sock_diag, and read its answer into w. */
static int
diag_ask(const struct unix_diag_req *req, int dump, struct diag_want *w)
{
	struct {
		struct nlmsghdr		nlh;
		struct unix_diag_req	req;
	} msg;
	char *buf;
	ssize_t n;
	int fd, rc = 0, save;

	memset(&msg, 0, sizeof(msg));
	msg.nlh.nlmsg_len = sizeof(msg);
	msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	msg.nlh.nlmsg_flags = NLM_F_REQUEST | (dump ? NLM_F_DUMP : 0);
	msg.req = *req;
	if ((buf = malloc(DIAG_BUF)) == NULL)
		return -1;
	if ((fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
	    NETLINK_SOCK_DIAG)) == -1) {
		free(buf);
		return -1;
	}
	if (send(fd, &msg, sizeof(msg), 0) == -1)
		rc = -1;
	while (rc == 0) {
		if ((n = recv(fd, buf, DIAG_BUF, 0)) <= 0) {
			if (n == 0)
				errno = EPROTO;
			rc = -1;
		} else
			rc = diag_answer(buf, (size_t)n, dump, w);
	}
	save = errno;
	close(fd);
	free(buf);
	errno = save;
	return rc == 1 ? 0 : -1;
}

/* An empty answer, and a request for any AF_UNIX socket, to fill in. */
static void
lookup_start(struct holders *h, struct diag_want *w,
    struct unix_diag_req *req)
{
	memset(h, 0, sizeof(*h));
	h->looked = 1;
	memset(w, 0, sizeof(*w));
	memset(req, 0, sizeof(*req));
	req->sdiag_family = AF_UNIX;
	req->udiag_cookie[0] = req->udiag_cookie[1] = ~0U;	/* any */
}

/* A process's pidfd, or -1: it pins the pid while its files are read. */
static int
pidfd_of(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

/* Whether a process has a descriptor of the socket; -1 if unreadable. */
static int
holds(pid_t pid, const char *link)
{
	char path[64], got[64];
	struct dirent *e;
	ssize_t n;
	DIR *d;
	int fd, found = 0;

	snprintf(path, sizeof(path), "/proc/%ld/fd", (long)pid);
	if ((d = opendir(path)) == NULL)
		return -1;
	fd = dirfd(d);
	while (!found && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' ||
		    (n = readlinkat(fd, e->d_name, got, sizeof(got) - 1)) <= 0)
			continue;
		got[n] = '\0';
		found = strcmp(got, link) == 0;
	}
	closedir(d);
	return found;
}

/* One process of /proc, counted if it holds the socket. */
static void
look_at(pid_t pid, const char *link, struct holders *h)
{
	struct holder one;
	int pidfd, held;

	if ((pidfd = pidfd_of(pid)) == -1)
		return;			/* gone already */
	held = holds(pid, link);
	one.pid = pid;
	if (held == 1 && process_command(pid, one.command,
	    sizeof(one.command)) == -1)
		one.command[0] = '\0';
	if (!pidfd_exited(pidfd)) {
		if (held == -1)
			h->hidden++;
		else if (held == 1 && h->n++ < HOLDERS_SHOWN)
			h->h[h->n - 1] = one;
	}
	close(pidfd);
}

static int
find_holders(struct holders *h)
{
	char link[48];
	struct dirent *e;
	char *end;
	long pid;
	DIR *d;

	if (!proc_is_ours()) {
		errno = ENODATA;
		return -1;
	}
	snprintf(link, sizeof(link), "socket:[%lu]", h->ino);
	if ((d = opendir("/proc")) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		pid = strtol(e->d_name, &end, 10);
		if (end != e->d_name && *end == '\0' && pid > 0)
			look_at((pid_t)pid, link, h);
	}
	closedir(d);
	return 0;
}

static int
lookup_failed(struct holders *h)
{
	h->err = errno;
	return -1;
}

/* The holders of the other end of a connected socket. */
int
holders_of_peer(int fd, struct holders *h)
{
	struct unix_diag_req req;
	struct diag_want w;
	struct stat st;

	lookup_start(h, &w, &req);
	if (fstat(fd, &st) == -1)
		return lookup_failed(h);
	req.udiag_ino = (uint32_t)st.st_ino;
	req.udiag_show = UDIAG_SHOW_PEER;
	if (diag_ask(&req, 0, &w) == -1)
		return lookup_failed(h);
	if (w.found == 0) {
		errno = ENOTCONN;
		return lookup_failed(h);
	}
	h->ino = w.found;
	return find_holders(h) == -1 ? lookup_failed(h) : 0;
}

/* The listening socket the request's answer matches, as h->ino. */
static int
find_listener(struct unix_diag_req *req, struct diag_want *w,
    struct holders *h)
{
	req->udiag_states = 1U << TCP_LISTEN_STATE;
	if (diag_ask(req, 1, w) == -1)
		return lookup_failed(h);
	if (w->found == 0) {
		errno = ECONNREFUSED;
		return lookup_failed(h);
	}
	h->ino = w->found;
	return find_holders(h) == -1 ? lookup_failed(h) : 0;
}

/*
 * The holders of the socket listening at a path: a file's, matched by
 * its device and inode, or an abstract name (its bytes, the leading NUL
 * included, as sun_path has them).
 */
int
holders_of_listener(const char *path, size_t len, int abstract,
    struct holders *h)
{
	struct unix_diag_req req;
	struct diag_want w;
	struct stat st;

	lookup_start(h, &w, &req);
	if (abstract) {
		w.name = path;
		w.namelen = len;
		req.udiag_show = UDIAG_SHOW_NAME;
		return find_listener(&req, &w, h);
	}
	if (stat(path, &st) == -1)
		return lookup_failed(h);
	w.vfs_ino = (unsigned long)st.st_ino;
	/* The kernel's own device number: major in the top 12 bits. */
	w.vfs_dev = ((unsigned long)major(st.st_dev) << 20) |
	    minor(st.st_dev);
	req.udiag_show = UDIAG_SHOW_VFS;
	return find_listener(&req, &w, h);
}
#elif defined(__NetBSD__)
#include <sys/param.h>
#include <sys/socket.h>
#include <sys/file.h>
#include <sys/sysctl.h>
#include <sys/time.h>

#include <stdlib.h>
#include <unistd.h>

/*
 * NetBSD: the kernel's lists of open files (kern.file2, every process's)
 * and of AF_LOCAL control blocks (net.local.TYPE.pcblist), tied together
 * by kernel addresses, which the kernel gives only where
 * security.expose_address allows: by default to every user on a kernel
 * without KASLR (NetBSD 11's MICROVM: uid 1000 saw them), to root alone
 * on one with it; to any other they are 0, and nothing can be said.  A process's name comes
 * from kern.proc2, and is kept only if the process started before the
 * file list was read: a pid that had passed to a newer process since
 * would name it.  The kernel leaves out, unsaid, the processes this one
 * may not see; root sees them all.
 */

static int
lookup_failed(struct holders *h)
{
	h->err = errno;
	return -1;
}

/* A sysctl list of elem-sized entries: mib's last is the count asked. */
static void *
sysctl_list(int *mib, u_int n, size_t elem, size_t *count)
{
	size_t len;
	void *buf = NULL, *nb;
	int tries;

	for (tries = 0; tries < 4; tries++) {
		mib[n - 1] = 0;
		if (sysctl(mib, n, NULL, &len, NULL, 0) == -1)
			break;
		len += 16 * elem;	/* lists grow between the calls */
		if ((nb = realloc(buf, len)) == NULL)
			break;
		buf = nb;
		mib[n - 1] = (int)(len / elem);
		if (sysctl(mib, n, buf, &len, NULL, 0) == 0) {
			*count = len / elem;
			return buf;
		}
		if (errno != ENOMEM)
			break;
	}
	free(buf);
	return NULL;
}

static struct kinfo_file *
files_of(pid_t pid, size_t *count)
{
	int mib[6] = { CTL_KERN, KERN_FILE2, KERN_FILE_BYPID, 0,
	    (int)sizeof(struct kinfo_file), 0 };

	mib[3] = (int)pid;
	return sysctl_list(mib, 6, sizeof(struct kinfo_file), count);
}

static struct kinfo_pcb *
pcbs_of(int type, size_t *count)
{
	const char *name = type == SOCK_STREAM ? "net.local.stream.pcblist" :
	    type == SOCK_SEQPACKET ? "net.local.seqpacket.pcblist" :
	    "net.local.dgram.pcblist";
	int mib[CTL_MAXNAME];
	size_t n = CTL_MAXNAME - 4;

	if (sysctlnametomib(name, mib, &n) == -1)
		return NULL;
	mib[n] = PCB_ALL;
	mib[n + 1] = 0;
	mib[n + 2] = (int)sizeof(struct kinfo_pcb);
	return sysctl_list(mib, (u_int)n + 4, sizeof(struct kinfo_pcb), count);
}

/* The socket (its kernel address) our descriptor fd refers to. */
static uint64_t
our_socket(int fd)
{
	struct kinfo_file *f;
	size_t i, n;
	uint64_t so = 0;

	if ((f = files_of(getpid(), &n)) == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (f[i].ki_fd == fd && f[i].ki_ftype == DTYPE_SOCKET)
			so = f[i].ki_fdata;
	free(f);
	return so;
}

/* The peer's socket and its inode, from the control blocks. */
static int
peer_socket(int type, uint64_t so, uint64_t *peer, unsigned long *ino)
{
	struct kinfo_pcb *p;
	uint64_t conn = 0;
	size_t i, n;

	if ((p = pcbs_of(type, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		if (p[i].ki_sockaddr == so)
			conn = p[i].ki_conn;
	for (i = 0, *peer = 0; conn != 0 && i < n; i++)
		if (p[i].ki_pcbaddr == conn) {
			*peer = p[i].ki_sockaddr;
			*ino = (unsigned long)p[i].ki_inode;
		}
	free(p);
	if (*peer == 0) {
		errno = ENOTCONN;
		return -1;
	}
	return 0;
}

/* A process's name, if it started before the moment given. */
static void
name_of(pid_t pid, const struct timeval *before, struct holder *one)
{
	int mib[6] = { CTL_KERN, KERN_PROC2, KERN_PROC_PID, 0,
	    (int)sizeof(struct kinfo_proc2), 1 };
	struct kinfo_proc2 kp;
	size_t len = sizeof(kp);

	mib[3] = (int)pid;
	one->pid = pid;
	one->command[0] = '\0';
	if (sysctl(mib, 6, &kp, &len, NULL, 0) == -1 || len != sizeof(kp) ||
	    kp.p_ustart_sec > (uint32_t)before->tv_sec ||
	    (kp.p_ustart_sec == (uint32_t)before->tv_sec &&
	    kp.p_ustart_usec >= (uint32_t)before->tv_usec))
		return;
	memcpy(one->command, kp.p_comm, sizeof(one->command) - 1);
	one->command[sizeof(one->command) - 1] = '\0';
}

/* The processes with a descriptor of the socket at kernel address so. */
static int
find_holders(uint64_t so, struct holders *h)
{
	struct kinfo_file *f;
	struct timeval before;
	size_t i, n;
	pid_t last = -1;

	(void)gettimeofday(&before, NULL);
	if ((f = files_of(-1, &n)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (f[i].ki_ftype != DTYPE_SOCKET || f[i].ki_fdata != so ||
		    (pid_t)f[i].ki_pid == last)
			continue;
		last = (pid_t)f[i].ki_pid;
		if (h->n++ < HOLDERS_SHOWN)
			name_of(last, &before, &h->h[h->n - 1]);
	}
	free(f);
	return 0;
}

/* The holders of the other end of a connected socket. */
int
holders_of_peer(int fd, struct holders *h)
{
	uint64_t so, peer;
	socklen_t len = sizeof(int);
	int type;

	memset(h, 0, sizeof(*h));
	h->looked = 1;
	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) == -1)
		return lookup_failed(h);
	/* 0: the kernel keeps its addresses from this process. */
	if ((so = our_socket(fd)) == 0) {
		errno = ENODATA;
		return lookup_failed(h);
	}
	if (peer_socket(type, so, &peer, &h->ino) == -1 ||
	    find_holders(peer, h) == -1)
		return lookup_failed(h);
	/* The kernel leaves out what it hides: none is not known then. */
	if (h->n == 0 && geteuid() != 0) {
		errno = ENODATA;
		return lookup_failed(h);
	}
	return 0;
}

/*
 * A listener at a path: its control block has an inode number of its own
 * (unp_ino), not its file's, so it could be told only by the name it was
 * bound at, which another socket may have had: not looked for.
 */
int
holders_of_listener(const char *path, size_t len, int abstract,
    struct holders *h)
{
	(void)path;
	(void)len;
	(void)abstract;
	memset(h, 0, sizeof(*h));
	h->looked = 1;
	h->err = errno = EFTYPE;
	return -1;
}
#else
int
holders_of_peer(int fd, struct holders *h)
{
	(void)fd;
	memset(h, 0, sizeof(*h));
	h->looked = 1;
	h->err = errno = ENOTSUP;
	return -1;
}

int
holders_of_listener(const char *path, size_t len, int abstract,
    struct holders *h)
{
	(void)path;
	(void)len;
	(void)abstract;
	return holders_of_peer(-1, h);
}
#endif

/*
 * Whether the socket is held, and none of its holders is pid: where every
 * holder is known (none hidden while pid may still run, none past those
 * named).
 */
int
holders_other_than(const struct holders *h, pid_t pid, int running)
{
	int i;

	if (h->err != 0 || h->n == 0 || h->n > HOLDERS_SHOWN ||
	    (running && h->hidden > 0))
		return 0;
	for (i = 0; i < h->n; i++)
		if (h->h[i].pid == pid)
			return 0;
	return 1;
}
