/* SPDX-License-Identifier: ISC */
/*
 * Stand-ins for the BSD functions some C libraries lack (compat.c); mk/config
 * asks for each by name.  Included after the system headers that would
 * declare them.
 */

#ifndef COMPAT_H
#define COMPAT_H

#include <sys/types.h>

#ifdef COMPAT_STRTONUM
#define strtonum	compat_strtonum
long long compat_strtonum(const char *, long long, long long, const char **);
#endif
#ifdef COMPAT_REALLOCARRAY
#define reallocarray	compat_reallocarray
void	*compat_reallocarray(void *, size_t, size_t);
#endif
#ifdef COMPAT_GETPROGNAME
#define getprogname	compat_getprogname
const char *compat_getprogname(void);
#endif

#endif /* COMPAT_H */
