/* SPDX-License-Identifier: ISC */
/*
 * struct peercred: one description of a peer, field by field, each field
 * with the mechanism that produced it.  Merging and comparing work field by
 * field so that a mechanism that gives only some fields never hides or
 * invents the others.
 */

#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "groups.h"
#include "now.h"
#include "peercred.h"

#define ID_MAX	0xffffffffUL	/* uid_t and gid_t are 32 bits wide */

const struct field field_table[PC_NFIELDS] = {
	[PC_PID] =	{ "pid",	"PID",		FK_PID,	INT_MAX },
	[PC_UID] =	{ "uid",	"UID",		FK_USER, ID_MAX },
	[PC_EUID] =	{ "euid",	"EUID",		FK_USER, ID_MAX },
	[PC_GID] =	{ "gid",	"GID",		FK_GROUP, ID_MAX },
	[PC_EGID] =	{ "egid",	"EGID",		FK_GROUP, ID_MAX },
	[PC_GROUPS] =	{ "groups", "Supplementary groups", FK_GROUPS, ID_MAX },
	[PC_ALIVE] =	{ "alive",	"Process",	FK_ALIVE, 1 },
	[PC_COMMAND] =	{ "command",	"Command",	FK_COMMAND, 0 },
	[PC_LABEL] =	{ "label",	"Security label", FK_LABEL, 0 },
};

static const char *const capture_names[] = {
	[CAPTURE_CONNECT] = "connect",
	[CAPTURE_SEND] = "send",
	[CAPTURE_QUERY] = "query",
};

const char *
capture_name(enum capture c)
{
	return capture_names[c];
}

/*
 * A mechanism name read from a report, kept for the life of the process:
 * the same name is kept once, and past SOURCE_NAMES different ones the
 * rest are not kept (NULL), so no report can make it grow.
 */
#define SOURCE_NAMES	32

const char *
source_name(const char *name)
{
	static char kept[SOURCE_NAMES][SOURCE_NAME_MAX];
	size_t i;

	if (strlen(name) >= SOURCE_NAME_MAX)
		return NULL;
	for (i = 0; i < SOURCE_NAMES && kept[i][0] != '\0'; i++)
		if (strcmp(kept[i], name) == 0)
			return kept[i];
	if (i == SOURCE_NAMES || name[0] == '\0')
		return NULL;
	return memcpy(kept[i], name, strlen(name) + 1);
}

/* The capture time a name spells; -1 if it spells none. */
int
capture_of(const char *name, enum capture *c)
{
	size_t i;

	for (i = 0; i < sizeof(capture_names) / sizeof(capture_names[0]); i++)
		if (strcmp(name, capture_names[i]) == 0) {
			*c = (enum capture)i;
			return 0;
		}
	return -1;
}

/* The field whose key is given; -1 if none is. */
int
peercred_field_of(const char *key)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++)
		if (strcmp(key, field_table[f].key) == 0)
			return f;
	return -1;
}

void
peercred_init(struct peercred *pc)
{
	memset(pc, 0, sizeof(*pc));
}

void
peercred_free(struct peercred *pc)
{
	free(pc->groups);
	free(pc->label);
	now_free(pc->now);
	peercred_init(pc);
}

/* A numeric field, now known. */
void
peercred_set(struct peercred *pc, enum pc_field f, unsigned long v)
{
	pc->id[f] = (uint32_t)v;
	pc->known |= PC_BIT(f);
}

/*
 * A pid as a kernel gives it: 0 or less names no process we can see.
 * (Where a kernel says 0 for a peer in another pid namespace, its parser
 * marks the pid unmapped itself.)
 */
void
peercred_set_pid(struct peercred *pc, long pid)
{
	if (pid > 0)
		peercred_set(pc, PC_PID, (unsigned long)pid);
}

/* A pid the kernel has, but which names no process in our pid namespace. */
void
peercred_pid_not_visible(struct peercred *pc)
{
	pc->known &= ~PC_BIT(PC_PID);
	pc->unmapped |= PC_BIT(PC_PID);
}

