/* SPDX-License-Identifier: ISC */
/*
 * The client's reading of the server's report: a strict JSON parser
 * (RFC 8259) small enough to check by reading, that fills a struct
 * peercred from the members it knows and passes over the others.  Input
 * comes from another process, so every length and depth is bounded.
 */

#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "credcheck.h"

#define JSON_DEPTH	32
#define JSON_KEY	32
#define JSON_GROUPS_MAX	65536	/* Linux's NGROUPS_MAX */

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
 * A string.  Its ASCII content is kept in out (if not NULL) when it fits;
 * anything else makes out empty, which matches no name we look for.
 */
static int
string(struct jp *j, char *out, size_t size)
{
	size_t n = 0;
	int fits = 1;
	unsigned u;
	char c;

	if (eat(j, '"') == -1)
		return -1;
	for (;;) {
		if (j->p >= j->end)
			return -1;
		c = *j->p++;
		if (c == '"')
			break;
		if ((unsigned char)c < 0x20)
			return -1;
		if (c == '\\') {
			if (j->p >= j->end)
				return -1;
			c = *j->p++;
			if (c == 'u' ? hex4(j, &u) == -1 :
			    c == '\0' || strchr("\"\\/bfnrt", c) == NULL)
				return -1;
			fits = 0;	/* no name we look for has escapes */
			continue;
		}
		if ((unsigned char)c >= 0x80 || n + 1 >= size)
			fits = 0;
		else if (out != NULL)
			out[n++] = c;
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

struct record {
	struct peercred	*pc;
	gid_t		*groups;
	size_t		 ngroups, cap;
};

static int
field_of(const char *key)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++)
		if (strcmp(key, peercred_field_name(f)) == 0)
			return f;
	return -1;
}

static void
set_id(struct peercred *pc, int f, long long v)
{
	switch (f) {
	case PC_PID:
		pc->pid = (pid_t)v;
		break;
	case PC_UID:
		pc->uid = (uid_t)v;
		break;
	case PC_EUID:
		pc->euid = (uid_t)v;
		break;
	case PC_GID:
		pc->gid = (gid_t)v;
		break;
	case PC_EGID:
		pc->egid = (gid_t)v;
		break;
	}
	pc->known |= PC_BIT(f);
}

/* An id member: a whole number in range, or null for unavailable. */
static int
id_member(struct jp *j, struct peercred *pc, int f)
{
	long long v;

	if (peek(j, 'n'))
		return literal(j, "null");
	if (number(j, &v, f == PC_PID ? INT_MAX : 0xffffffffLL) == -1 ||
	    v < 0 || (f == PC_PID && v == 0))
		return -1;
	set_id(pc, f, v);
	return 0;
}

static int
group_element(struct jp *j, void *ctx)
{
	struct record *r = ctx;
	gid_t *bigger;
	long long v;

	if (number(j, &v, 0xffffffffLL) == -1 || v < 0 ||
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
groups_member(struct jp *j, struct record *r)
{
	if (peek(j, 'n'))
		return literal(j, "null");
	r->ngroups = 0;
	if (array(j, group_element, r) == -1)
		return -1;
	return peercred_set_groups(r->pc, r->groups, (int)r->ngroups);
}

struct source {
	char	mechanism[JSON_KEY];
	char	captured[JSON_KEY];
};

static int
source_member(struct jp *j, const char *key, void *ctx)
{
	struct source *s = ctx;

	if (strcmp(key, "mechanism") == 0)
		return string(j, s->mechanism, sizeof(s->mechanism));
	if (strcmp(key, "captured") == 0)
		return string(j, s->captured, sizeof(s->captured));
	return value(j);
}

/* A source names one of our mechanisms, or is left out. */
static int
sources_member(struct jp *j, const char *key, void *ctx)
{
	struct peercred *pc = ctx;
	struct source s;
	size_t i;
	int f;

	memset(&s, 0, sizeof(s));
	if (object(j, source_member, &s) == -1)
		return -1;
	if ((f = field_of(key)) == -1)
		return 0;
	for (i = 0; i < mech_count; i++)
		if (strcmp(mech_table[i]->name, s.mechanism) == 0 &&
		    strcmp(capture_name(mech_table[i]->capture),
		    s.captured) == 0)
			pc->src[f] = mech_table[i];
	return 0;
}

static int
record_member(struct jp *j, const char *key, void *ctx)
{
	struct record *r = ctx;
	int f;

	if (strcmp(key, "groups") == 0)
		return groups_member(j, r);
	if ((f = field_of(key)) != -1)
		return id_member(j, r->pc, f);
	if (strcmp(key, "groups_truncated") == 0) {
		r->pc->groups_capped = peek(j, 't');
		return value(j);
	}
	if (strcmp(key, "sources") == 0)
		return object(j, sources_member, r->pc);
	return value(j);
}

/*
 * Fill pc from a record the server sent: one JSON object, nothing after it
 * but white space.  EINVAL if it is not that.
 */
int
json_parse_record(const char *s, size_t len, struct peercred *pc)
{
	struct jp j = { s, s + len, 0 };
	struct record r;
	int f, rc;

	peercred_init(pc);
	r.pc = pc;
	r.groups = NULL;
	r.ngroups = r.cap = 0;
	rc = object(&j, record_member, &r);
	free(r.groups);
	ws(&j);
	if (rc == -1 || j.p != j.end) {
		peercred_free(pc);
		errno = EINVAL;
		return -1;
	}
	/* A source for a field the record does not give is dropped. */
	for (f = 0; f < PC_NFIELDS; f++)
		if (!(pc->known & PC_BIT(f)))
			pc->src[f] = NULL;
	return 0;
}
