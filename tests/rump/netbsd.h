/* SPDX-License-Identifier: ISC */
/*
 * Included before every source file of the rump build (make check-rump):
 * credcheck compiled on Linux as if for NetBSD.  Linux's own mechanisms
 * are hidden, and NetBSD's names, values and structures from <sys/un.h>,
 * <sys/socket.h> and <limits.h> take their place, so that the #ifdefs of
 * the mech_*.c files choose NetBSD's code.  The system calls that code
 * makes go to a rump kernel (NetBSD's own kernel code) through
 * tests/rump/shim.c, which translates the few structures whose layout
 * differs between the two systems.
 */

#ifndef CREDCHECK_RUMP_NETBSD_H
#define CREDCHECK_RUMP_NETBSD_H

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <limits.h>

/*
 * Linux's O_PATH: NetBSD has none (replyto.c then opens directories
 * O_RDONLY), and the rump kernel of 2016 no O_SEARCH either.
 */
#include <fcntl.h>
#undef O_PATH

/* Linux's: none of these exist on NetBSD. */
#undef SO_PEERCRED
#undef SO_PASSCRED
#undef SCM_CREDENTIALS
#undef SO_PEERGROUPS
#undef SO_PEERPIDFD
#undef SO_PEERSEC
#undef SO_PASSPIDFD
#undef SCM_PIDFD
#undef SO_PASSRIGHTS
#undef SOL_LOCAL

/* NetBSD <sys/un.h>: options at level 0 (NetBSD 8 renumbered LOCAL_CREDS). */
#define LOCAL_OCREDS	0x0001
#define LOCAL_CONNWAIT	0x0002
#define LOCAL_PEEREID	0x0003
#define LOCAL_CREDS	0x0004

struct unpcbid {
	pid_t	unp_pid;
	uid_t	unp_euid;
	gid_t	unp_egid;
};

/* NetBSD <sys/socket.h>; the shim carries the type across unchanged. */
#define SCM_CREDS	0x10

struct sockcred {
	pid_t	sc_pid;
	uid_t	sc_uid;
	uid_t	sc_euid;
	gid_t	sc_gid;
	gid_t	sc_egid;
	int	sc_ngroups;
	gid_t	sc_groups[1];
};

#define SOCKCREDSIZE(ngrps) \
	(sizeof(struct sockcred) + (sizeof(gid_t) * \
	    ((ngrps) ? ((ngrps) - 1) : 0)))

/* NetBSD <sys/syslimits.h>: the room a sockcred's groups may need. */
#undef NGROUPS_MAX
#define NGROUPS_MAX	16

#endif /* CREDCHECK_RUMP_NETBSD_H */