/*
 * Whether the process runs, and, if it does and it is known, its command
 * name; an exited process has none.
 */
void
peercred_set_alive(struct peercred *pc, int alive, const char *command)
{
	pc->alive = (unsigned char)(alive != 0);
	pc->known |= PC_BIT(PC_ALIVE);
	if (!alive || command == NULL)
		return;
	strlcpy(pc->command, command, sizeof(pc->command));
	pc->known |= PC_BIT(PC_COMMAND);
}

/* Credit every field given, known or unmapped, to one mechanism. */
void
peercred_set_source(struct peercred *pc, const char *mechanism,
    enum capture captured, int chosen)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++) {
		if (!(PC_HAS(pc) & PC_BIT(f)))
			continue;
		pc->src[f] = mechanism;
		pc->captured[f] = (unsigned char)captured;
		if (chosen)
			pc->chosen |= PC_BIT(f);
	}
}

/*
 * A security label as the kernel gives it: len bytes, with or without a
 * NUL at the end; one with a NUL inside, or longer than PC_LABEL_MAX, is
 * EINVAL, as no label of a security module has one.
 */
int
peercred_set_label(struct peercred *pc, const char *label, size_t len)
{
	char *copy;

	if (len > 0 && label[len - 1] == '\0')
		len--;
	if (len == 0 || len >= PC_LABEL_MAX || memchr(label, '\0', len)) {
		errno = EINVAL;
		return -1;
	}
	if ((copy = malloc(len + 1)) == NULL)
		return -1;
	memcpy(copy, label, len);
	copy[len] = '\0';
	free(pc->label);
	pc->label = copy;
	pc->known |= PC_BIT(PC_LABEL);
	return 0;
}

/* The groups, from bytes that need not be aligned for gid_t. */
int
peercred_set_groups(struct peercred *pc, const void *groups, int n)
{
	gid_t *copy = NULL;

	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	if (n > 0) {
		if ((copy = calloc((size_t)n, sizeof(*copy))) == NULL)
			return -1;
		memcpy(copy, groups, (size_t)n * sizeof(*copy));
	}
	free(pc->groups);
	pc->groups = copy;
	pc->ngroups = n;
	pc->known |= PC_BIT(PC_GROUPS);
	return 0;
}

static int
merge_field(struct peercred *dst, const struct peercred *src, int f)
{
	switch (field_table[f].kind) {
	case FK_GROUPS:
		if (peercred_set_groups(dst, src->groups, src->ngroups) == -1)
			return -1;
		dst->groups_capped = src->groups_capped;
		dst->groups_unmapped = src->groups_unmapped;
		break;
	case FK_ALIVE:
		dst->alive = src->alive;
		break;
	case FK_COMMAND:
		memcpy(dst->command, src->command, sizeof(dst->command));
		break;
	case FK_LABEL:
		return peercred_set_label(dst, src->label, strlen(src->label));
	default:
		dst->id[f] = src->id[f];
	}
	return 0;
}

/*
 * Fill the fields dst lacks from src, known or unmapped, with what src
 * says of them; a field dst has is kept.
 */
int
peercred_merge(struct peercred *dst, const struct peercred *src)
{
	unsigned add = PC_HAS(src) & ~PC_HAS(dst);
	int f;

	for (f = 0; f < PC_NFIELDS; f++) {
		if (!(add & PC_BIT(f)))
			continue;
		if (merge_field(dst, src, f) == -1)
			return -1;
		dst->src[f] = src->src[f];
		dst->captured[f] = src->captured[f];
	}
	if (dst->now == NULL && src->now != NULL &&
	    (dst->now = now_copy(src->now)) == NULL)
		return -1;
	dst->known |= src->known & add;
	dst->unmapped |= src->unmapped & add;
	dst->ambiguous |= src->ambiguous & add;
	dst->chosen |= src->chosen & add;
	return 0;
}

