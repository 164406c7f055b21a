/* SPDX-License-Identifier: ISC */
/*
 * A record's JSON form, in both directions and by one schema: the server
 * writes it (json_peercred, json_peer), the client reads it back
 * (json_parse_peer), both walking the field table.  The reader is a strict
 * parser (RFC 8259) small enough to check by reading, that fills a struct
 * peer from the members it knows and passes over the others.  Input comes from another
 * process, so every length and depth is bounded.
 */

#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "groups.h"
#include "json.h"
#include "names.h"
#include "ns.h"
#include "now_show.h"
#include "peercred.h"

/* The record's keys beside the fields' own (field_table). */
#define KEY_TRUNCATED	"groups_truncated"
#define KEY_UNMAPPED	"unmapped"
#define KEY_AMBIGUOUS	"ambiguous"
#define KEY_GROUPS_UNMAPPED "groups_unmapped"
#define KEY_NAMES	"names"
#define KEY_SOURCES	"sources"
#define KEY_MECHANISM	"mechanism"
#define KEY_CAPTURED	"captured"
#define KEY_CHOSEN	"chosen_by_sender"
#define KEY_SENT_BY	"sent_by"
#define KEY_CHANGED	"changed_hands"
#define KEY_REFUSED	"refused"

#define JSON_DEPTH	32
#define JSON_KEY	32
#define JSON_GROUPS_MAX	65536	/* Linux's NGROUPS_MAX */

/*
 * The names of the ids that have one.  Group names are keyed by group id,
 * each once, although a kernel may list a group twice.  An ambiguous id
 * has no name: it may not be the one that bears it.
 */
static void
write_names(struct jw *w, const struct peercred *pc)
{
	char key[32];
	const char *name;
	gid_t *set;
	int i, n, f;

	jw_object(w, KEY_NAMES);
	for (f = 0; f < PC_NIDS; f++)
		if ((pc->known & ~pc->ambiguous & PC_BIT(f)) && (name =
		    names_id(field_table[f].kind, pc->id[f])) != NULL)
			jw_str(w, field_table[f].key, name);
	if (pc->ngroups > 0) {
		jw_object(w, field_table[PC_GROUPS].key);
		/* Out of memory there are no group names, not a bad record. */
		n = groups_set(pc->groups, pc->ngroups, &set);
		for (i = 0; i < n; i++) {
			if (((pc->ambiguous & PC_BIT(PC_GROUPS)) &&
			    set[i] == (gid_t)ns_self()->overflow_gid) ||
			    (name = names_group(set[i])) == NULL)
				continue;
			snprintf(key, sizeof(key), "%lu",
			    (unsigned long)set[i]);
			jw_str(w, key, name);
		}
		free(set);
		jw_end(w);
	}
	jw_end(w);
}

/* Where each field came from: its mechanism, and when it was captured. */
static void
write_sources(struct jw *w, const struct peercred *pc)
{
	int f;

	jw_object(w, KEY_SOURCES);
	for (f = 0; f < PC_NFIELDS; f++) {
		if (!(PC_HAS(pc) & PC_BIT(f)) || pc->src[f] == NULL)
			continue;
		jw_object(w, field_table[f].key);
		jw_str(w, KEY_MECHANISM, pc->src[f]);
		jw_str(w, KEY_CAPTURED,
		    capture_name((enum capture)pc->captured[f]));
		if (pc->chosen & PC_BIT(f))
			jw_bool(w, KEY_CHOSEN, 1);
		jw_end(w);
	}
	jw_end(w);
}

static void
write_field(struct jw *w, const struct peercred *pc, int f)
{
	int i;

	if (!(pc->known & PC_BIT(f))) {
		jw_null(w, field_table[f].key);
		return;
	}
	switch (field_table[f].kind) {
	case FK_GROUPS:
		jw_array(w, field_table[f].key);
		for (i = 0; i < pc->ngroups; i++)
			jw_ulong(w, NULL, pc->groups[i]);
		jw_end(w);
		break;
	case FK_ALIVE:
		jw_bool(w, field_table[f].key, pc->alive);
		break;
	case FK_COMMAND:
		jw_str(w, field_table[f].key, pc->command);
		break;
	case FK_LABEL:
		jw_str(w, field_table[f].key, pc->label);
		break;
	default:
		jw_ulong(w, field_table[f].key, pc->id[f]);
	}
}

