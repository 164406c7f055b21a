/* SPDX-License-Identifier: ISC */
/*
 * The fuzz builds' close(2).  While a harness feeds made-up descriptor
 * numbers to the code, descriptors that were already open (the fuzzer's
 * own), or past the range watched, are only pretended closed; those the
 * code opened itself in the meantime, which take the lowest free numbers,
 * are closed for real.  Compiled without close.h.
 */

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define GUARDED	256	/* the fuzzer's descriptors are all below this */

int	fuzz_close(int);
void	fuzz_close_guard(int);

static int guarding;
static unsigned char was_open[GUARDED];

/* on: remember what is open now and guard it; off: stop guarding. */
void
fuzz_close_guard(int on)
{
	int fd;

	guarding = on;
	if (!on)
		return;
	for (fd = 0; fd < GUARDED; fd++)
		was_open[fd] = fcntl(fd, F_GETFD) != -1;
}

int
fuzz_close(int fd)
{
	if (guarding && (fd < 0 || fd >= GUARDED || was_open[fd]))
		return 0;
	return close(fd);
}
