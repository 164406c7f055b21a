/* SPDX-License-Identifier: ISC */
/*
 * The sockcred structures, as NetBSD and FreeBSD lay them out, parsed from
 * their bytes on any system (so that the unit tests feed every layout):
 * struct sockcred of LOCAL_CREDS (mech_local_creds.c) and struct sockcred2
 * of FreeBSD's LOCAL_CREDS_PERSISTENT (mech_local_creds_persistent.c),
 * which after its version is NetBSD 8's sockcred.
 */

#include <sys/types.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "layouts.h"
#include "peercred.h"

#define SOCKCRED2_VERSION	0
#define SOCKCRED2_GROUPS_CAP	16	/* FreeBSD's CMGROUP_MAX */

/*
 * Past its version, a sockcred2 is laid out as NetBSD 8's sockcred: pid,
 * ids, then the groups.  So the version is checked here and the rest is
 * parse_sockcred()'s.
 */
CC_ASSERT(offsetof(struct l_sockcred2, sc_groups) - sizeof(int) ==
    offsetof(struct l_sockcred_pid, sc_groups), sockcred2_tail);
CC_ASSERT(offsetof(struct l_sockcred2, sc_pid) == sizeof(int),
    sockcred2_pid_first);

int
parse_sockcred2(const void *data, size_t len, int lead_egid,
    struct peercred *pc)
{
	int version;

	if (len < sizeof(version)) {
		errno = EPROTO;
		return -1;
	}
	memcpy(&version, data, sizeof(version));
	if (version != SOCKCRED2_VERSION) {
		errno = EPROTO;
		return -1;
	}
	return parse_sockcred((const unsigned char *)data + sizeof(version),
	    len - sizeof(version), 1, SOCKCRED2_GROUPS_CAP, lead_egid, pc);
}

/*
 * The fixed part, then sc_ngroups groups; with_pid for NetBSD 8's layout,
 * cap for the most groups the system passes (0: no limit), lead_egid
 * where the list begins with the effective gid (FreeBSD before 15), which
 * is then not a supplementary group.
 */
int
parse_sockcred(const void *data, size_t len, int with_pid, int cap,
    int lead_egid, struct peercred *pc)
{
	size_t skip;
	struct l_sockcred_pid sc;
	size_t head = with_pid ? offsetof(struct l_sockcred_pid, sc_groups) :
	    offsetof(struct l_sockcred, sc_groups);
	const unsigned char *p = data;

	if (len < head) {
		errno = EPROTO;
		return -1;
	}
	memset(&sc, 0, sizeof(sc));
	/* Without a pid the same fields come one pid_t earlier. */
	memcpy((char *)&sc + (with_pid ? 0 :
	    offsetof(struct l_sockcred_pid, sc_uid)), p, head);
	if (sc.sc_ngroups < 0 ||
	    (size_t)sc.sc_ngroups > (len - head) / sizeof(gid_t)) {
		errno = EPROTO;
		return -1;
	}
	skip = lead_egid && sc.sc_ngroups > 0 ? 1 : 0;
	if (peercred_set_groups(pc, p + head + skip * sizeof(gid_t),
	    sc.sc_ngroups - (int)skip) == -1)
		return -1;
	pc->groups_capped = cap > 0 && sc.sc_ngroups >= cap;
	if (with_pid)
		peercred_set_pid(pc, sc.sc_pid);
	peercred_set(pc, PC_UID, sc.sc_uid);
	peercred_set(pc, PC_EUID, sc.sc_euid);
	peercred_set(pc, PC_GID, sc.sc_gid);
	peercred_set(pc, PC_EGID, sc.sc_egid);
	return 0;
}
