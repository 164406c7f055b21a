/* SPDX-License-Identifier: ISC */
/*
 * A peer's record, as serve prints one per client and fd one for its
 * descriptor: warnings on stderr, and the record in JSON or the human
 * form, into a buffer the caller writes.
 */

#include <sys/types.h>

#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "cmd_record.h"
#include "exchange.h"
#include "json.h"
#include "jsonw.h"
#include "mech.h"
#include "mechs.h"
#include "ns.h"
#include "output.h"
#include "supervisor.h"

/*
 * Say which per-message mechanisms came back empty, and why it matters,
 * and whether the socket changed hands.  A peer that sent no line has no
 * per-message credentials to miss.
 */
void
record_warn(const struct record *r)
{
	const struct mech_result *m;
	size_t i;

	for (i = 0; i < mech_count && r->spoke; i++) {
		m = &r->ex->res[i];
		if (mech_table[i]->capture != CAPTURE_SEND)
			continue;
		if (m->status == MS_MISSING)
			warnx("%s %lu: %s: placeholder credentials: the "
			    "%s wrote before \"go on\"", r->what, r->number,
			    mech_table[i]->name, r->who);
		else if (m->status == MS_NONE)
			warnx("%s %lu: %s: no credentials came with the "
			    "line", r->what, r->number, mech_table[i]->name);
		else if (m->status == MS_ERROR)
			warnx("%s %lu: %s: %s", r->what, r->number,
			    mech_table[i]->name, strerror(m->err));
	}
	if (r->p->two)
		warnx("%s %lu: the socket changed hands: connected by pid "
		    "%lu, sent by pid %lu", r->what, r->number,
		    (unsigned long)r->p->id.id[PC_PID],
		    (unsigned long)r->p->sender.id[PC_PID]);
	if (r->ex->ctrunc)
		warnx("%s %lu: control data truncated (MSG_CTRUNC)", r->what,
		    r->number);
	if (r->ex->fds_closed > 0)
		warnx("%s %lu: closed %d descriptor(s) it passed", r->what,
		    r->number, r->ex->fds_closed);
}

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
		out_text(b, r->path, r->pathlen);
	}
	buf_lit(b, ":\n");
	out_receiver(b, ns_self());
	out_peer(b, r->p, r->o);
	if (r->sup != NULL)
		supervisor_human(b, r->sup);
	if (r->spoke) {
		buf_lit(b, "Message: ");
		out_text(b, ex->line, ex->len);
		if (ex->dropped > 0) {
			buf_lit(b, " (");
			buf_ulong(b, ex->dropped);
			buf_lit(b, " more bytes dropped)");
		}
		buf_char(b, '\n');
	}
	buf_char(b, '\n');
}
