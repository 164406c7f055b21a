/* SPDX-License-Identifier: ISC */
/*
 * Whether a peer is who it must be.  The connect-time effective ids are
 * asked first (SO_PEERCRED, LOCAL_PEERCRED, getpeereid): the kernel took
 * them when the peer connected or listened, so the peer cannot choose
 * them, and they are known before a byte is exchanged.  But they describe
 * who connected or listened, which need not be who answers: a socket a
 * root process listened on may be handed to a process of nobody's.  So
 * the ids that came with a message (the greeting, a line) must match as
 * well, where any came: a sender chooses them among its own ids
 * (credcheck(1)), so a sender that can give the id has it.
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

/*
 * One id, captured at cap, against what it must be; the reason in why if
 * it is not.  With CAPTURE_SEND, an id that did not come passes: there
 * is nothing to contradict the connect-time one.
 */
static int
check_one(const struct peercred *pc, enum pc_field f, enum capture cap,
    uint32_t want, const char *who, const struct expect *e,
    struct expect_why *why)
{
	const char *key = field_table[f].key;
	char have[96], must[96];
	int known = (pc->known & PC_BIT(f)) && pc->captured[f] == cap;

	describe(must, sizeof(must), field_table[f].kind, want, e->numeric);
	if (!known && cap == CAPTURE_SEND)
		return 1;
	if (!known || (pc->ambiguous & PC_BIT(f))) {
		snprintf(why->full, sizeof(why->full), "%s %s is not known, "
		    "so not %s", who, key, must);
		snprintf(why->told, sizeof(why->told), "%s %s is not known",
		    who, key);
		return 0;
	}
	if (pc->id[f] == want)
		return 1;
	describe(have, sizeof(have), field_table[f].kind, pc->id[f],
	    e->numeric);
	snprintf(why->full, sizeof(why->full), "%s %s %s is not %s", who, key,
	    have, must);
	snprintf(why->told, sizeof(why->told), "%s %s %s is not one this "
	    "server serves", who, key, have);
	return 0;
}

/*
 * 1 if pc's connect-time effective ids are what e asks, else 0 with the
 * reason in why: "server euid 1000 (alice) is not 0 (root)" in full, and
 * without the id it must be for telling the peer.  who names the peer.
 */
int
expect_check(const struct expect *e, const struct peercred *pc,
    const char *who, struct expect_why *why)
{
	if (e->euid_set && !check_one(pc, PC_EUID, CAPTURE_CONNECT, e->euid,
	    who, e, why))
		return 0;
	if (e->egid_set && !check_one(pc, PC_EGID, CAPTURE_CONNECT, e->egid,
	    who, e, why))
		return 0;
	return 1;
}

/*
 * 1 if every user id (-u) and group id (-g) that came with a message is
 * what e asks, real and effective alike, else 0 with the reason in why.
 */
int
expect_check_sent(const struct expect *e, const struct peercred *pc,
    const char *who, struct expect_why *why)
{
	static const enum pc_field users[] = { PC_UID, PC_EUID };
	static const enum pc_field groups[] = { PC_GID, PC_EGID };
	size_t i;

	for (i = 0; i < 2; i++) {
		if (e->euid_set && !check_one(pc, users[i], CAPTURE_SEND,
		    e->euid, who, e, why))
			return 0;
		if (e->egid_set && !check_one(pc, groups[i], CAPTURE_SEND,
		    e->egid, who, e, why))
			return 0;
	}
	return 1;
}
