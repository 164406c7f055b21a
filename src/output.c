/* SPDX-License-Identifier: ISC */
/*
 * Output of a struct peercred: the human block of SPEC section 2, one field
 * a line in the seed program's words, and the JSON members of section 3,
 * built in a buffer.  Text that did not come from this program (names, a
 * client's line) is escaped in both, so neither a terminal nor a JSON
 * parser sees it raw.
 */

#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "credcheck.h"

static const char *const human_label[PC_NFIELDS] = {
	"PID", "UID", "EUID", "GID", "EGID", "Supplementary groups"
};

static const char hex[] = "0123456789abcdef";

const char *
capture_name(enum capture c)
{
	switch (c) {
	case CAPTURE_SEND:
		return "send";
	case CAPTURE_QUERY:
		return "query";
	default:
		return "connect";
	}
}

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
			buf_add(b, "\\\\", 2);
		else {
			esc[2] = hex[c >> 4];
			esc[3] = hex[c & 0xf];
			buf_add(b, esc, sizeof(esc));
		}
	}
}

/* Length of the valid UTF-8 sequence at s, or 0 if it is not one. */
static size_t
utf8_seq(const unsigned char *s, size_t left)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static int
plain_json(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* A JSON string (RFC 8259): bytes that are not UTF-8 become U+FFFD. */
void
out_json_string(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[6] = { '\\', 'u', '0', '0', 0, 0 };
	size_t i = 0, run, n;

	buf_char(b, '"');
	while (i < len) {
		for (run = i; run < len && plain_json(p[run]);)
			run++;
		buf_add(b, s + i, run - i);
		if ((i = run) == len)
			break;
		if ((n = utf8_seq(p + i, len - i)) == 0) {
			buf_add(b, "\\ufffd", 6);
			i++;
		} else if (n > 1) {
			buf_add(b, s + i, n);
			i += n;
		} else if (p[i] == '"' || p[i] == '\\') {
			buf_char(b, '\\');
			buf_char(b, (char)p[i++]);
		} else {
			esc[4] = hex[p[i] >> 4];
			esc[5] = hex[p[i++] & 0xf];
			buf_add(b, esc, sizeof(esc));
		}
	}
	buf_char(b, '"');
}

static void
human_id(struct buf *b, unsigned long id, const char *name)
{
	buf_ulong(b, id);
	if (name == NULL)
		return;
	buf_add(b, " (", 2);
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

/* The user or group name of an id field, if it has one. */
static const char *
field_name(const struct peercred *pc, int f)
{
	switch (f) {
	case PC_UID:
	case PC_EUID:
		return names_user((uid_t)peercred_id(pc, f));
	case PC_GID:
	case PC_EGID:
		return names_group((gid_t)peercred_id(pc, f));
	default:
		return NULL;
	}
}

static void
human_field(struct buf *b, const struct peercred *pc, int f,
    const struct outopts *o)
{
	buf_str(b, human_label[f]);
	buf_add(b, ": ", 2);
	if (!(pc->known & PC_BIT(f))) {
		buf_lit(b, "unavailable\n");
		return;
	}
	if (f == PC_GROUPS)
		human_groups(b, pc, o);
	else
		human_id(b, peercred_id(pc, f),
		    o->numeric ? NULL : field_name(pc, f));
	if (o->verbose && pc->src[f] != NULL) {
		buf_add(b, " [", 2);
		buf_str(b, pc->src[f]->name);
		buf_lit(b, ", at ");
		buf_str(b, capture_name(pc->src[f]->capture));
		buf_char(b, ']');
	}
	buf_char(b, '\n');
}

void
out_human(struct buf *b, const struct peercred *pc, const struct outopts *o)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++)
		human_field(b, pc, f, o);
}

/* Keys are our own words: no escaping needed. */
static void
json_key(struct buf *b, int *first, const char *key)
{
	if (!*first)
		buf_char(b, ',');
	*first = 0;
	buf_char(b, '"');
	buf_str(b, key);
	buf_add(b, "\":", 2);
}

static void
json_name(struct buf *b, int *first, const char *key, const char *name)
{
	if (name == NULL)
		return;
	json_key(b, first, key);
	out_json_string(b, name, strlen(name));
}

static void
json_names(struct buf *b, const struct peercred *pc)
{
	char key[32];
	int first = 1, gfirst = 1, i, f;

	buf_char(b, '{');
	for (f = PC_UID; f <= PC_EGID; f++)
		if (pc->known & PC_BIT(f))
			json_name(b, &first, peercred_field_name(f),
			    field_name(pc, f));
	if (pc->ngroups > 0) {
		json_key(b, &first, "groups");
		buf_char(b, '{');
		for (i = 0; i < pc->ngroups; i++) {
			snprintf(key, sizeof(key), "%lu",
			    (unsigned long)pc->groups[i]);
			json_name(b, &gfirst, key, names_group(pc->groups[i]));
		}
		buf_char(b, '}');
	}
	buf_char(b, '}');
}

static void
json_sources(struct buf *b, const struct peercred *pc)
{
	int first = 1, f;

	buf_char(b, '{');
	for (f = 0; f < PC_NFIELDS; f++) {
		if (!(pc->known & PC_BIT(f)) || pc->src[f] == NULL)
			continue;
		json_key(b, &first, peercred_field_name(f));
		buf_lit(b, "{\"mechanism\":\"");
		buf_str(b, pc->src[f]->name);
		buf_lit(b, "\",\"captured\":\"");
		buf_str(b, capture_name(pc->src[f]->capture));
		buf_lit(b, "\"}");
	}
	buf_char(b, '}');
}

/* The members of one peer's object, without the braces around them. */
void
out_json(struct buf *b, const struct peercred *pc, const struct outopts *o)
{
	int i, f;

	for (f = 0; f < PC_GROUPS; f++) {
		buf_char(b, '"');
		buf_str(b, peercred_field_name(f));
		buf_add(b, "\":", 2);
		if (pc->known & PC_BIT(f))
			buf_ulong(b, peercred_id(pc, f));
		else
			buf_lit(b, "null");
		buf_char(b, ',');
	}
	buf_lit(b, "\"groups\":");
	if (pc->known & PC_BIT(PC_GROUPS)) {
		buf_char(b, '[');
		for (i = 0; i < pc->ngroups; i++) {
			if (i > 0)
				buf_char(b, ',');
			buf_ulong(b, pc->groups[i]);
		}
		buf_char(b, ']');
	} else
		buf_lit(b, "null");
	if (pc->groups_capped)
		buf_lit(b, ",\"groups_truncated\":true");
	if (!o->numeric) {
		buf_lit(b, ",\"names\":");
		json_names(b, pc);
	}
	buf_lit(b, ",\"sources\":");
	json_sources(b, pc);
}
