/* SPDX-License-Identifier: ISC */
/*
 * The peer as it is now, read on Linux from /proc by pid.  The caller
 * holds a pidfd of the process and keeps what was read only if the pidfd
 * shows the process running afterwards: a pid is not reused while its
 * process runs, so nothing read here can be a later process's.
 *
 * /proc gives ids in the reader's user namespace, with the overflow id
 * for one it does not map: ns_classify() tells those apart, as it does
 * the kernel's other answers.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "now.h"

#ifdef __linux__
#include <sys/vfs.h>
#include <sys/fsuid.h>

#define PIDFS_MAGIC	0x50494446	/* "PIDF": Linux 6.9's pidfs */
#define STATUS_MAX	(1 << 20)	/* 65536 groups fit */

/*
 * A whole /proc file, NUL-terminated, in *out (malloc(3)ed); its length,
 * or -1.  Larger than max is EFBIG.
 */
static ssize_t
read_whole(const char *path, size_t max, char **out)
{
	size_t len = 0, size = 4096;
	char *b = NULL, *nb;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	for (;;) {
		if (b == NULL || len + 1 == size) {
			if (b != NULL)
				size *= 2;
			if (size > max + 1 || (nb = realloc(b, size)) == NULL) {
				errno = size > max + 1 ? EFBIG : ENOMEM;
				break;
			}
			b = nb;
		}
		if ((n = read(fd, b + len, size - len - 1)) <= 0) {
			if (n == -1)
				break;
			close(fd);
			b[len] = '\0';
			*out = b;
			return (ssize_t)len;
		}
		len += (size_t)n;
	}
	n = errno;
	close(fd);
	free(b);
	errno = (int)n;
	return -1;
}

/* The line of text that starts with key, past the key; NULL if none. */
static const char *
line_of(const char *text, const char *key)
{
	size_t k = strlen(key);
	const char *p;

	for (p = text; p != NULL; p = (p = strchr(p, '\n')) ? p + 1 : NULL)
		if (strncmp(p, key, k) == 0)
			return p + k;
	return NULL;
}

/* The cgroup v2 path: the "0::" line.  A v1-only system has none. */
static int
read_cgroup(pid_t pid, struct pnow *n)
{
	char path[64], *text;
	const char *line;
	int rc = -1;

	snprintf(path, sizeof(path), "/proc/%ld/cgroup", (long)pid);
	if (read_whole(path, 65536, &text) == -1)
		return -1;
	if ((line = line_of(text, "0::")) == NULL)
		errno = ENOMSG;
	else
		rc = now_set_text(n, NOW_CGROUP, line, strcspn(line, "\n"));
	free(text);
	return rc;
}

