/* SPDX-License-Identifier: ISC */
/*
 * The human form of a record, as credcheck(1) shows it: one field a line,
 * the field table's label, then the number and, unless -n, its name.
 * Text that did not come from this program (names, a client's line) is
 * escaped, so a terminal never sees it raw.
 */

#include <sys/types.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "compat.h"
#include "names.h"
#include "ns.h"
#include "now_show.h"
#include "output.h"
#include "peercred.h"


/* Write a buffer out; -1 if it could not be built or written. */
int
out_write(FILE *fp, const struct buf *b)
{
	if (b->failed || fwrite(b->p, 1, b->len, fp) != b->len)
		return -1;
	return 0;
}

static void
human_id(struct buf *b, unsigned long id, const char *name)
{
	buf_ulong(b, id);
	if (name == NULL)
		return;
	buf_lit(b, " (");
	buf_text(b, name, strlen(name));
	buf_char(b, ')');
}

/* Where a real 65534 and an id not mapped here look alike. */
#define AMBIGUOUS	"ambiguous: this id, or one not mapped here"

static void
human_group(struct buf *b, const struct peercred *pc, gid_t g,
    const struct outopts *o)
{
	if ((pc->ambiguous & PC_BIT(PC_GROUPS)) &&
	    g == (gid_t)ns_self()->overflow_gid)
		human_id(b, g, AMBIGUOUS);
	else
		human_id(b, g, o->numeric ? NULL : names_group(g));
}

static void
human_groups(struct buf *b, const struct peercred *pc,
    const struct outopts *o)
{
	int i;

	if (pc->ngroups == 0 && pc->groups_unmapped == 0)
		buf_lit(b, "none");
	for (i = 0; i < pc->ngroups; i++) {
		if (i > 0)
			buf_char(b, ' ');
		human_group(b, pc, pc->groups[i], o);
	}
	if (pc->groups_unmapped > 0) {
		buf_str(b, pc->ngroups > 0 ? ", and " : "");
		buf_ulong(b, (unsigned long)pc->groups_unmapped);
		buf_lit(b, " not mapped here");
	}
	if (pc->groups_capped)
		buf_lit(b, " (the mechanism keeps at most this many)");
}

/* A field the kernel could not express here: no number, no name. */
static void
human_unmapped(struct buf *b, const struct field *fd)
{
	if (fd->kind == FK_PID)
		buf_lit(b, "not visible here");
	else
		buf_lit(b, "not mapped here");
}

/* With -v: which mechanism gave the field, and when it was captured. */
static void
human_source(struct buf *b, const struct peercred *pc, int f)
{
	buf_lit(b, " [");
	buf_text(b, pc->src[f], strlen(pc->src[f]));
	buf_lit(b, ", at ");
	buf_str(b, capture_name((enum capture)pc->captured[f]));
	buf_char(b, ']');
}

/* A known field's value, as its kind is shown. */
static void
human_value(struct buf *b, const struct peercred *pc, int f,
    const struct outopts *o)
{
	const struct field *fd = &field_table[f];

	switch (fd->kind) {
	case FK_GROUPS:
		human_groups(b, pc, o);
		break;
	case FK_ALIVE:
		if (pc->alive)
			buf_lit(b, "running");
		else
			buf_lit(b, "exited");
		break;
	case FK_COMMAND:
		buf_text(b, pc->command, strlen(pc->command));
		break;
	case FK_LABEL:
		buf_text(b, pc->label, strlen(pc->label));
		break;
	default:
		if (pc->ambiguous & PC_BIT(f))
			human_id(b, pc->id[f], AMBIGUOUS);
		else
			human_id(b, pc->id[f], o->numeric ? NULL :
			    names_id(fd->kind, pc->id[f]));
	}
}

static void
human_field(struct buf *b, const struct peercred *pc, int f,
    const struct outopts *o)
{
	const struct field *fd = &field_table[f];

	buf_str(b, fd->label);
	buf_lit(b, ": ");
	if (!(PC_HAS(pc) & PC_BIT(f))) {
		buf_lit(b, "unavailable\n");
		return;
	}
	if (fd->kind == FK_GROUPS || (pc->known & PC_BIT(f)))
		human_value(b, pc, f, o);
	else
		human_unmapped(b, fd);
	/* A value the sender picked is its claim, within what it may claim. */
	if ((pc->chosen & pc->known & PC_BIT(f)) != 0)
		buf_lit(b, ", as the sender chose");
	if (o->verbose && pc->src[f] != NULL)
		human_source(b, pc, f);
	buf_char(b, '\n');
}

static void
human_map(struct buf *b, const char *name, const struct idmap *m)
{
	int i;

	buf_str(b, name);
	for (i = 0; i < m->n; i++) {
		buf_str(b, i > 0 ? ", " : " ");
		buf_ulong(b, m->inside[i]);
		buf_char(b, ' ');
		buf_ulong(b, m->outside[i]);
		buf_char(b, ' ');
		buf_ulong(b, m->count[i]);
	}
	if (m->n == 0)
		buf_lit(b, " empty");
}

/*
 * A line saying which of the receiver's namespaces are not the initial
 * ones, since they decide what "not mapped here" and "not visible here"
 * mean; nothing when both are.
 */
void
out_receiver(struct buf *b, const struct nsinfo *ns)
{
	int user, pid;

	if (!ns_apart(ns, &user, &pid))
		return;
	buf_lit(b, "Receiver: ");
	if (user) {
		buf_lit(b, "not in the initial user namespace (");
		human_map(b, "uid_map", &ns->uid_map);
		buf_lit(b, "; ");
		human_map(b, "gid_map", &ns->gid_map);
		buf_char(b, ')');
	}
	if (user && pid)
		buf_lit(b, "; ");
	if (pid)
		buf_lit(b, "not in the initial pid namespace");
	buf_char(b, '\n');
}

void
out_human(struct buf *b, const struct peercred *pc, const struct outopts *o)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++)
		human_field(b, pc, f, o);
	now_human(b, pc, o);
}

/*
 * A peer: its one identity, or, when the socket changed hands, a warning
 * and both identities, each labelled.
 */
void
out_peer(struct buf *b, const struct peer *p, const struct outopts *o)
{
	if (!p->two) {
		out_human(b, &p->id, o);
		now_held_human(b, p);
		return;
	}
	buf_lit(b, "Warning: the socket changed hands: the process that "
	    "connected is not the one that sent\n");
	buf_lit(b, "Connected by:\n");
	out_human(b, &p->id, o);
	buf_lit(b, "Sent by:\n");
	out_human(b, &p->sender, o);
	now_held_human(b, p);
}
