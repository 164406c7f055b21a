/* SPDX-License-Identifier: ISC */
/*
 * The human form of a record (output.c).
 */

#ifndef OUTPUT_H
#define OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "ns.h"
#include "outopts.h"
#include "peercred.h"


void	 out_human(struct buf *, const struct peercred *,
	    const struct outopts *);
void	 out_peer(struct buf *, const struct peer *, const struct outopts *);
void	 out_receiver(struct buf *, const struct nsinfo *);
int	 out_write(FILE *, const struct buf *);

#endif /* OUTPUT_H */
