/* SPDX-License-Identifier: ISC */
/*
 * Names for user and group ids, looked up once each (names.c).
 */

#ifndef NAMES_H
#define NAMES_H

#include <sys/types.h>

#include "peercred.h"

const char *names_user(uid_t);
const char *names_group(gid_t);
const char *names_id(enum field_kind, unsigned long);
void	 names_clear(void);

#endif /* NAMES_H */