static void
write_map(struct jw *w, const char *key, const struct idmap *m)
{
	int i;

	jw_array(w, key);
	for (i = 0; i < m->n; i++) {
		jw_array(w, NULL);
		jw_ulong(w, NULL, m->inside[i]);
		jw_ulong(w, NULL, m->outside[i]);
		jw_ulong(w, NULL, m->count[i]);
		jw_end(w);
	}
	jw_end(w);
}

/*
 * A peer's members: its identity, or the connector's, and then, when the
 * socket changed hands, the sender's as an object of its own.
 */
void
json_peer(struct jw *w, const struct peer *p, const struct outopts *o)
{
	json_peercred(w, &p->id, o);
	now_held_json(w, p);
	if (!p->two)
		return;
	jw_bool(w, KEY_CHANGED, 1);
	jw_object(w, KEY_SENT_BY);
	json_peercred(w, &p->sender, o);
	jw_end(w);
}

/*
 * The receiver's namespaces where they are not the initial ones, as
 * "receiver": whether each is the initial one, and the maps; nothing
 * when both are (or cannot be told).
 */
void
json_receiver(struct jw *w, const struct nsinfo *ns)
{
	int user, pid;

	if (!ns_apart(ns, &user, &pid))
		return;
	jw_object(w, "receiver");
	if (ns->user_known)
		jw_bool(w, "initial_user_namespace", ns->user_initial);
	if (user) {
		write_map(w, "uid_map", &ns->uid_map);
		write_map(w, "gid_map", &ns->gid_map);
	}
	if (ns->pid_known)
		jw_bool(w, "initial_pid_namespace", ns->pid_initial);
	jw_end(w);
}

/* The keys of the fields in a set, as an array; nothing if none. */
static void
write_field_set(struct jw *w, const char *key, unsigned set)
{
	int f;

	if (set == 0)
		return;
	jw_array(w, key);
	for (f = 0; f < PC_NFIELDS; f++)
		if (set & PC_BIT(f))
			jw_str(w, NULL, field_table[f].key);
	jw_end(w);
}

/* The members of one peer's record, into the object being written. */
void
json_peercred(struct jw *w, const struct peercred *pc, const struct outopts *o)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++)
		write_field(w, pc, f);
	if (pc->groups_capped)
		jw_bool(w, KEY_TRUNCATED, 1);
	write_field_set(w, KEY_UNMAPPED, pc->unmapped);
	write_field_set(w, KEY_AMBIGUOUS, pc->ambiguous);
	if (pc->groups_unmapped > 0)
		jw_ulong(w, KEY_GROUPS_UNMAPPED,
		    (unsigned long)pc->groups_unmapped);
	if (!o->numeric)
		write_names(w, pc);
	write_sources(w, pc);
	now_json(w, pc->now);
}

struct jp {
	const char	*p, *end;
	int		 depth;
};

static void
ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
peek(struct jp *j, char c)
{
	ws(j);
	return j->p < j->end && *j->p == c;
}

static int
eat(struct jp *j, char c)
{
	if (!peek(j, c))
		return -1;
	j->p++;
	return 0;
}

static int
literal(struct jp *j, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
		return -1;
	j->p += n;
	return 0;
}

