/* SPDX-License-Identifier: ISC */
/*
 * Whether a peer is who it must be.  Only the connect-time effective ids
 * are asked (SO_PEERCRED, LOCAL_PEERCRED, getpeereid): the kernel took
 * them when the peer connected or listened, so the peer cannot choose
 * them, and they are known before a byte is exchanged.  The ids a sender
 * attaches to a message are its choice among its own (credcheck(1)).
 */

#include <sys/types.h>

#include <stdio.h>

#include "expect.h"
#include "names.h"

/* "1000 (alice)", or the number alone with -n or without a name. */
static void
describe(char *buf, size_t size, enum field_kind kind, uint32_t id,
    int numeric)
{
	const char *name = numeric ? NULL : names_id(kind, id);

	if (name != NULL)
		snprintf(buf, size, "%lu (%s)", (unsigned long)id, name);
	else
		snprintf(buf, size, "%lu", (unsigned long)id);
}

/* One id against what it must be; the reason in why if it is not. */
static int
check_one(const struct peercred *pc, enum pc_field f, uint32_t want,
    const char *who, const struct expect *e, char *why, size_t size)
{
	char have[96], must[96];

	describe(must, sizeof(must), field_table[f].kind, want, e->numeric);
	if (!(pc->known & PC_BIT(f)) || (pc->ambiguous & PC_BIT(f)) ||
	    pc->captured[f] != CAPTURE_CONNECT) {
		snprintf(why, size, "%s %s is not known, so not %s", who,
		    field_table[f].key, must);
		return 0;
	}
	if (pc->id[f] == want)
		return 1;
	describe(have, sizeof(have), field_table[f].kind, pc->id[f],
	    e->numeric);
	snprintf(why, size, "%s %s %s is not %s", who, field_table[f].key,
	    have, must);
	return 0;
}

/*
 * 1 if pc's effective ids are what e asks, else 0 with the reason in why:
 * "server euid 1000 (alice) is not 0 (root)".  who names the peer.
 */
int
expect_check(const struct expect *e, const struct peercred *pc,
    const char *who, char *why, size_t size)
{
	if (e->euid_set &&
	    !check_one(pc, PC_EUID, e->euid, who, e, why, size))
		return 0;
	if (e->egid_set &&
	    !check_one(pc, PC_EGID, e->egid, who, e, why, size))
		return 0;
	return 1;
}
