/* SPDX-License-Identifier: ISC */
/*
 * Linux's own helpers.
 *
 * The overflow ids: where the kernel has no id to give (an id not mapped
 * into the receiver's user namespace, a message sent before the receiver
 * asked for credentials) it puts kernel.overflowuid and overflowgid,
 * 65534 unless changed.  Elsewhere the files are absent and the default
 * stands; only SCM_CREDENTIALS asks.
 *
 * Pidfds, shared by SO_PEERPIDFD and SCM_PIDFD: the pid a pidfd refers
 * to.  A pid found this way names a process that the descriptor still
 * pins, so it cannot have been reused.  Linux 6.13 and later answer the
 * PIDFD_GET_INFO ioctl; older kernels print a "Pid:" line in the pidfd's
 * /proc/self/fdinfo entry.  Debian 12's headers have neither the ioctl
 * nor its struct, so both are spelled out here as the kernel's uapi
 * header gives them (64 bytes, version 0).
 */

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "layouts.h"
#include "linux.h"
#include "now.h"
#include "peercred.h"

#define OVERFLOW_DEFAULT	65534

/* The kernel.overflowuid or overflowgid sysctl, read once. */
static unsigned long
overflow_id(const char *path, unsigned long *cache)
{
	char line[32], *end;
	unsigned long id;
	FILE *fp;

	if (*cache != 0)
		return *cache;
	*cache = OVERFLOW_DEFAULT;
	if ((fp = fopen(path, "r")) == NULL)
		return *cache;
	if (fgets(line, sizeof(line), fp) != NULL) {
		errno = 0;
		id = strtoul(line, &end, 10);
		if (errno == 0 && end != line && (*end == '\n' || *end == '\0'))
			*cache = id;
	}
	(void)fclose(fp);
	return *cache;
}

/* The ids Linux puts where it has none to give (65534 unless changed). */
uid_t
overflow_uid(void)
{
	static unsigned long id;

	return (uid_t)overflow_id("/proc/sys/kernel/overflowuid", &id);
}

gid_t
overflow_gid(void)
{
	static unsigned long id;

	return (gid_t)overflow_id("/proc/sys/kernel/overflowgid", &id);
}

#ifdef __linux__
#include <sys/ioctl.h>
#include <poll.h>
#include <stdint.h>

struct pidfd_info_v0 {
	uint64_t	mask;
	uint64_t	cgroupid;
	uint32_t	pid, tgid, ppid;
	uint32_t	ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
	uint32_t	spare0;
};
#define PIDFD_INFO_PID_BIT	1ULL
#define PIDFD_GET_INFO_V0	_IOWR(0xFF, 11, struct pidfd_info_v0)

CC_ASSERT(sizeof(struct pidfd_info_v0) == 64, pidfd_info_v0_size);

/*
 * 1 and *pid on success, 0 if the kernel lacks the ioctl or cannot say
 * why it has no pid (ESRCH: exited, or outside our pid namespace, which
 * fdinfo tells apart), -1 on error.
 */
static int
pid_by_ioctl(int pidfd, pid_t *pid)
{
	struct pidfd_info_v0 info;

	memset(&info, 0, sizeof(info));
	info.mask = PIDFD_INFO_PID_BIT;
	if (ioctl(pidfd, PIDFD_GET_INFO_V0, &info) == -1) {
#ifdef EREMOTE
		/* The process is outside our pid namespace. */
		if (errno == EREMOTE) {
			errno = ENODATA;
			return -1;
		}
#endif
		return errno == ENOTTY || errno == EINVAL || errno == ESRCH ?
		    0 : -1;
	}
	if (!(info.mask & PIDFD_INFO_PID_BIT) || info.pid == 0) {
		errno = ENODATA;
		return -1;
	}
	*pid = (pid_t)info.pid;
	return 1;
}

int
pidfd_fdinfo_pid(int pidfd, pid_t *pid)
{
	char path[64], buf[1024], *p;
	ssize_t n;
	long v;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n == -1)
		return -1;
	buf[n] = '\0';
	for (p = buf; p != NULL; p = (p = strchr(p, '\n')) ? p + 1 : NULL)
		if (strncmp(p, "Pid:", 4) == 0)
			break;
	if (p == NULL) {
		errno = ENOTSUP;
		return -1;
	}
	/* -1: the process has exited; 0: it is outside our pid namespace. */
	if ((v = strtol(p + 4, NULL, 10)) <= 0) {
		errno = v == 0 ? ENODATA : ESRCH;
		return -1;
	}
	*pid = (pid_t)v;
	return 0;
}

