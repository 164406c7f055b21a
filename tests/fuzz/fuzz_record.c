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
	struct peer p;
	struct jw w;

	if (json_parse_peer((const char *)data, size, &p) == -1)
		return 0;
	jw_init(&w, &b);
	jw_object(&w, NULL);
	json_peer(&w, &p, &o);
	jw_end(&w);
	out_peer(&b, &p, &o);
	if (p.id.ngroups < 0 || (p.id.ngroups > 0 && p.id.groups == NULL) ||
	    p.sender.ngroups < 0 ||
	    (p.sender.ngroups > 0 && p.sender.groups == NULL))
		abort();
	buf_free(&b);
	peer_free(&p);
	return 0;
}
