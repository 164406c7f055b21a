/* SPDX-License-Identifier: ISC */
/*
 * A peer's record, as serve prints one per client and fd one for its
 * descriptor: in JSON or the human form, into a buffer the caller
 * writes (cmd_record_warn says on stderr what it lacks).
 */

#include <sys/types.h>

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "exchange.h"
#include "json.h"
#include "jsonw.h"
#include "mech.h"
#include "mechs.h"
#include "ns.h"
#include "output.h"
#include "supervisor.h"

static void
supervisor_json(struct jw *w, const struct supervisor *s)
{
	char name[SUP_PROTO_MAX + 16];
	int f;

	jw_object(w, "supervisor");
	jw_str(w, "proto", s->proto);
	for (f = 0; f < SUP_NFIELDS; f++)
		if ((s->set & ~s->unreadable) & SUP_BIT(f))
			jw_ulong(w, field_table[sup_kernel_field[f]].key,
			    s->val[f]);
	if (s->disagree != 0) {
		jw_array(w, "disagrees");
		for (f = 0; f < SUP_NFIELDS; f++)
			if (s->disagree & SUP_BIT(f)) {
				supervisor_var(s, (enum sup_field)f, name,
				    sizeof(name));
				jw_str(w, NULL, name);
			}
		jw_end(w);
	}
	jw_end(w);
}

/* A record as a JSON object on one line. */
void
record_json(struct buf *b, const struct record *r)
{
	const struct exchange *ex = r->ex;
	struct jw w;

	jw_init(&w, b);
	jw_object(&w, NULL);
	jw_ulong(&w, r->key, r->number);
	if (r->path != NULL)
		jw_string(&w, "path", r->path, r->pathlen);
	json_peer(&w, r->p, r->o);
	json_receiver(&w, ns_self());
	if (r->sup != NULL)
		supervisor_json(&w, r->sup);
	if (r->spoke)
		jw_string(&w, "message", ex->line, ex->len);
	if (ex->dropped > 0)
		jw_ulong(&w, "message_dropped", ex->dropped);
	if (ex->fds_closed > 0)
		jw_ulong(&w, "fds_closed", (unsigned long)ex->fds_closed);
	if (ex->ctrunc)
		jw_bool(&w, "control_truncated", 1);
	jw_end(&w);
	buf_char(b, '\n');
}

/* "Supervisor (IPC): IPCREMOTEEUID 1000, IPCREMOTEEGID 4242 (not ...)" */
static void
supervisor_human(struct buf *b, const struct supervisor *s)
{
	char name[SUP_PROTO_MAX + 16];
	int f, n = 0;

	buf_lit(b, "Supervisor: ");
	for (f = 0; f < SUP_NFIELDS; f++) {
		if (!(s->set & SUP_BIT(f)))
			continue;
		if (n++ > 0)
			buf_lit(b, ", ");
		supervisor_var(s, (enum sup_field)f, name, sizeof(name));
		buf_str(b, name);
		if (s->unreadable & SUP_BIT(f))
			buf_lit(b, " not an id");
		else {
			buf_char(b, ' ');
			buf_ulong(b, s->val[f]);
		}
		if (s->disagree & SUP_BIT(f))
			buf_lit(b, " (not what the kernel says)");
	}
	buf_char(b, '\n');
}

void
record_human(struct buf *b, const struct record *r)
{
	const struct exchange *ex = r->ex;

	buf_char(b, (char)toupper((unsigned char)r->what[0]));
	buf_str(b, r->what + 1);
	buf_char(b, ' ');
	buf_ulong(b, r->number);
	if (r->path != NULL) {
		buf_lit(b, " on ");
		buf_text(b, r->path, r->pathlen);
	}
	buf_lit(b, ":\n");
	out_receiver(b, ns_self());
	out_peer(b, r->p, r->o);
	if (r->sup != NULL)
		supervisor_human(b, r->sup);
	if (r->spoke) {
		buf_lit(b, "Message: ");
		buf_text(b, ex->line, ex->len);
		if (ex->dropped > 0) {
			buf_lit(b, " (");
			buf_ulong(b, ex->dropped);
			buf_lit(b, " more bytes dropped)");
		}
		buf_char(b, '\n');
	}
	buf_char(b, '\n');
}
