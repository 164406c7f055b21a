/* SPDX-License-Identifier: ISC */
/*
 * This system's mechanisms (mechs.c): the table, in order of preference,
 * and what is needed of all of them at once.
 */

#ifndef MECHS_H
#define MECHS_H

#include <stddef.h>

#include "mech.h"

#define MECH_MAX	8	/* the most one system has */
#define MECH_CTL_ROOM	512	/* control room for one receive: every
				   mechanism's message, and some descriptors */

extern const struct mech *mech_table[];	/* this system's, by mech_init */
extern size_t mech_count;
extern unsigned mech_connect_fields;	/* what connect-time ones can give */

int	 mech_init(void);
int	 mech_supported(const struct mech *);
size_t	 mech_send_space(void);
void	 mech_attach_all(void *, size_t);

#endif /* MECHS_H */
