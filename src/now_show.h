/* SPDX-License-Identifier: ISC */
/*
 * The peer as it is now (now.h), as a record shows it (now_show.c): the
 * human form's lines after the vouched fields, and JSON's "now" object.
 */

#ifndef NOW_SHOW_H
#define NOW_SHOW_H

#include "buf.h"
#include "jsonw.h"
#include "now.h"
#include "outopts.h"
#include "peercred.h"

void	 now_human(struct buf *, const struct peercred *,
	    const struct outopts *);
void	 now_json(struct jw *, const struct pnow *);
void	 now_held_human(struct buf *, const struct peer *);
void	 now_held_json(struct jw *, const struct peer *);

#endif /* NOW_SHOW_H */