static int
hex4(struct jp *j, unsigned *v)
{
	int i;
	char c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if (j->p >= j->end)
			return -1;
		c = *j->p++;
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/*
 * One escape, after its backslash: the character it stands for in *c, or
 * -1 in *c for one that is not printable ASCII (which no name we look
 * for holds, and no text we print may).
 */
static int
unescape(struct jp *j, int *c)
{
	static const char plain[] = "\"\\/";
	unsigned u;
	char e;

	if (j->p >= j->end)
		return -1;
	e = *j->p++;
	if (e == 'u') {
		if (hex4(j, &u) == -1)
			return -1;
		*c = u >= 0x20 && u < 0x7f ? (int)u : -1;
		return 0;
	}
	if (e == '\0' || strchr("\"\\/bfnrt", e) == NULL)
		return -1;
	*c = strchr(plain, e) != NULL ? e : -1;
	return 0;
}

/*
 * A string.  Its content, escapes decoded, is kept in out (if not NULL)
 * when it is printable ASCII and fits; anything else makes out empty,
 * which matches no name we look for.  Keys are compared decoded, as
 * every other reader compares them: "pi\u0064" is "pid".
 */
static int
string(struct jp *j, char *out, size_t size)
{
	size_t n = 0;
	int fits = 1, c;

	if (eat(j, '"') == -1)
		return -1;
	for (;;) {
		if (j->p >= j->end)
			return -1;
		c = (unsigned char)*j->p++;
		if (c == '"')
			break;
		if (c < 0x20)
			return -1;
		if (c == '\\' && unescape(j, &c) == -1)
			return -1;
		if (c < 0 || c >= 0x80 || n + 1 >= size)
			fits = 0;
		else if (out != NULL)
			out[n++] = (char)c;
	}
	if (out != NULL)
		out[fits ? n : 0] = '\0';
	return 0;
}

static int
digits(struct jp *j)
{
	const char *start = j->p;

	while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
		j->p++;
	return j->p > start ? 0 : -1;
}

/* A number; *v gets it if it is a whole number from 0 to max, else -1. */
static int
number(struct jp *j, long long *v, long long max)
{
	const char *start;
	int whole = 1;

	ws(j);
	start = j->p;
	if (j->p < j->end && *j->p == '-')
		j->p++, whole = 0;
	if (j->p < j->end && *j->p == '0')
		j->p++;
	else if (digits(j) == -1)
		return -1;
	if (j->p < j->end && *j->p == '.') {
		j->p++, whole = 0;
		if (digits(j) == -1)
			return -1;
	}
	if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
		j->p++, whole = 0;
		if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
			j->p++;
		if (digits(j) == -1)
			return -1;
	}
	*v = -1;
	if (whole && j->p - start <= 10) {
		*v = 0;
		for (; start < j->p; start++)
			*v = *v * 10 + (*start - '0');
		if (*v > max)
			*v = -1;
	}
	return 0;
}

static int value(struct jp *);

/* Call member() for each key of an object, positioned at its value. */
static int
object(struct jp *j, int (*member)(struct jp *, const char *, void *),
    void *ctx)
{
	char key[JSON_KEY];

	if (eat(j, '{') == -1 || ++j->depth > JSON_DEPTH)
		return -1;
	if (!peek(j, '}')) {
		do {
			if (string(j, key, sizeof(key)) == -1 ||
			    eat(j, ':') == -1 || member(j, key, ctx) == -1)
				return -1;
		} while (eat(j, ',') == 0);
	}
	j->depth--;
	return eat(j, '}');
}

static int
skip_member(struct jp *j, const char *key, void *ctx)
{
	(void)key;
	(void)ctx;
	return value(j);
}

static int
array(struct jp *j, int (*element)(struct jp *, void *), void *ctx)
{
	if (eat(j, '[') == -1 || ++j->depth > JSON_DEPTH)
		return -1;
	if (!peek(j, ']')) {
		do {
			if (element(j, ctx) == -1)
				return -1;
		} while (eat(j, ',') == 0);
	}
	j->depth--;
	return eat(j, ']');
}

static int
skip_element(struct jp *j, void *ctx)
{
	(void)ctx;
	return value(j);
}

