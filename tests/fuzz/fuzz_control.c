/* SPDX-License-Identifier: ISC */
/*
 * The walk over a received control buffer, on bytes from the fuzzer: the
 * first byte gives msg_flags (MSG_CTRUNC) and whether every send-time
 * mechanism counts as enabled; the rest is the control buffer, cmsghdrs
 * and all, as a kernel (or a bug in one) might lay it out.  Descriptors
 * it names that are the fuzzer's own are not really closed (close.c).
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <stdint.h>
#include <string.h>

#include "exchange.h"
#include "mech.h"
#include "mechs.h"
#include "peercred.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static union {
		struct cmsghdr	hdr;
		unsigned char	buf[4096];
	} ctl;
	struct exchange ex;
	struct peer p;
	struct msghdr msg;

	if (size < 1 || size - 1 > sizeof(ctl.buf))
		return 0;
	if (mech_count == 0 && mech_init() == -1)
		return 0;
	memcpy(ctl.buf, data + 1, size - 1);
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = ctl.buf;
	msg.msg_controllen = size - 1;
	msg.msg_flags = data[0] & 1 ? MSG_CTRUNC : 0;
	exchange_init(&ex, data[0] & 2 ? EXCHANGE_ALL : EXCHANGE_NEEDED,
	    SOCK_STREAM, 0);
	fuzz_close_guard(1);
	exchange_control(&ex, &msg);
	fuzz_close_guard(0);
	if (exchange_peer(&ex, &p) == 0)
		peer_free(&p);
	exchange_free(&ex);
	return 0;
}
