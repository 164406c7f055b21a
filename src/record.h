/* SPDX-License-Identifier: ISC */
/*
 * A peer's record as serve and fd print it (record.c): a header that
 * names it ("Client 3 on PATH", "Descriptor 0 on PATH"), its credential
 * block, and what it sent.
 */

#ifndef RECORD_H
#define RECORD_H

#include "buf.h"
#include "exchange.h"
#include "output.h"
#include "peercred.h"

struct supervisor;

struct record {
	const char		*what;	/* "client" or "descriptor" */
	const char		*who;	/* "client" or "peer" */
	const char		*key;	/* its JSON key: "client", "fd" */
	unsigned long		 number;
	const char		*path;	/* the socket's name, or NULL */
	size_t			 pathlen;	/* an abstract one may hold NULs */
	const struct exchange	*ex;
	int			 spoke;	/* the peer sent its line */
	const struct peer	*p;
	const struct supervisor	*sup;	/* fd: what the supervisor said */
	const struct outopts	*o;
};

void	 record_json(struct buf *, const struct record *);
void	 record_human(struct buf *, const struct record *);

#endif /* RECORD_H */
