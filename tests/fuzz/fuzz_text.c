/* SPDX-License-Identifier: ISC */
/*
 * Escaping of text that did not come from credcheck (a client's line, a
 * name): the human form must hold printable ASCII only, and the JSON form
 * must be a string that is valid UTF-8 with no raw control characters.
 */

#include <sys/types.h>

#include <stdint.h>
#include <stdlib.h>

#include "buf.h"
#include "jsonw.h"
#include "output.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_text(const struct buf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if ((unsigned char)b->p[i] < 0x20 ||
		    (unsigned char)b->p[i] >= 0x7f)
			abort();
}

/* The code point of a valid UTF-8 sequence of n bytes. */
static unsigned long
code_point(const unsigned char *p, size_t n)
{
	unsigned long cp = p[0] & (0x7f >> n);
	size_t k;

	for (k = 1; k < n; k++)
		cp = cp << 6 | (p[k] & 0x3f);
	return cp;
}

/*
 * Quotes only at the ends, no control bytes, UTF-8 throughout, and no C1
 * control, bidi control or line separator raw.
 */
static void
check_json(const struct buf *b)
{
	const unsigned char *p = (const unsigned char *)b->p;
	unsigned long cp;
	size_t i, n, k;

	if (b->len < 2 || p[0] != '"' || p[b->len - 1] != '"')
		abort();
	for (i = 1; i < b->len - 1; i += n) {
		n = 1;
		if (p[i] < 0x20)
			abort();
		if (p[i] == '\\') {
			n = 2;
			continue;
		}
		if (p[i] == '"')
			abort();
		if (p[i] < 0x80)
			continue;
		n = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : 2;
		for (k = 1; k < n; k++)
			if (i + k >= b->len - 1 || (p[i + k] & 0xc0) != 0x80)
				abort();
		cp = code_point(p + i, n);
		if (cp <= 0x9f || cp == 0x61c || cp == 0x200e ||
		    cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf b = { NULL, 0, 0, 0 };

	buf_text(&b, (const char *)data, size);
	check_text(&b);
	b.len = 0;
	json_escape(&b, (const char *)data, size);
	check_json(&b);
	buf_free(&b);
	return 0;
}
