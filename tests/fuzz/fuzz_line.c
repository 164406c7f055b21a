/* SPDX-License-Identifier: ISC */
/*
 * The client's line reader, which takes the greeting and the report: any
 * bytes, through a pipe, then end of file.  A line it returns has the
 * length it says and no newline.
 */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proto.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = NULL;
	ssize_t n;
	int fds[2];

	if (size > 60000 || pipe(fds) == -1)
		return 0;
	if (write(fds[1], data, size) != (ssize_t)size) {
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	close(fds[1]);
	n = proto_read_line(fds[0], &line, size % 2 ? 64 : 4096,
	    proto_now_ms() + 1000);
	close(fds[0]);
	if (n >= 0) {
		if (memchr(line, '\n', (size_t)n) != NULL ||
		    strlen(line) > (size_t)n)
			abort();
		free(line);
	}
	return 0;
}
