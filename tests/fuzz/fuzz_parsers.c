/* SPDX-License-Identifier: ISC */
/*
 * Every credential structure parser, on bytes from the fuzzer: the first
 * byte picks the parser and its variant, the rest is the payload, given
 * at an address one byte off alignment half of the time.
 */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layouts.h"
#include "peercred.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char buf[65536 + 1];
	struct peercred pc;
	const void *p;
	size_t len;
	unsigned sel;

	if (size < 1 || size - 1 > sizeof(buf) - 1)
		return 0;
	sel = data[0];
	len = size - 1;
	memcpy(buf + (sel & 0x80 ? 1 : 0), data + 1, len);
	p = buf + (sel & 0x80 ? 1 : 0);
	peercred_init(&pc);
	switch (sel & 0x0f) {
	case 0:
		parse_sockcred(p, len, 1, 0, sel & 0x40 ? 1 : 0, &pc);
		break;
	case 1:
		parse_sockcred(p, len, 0, 16, sel & 0x40 ? 1 : 0, &pc);
		break;
	case 2:
		parse_sockcred2(p, len, sel & 0x40 ? 1 : 0, &pc);
		break;
	case 3:
		parse_cmsgcred(p, len, &pc);
		break;
	case 4:
		parse_xucred(p, len, 1, &pc);
		break;
	case 5:
		parse_xucred(p, len, 0, &pc);
		break;
	case 6:
		parse_unpcbid(p, len, &pc);
		break;
	case 7:
		parse_sockpeercred(p, len, &pc);
		break;
	case 8:
		parse_ucred_message(p, len, &pc);
		break;
	default:
		parse_ucred_peer(p, len, &pc);
		break;
	}
	/* Whatever was taken must be whole. */
	if (pc.ngroups < 0 || (pc.ngroups > 0 && pc.groups == NULL))
		abort();
	peercred_free(&pc);
	return 0;
}