/* Any value, checked and passed over. */
static int
value(struct jp *j)
{
	long long v;

	ws(j);
	if (j->p >= j->end)
		return -1;
	switch (*j->p) {
	case '{':
		return object(j, skip_member, NULL);
	case '[':
		return array(j, skip_element, NULL);
	case '"':
		return string(j, NULL, 0);
	case 't':
		return literal(j, "true");
	case 'f':
		return literal(j, "false");
	case 'n':
		return literal(j, "null");
	default:
		return number(j, &v, 0);
	}
}

struct reading {
	struct peercred	*pc;
	struct peer	*peer;		/* the outer record's; NULL inside */
	unsigned	 seen;		/* keys read: see record_key() */
	unsigned	 seen_sources;	/* PC_BIT()s of the sources read */
	gid_t		*groups;	/* room for the groups, shared */
	size_t		 ngroups, cap;
};

/* An id member: a whole number in range, or null for unavailable. */
static int
id_member(struct jp *j, struct peercred *pc, int f)
{
	long long v;

	if (peek(j, 'n'))
		return literal(j, "null");
	if (number(j, &v, (long long)field_table[f].max) == -1 || v < 0 ||
	    (field_table[f].kind == FK_PID && v == 0))
		return -1;
	peercred_set(pc, (enum pc_field)f, (unsigned long)v);
	return 0;
}

static int
group_element(struct jp *j, void *ctx)
{
	struct reading *r = ctx;
	gid_t *bigger;
	long long v;

	if (number(j, &v, (long long)field_table[PC_GROUPS].max) == -1 ||
	    v < 0 ||
	    r->ngroups >= JSON_GROUPS_MAX)
		return -1;
	if (r->ngroups == r->cap) {
		r->cap = r->cap == 0 ? 16 : r->cap * 2;
		if ((bigger = reallocarray(r->groups, r->cap,
		    sizeof(*bigger))) == NULL)
			return -1;
		r->groups = bigger;
	}
	r->groups[r->ngroups++] = (gid_t)v;
	return 0;
}

static int
groups_member(struct jp *j, struct reading *r)
{
	if (peek(j, 'n'))
		return literal(j, "null");
	r->ngroups = 0;
	if (array(j, group_element, r) == -1)
		return -1;
	return peercred_set_groups(r->pc, r->groups, (int)r->ngroups);
}

struct source_text {
	char	mechanism[SOURCE_NAME_MAX];
	char	captured[JSON_KEY];
	int	chosen;
};

static int
source_member(struct jp *j, const char *key, void *ctx)
{
	struct source_text *s = ctx;

	if (strcmp(key, KEY_MECHANISM) == 0)
		return string(j, s->mechanism, sizeof(s->mechanism));
	if (strcmp(key, KEY_CAPTURED) == 0)
		return string(j, s->captured, sizeof(s->captured));
	if (strcmp(key, KEY_CHOSEN) == 0)
		s->chosen = peek(j, 't');
	return value(j);
}

/*
 * A source with a name and a capture time we know, or it is left out; a
 * field's source given twice makes the record bad.
 */
static int
sources_member(struct jp *j, const char *key, void *ctx)
{
	struct reading *r = ctx;
	struct peercred *pc = r->pc;
	struct source_text s;
	enum capture c;
	int f;

	memset(&s, 0, sizeof(s));
	if (object(j, source_member, &s) == -1)
		return -1;
	if ((f = peercred_field_of(key)) == -1)
		return 0;
	if (r->seen_sources & PC_BIT(f))
		return -1;
	r->seen_sources |= PC_BIT(f);
	if (capture_of(s.captured, &c) == -1)
		return 0;
	pc->src[f] = source_name(s.mechanism);
	pc->captured[f] = (unsigned char)c;
	if (s.chosen)
		pc->chosen |= PC_BIT(f);
	return 0;
}

