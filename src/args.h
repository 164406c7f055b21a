/* SPDX-License-Identifier: ISC */
/*
 * Option values, parsed apart from the usage errors the commands print.
 */

#ifndef ARGS_H
#define ARGS_H

int	 args_mode(const char *, int *);

#endif /* ARGS_H */
