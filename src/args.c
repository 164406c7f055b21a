/* SPDX-License-Identifier: ISC */
/*
 * Option values, parsed apart from the usage errors the commands print.
 */

#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>

#include "args.h"

/* A file mode: octal digits only, at most 0777. */
int
args_mode(const char *s, int *mode)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '7') {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	v = strtoul(s, &end, 8);
	if (*end != '\0' || errno != 0 || v > 0777) {
		errno = EINVAL;
		return -1;
	}
	*mode = (int)v;
	return 0;
}
