/* SPDX-License-Identifier: ISC */
/*
 * The human form of a record, as credcheck(1) shows it: one field a line,
 * the field table's label, then the number and, unless -n, its name.
 * Text that did not come from this program (names, a client's line) is
 * escaped, so a terminal never sees it raw.
 */

#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "names.h"
#include "output.h"
#include "peercred.h"

static const char hex[] = "0123456789abcdef";

/* Write a buffer out; -1 if it could not be built or written. */
int
out_write(FILE *fp, const struct buf *b)
{
	if (b->failed || fwrite(b->p, 1, b->len, fp) != b->len)
		return -1;
	return 0;
}

static int
plain_text(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '\\';
}

/* Printable ASCII as it is, a backslash doubled, any other byte as \xNN. */
void
out_text(struct buf *b, const char *s, size_t len)
{
	size_t i = 0, run;
	unsigned char c;
	char esc[4] = { '\\', 'x', 0, 0 };

	while (i < len) {
		for (run = i; run < len && plain_text((unsigned char)s[run]);)
			run++;
		buf_add(b, s + i, run - i);
		if ((i = run) == len)
			break;
		c = (unsigned char)s[i++];
		if (c == '\\')
			buf_lit(b, "\\\\");
		else {
			esc[2] = hex[c >> 4];
			esc[3] = hex[c & 0xf];
			buf_add(b, esc, sizeof(esc));
		}
	}
}

static void
human_id(struct buf *b, unsigned long id, const char *name)
{
	buf_ulong(b, id);
	if (name == NULL)
		return;
	buf_lit(b, " (");
	out_text(b, name, strlen(name));
	buf_char(b, ')');
}

static void
human_groups(struct buf *b, const struct peercred *pc,
    const struct outopts *o)
{
	int i;

	if (pc->ngroups == 0)
		buf_lit(b, "none");
	for (i = 0; i < pc->ngroups; i++) {
		if (i > 0)
			buf_char(b, ' ');
		human_id(b, pc->groups[i],
		    o->numeric ? NULL : names_group(pc->groups[i]));
	}
	if (pc->groups_capped)
		buf_lit(b, " (the mechanism keeps at most this many)");
}

/* With -v: which mechanism gave the field, and when it was captured. */
static void
human_source(struct buf *b, const struct source *s)
{
	buf_lit(b, " [");
	out_text(b, s->mechanism, strlen(s->mechanism));
	buf_lit(b, ", at ");
	buf_str(b, capture_name(s->captured));
	buf_char(b, ']');
}

static void
human_field(struct buf *b, const struct peercred *pc, int f,
    const struct outopts *o)
{
	const struct field *fd = &field_table[f];

	buf_str(b, fd->label);
	buf_lit(b, ": ");
	if (!(pc->known & PC_BIT(f))) {
		buf_lit(b, "unavailable\n");
		return;
	}
	if (fd->kind == FK_GROUPS)
		human_groups(b, pc, o);
	else
		human_id(b, pc->id[f],
		    o->numeric ? NULL : names_id(fd->kind, pc->id[f]));
	if (o->verbose && pc->src[f].mechanism[0] != '\0')
		human_source(b, &pc->src[f]);
	buf_char(b, '\n');
}

void
out_human(struct buf *b, const struct peercred *pc, const struct outopts *o)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++)
		human_field(b, pc, f, o);
}
