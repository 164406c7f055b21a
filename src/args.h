/* SPDX-License-Identifier: ISC */
/*
 * Option values, parsed apart from the usage errors the commands print.
 */

#ifndef ARGS_H
#define ARGS_H

#include <stdint.h>

int	 args_mode(const char *, int *);
int	 args_user(const char *, uint32_t *);
int	 args_group(const char *, uint32_t *);
int	 args_socktype(const char *, int *);
const char *args_socktype_name(int);

#endif /* ARGS_H */
