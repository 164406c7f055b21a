/* SPDX-License-Identifier: ISC */
/*
 * The peer as it is now, as a record shows it: in the human form after
 * the vouched fields, a line a field (the ids now only where they differ
 * from the vouched ones), and in JSON as the record's "now" object.
 */

#include <sys/types.h>

#include <errno.h>
#include <string.h>

#include "buf.h"
#include "holders.h"
#include "jsonw.h"
#include "names.h"
#include "now.h"
#include "now_show.h"
#include "outopts.h"
#include "peercred.h"

static const char *const uid_keys[NOW_NIDS] = { "uid", "euid", "suid",
	"fsuid" };
static const char *const gid_keys[NOW_NIDS] = { "gid", "egid", "sgid",
	"fsgid" };

/* Why a field is not known, in words. */
static const char *
now_reason(enum now_field f, int e)
{
	switch (e) {
	case ESRCH:
		return "the process has exited";
	case ENODATA:
		return "not visible here";
	case ENOMSG:
		return "in no cgroup v2 hierarchy";
	case ENOTSUP:
		return f == NOW_PIDFS ? "pidfds here have no inode of their own" :
		    "no pidfd names the process";
	default:
		return strerror(e);
	}
}

static void
human_source(struct buf *b, enum now_field f, const struct outopts *o)
{
	if (!o->verbose)
		return;
	buf_lit(b, " [");
	buf_str(b, now_table[f].source);
	buf_lit(b, ", at query]");
}

static void
human_text(struct buf *b, const char *label, enum now_field f,
    const char *s, size_t len, const struct outopts *o)
{
	buf_str(b, label);
	buf_lit(b, ": ");
	buf_text(b, s, len);
	human_source(b, f, o);
	buf_char(b, '\n');
}

static void
human_unknown(struct buf *b, const struct pnow *n, enum now_field f)
{
	buf_str(b, now_table[f].label);
	buf_lit(b, ": unavailable (");
	buf_str(b, now_reason(f, n->err[f]));
	buf_lit(b, ")\n");
}

static void
human_id(struct buf *b, const char *key, uint32_t id, int unmapped,
    enum field_kind kind, const struct outopts *o)
{
	const char *name;

	buf_char(b, ' ');
	buf_str(b, key);
	buf_char(b, ' ');
	if (unmapped) {
		buf_lit(b, "not mapped here");
		return;
	}
	buf_ulong(b, id);
	if (o->numeric || (name = names_id(kind, id)) == NULL)
		return;
	buf_lit(b, " (");
	buf_text(b, name, strlen(name));
	buf_char(b, ')');
}

/* "Ids now: uid 1000 (alice) euid 1000 ... groups 27 (sudo)" */
static void
human_ids(struct buf *b, const struct pnow *n, const struct outopts *o)
{
	int i;

	buf_lit(b, "Ids now:");
	for (i = 0; i < NOW_NIDS; i++)
		human_id(b, uid_keys[i], n->uid[i],
		    (n->unmapped & (1u << i)) != 0, FK_USER, o);
	for (i = 0; i < NOW_NIDS; i++)
		human_id(b, gid_keys[i], n->gid[i],
		    (n->unmapped & NOW_GID_BIT(i)) != 0, FK_GROUP, o);
	buf_lit(b, " groups");
	if (n->ngroups == 0 && n->groups_unmapped == 0)
		buf_lit(b, " none");
	for (i = 0; i < n->ngroups; i++)
		human_id(b, "", n->groups[i], 0, FK_GROUP, o);
	if (n->groups_unmapped > 0) {
		buf_lit(b, " and ");
		buf_ulong(b, (unsigned long)n->groups_unmapped);
		buf_lit(b, " not mapped here");
	}
	human_source(b, NOW_IDS, o);
	buf_char(b, '\n');
}

static int
id_differs(const struct pnow *n, const struct peercred *pc, int bit,
    uint32_t now, enum pc_field f)
{
	return (pc->known & PC_BIT(f)) && !(n->unmapped & (1u << bit)) &&
	    now != pc->id[f];
}

/*
 * Whether the ids now differ from those the kernel vouched for: the real
 * and effective ids and the groups, where both are known.  (Saved and fs
 * ids have no vouched counterpart.)
 */
