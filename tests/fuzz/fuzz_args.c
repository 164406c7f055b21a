/* SPDX-License-Identifier: ISC */
/*
 * Option values: a mode and a number from the same bytes.  A mode that is
 * accepted is in 0..0777; a number that is accepted is in its range.
 */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *errstr;
	long long v;
	char s[64];
	int mode;

	if (size >= sizeof(s))
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (args_mode(s, &mode) == 0 && (mode < 0 || mode > 0777))
		abort();
	v = strtonum(s, 1, 86400, &errstr);
	if (errstr == NULL && (v < 1 || v > 86400))
		abort();
	return 0;
}
