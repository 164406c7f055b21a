/* SPDX-License-Identifier: ISC */
/*
 * The client's reading of the server's report: any bytes, as JSON.  What
 * it accepts must print again as valid output.
 */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "json.h"
#include "output.h"
#include "peercred.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outopts o = { 1, 1, 1 };
	struct buf b = { NULL, 0, 0, 0 };
	struct peercred pc;
	struct jw w;

	if (json_parse_record((const char *)data, size, &pc) == -1)
		return 0;
	jw_init(&w, &b);
	jw_object(&w, NULL);
	json_record(&w, &pc, &o);
	jw_end(&w);
	out_human(&b, &pc, &o);
	if (pc.ngroups < 0 || (pc.ngroups > 0 && pc.groups == NULL))
		abort();
	buf_free(&b);
	peercred_free(&pc);
	return 0;
}
