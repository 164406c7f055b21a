/* SPDX-License-Identifier: ISC */
/*
 * Output of a struct peercred: the human block of SPEC section 2, one field
 * a line in the seed program's words, and the JSON members of section 3.
 * Text that did not come from this program (names, a client's line) is
 * escaped in both, so neither a terminal nor a JSON parser sees it raw.
 */

#include <sys/types.h>

#include <stdio.h>
#include <string.h>

#include "credcheck.h"

static const char *const human_label[PC_NFIELDS] = {
	"PID", "UID", "EUID", "GID", "EGID", "Supplementary groups"
};

const char *
capture_name(enum capture c)
{
	return c == CAPTURE_SEND ? "send" : "connect";
}

/* Printable ASCII as it is, a backslash doubled, any other byte as \xNN. */
void
out_text(FILE *fp, const char *s, size_t len)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (c == '\\')
			fputs("\\\\", fp);
		else if (c >= 0x20 && c < 0x7f)
			putc(c, fp);
		else
			fprintf(fp, "\\x%02x", c);
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

/* A JSON string (RFC 8259): bytes that are not UTF-8 become U+FFFD. */
void
out_json_string(FILE *fp, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	putc('"', fp);
	while (i < len) {
		if ((n = utf8_seq(p + i, len - i)) == 0) {
			fputs("\\ufffd", fp);
			i++;
			continue;
		}
		if (p[i] == '"' || p[i] == '\\')
			fprintf(fp, "\\%c", p[i]);
		else if (p[i] < 0x20 || p[i] == 0x7f)
			fprintf(fp, "\\u%04x", p[i]);
		else
			fwrite(p + i, 1, n, fp);
		i += n;
	}
	putc('"', fp);
}

static void
human_name(FILE *fp, const char *name)
{
	if (name == NULL)
		return;
	fputs(" (", fp);
	out_text(fp, name, strlen(name));
	putc(')', fp);
}

static void
human_id(FILE *fp, unsigned long id, const char *name)
{
	fprintf(fp, "%lu", id);
	human_name(fp, name);
}

static void
human_groups(FILE *fp, const struct peercred *pc, const struct outopts *o)
{
	int i;

	if (pc->ngroups == 0)
		fputs("none", fp);
	for (i = 0; i < pc->ngroups; i++) {
		if (i > 0)
			putc(' ', fp);
		human_id(fp, pc->groups[i],
		    o->numeric ? NULL : names_group(pc->groups[i]));
	}
	if (pc->groups_capped)
		fputs(" (the mechanism keeps at most this many)", fp);
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
human_field(FILE *fp, const struct peercred *pc, int f,
    const struct outopts *o)
{
	fprintf(fp, "%s: ", human_label[f]);
	if (!(pc->known & PC_BIT(f))) {
		fputs("unavailable\n", fp);
		return;
	}
	if (f == PC_GROUPS)
		human_groups(fp, pc, o);
	else
		human_id(fp, peercred_id(pc, f),
		    o->numeric ? NULL : field_name(pc, f));
	if (o->verbose && pc->src[f] != NULL)
		fprintf(fp, " [%s, at %s]", pc->src[f]->name,
		    capture_name(pc->src[f]->capture));
	putc('\n', fp);
}

void
out_human(FILE *fp, const struct peercred *pc, const struct outopts *o)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++)
		human_field(fp, pc, f, o);
}

static void
json_key(FILE *fp, int *first, const char *key)
{
	if (!*first)
		putc(',', fp);
	*first = 0;
	fprintf(fp, "\"%s\":", key);
}

static void
json_name(FILE *fp, int *first, const char *key, const char *name)
{
	if (name == NULL)
		return;
	json_key(fp, first, key);
	out_json_string(fp, name, strlen(name));
}

static void
json_names(FILE *fp, const struct peercred *pc)
{
	char key[32];
	int first = 1, gfirst = 1, i, f;

	putc('{', fp);
	for (f = PC_UID; f <= PC_EGID; f++)
		if (pc->known & PC_BIT(f))
			json_name(fp, &first, peercred_field_name(f),
			    field_name(pc, f));
	if (pc->ngroups > 0) {
		json_key(fp, &first, "groups");
		putc('{', fp);
		for (i = 0; i < pc->ngroups; i++) {
			snprintf(key, sizeof(key), "%lu",
			    (unsigned long)pc->groups[i]);
			json_name(fp, &gfirst, key, names_group(pc->groups[i]));
		}
		putc('}', fp);
	}
	putc('}', fp);
}

static void
json_sources(FILE *fp, const struct peercred *pc)
{
	int first = 1, f;

	putc('{', fp);
	for (f = 0; f < PC_NFIELDS; f++) {
		if (!(pc->known & PC_BIT(f)) || pc->src[f] == NULL)
			continue;
		json_key(fp, &first, peercred_field_name(f));
		fprintf(fp, "{\"mechanism\":\"%s\",\"captured\":\"%s\"}",
		    pc->src[f]->name, capture_name(pc->src[f]->capture));
	}
	putc('}', fp);
}

/* The members of one peer's object, without the braces around them. */
void
out_json(FILE *fp, const struct peercred *pc, const struct outopts *o)
{
	int i, f;

	for (f = 0; f < PC_GROUPS; f++) {
		fprintf(fp, "\"%s\":", peercred_field_name(f));
		if (pc->known & PC_BIT(f))
			fprintf(fp, "%lu,", peercred_id(pc, f));
		else
			fputs("null,", fp);
	}
	fputs("\"groups\":", fp);
	if (pc->known & PC_BIT(PC_GROUPS)) {
		putc('[', fp);
		for (i = 0; i < pc->ngroups; i++)
			fprintf(fp, "%s%lu", i > 0 ? "," : "",
			    (unsigned long)pc->groups[i]);
		putc(']', fp);
	} else
		fputs("null", fp);
	if (pc->groups_capped)
		fputs(",\"groups_truncated\":true", fp);
	if (!o->numeric) {
		fputs(",\"names\":", fp);
		json_names(fp, pc);
	}
	fputs(",\"sources\":", fp);
	json_sources(fp, pc);
}
