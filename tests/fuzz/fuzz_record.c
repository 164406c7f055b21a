/* SPDX-License-Identifier: ISC */
/*
 * The client's reading of the server's report: any bytes, as JSON.  What
 * it accepts must print again as valid output.
 */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>

#include "credcheck.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outopts o = { 1, 1, 1 };
	struct buf b = { NULL, 0, 0, 0 };
	struct peercred pc;

	if (mech_count == 0 && mech_init() == -1)
		return 0;
	if (json_parse_record((const char *)data, size, &pc) == -1)
		return 0;
	out_json(&b, &pc, &o);
	out_human(&b, &pc, &o);
	if (pc.ngroups < 0 || (pc.ngroups > 0 && pc.groups == NULL))
		abort();
	buf_free(&b);
	peercred_free(&pc);
	return 0;
}
