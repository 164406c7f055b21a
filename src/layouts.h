/* SPDX-License-Identifier: ISC */
/*
 * The credential structures of each system, as their bytes are laid out.
 * The parsers read these, so that they compile, and are tested with byte
 * buffers, on every system; on the system that owns a structure its
 * mechanism file checks, at compile time, that this copy matches the
 * system header field by field.  Field names and order are the systems'
 * own (see docs: NetBSD and FreeBSD <sys/socket.h> and <sys/ucred.h>,
 * NetBSD <sys/un.h>, OpenBSD <sys/socket.h>).
 */

#ifndef CREDCHECK_LAYOUTS_H
#define CREDCHECK_LAYOUTS_H

#include <sys/types.h>

#include <stddef.h>

/* A compile-time check, in C99. */
#define CC_ASSERT(cond, name)	typedef char cc_assert_##name[(cond) ? 1 : -1]

/* At most this many groups in the fixed-size structures. */
#define L_NGROUPS	16

/* FreeBSD LOCAL_CREDS, and NetBSD before 8: no pid. */
struct l_sockcred {
	uid_t	sc_uid;
	uid_t	sc_euid;
	gid_t	sc_gid;
	gid_t	sc_egid;
	int	sc_ngroups;
	gid_t	sc_groups[1];
};

/* NetBSD 8 and later: a pid first. */
struct l_sockcred_pid {
	pid_t	sc_pid;
	uid_t	sc_uid;
	uid_t	sc_euid;
	gid_t	sc_gid;
	gid_t	sc_egid;
	int	sc_ngroups;
	gid_t	sc_groups[1];
};

/* FreeBSD 13 LOCAL_CREDS_PERSISTENT, as SCM_CREDS2. */
struct l_sockcred2 {
	int	sc_version;
	pid_t	sc_pid;
	uid_t	sc_uid;
	uid_t	sc_euid;
	gid_t	sc_gid;
	gid_t	sc_egid;
	int	sc_ngroups;
	gid_t	sc_groups[1];
};

/* FreeBSD and DragonFly: what a sender attaches as SCM_CREDS. */
struct l_cmsgcred {
	pid_t	cmcred_pid;
	uid_t	cmcred_uid;
	uid_t	cmcred_euid;
	gid_t	cmcred_gid;
	short	cmcred_ngroups;
	gid_t	cmcred_groups[L_NGROUPS];
};

/*
 * LOCAL_PEERCRED.  FreeBSD and DragonFly end with a pointer-sized union,
 * which holds cr_pid on FreeBSD 13 and later; macOS stops at the groups.
 */
struct l_xucred {
	unsigned int	cr_version;
	uid_t		cr_uid;
	short		cr_ngroups;
	gid_t		cr_groups[L_NGROUPS];
	union {
		void	*cr_unused1;
		pid_t	 cr_pid;
	} cr_tail;
};
#define L_XUCRED_VERSION	0
#define L_XUCRED_GROUPS_END	offsetof(struct l_xucred, cr_tail)

/* NetBSD LOCAL_PEEREID. */
struct l_unpcbid {
	pid_t	unp_pid;
	uid_t	unp_euid;
	gid_t	unp_egid;
};

/* OpenBSD SO_PEERCRED: not Linux's order. */
struct l_sockpeercred {
	uid_t	uid;
	gid_t	gid;
	pid_t	pid;
};

/* Linux struct ucred, of SO_PEERCRED and SCM_CREDENTIALS. */
struct l_ucred {
	pid_t	pid;
	uid_t	uid;
	gid_t	gid;
};

/*
 * The parsers: bytes as the kernel gave them, and their length, to the
 * fields of a struct peercred.  Each returns -1 with EPROTO when the
 * length does not fit the structure it claims to be.  Groups are the
 * supplementary groups: an effective gid that a layout puts first in its
 * list is taken out of it.
 */
struct peercred;
int	 parse_sockcred(const void *, size_t, int, int, int,
	    struct peercred *);
int	 parse_sockcred2(const void *, size_t, int, struct peercred *);
int	 parse_cmsgcred(const void *, size_t, struct peercred *);
int	 parse_xucred(const void *, size_t, int, struct peercred *);
int	 parse_unpcbid(const void *, size_t, struct peercred *);
int	 parse_sockpeercred(const void *, size_t, struct peercred *);
int	 parse_ucred_peer(const void *, size_t, struct peercred *);
int	 parse_ucred_message(const void *, size_t, struct peercred *);

#endif /* CREDCHECK_LAYOUTS_H */
