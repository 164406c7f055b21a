/* SPDX-License-Identifier: ISC */
/*
 * The options every command's output takes.
 */

#ifndef OUTOPTS_H
#define OUTOPTS_H

struct outopts {
	int	json;		/* -j */
	int	numeric;	/* -n */
	int	verbose;	/* -v */
};

#endif /* OUTOPTS_H */