static int
read_exe(pid_t pid, struct pnow *n)
{
	char path[64], exe[PATH_MAX + 1];
	ssize_t len;

	snprintf(path, sizeof(path), "/proc/%ld/exe", (long)pid);
	if ((len = readlink(path, exe, sizeof(exe))) == -1)
		return -1;
	if ((size_t)len == sizeof(exe)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return now_set_text(n, NOW_EXE, exe, (size_t)len);
}

/* Four ids after a key of /proc/PID/status; -1 (EPROTO) if they are not. */
static int
four_ids(const char *text, const char *key, uint32_t *ids)
{
	const char *p;
	char *end;
	unsigned long v;
	int i;

	if ((p = line_of(text, key)) == NULL) {
		errno = EPROTO;
		return -1;
	}
	for (i = 0; i < NOW_NIDS; i++, p = end) {
		errno = 0;
		v = strtoul(p, &end, 10);
		if (errno != 0 || end == p || v > 0xffffffffUL) {
			errno = EPROTO;
			return -1;
		}
		ids[i] = (uint32_t)v;
	}
	return 0;
}

/* The "Groups:" line's list. */
static int
groups_line(const char *text, struct pnow *n)
{
	const char *p;
	char *end;
	unsigned long v;
	size_t cap;

	if ((p = line_of(text, "Groups:")) == NULL) {
		errno = EPROTO;
		return -1;
	}
	cap = strcspn(p, "\n") / 2 + 1;	/* each at least a digit and a space */
	if ((n->groups = calloc(cap, sizeof(gid_t))) == NULL)
		return -1;
	for (;; p = end) {
		errno = 0;
		v = strtoul(p, &end, 10);
		if (end == p || *p == '\n')
			return 0;
		if (errno != 0 || v > 0xffffffffUL || (size_t)n->ngroups == cap) {
			errno = EPROTO;
			return -1;
		}
		n->groups[n->ngroups++] = (gid_t)v;
	}
}

static int
read_status(pid_t pid, struct pnow *n)
{
	char path[64], *text;
	int rc;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	if (read_whole(path, STATUS_MAX, &text) == -1)
		return -1;
	rc = four_ids(text, "Uid:", n->uid) == -1 ||
	    four_ids(text, "Gid:", n->gid) == -1 ||
	    groups_line(text, n) == -1 ? -1 : 0;
	free(text);
	if (rc == 0)
		n->known |= NOW_BIT(NOW_IDS);
	return rc;
}

/*
 * The pidfd's inode, where pidfs gives each process its own (Linux 6.9
 * and later); before, every pidfd shares one anonymous inode.
 */
int
now_read_pidfs(int pidfd, struct pnow *n)
{
	struct statfs sfs;
	struct stat st;

	if (fstatfs(pidfd, &sfs) == -1 || fstat(pidfd, &st) == -1)
		return -1;
	if ((unsigned long)sfs.f_type != PIDFS_MAGIC) {
		errno = ENOTSUP;
		return -1;
	}
	n->pidfs = (unsigned long long)st.st_ino;
	n->known |= NOW_BIT(NOW_PIDFS);
	return 0;
}

/* Each field read, or its reason kept. */
static void
now_read_fields(int pidfd, pid_t pid, struct pnow *n)
{
	if (read_cgroup(pid, n) == -1)
		n->err[NOW_CGROUP] = errno;
	if (read_exe(pid, n) == -1)
		n->err[NOW_EXE] = errno;
	if (read_status(pid, n) == -1)
		n->err[NOW_IDS] = errno;
	if (now_read_pidfs(pidfd, n) == -1)
		n->err[NOW_PIDFS] = errno;
}

/*
 * The process of pid as it is now, read by pid through /proc; the caller
 * checks the pidfd afterwards.  NULL out of memory.
 */
struct pnow *
now_read(int pidfd, pid_t pid)
{
	struct pnow *n;

	if ((n = now_new(0)) == NULL)
		return NULL;
	now_read_fields(pidfd, pid, n);
	return n;
}

/*
 * What this process knows of itself, as a forked sender would: its
 * cgroup and executable as /proc/self has them, its ids from the system
 * calls.  (Its pidfs inode is not asked: the sender is another process.)
 */
struct pnow *
now_self(void)
{
	struct pnow *n;
	uid_t u[3];
	gid_t g[3];
	int i;

	if ((n = now_new(ENOTSUP)) == NULL)
		return NULL;
	(void)read_cgroup(getpid(), n);
	(void)read_exe(getpid(), n);
	if (getresuid(&u[0], &u[1], &u[2]) == -1 ||
	    getresgid(&g[0], &g[1], &g[2]) == -1)
		return n;
	for (i = 0; i < 3; i++) {
		n->uid[i] = (uint32_t)u[i];
		n->gid[i] = (uint32_t)g[i];
	}
	/* setfsuid(2) with an id it refuses answers the current one. */
	n->uid[NOW_FS] = (uint32_t)setfsuid((uid_t)-1);
	n->gid[NOW_FS] = (uint32_t)setfsgid((gid_t)-1);
	if ((i = getgroups(0, NULL)) == -1 ||
	    (n->groups = calloc((size_t)i + 1, sizeof(gid_t))) == NULL ||
	    (n->ngroups = getgroups(i, n->groups)) == -1) {
		n->ngroups = 0;
		return n;
	}
	n->known |= NOW_BIT(NOW_IDS);
	return n;
}
#else
struct pnow *
now_self(void)
{
	return now_new(ENOTSUP);
}
#endif
