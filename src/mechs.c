/* SPDX-License-Identifier: ISC */
/*
 * The mechanism table.  Its order is the order of preference when several
 * mechanisms give the same field: connect-time snapshots first, as they
 * cannot be steered by what the peer writes, then per-message credentials.
 * mech_init() keeps those this system has, and getpeereid, whose presence
 * depends on the C library, so that its absence is reported.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <string.h>

#include "mech.h"
#include "mechs.h"

#if !defined(SO_PEERCRED) && !defined(LOCAL_PEERCRED) && \
    !defined(LOCAL_PEEREID) && !defined(LOCAL_CREDS) && !defined(__sun)
#error "credcheck knows no peer credential mechanism of this system: \
none of SO_PEERCRED, LOCAL_PEERCRED, LOCAL_PEEREID, LOCAL_CREDS or \
getpeerucred(3C) is declared"
#endif

extern const struct mech mech_so_peercred;
extern const struct mech mech_so_peergroups;
extern const struct mech mech_so_peerpidfd;
extern const struct mech mech_so_peersec;
extern const struct mech mech_local_peercred;
extern const struct mech mech_local_peereid;
extern const struct mech mech_local_peerpid;
extern const struct mech mech_getpeerucred;
extern const struct mech mech_getpeereid;
extern const struct mech mech_scm_credentials;
extern const struct mech mech_scm_pidfd;
extern const struct mech mech_local_creds;
extern const struct mech mech_local_creds_persistent;
extern const struct mech mech_cmsgcred;

static const struct mech *const known[] = {
	&mech_so_peercred,
	&mech_so_peergroups,
	&mech_so_peerpidfd,
	&mech_so_peersec,
	&mech_local_peercred,
	&mech_local_peereid,
	&mech_getpeerucred,
	&mech_local_peerpid,
	&mech_getpeereid,
	&mech_scm_credentials,
	&mech_scm_pidfd,
	&mech_local_creds,
	&mech_local_creds_persistent,
	&mech_cmsgcred,
};

const struct mech *mech_table[MECH_MAX];
size_t mech_count;
unsigned mech_connect_fields;	/* what the connect-time ones can give */

/*
 * Control buffer room for every message a receiver may be sent, and for
 * every one a sender attaches.  A mechanism this system lacks has no room
 * of either kind.
 */
static size_t
mech_cmsg_space(void)
{
	size_t i, space = 0;

	for (i = 0; i < mech_count; i++)
		space += mech_table[i]->cmsg_space;
	return space;
}

int
mech_supported(const struct mech *m)
{
	return m->query != NULL || m->parse != NULL;
}

int
mech_init(void)
{
	size_t i;

	mech_count = 0;
	mech_connect_fields = 0;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (!mech_supported(known[i]) && !known[i]->listed)
			continue;
		if (mech_count == MECH_MAX) {
			errno = ENOBUFS;
			return -1;
		}
		mech_table[mech_count++] = known[i];
		if (known[i]->query != NULL)
			mech_connect_fields |= known[i]->fields;
	}
	/* Every control message this system may send must fit at once. */
	if (mech_cmsg_space() > MECH_CTL_ROOM) {
		errno = ENOBUFS;
		return -1;
	}
	return 0;
}

size_t
mech_send_space(void)
{
	size_t i, space = 0;

	for (i = 0; i < mech_count; i++)
		space += mech_table[i]->send_space;
	return space;
}

/* Lay out every sender-side control message in buf, of mech_send_space(). */
void
mech_attach_all(void *buf, size_t size)
{
	unsigned char *p = buf;
	size_t i;

	memset(buf, 0, size);
	for (i = 0; i < mech_count; i++) {
		if (mech_table[i]->attach == NULL)
			continue;
		mech_table[i]->attach((struct cmsghdr *)(void *)p);
		p += mech_table[i]->send_space;
	}
}
