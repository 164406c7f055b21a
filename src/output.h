/* SPDX-License-Identifier: ISC */
/*
 * The human form of a record (output.c), the escaping of text that did not
 * come from this program, and the options every command's output takes.
 */

#ifndef OUTPUT_H
#define OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "ns.h"
#include "peercred.h"

struct outopts {
	int	json;		/* -j */
	int	numeric;	/* -n */
	int	verbose;	/* -v */
};

void	 out_human(struct buf *, const struct peercred *,
	    const struct outopts *);
void	 out_peer(struct buf *, const struct peer *, const struct outopts *);
void	 out_receiver(struct buf *, const struct nsinfo *);
void	 out_text(struct buf *, const char *, size_t);
int	 out_write(FILE *, const struct buf *);

#endif /* OUTPUT_H */