/* Whether the process runs: true, false, or null for unknown. */
static int
alive_member(struct jp *j, struct peercred *pc)
{
	if (peek(j, 'n'))
		return literal(j, "null");
	if (peek(j, 't') || peek(j, 'f')) {
		peercred_set_alive(pc, peek(j, 't'), NULL);
		return literal(j, pc->alive ? "true" : "false");
	}
	return -1;
}

/*
 * A command name: kept only if it is plain ASCII that fits, as the
 * kernel's is; anything else is a name we cannot show as sent.
 */
static int
command_member(struct jp *j, struct peercred *pc)
{
	char command[PC_COMMAND_MAX];

	if (peek(j, 'n'))
		return literal(j, "null");
	if (string(j, command, sizeof(command)) == -1)
		return -1;
	if (command[0] != '\0') {
		memcpy(pc->command, command, sizeof(command));
		pc->known |= PC_BIT(PC_COMMAND);
	}
	return 0;
}

/* A security label: kept if it fits and is one (peercred_set_label). */
static int
label_member(struct jp *j, struct peercred *pc)
{
	char *label;
	int rc;

	if (peek(j, 'n'))
		return literal(j, "null");
	if ((label = malloc(PC_LABEL_MAX)) == NULL)
		return -1;
	if ((rc = string(j, label, PC_LABEL_MAX)) == 0 && label[0] != '\0')
		(void)peercred_set_label(pc, label, strlen(label));
	free(label);
	return rc;
}

static int
field_member(struct jp *j, struct reading *r, int f)
{
	switch (field_table[f].kind) {
	case FK_GROUPS:
		return groups_member(j, r);
	case FK_ALIVE:
		return alive_member(j, r->pc);
	case FK_COMMAND:
		return command_member(j, r->pc);
	case FK_LABEL:
		return label_member(j, r->pc);
	default:
		return id_member(j, r->pc, f);
	}
}

/* A field's key in an array of them; a key we do not know is passed. */
static int
field_set_element(struct jp *j, void *ctx)
{
	unsigned *set = ctx;
	char key[JSON_KEY];
	int f;

	if (string(j, key, sizeof(key)) == -1)
		return -1;
	if ((f = peercred_field_of(key)) != -1)
		*set |= PC_BIT(f);
	return 0;
}

/* The record's keys beside the fields, as record_key() numbers them. */
enum record_key {
	RK_TRUNCATED = PC_NFIELDS,
	RK_SOURCES,
	RK_UNMAPPED,
	RK_AMBIGUOUS,
	RK_GROUPS_UNMAPPED,
	RK_SENT_BY,
	RK_END
};

static const char *const record_keys[] = {
	[RK_TRUNCATED - PC_NFIELDS] = KEY_TRUNCATED,
	[RK_SOURCES - PC_NFIELDS] = KEY_SOURCES,
	[RK_UNMAPPED - PC_NFIELDS] = KEY_UNMAPPED,
	[RK_AMBIGUOUS - PC_NFIELDS] = KEY_AMBIGUOUS,
	[RK_GROUPS_UNMAPPED - PC_NFIELDS] = KEY_GROUPS_UNMAPPED,
	[RK_SENT_BY - PC_NFIELDS] = KEY_SENT_BY,
};

/*
 * A key the record uses: a field's (its number) or one of record_keys;
 * RK_END for one it does not use; -1 for one it has read already, since
 * a record that says two things of one key says nothing certain.
 */
static int
record_key(struct reading *r, const char *key)
{
	int k;

	if ((k = peercred_field_of(key)) == -1) {
		for (k = RK_TRUNCATED; k < RK_END; k++)
			if (strcmp(key, record_keys[k - PC_NFIELDS]) == 0)
				break;
		if (k == RK_END)
			return RK_END;
	}
	if (r->seen & (1u << k))
		return -1;
	r->seen |= 1u << k;
	return k;
}

static int record_member(struct jp *, const char *, void *);

