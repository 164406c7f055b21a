/* SPDX-License-Identifier: ISC */
/*
 * The mechanism table.  Its order is the order of preference when several
 * mechanisms give the same field: connect-time snapshots first, as they
 * cannot be steered by what the peer writes, then per-message credentials.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <string.h>

#include "credcheck.h"

extern const struct mech mech_so_peercred;
extern const struct mech mech_so_peergroups;
extern const struct mech mech_so_peerpidfd;
extern const struct mech mech_getpeereid;
extern const struct mech mech_scm_credentials;
extern const struct mech mech_scm_pidfd;

const struct mech *const mech_table[] = {
	&mech_so_peercred,
	&mech_so_peergroups,
	&mech_so_peerpidfd,
	&mech_getpeereid,
	&mech_scm_credentials,
	&mech_scm_pidfd,
};
const size_t mech_count = sizeof(mech_table) / sizeof(mech_table[0]);

/* struct exchange has room for MECH_MAX results. */
typedef char mech_table_fits[
    sizeof(mech_table) / sizeof(mech_table[0]) <= MECH_MAX ? 1 : -1];

int
mech_supported(const struct mech *m)
{
	return m->query != NULL || m->parse != NULL;
}

/* Control buffer room for every message a receiver may be sent. */
size_t
mech_cmsg_space(void)
{
	size_t i, space = 0;

	for (i = 0; i < mech_count; i++)
		if (mech_table[i]->parse != NULL)
			space += mech_table[i]->cmsg_space;
	return space;
}

size_t
mech_send_space(void)
{
	size_t i, space = 0;

	for (i = 0; i < mech_count; i++)
		if (mech_table[i]->attach != NULL)
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

/* The index of the mechanism that parses this control message, or -1. */
int
mech_for_cmsg(int level, int type)
{
	size_t i;

	for (i = 0; i < mech_count; i++)
		if (mech_table[i]->parse != NULL &&
		    mech_table[i]->cmsg_level == level &&
		    mech_table[i]->cmsg_type == type)
			return (int)i;
	return -1;
}
