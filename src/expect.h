/* SPDX-License-Identifier: ISC */
/*
 * Who a peer must be (-u, -g): its connect-time effective ids, and the
 * ids that came with its messages, checked by expect.c.
 */

#ifndef EXPECT_H
#define EXPECT_H

#include <stddef.h>
#include <stdint.h>

#include "peercred.h"

struct expect {
	int		 euid_set, egid_set;
	uint32_t	 euid, egid;
	int		 numeric;	/* -n: no names in the reason */
};

/* Why a peer is not who it must be: for the log, and for telling it. */
struct expect_why {
	char		 full[256];
	char		 told[192];	/* not what it must be */
};

#define EXPECT_ANY(e)	((e)->euid_set || (e)->egid_set)

int	 expect_check(const struct expect *, const struct peercred *,
	    const char *, struct expect_why *);
int	 expect_check_sent(const struct expect *, const struct peercred *,
	    const char *, struct expect_why *);

#endif /* EXPECT_H */