/* The sender's record, inside the connector's. */
static int
sent_by_member(struct jp *j, struct reading *r)
{
	struct reading inner;
	int rc;

	if (r->peer == NULL)
		return value(j);	/* nested deeper: passed over */
	inner = *r;
	inner.pc = &r->peer->sender;
	inner.peer = NULL;
	inner.seen = inner.seen_sources = 0;
	r->peer->two = 1;
	rc = object(j, record_member, &inner);
	r->groups = inner.groups;
	r->cap = inner.cap;
	return rc;
}

static int
record_member(struct jp *j, const char *key, void *ctx)
{
	struct reading *r = ctx;
	long long v;
	int k;

	switch (k = record_key(r, key)) {
	case -1:
		return -1;
	case RK_TRUNCATED:
		r->pc->groups_capped = peek(j, 't');
		return value(j);
	case RK_SOURCES:
		return object(j, sources_member, r);
	case RK_UNMAPPED:
		return array(j, field_set_element, &r->pc->unmapped);
	case RK_AMBIGUOUS:
		return array(j, field_set_element, &r->pc->ambiguous);
	case RK_GROUPS_UNMAPPED:
		if (number(j, &v, JSON_GROUPS_MAX) == -1 || v < 0)
			return -1;
		r->pc->groups_unmapped = (int)v;
		return 0;
	case RK_SENT_BY:
		return sent_by_member(j, r);
	case RK_END:
		return value(j);
	default:
		return field_member(j, r, k);
	}
}

/*
 * A field is unmapped only if the record has no number for it (the groups
 * may have both), ambiguous only if it has; a source for a field the
 * record does not give is dropped.
 */
static void
settle(struct peercred *pc)
{
	int f;

	pc->unmapped &= ~pc->known | PC_BIT(PC_GROUPS);
	pc->ambiguous &= pc->known;
	if (!(pc->unmapped & PC_BIT(PC_GROUPS)))
		pc->groups_unmapped = 0;
	for (f = 0; f < PC_NFIELDS; f++)
		if (!(PC_HAS(pc) & PC_BIT(f)))
			pc->src[f] = NULL;
	pc->chosen &= PC_HAS(pc);
}

/*
 * Fill p from a report the server sent: one JSON object, nothing after it
 * but white space; the sender apart when the socket changed hands.
 * EINVAL if it is not that.
 */
int
json_parse_peer(const char *s, size_t len, struct peer *p)
{
	struct jp j = { s, s + len, 0 };
	struct reading r;
	int rc;

	peer_init(p);
	r.pc = &p->id;
	r.peer = p;
	r.seen = r.seen_sources = 0;
	r.groups = NULL;
	r.ngroups = r.cap = 0;
	rc = object(&j, record_member, &r);
	free(r.groups);
	ws(&j);
	if (rc == -1 || j.p != j.end) {
		peer_free(p);
		errno = EINVAL;
		return -1;
	}
	settle(&p->id);
	settle(&p->sender);
	return 0;
}

struct refusal {
	char	*why;
	size_t	 size;
	int	 found;
};

static int
refusal_member(struct jp *j, const char *key, void *ctx)
{
	struct refusal *r = ctx;

	if (strcmp(key, KEY_REFUSED) != 0)
		return value(j);
	if (r->found)
		return -1;
	r->found = 1;
	return string(j, r->why, r->size);
}

/*
 * A server's refusal ({"refused": why, ...}): 0 with the reason in why
 * (empty if it is not plain ASCII), -1 if s is not one.
 */
int
json_parse_refusal(const char *s, size_t len, char *why, size_t size)
{
	struct jp j = { s, s + len, 0 };
	struct refusal r = { why, size, 0 };

	why[0] = '\0';
	if (object(&j, refusal_member, &r) == -1 || !r.found)
		return -1;
	ws(&j);
	return j.p == j.end ? 0 : -1;
}

/* serve's answer, instead of "go on", to a client that is not let in. */
void
json_refusal(struct jw *w, unsigned long client, const char *why)
{
	jw_object(w, NULL);
	jw_ulong(w, "client", client);
	jw_str(w, KEY_REFUSED, why);
	jw_end(w);
}
