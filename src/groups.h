/* SPDX-License-Identifier: ISC */
/*
 * Whether this kernel's lists of groups begin with the effective group id,
 * and a list of groups as a set: sorted, without repeats.
 */

#ifndef GROUPS_H
#define GROUPS_H

#include <sys/types.h>

int	groups_lead_with_egid(void);
int	groups_set(const gid_t *, int, gid_t **);

#endif /* GROUPS_H */