static int
ids_differ_vouched(const struct pnow *n, const struct peercred *pc)
{
	if (!(n->known & NOW_BIT(NOW_IDS)))
		return 0;
	return id_differs(n, pc, NOW_REAL, n->uid[NOW_REAL], PC_UID) ||
	    id_differs(n, pc, NOW_EFFECTIVE, n->uid[NOW_EFFECTIVE], PC_EUID) ||
	    id_differs(n, pc, NOW_NIDS + NOW_REAL, n->gid[NOW_REAL], PC_GID) ||
	    id_differs(n, pc, NOW_NIDS + NOW_EFFECTIVE,
	    n->gid[NOW_EFFECTIVE], PC_EGID) ||
	    ((pc->known & PC_BIT(PC_GROUPS)) && !pc->groups_capped &&
	    now_sets_differ(n->groups, n->ngroups, pc->groups, pc->ngroups));
}

void
now_human(struct buf *b, const struct peercred *pc, const struct outopts *o)
{
	const struct pnow *n = pc->now;
	const char *unit;
	size_t len;

	if (n == NULL)
		return;
	if (!(n->known & NOW_BIT(NOW_CGROUP)))
		human_unknown(b, n, NOW_CGROUP);
	else {
		human_text(b, "Cgroup", NOW_CGROUP, n->cgroup,
		    strlen(n->cgroup), o);
		if ((unit = now_unit(n->cgroup, &len)) != NULL)
			human_text(b, "Unit", NOW_CGROUP, unit, len, o);
	}
	if (!(n->known & NOW_BIT(NOW_EXE)))
		human_unknown(b, n, NOW_EXE);
	else
		human_text(b, "Executable", NOW_EXE, n->exe, strlen(n->exe),
		    o);
	if (ids_differ_vouched(n, pc))
		human_ids(b, n, o);
}

static void
json_ids(struct jw *w, const struct pnow *n)
{
	int i;

	jw_object(w, now_table[NOW_IDS].key);
	for (i = 0; i < NOW_NIDS; i++)
		if (n->unmapped & (1u << i))
			jw_null(w, uid_keys[i]);
		else
			jw_ulong(w, uid_keys[i], n->uid[i]);
	for (i = 0; i < NOW_NIDS; i++)
		if (n->unmapped & NOW_GID_BIT(i))
			jw_null(w, gid_keys[i]);
		else
			jw_ulong(w, gid_keys[i], n->gid[i]);
	jw_array(w, "groups");
	for (i = 0; i < n->ngroups; i++)
		jw_ulong(w, NULL, n->groups[i]);
	jw_end(w);
	if (n->groups_unmapped > 0)
		jw_ulong(w, "groups_unmapped", (unsigned long)n->groups_unmapped);
	jw_end(w);
}

static void
json_known(struct jw *w, const struct pnow *n, enum now_field f)
{
	const char *unit;
	size_t len;

	switch (f) {
	case NOW_CGROUP:
		jw_str(w, now_table[f].key, n->cgroup);
		if ((unit = now_unit(n->cgroup, &len)) != NULL)
			jw_string(w, "unit", unit, len);
		break;
	case NOW_EXE:
		jw_str(w, now_table[f].key, n->exe);
		break;
	case NOW_IDS:
		json_ids(w, n);
		break;
	default:
		jw_ulonglong(w, now_table[f].key, n->pidfs);
	}
}

/*
 * "now": the fields known, "unavailable" with the reason of each that is
 * not, and "sources".
 */
void
now_json(struct jw *w, const struct pnow *n)
{
	int f;

	if (n == NULL)
		return;
	jw_object(w, "now");
	for (f = 0; f < NOW_NFIELDS; f++)
		if (n->known & NOW_BIT(f))
			json_known(w, n, (enum now_field)f);
	if (n->known != (1u << NOW_NFIELDS) - 1) {
		jw_object(w, "unavailable");
		for (f = 0; f < NOW_NFIELDS; f++)
			if (!(n->known & NOW_BIT(f)))
				jw_str(w, now_table[f].key,
				    now_reason((enum now_field)f, n->err[f]));
		jw_end(w);
	}
	jw_object(w, "sources");
	for (f = 0; f < NOW_NFIELDS; f++)
		if (n->known & NOW_BIT(f)) {
			jw_object(w, now_table[f].key);
			jw_str(w, "mechanism", now_table[f].source);
			jw_str(w, "captured", capture_name(CAPTURE_QUERY));
			jw_end(w);
		}
	jw_end(w);
	jw_end(w);
}

