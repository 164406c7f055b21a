/* SPDX-License-Identifier: ISC */
/*
 * Whether this kernel's lists of groups begin with the effective group id.
 */

#ifndef GROUPS_H
#define GROUPS_H

int	groups_lead_with_egid(void);

#endif /* GROUPS_H */