/*
 * Groups compare as sets: kernels order and repeat them as they like.  A
 * list the mechanism may have capped need only be contained in the other.
 * Sorted, so that a list of 65536 groups costs no more than a moment.
 */
static int
groups_differ(const struct peercred *got, const struct peercred *want)
{
	gid_t *g, *w;
	int ng, nw, i = 0, k = 0, differ;

	ng = groups_set(got->groups, got->ngroups, &g);
	nw = groups_set(want->groups, want->ngroups, &w);
	if (ng == -1 || nw == -1) {
		free(g);
		free(w);
		return 1;	/* out of memory: not shown to agree */
	}
	/* Walk both: every one of got's must be in want's. */
	for (differ = 0; i < ng && !differ; i++) {
		while (k < nw && w[k] < g[i])
			k++;
		differ = k == nw || w[k] != g[i];
	}
	if (!differ && !got->groups_capped)
		differ = ng != nw ||
		    got->groups_unmapped != want->groups_unmapped;
	free(g);
	free(w);
	return differ;
}

static int
field_differs(const struct peercred *got, const struct peercred *want, int f)
{
	switch (field_table[f].kind) {
	case FK_GROUPS:
		return groups_differ(got, want);
	case FK_ALIVE:
		return got->alive != want->alive;
	case FK_COMMAND:
		return strcmp(got->command, want->command) != 0;
	case FK_LABEL:
		return strcmp(got->label, want->label) != 0;
	default:
		return got->id[f] != want->id[f];
	}
}

/*
 * The fields got has that are missing from, or differ in, want: in value,
 * or in being unmapped in one and known in the other.
 */
unsigned
peercred_differ(const struct peercred *got, const struct peercred *want)
{
	unsigned bad = PC_HAS(got) & ~PC_HAS(want);
	unsigned both = got->known & want->known;
	int f;

	bad |= (got->unmapped ^ want->unmapped) & PC_HAS(got) & PC_HAS(want);

	for (f = 0; f < PC_NFIELDS; f++)
		if ((both & PC_BIT(f)) && field_differs(got, want, f))
			bad |= PC_BIT(f);
	return bad;
}

/*
 * Whether two descriptions may be merged: not when both name a pid and
 * the pids differ.  Where a pid is missing or not visible they cannot be
 * told apart, and are taken for the same process, the usual case.
 */
int
peercred_same_process(const struct peercred *a, const struct peercred *b)
{
	return !((a->known & b->known & PC_BIT(PC_PID)) &&
	    a->id[PC_PID] != b->id[PC_PID]);
}

void
peer_init(struct peer *p)
{
	peercred_init(&p->id);
	peercred_init(&p->sender);
	p->two = 0;
	p->held = NULL;
}

void
peer_free(struct peer *p)
{
	peercred_free(&p->id);
	peercred_free(&p->sender);
	p->two = 0;
}

/*
 * What this process knows of itself, with pid standing for the sender; its
 * supplementary groups, without an effective gid that getgroups(2) puts
 * first.
 */
int
peercred_self(struct peercred *pc, pid_t pid)
{
	gid_t *groups;
	int lead, n;

	peercred_init(pc);
	if ((n = getgroups(0, NULL)) == -1)
		return -1;
	if ((groups = calloc((size_t)n + 1, sizeof(*groups))) == NULL)
		return -1;
	if ((n = getgroups(n, groups)) == -1) {
		free(groups);
		return -1;
	}
	lead = groups_lead_with_egid() && n > 0;
	if (peercred_set_groups(pc, groups + lead, n - lead) == -1) {
		free(groups);
		return -1;
	}
	free(groups);
	peercred_set_pid(pc, pid);
	peercred_set(pc, PC_UID, getuid());
	peercred_set(pc, PC_EUID, geteuid());
	peercred_set(pc, PC_GID, getgid());
	peercred_set(pc, PC_EGID, getegid());
	return 0;
}
