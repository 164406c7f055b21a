/* SPDX-License-Identifier: ISC */
/*
 * struct peercred: one description of a peer, field by field, each field
 * with the mechanism that produced it.  Merging and comparing work field by
 * field so that a mechanism that gives only some fields never hides or
 * invents the others.
 */

#include <sys/types.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credcheck.h"

static const char *const field_names[PC_NFIELDS] = {
	"pid", "uid", "euid", "gid", "egid", "groups"
};

const char *
peercred_field_name(int f)
{
	return field_names[f];
}

/* A numeric field as a number, for messages and output. */
unsigned long
peercred_id(const struct peercred *pc, int f)
{
	switch (f) {
	case PC_PID:
		return (unsigned long)pc->pid;
	case PC_UID:
		return pc->uid;
	case PC_EUID:
		return pc->euid;
	case PC_GID:
		return pc->gid;
	case PC_EGID:
		return pc->egid;
	default:
		return 0;
	}
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
	peercred_init(pc);
}

/* Credit every known field to one mechanism. */
void
peercred_set_source(struct peercred *pc, const struct mech *m)
{
	int f;

	for (f = 0; f < PC_NFIELDS; f++)
		if (pc->known & PC_BIT(f))
			pc->src[f] = m;
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

/* Fill the fields dst lacks from src; a field dst has is kept. */
int
peercred_merge(struct peercred *dst, const struct peercred *src)
{
	unsigned add = src->known & ~dst->known;

	if (add & PC_BIT(PC_GROUPS)) {
		if (peercred_set_groups(dst, src->groups, src->ngroups) == -1)
			return -1;
		dst->groups_capped = src->groups_capped;
	}
	if (add & PC_BIT(PC_PID))
		dst->pid = src->pid;
	if (add & PC_BIT(PC_UID))
		dst->uid = src->uid;
	if (add & PC_BIT(PC_EUID))
		dst->euid = src->euid;
	if (add & PC_BIT(PC_GID))
		dst->gid = src->gid;
	if (add & PC_BIT(PC_EGID))
		dst->egid = src->egid;
	dst->known |= add;
	for (int f = 0; f < PC_NFIELDS; f++)
		if (add & PC_BIT(f))
			dst->src[f] = src->src[f];
	return 0;
}

static int
gid_cmp(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return x < y ? -1 : x > y;
}

/* A sorted copy without repeats, in *out; its length, or -1. */
static int
gid_set(const gid_t *list, int n, gid_t **out)
{
	int i, k = 0;

	if ((*out = calloc((size_t)n + 1, sizeof(**out))) == NULL)
		return -1;
	if (n > 0)
		memcpy(*out, list, (size_t)n * sizeof(**out));
	qsort(*out, (size_t)n, sizeof(**out), gid_cmp);
	for (i = 0; i < n; i++)
		if (k == 0 || (*out)[k - 1] != (*out)[i])
			(*out)[k++] = (*out)[i];
	return k;
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

	ng = gid_set(got->groups, got->ngroups, &g);
	nw = gid_set(want->groups, want->ngroups, &w);
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
		differ = ng != nw;
	free(g);
	free(w);
	return differ;
}

/* The fields known in got that are missing from, or differ in, want. */
unsigned
peercred_differ(const struct peercred *got, const struct peercred *want)
{
	unsigned bad = got->known & ~want->known;
	unsigned both = got->known & want->known;

	if ((both & PC_BIT(PC_PID)) && got->pid != want->pid)
		bad |= PC_BIT(PC_PID);
	if ((both & PC_BIT(PC_UID)) && got->uid != want->uid)
		bad |= PC_BIT(PC_UID);
	if ((both & PC_BIT(PC_EUID)) && got->euid != want->euid)
		bad |= PC_BIT(PC_EUID);
	if ((both & PC_BIT(PC_GID)) && got->gid != want->gid)
		bad |= PC_BIT(PC_GID);
	if ((both & PC_BIT(PC_EGID)) && got->egid != want->egid)
		bad |= PC_BIT(PC_EGID);
	if ((both & PC_BIT(PC_GROUPS)) && groups_differ(got, want))
		bad |= PC_BIT(PC_GROUPS);
	return bad;
}

/* What this process knows of itself, with pid standing for the sender. */
int
peercred_self(struct peercred *pc, pid_t pid)
{
	gid_t *groups;
	int n;

	peercred_init(pc);
	if ((n = getgroups(0, NULL)) == -1)
		return -1;
	if ((groups = calloc((size_t)n + 1, sizeof(*groups))) == NULL)
		return -1;
	if ((n = getgroups(n, groups)) == -1 ||
	    peercred_set_groups(pc, groups, n) == -1) {
		free(groups);
		return -1;
	}
	free(groups);
	pc->pid = pid;
	pc->uid = getuid();
	pc->euid = geteuid();
	pc->gid = getgid();
	pc->egid = getegid();
	pc->known = PC_ALL;
	return 0;
}
