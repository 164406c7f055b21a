/* SPDX-License-Identifier: ISC */
/*
 * The BSD functions credcheck is written against, for C libraries that
 * lack them (musl; reallocarray on macOS).  mk/config asks for each one
 * by name.  Elsewhere this file is empty.
 */

#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>

#include "compat.h"

#ifdef COMPAT_STRTONUM
long long
compat_strtonum(const char *s, long long min, long long max,
    const char **errstr)
{
	long long v;
	char *end;

	*errstr = NULL;
	if (min > max) {
		*errstr = "invalid";
		errno = EINVAL;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (end == s || *end != '\0') {
		*errstr = "invalid";
		errno = EINVAL;
		return 0;
	}
	if (v < min || (errno == ERANGE && v == LLONG_MIN)) {
		*errstr = "too small";
		errno = ERANGE;
		return 0;
	}
	if (v > max || (errno == ERANGE && v == LLONG_MAX)) {
		*errstr = "too large";
		errno = ERANGE;
		return 0;
	}
	return v;
}
#endif

#ifdef COMPAT_REALLOCARRAY
void *
compat_reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(p, n * size);
}
#endif

#ifdef COMPAT_GETPROGNAME
const char *
compat_getprogname(void)
{
	extern char *program_invocation_short_name;

	return program_invocation_short_name;
}
#endif