/* Why no holder is named, in words. */
static const char *
held_reason(int e)
{
	switch (e) {
	case ENOTSUP:
		return "not on this system";
	case ENODATA:
		return "not visible here";
	case ECONNREFUSED:
		return "no socket listens there";
	case ENOTCONN:
		return "the socket has no peer";
#ifdef EFTYPE
	case EFTYPE:
		return "a listener is known here only by the name it was "
		    "bound at";
#endif
	default:
		return strerror(e);
	}
}

static void
human_holder(struct buf *b, const struct holder *one)
{
	buf_ulong(b, (unsigned long)one->pid);
	if (one->command[0] == '\0')
		return;
	buf_lit(b, " (");
	buf_text(b, one->command, strlen(one->command));
	buf_char(b, ')');
}

static void
human_holders(struct buf *b, const struct holders *h)
{
	int i, shown = h->n < HOLDERS_SHOWN ? h->n : HOLDERS_SHOWN;

	for (i = 0; i < shown; i++) {
		buf_str(b, i > 0 ? ", " : "");
		human_holder(b, &h->h[i]);
	}
	if (h->n > shown) {
		buf_lit(b, ", and ");
		buf_ulong(b, (unsigned long)(h->n - shown));
		buf_lit(b, " more");
	}
	if (h->n == 0 && h->hidden == 0)
		buf_lit(b, "none: every descriptor of it is closed");
	else if (h->n == 0)
		buf_lit(b, "not visible here");
	if (h->hidden > 0) {
		buf_str(b, h->n == 0 ? " (" : " (and maybe some of ");
		buf_ulong(b, (unsigned long)h->hidden);
		buf_str(b, h->hidden == 1 ? " process" : " processes");
		buf_lit(b, " whose descriptors cannot be read here)");
	}
}

/*
 * "Held by: 16441 (dbus-daemon)", and where the process the kernel
 * vouched for is not among the holders, a line that says so.
 */
void
now_held_human(struct buf *b, const struct peer *p)
{
	const struct holders *h = p->held;
	const struct peercred *pc = &p->id;
	int running;

	if (h == NULL || !h->looked)
		return;
	buf_lit(b, "Held by: ");
	if (h->err != 0) {
		buf_lit(b, "unavailable (");
		buf_str(b, held_reason(h->err));
		buf_char(b, ')');
	} else
		human_holders(b, h);
	buf_char(b, '\n');
	running = !(pc->known & PC_BIT(PC_ALIVE)) || pc->alive;
	if (!(pc->known & PC_BIT(PC_PID)) || h->by == NULL ||
	    !holders_other_than(h, (pid_t)pc->id[PC_PID], running))
		return;
	buf_lit(b, "Note: ");
	buf_str(b, h->by);
	buf_lit(b, " by ");
	buf_ulong(b, pc->id[PC_PID]);
	buf_str(b, running ? "" : ", exited");
	buf_lit(b, "; held by ");
	human_holder(b, &h->h[0]);
	buf_str(b, h->n > 1 ? " and others\n" : "\n");
}

/* "held_by": the holders, or why there are none to name. */
void
now_held_json(struct jw *w, const struct peer *p)
{
	const struct holders *h = p->held;
	int i;

	if (h == NULL || !h->looked)
		return;
	jw_object(w, "held_by");
	if (h->err != 0) {
		jw_str(w, "unavailable", held_reason(h->err));
		jw_end(w);
		return;
	}
	jw_ulong(w, "socket_inode", h->ino);
	jw_ulong(w, "count", (unsigned long)h->n);
	jw_array(w, "processes");
	for (i = 0; i < h->n && i < HOLDERS_SHOWN; i++) {
		jw_object(w, NULL);
		jw_ulong(w, "pid", (unsigned long)h->h[i].pid);
		if (h->h[i].command[0] != '\0')
			jw_str(w, "command", h->h[i].command);
		else
			jw_null(w, "command");
		jw_end(w);
	}
	jw_end(w);
	jw_ulong(w, "not_readable", (unsigned long)h->hidden);
	if (p->id.known & PC_BIT(PC_PID))
		jw_bool(w, "vouched_pid_holds", !holders_other_than(h,
		    (pid_t)p->id.id[PC_PID], !(p->id.known & PC_BIT(PC_ALIVE)) ||
		    p->id.alive));
	jw_end(w);
}
