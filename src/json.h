/* SPDX-License-Identifier: ISC */
/*
 * A record's JSON form, written and read back by one schema (json.c).
 */

#ifndef JSON_H
#define JSON_H

#include <stddef.h>

#include "jsonw.h"
#include "ns.h"
#include "output.h"
#include "peercred.h"

/* A record's members, into the object being written. */
void	 json_peercred(struct jw *, const struct peercred *,
	    const struct outopts *);
void	 json_peer(struct jw *, const struct peer *, const struct outopts *);
void	 json_receiver(struct jw *, const struct nsinfo *);
/* A report the server sent, as one object: -1 and EINVAL if it is not. */
int	 json_parse_peer(const char *, size_t, struct peer *);
/* A refusal, serve's answer to a client that is not let in (-u, -g). */
void	 json_refusal(struct jw *, unsigned long, const char *);
int	 json_parse_refusal(const char *, size_t, char *, size_t);

#endif /* JSON_H */
