/* SPDX-License-Identifier: ISC */
/*
 * Linux's own helpers (linux.c): the overflow ids the kernel puts where it
 * has no id to give, and pidfds, which SO_PEERPIDFD and SCM_PIDFD hand out.
 */

#ifndef LINUX_H
#define LINUX_H

#include <sys/types.h>

#include "peercred.h"

uid_t	 overflow_uid(void);
gid_t	 overflow_gid(void);

#ifdef __linux__
int	 pidfd_take(int, struct peercred *);
int	 pidfd_fdinfo_pid(int, pid_t *);	/* before Linux 6.13 */
int	 process_command(pid_t, char *, size_t);
int	 proc_is_ours(void);
int	 pidfd_exited(int);
int	 self_label(struct peercred *);
#endif

#endif /* LINUX_H */