static int
pidfd_pid(int pidfd, pid_t *pid)
{
	int rc;

	if ((rc = pid_by_ioctl(pidfd, pid)) != 0)
		return rc == 1 ? 0 : -1;
	return pidfd_fdinfo_pid(pidfd, pid);
}

/* Whether the process of a pidfd has exited: the pidfd reads then. */
int
pidfd_exited(int pidfd)
{
	struct pollfd pfd;

	pfd.fd = pidfd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

/*
 * Whether /proc numbers processes as we do.  A process in a pid namespace
 * of its own may see the parent's /proc, where its pid is another's.
 * Asked once.
 */
int
proc_is_ours(void)
{
	static int ours = -1;
	char link[32];
	ssize_t n;

	if (ours == -1) {
		n = readlink("/proc/self", link, sizeof(link) - 1);
		ours = n > 0 && (link[n] = '\0',
		    strtol(link, NULL, 10) == (long)getpid());
	}
	return ours;
}

/*
 * A process's command name, as /proc has it; -1 (ESRCH) if it cannot be
 * read, or if /proc is another pid namespace's.
 */
int
process_command(pid_t pid, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	if (!proc_is_ours()) {
		errno = ESRCH;
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/*
 * This process's own security label, as its module gives it to the
 * process itself (/proc/self/attr/current, with a newline or a NUL at the
 * end); -1 where no module gives one.
 */
int
self_label(struct peercred *pc)
{
	char label[PC_LABEL_MAX];
	ssize_t n;
	int fd;

	if ((fd = open("/proc/self/attr/current", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, label, sizeof(label));
	close(fd);
	if (n <= 0)
		return -1;
	while (n > 0 && (label[n - 1] == '\n' || label[n - 1] == '\0'))
		n--;
	return peercred_set_label(pc, label, (size_t)n);
}

/*
 * The process as it is now, by pid; with no pid to read it by (outside
 * our pid namespace, or a /proc of another), only what the pidfd itself
 * says.  Out of memory, nothing.
 */
static void
read_now(int pidfd, pid_t pid, struct peercred *pc)
{
	now_free(pc->now);
	if (pid > 0 && proc_is_ours())
		pc->now = now_read(pidfd, pid);
	else if ((pc->now = now_new(ENODATA)) != NULL &&
	    now_read_pidfs(pidfd, pc->now) == -1)
		pc->now->err[NOW_PIDFS] = errno;
}

/*
 * What was read by pid, once the process has gone: it may be a later
 * process's.  The pidfs inode is the pidfd's own, and stays.
 */
static void
forget_now(struct peercred *pc)
{
	unsigned long long pidfs;
	int known;

	if (pc->now == NULL)
		return;
	known = (pc->now->known & NOW_BIT(NOW_PIDFS)) != 0;
	pidfs = pc->now->pidfs;
	now_fail(pc->now, ESRCH);
	if (known) {
		pc->now->pidfs = pidfs;
		pc->now->known |= NOW_BIT(NOW_PIDFS);
	}
}

/*
 * Whether the process still runs, and its name.  The name is read by pid
 * and kept only if the pidfd then shows the process still running: a pid
 * is not reused before its process is gone, so the name cannot be one
 * that a later process lent it.
 */
static void
describe(int pidfd, pid_t pid, struct peercred *pc)
{
	char command[PC_COMMAND_MAX];
	int named;

	named = pid > 0 && process_command(pid, command, sizeof(command)) == 0;
	if (now_asked())
		read_now(pidfd, pid, pc);
	if (pidfd_exited(pidfd)) {
		peercred_set_alive(pc, 0, NULL);
		forget_now(pc);
	} else
		peercred_set_alive(pc, 1, named ? command : NULL);
}

/*
 * The pid of a pidfd we were given, whether its process runs and its
 * name, into pc; the pidfd is closed.  A process outside our pid
 * namespace has a pid we cannot name: not visible, which is an answer,
 * not an error; so is a process that has exited.
 */
int
pidfd_take(int pidfd, struct peercred *pc)
{
	pid_t pid = 0;
	int rc, save;

	/* Seeded with the pid, the pidfd need only say how it fares. */
	if (pc->known & PC_BIT(PC_PID)) {
		pid = (pid_t)pc->id[PC_PID];
		rc = 0;
	} else if ((rc = pidfd_pid(pidfd, &pid)) == 0)
		peercred_set_pid(pc, pid);
	else if (errno == ENODATA)
		peercred_pid_not_visible(pc);
	if (rc == 0 || errno == ENODATA || errno == ESRCH) {
		describe(pidfd, pid, pc);
		rc = 0;
	}
	save = errno;
	close(pidfd);
	errno = save;
	return rc;
}
#endif
