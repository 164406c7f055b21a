/* SPDX-License-Identifier: ISC */
/*
 * Linux pidfds, shared by SO_PEERPIDFD and SCM_PIDFD: the pid a pidfd
 * refers to, read from the "Pid:" line of its procfs fdinfo entry.  A pid
 * found this way names a process that the descriptor still pins, so it
 * cannot have been reused.
 */

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "credcheck.h"

#ifdef __linux__
int
pidfd_pid(int pidfd, pid_t *pid)
{
	char path[64], line[128];
	FILE *fp;
	long v;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", pidfd);
	if ((fp = fopen(path, "r")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), fp) != NULL)
		found = sscanf(line, "Pid: %ld", &v) == 1;
	fclose(fp);
	if (!found) {
		errno = ENOTSUP;
		return -1;
	}
	/* -1: the process has exited; 0: it is outside our pid namespace. */
	if (v <= 0) {
		errno = v == 0 ? ENODATA : ESRCH;
		return -1;
	}
	*pid = (pid_t)v;
	return 0;
}
#endif
