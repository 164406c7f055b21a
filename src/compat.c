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
#include <time.h>
#include <unistd.h>

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

#ifdef COMPAT_ARC4RANDOM
/*
 * Only for temporary names, which bind(2) never lets collide with an
 * existing file: a xorshift generator seeded from the clock and the pid,
 * not a source of secrets.
 */
uint32_t
compat_arc4random_uniform(uint32_t bound)
{
	static uint64_t state;
	struct timespec ts;

	if (state == 0) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		state = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^
		    ((uint64_t)getpid() << 16) ^ 0x9e3779b97f4a7c15ULL;
	}
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return bound == 0 ? 0 : (uint32_t)(state % bound);
}
#endif
