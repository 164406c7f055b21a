/* SPDX-License-Identifier: ISC */
/*
 * Whether another user can change the directories a path goes through
 * (safedir.c).
 */

#ifndef SAFEDIR_H
#define SAFEDIR_H

#include <stddef.h>

int	 safedir_check(const char *, int, char *, size_t);

#endif /* SAFEDIR_H */
