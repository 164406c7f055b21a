/* SPDX-License-Identifier: ISC */
/*
 * Who a peer must be (-u, -g): its connect-time effective ids, checked
 * by expect.c.
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

#define EXPECT_ANY(e)	((e)->euid_set || (e)->egid_set)

int	 expect_check(const struct expect *, const struct peercred *,
	    const char *, char *, size_t);

#endif /* EXPECT_H */
